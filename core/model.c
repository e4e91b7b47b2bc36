/*
 * model.c - building and querying the ruleset model (include/iptsim/model.h).
 */
#include "iptsim/model.h"
#include "iptsim/nft.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct ipt_ruleset *ruleset_new(void)
{
    struct ipt_ruleset *rs = xcalloc(1, sizeof(*rs));
    arena_init(&rs->arena);
    strmap_init_keyed(&rs->interned, STRMAP_KEY_IS_VAL);
    return rs;
}

/* A table's heap arrays; the rest of it is in the arena. */
static void table_release(struct ipt_table *t)
{
    free(t->chains);
    free(t->bases);
    strmap_free(&t->chain_by_name);
    nft_table_free(t->nft);
    t->chains = t->bases = NULL;
    t->nchains = t->cap = t->nbases = t->capbases = 0;
    t->nft = NULL;
}

void ruleset_remove_table(struct ipt_ruleset *rs, struct ipt_table *t)
{
    for (size_t i = 0; i < rs->ntables; i++)
        if (rs->tables[i] == t) {
            memmove(&rs->tables[i], &rs->tables[i + 1],
                    (rs->ntables - i - 1) * sizeof(*rs->tables));
            rs->ntables--;
            table_release(t);
            return;
        }
}

void ruleset_free(struct ipt_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->ntables; i++)
        table_release(rs->tables[i]);
    free(rs->tables);
    free(rs->chain_counters);
    strmap_free(&rs->interned);
    arena_free(&rs->arena);
    free(rs);
}

const char *ruleset_intern(struct ipt_ruleset *rs, const char *s)
{
    const char *p = strmap_get(&rs->interned, s);
    if (p)
        return p;
    char *copy = arena_strdup(&rs->arena, s);
    strmap_put(&rs->interned, copy, copy);
    return copy;
}

struct ipt_table *ruleset_find_table(const struct ipt_ruleset *rs, int family, const char *name)
{
    for (size_t i = 0; i < rs->ntables; i++) {
        struct ipt_table *t = rs->tables[i];
        if (t->family == family && strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

struct ipt_table *ruleset_add_table(struct ipt_ruleset *rs, int family, const char *name,
                                    int origin)
{
    struct ipt_table *t = arena_alloc(&rs->arena, sizeof(*t));
    t->rs = rs;
    t->family = (uint8_t)family;
    t->origin = (uint8_t)origin;
    t->name = arena_strdup(&rs->arena, name);
    strmap_init_keyed(&t->chain_by_name, offsetof(struct ipt_chain, name));
    if (rs->ntables == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 8;
        rs->tables = xrealloc(rs->tables, rs->cap * sizeof(*rs->tables));
    }
    rs->tables[rs->ntables++] = t;
    return t;
}

struct ipt_chain *table_find_chain(const struct ipt_table *t, const char *name)
{
    return strmap_get(&t->chain_by_name, name);
}

struct ipt_chain *table_add_chain(struct ipt_table *t, const char *name)
{
    struct ipt_chain *c = arena_alloc(&t->rs->arena, sizeof(*c));
    c->table = t;
    c->name = arena_strdup(&t->rs->arena, name);
    c->hook = IPT_HOOK_NONE;
    if (t->nchains == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->chains = xrealloc(t->chains, t->cap * sizeof(*t->chains));
    }
    c->index = (uint32_t)t->nchains;
    t->chains[t->nchains++] = c;
    strmap_put(&t->chain_by_name, c->name, c);
    return c;
}

struct ipt_chain *table_add_base_chain(struct ipt_table *t, const char *name, int hook,
                                       int32_t priority)
{
    struct ipt_chain *c = table_add_chain(t, name);
    c->base = true;
    c->hook = (uint8_t)hook;
    c->priority = priority;
    c->hook_mask = IPT_HOOK_BIT(hook);
    if (t->nbases == t->capbases) {
        t->capbases = t->capbases ? t->capbases * 2 : 8;
        t->bases = xrealloc(t->bases, t->capbases * sizeof(*t->bases));
    }
    t->bases[t->nbases++] = c;
    return c;
}

struct ipt_rule *rule_new(struct ipt_ruleset *rs)
{
    return arena_alloc(&rs->arena, sizeof(struct ipt_rule));
}

/* [counters] rule [exprs...] [target]: the counters sit in front of the
 * rule, where rule_counters() finds them. */
struct rule_with_counters {
    struct ipt_counters c;
    struct ipt_rule r;
};

struct ipt_rule *rule_new_sized(struct ipt_ruleset *rs, uint16_t nexprs, bool target, bool counters)
{
    size_t head = counters ? sizeof(struct rule_with_counters) : sizeof(struct ipt_rule);
    size_t n = head + ((size_t)nexprs + target) * sizeof(struct ipt_expr);
    unsigned char *p = arena_alloc(&rs->arena, n);
    struct ipt_rule *r =
        counters ? &((struct rule_with_counters *)(void *)p)->r : (struct ipt_rule *)(void *)p;
    struct ipt_expr *e = (struct ipt_expr *)(void *)(p + head);
    r->has_counters = counters;
    if (nexprs) {
        r->exprs = e;
        r->nexprs = nexprs;
    }
    if (target)
        r->target = e + nexprs;
    return r;
}

struct ipt_counters *rule_counters(const struct ipt_rule *r)
{
    if (!r->has_counters)
        return NULL;
    const unsigned char *p = (const unsigned char *)r - offsetof(struct rule_with_counters, r);
    return &((struct rule_with_counters *)(uintptr_t)p)->c;
}

/* Chain counters: a map from the chain to its counters, holding only the
 * chains whose counters were set (a dump's user chains are all [0:0]). */
struct ipt_chain_counters {
    const struct ipt_chain *c;
    struct ipt_counters v;
};

static size_t counters_slot(const struct ipt_ruleset *rs, const struct ipt_chain *c)
{
    size_t mask = rs->chain_counters_cap - 1;
    size_t i = (size_t)(((uintptr_t)c >> 3) * 0x9e3779b97f4a7c15ull >> 20) & mask;
    while (rs->chain_counters[i].c && rs->chain_counters[i].c != c)
        i = (i + 1) & mask;
    return i;
}

struct ipt_counters chain_counters(const struct ipt_chain *c)
{
    const struct ipt_ruleset *rs = c->table->rs;
    if (!rs->nchain_counters)
        return (struct ipt_counters){0, 0};
    const struct ipt_chain_counters *e = &rs->chain_counters[counters_slot(rs, c)];
    return e->c ? e->v : (struct ipt_counters){0, 0};
}

void chain_set_counters(struct ipt_chain *c, uint64_t pkts, uint64_t bytes)
{
    struct ipt_ruleset *rs = c->table->rs;
    if (!pkts && !bytes && !rs->nchain_counters)
        return;
    if ((rs->nchain_counters + 1) * 2 > rs->chain_counters_cap) {
        struct ipt_chain_counters *old = rs->chain_counters;
        size_t oldcap = rs->chain_counters_cap;
        rs->chain_counters_cap = oldcap ? oldcap * 2 : 16;
        rs->chain_counters = xcalloc(rs->chain_counters_cap, sizeof(*old));
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].c)
                rs->chain_counters[counters_slot(rs, old[i].c)] = old[i];
        free(old);
    }
    struct ipt_chain_counters *e = &rs->chain_counters[counters_slot(rs, c)];
    if (!e->c) {
        if (!pkts && !bytes)
            return;
        e->c = c;
        rs->nchain_counters++;
    }
    e->v = (struct ipt_counters){pkts, bytes};
}

/* Rule arrays hold a power of two of pointers and live in the arena; one
 * that grows leaves its old array for the next chain of that size (a dump
 * fills one chain after the other, so little is ever left over). */
static uint32_t rules_cap(uint32_t n)
{
    uint32_t cap = 1;
    while (cap < n)
        cap *= 2;
    return n ? cap : 0;
}

static struct ipt_rule **rules_array(struct ipt_ruleset *rs, unsigned k)
{
    struct ipt_rule **a = rs->free_rule_arrays[k];
    if (a) {
        rs->free_rule_arrays[k] = *(struct ipt_rule ***)(void *)a;
        return a;
    }
    return arena_alloc(&rs->arena, ((size_t)1 << k) * sizeof(*a));
}

void chain_insert_rule(struct ipt_chain *c, struct ipt_rule *r, uint32_t pos)
{
    uint32_t cap = rules_cap(c->nrules);
    if (c->nrules == cap) {
        if (cap == (uint32_t)1 << 31) {
            fputs("ipt-sim: too many rules in one chain\n", stderr);
            abort();
        }
        struct ipt_ruleset *rs = c->table->rs;
        unsigned k = 0;
        while (((uint32_t)1 << k) < cap * 2)
            k++;
        struct ipt_rule **a = rules_array(rs, cap ? k : 0);
        if (cap) {
            memcpy(a, c->rules, c->nrules * sizeof(*a));
            *(struct ipt_rule ***)(void *)c->rules = rs->free_rule_arrays[k - 1];
            rs->free_rule_arrays[k - 1] = c->rules;
        }
        c->rules = a;
    }
    r->chain = c;
    if (pos == 0 || pos > c->nrules) {
        c->rules[c->nrules++] = r;
        return;
    }
    memmove(&c->rules[pos], &c->rules[pos - 1], (c->nrules - (pos - 1)) * sizeof(*c->rules));
    c->rules[pos - 1] = r;
    c->nrules++;
}

uint32_t rule_position(const struct ipt_rule *r)
{
    const struct ipt_chain *c = r->chain;
    for (uint32_t i = 0; c && i < c->nrules; i++)
        if (c->rules[i] == r)
            return i + 1;
    return 0;
}

const char *family_name(int family)
{
    switch (family) {
    case IPT_FAM_INET:
        return "inet";
    case IPT_FAM_IPV4:
        return "ip";
    case IPT_FAM_ARP:
        return "arp";
    case IPT_FAM_NETDEV:
        return "netdev";
    case IPT_FAM_BRIDGE:
        return "bridge";
    case IPT_FAM_IPV6:
        return "ip6";
    }
    return "?";
}

static const char *const hook_names[] = {"PREROUTING", "INPUT",       "FORWARD",
                                         "OUTPUT",     "POSTROUTING", "INGRESS"};

const char *hook_name(int hook)
{
    return hook >= 0 && hook < (int)ARRAY_SIZE(hook_names) ? hook_names[hook] : "?";
}

int hook_from_name(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(hook_names); i++)
        if (strcmp(hook_names[i], name) == 0)
            return (int)i;
    return IPT_HOOK_NONE;
}

const char *verdict_name(int v)
{
    static const char *const n[] = {"CONTINUE", "ACCEPT", "DROP", "RETURN",
                                    "QUEUE",    "JUMP",   "GOTO", "TARGET"};
    return v >= 0 && v < (int)ARRAY_SIZE(n) ? n[v] : "?";
}

const char *policy_name(int p)
{
    return p == IPT_POLICY_ACCEPT ? "ACCEPT" : p == IPT_POLICY_DROP ? "DROP" : "-";
}

#define B(h) IPT_HOOK_BIT(IPT_HOOK_##h)
static const struct xt_table_info xt_tables[] = {
    /* net/ipv4/netfilter/iptable_*.c: valid_hooks and NF_IP_PRI_* */
    {"raw", B(PREROUTING) | B(OUTPUT), -300},
    {"mangle", B(PREROUTING) | B(INPUT) | B(FORWARD) | B(OUTPUT) | B(POSTROUTING), -150},
    {"nat", B(PREROUTING) | B(INPUT) | B(OUTPUT) | B(POSTROUTING), -100},
    {"filter", B(INPUT) | B(FORWARD) | B(OUTPUT), 0},
    /* NF_IP_PRI_SECURITY is 50, but iptables-nft (Debian's iptables)
     * registers the security chains at 150 (iptables/nft.c), after nat
     * INPUT/POSTROUTING at 100: the kernel differential test sees that
     * order. iptables-legacy would run them at 50. */
    {"security", B(INPUT) | B(FORWARD) | B(OUTPUT), 150},
};
#undef B

const struct xt_table_info *xt_table_lookup(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(xt_tables); i++)
        if (strcmp(xt_tables[i].name, name) == 0)
            return &xt_tables[i];
    return NULL;
}

int32_t xt_table_priority(const char *table, int hook)
{
    const struct xt_table_info *ti = xt_table_lookup(table);
    if (!ti)
        return 0;
    if (strcmp(table, "nat") == 0)
        /* NF_IP_PRI_NAT_DST = -100 before routing, NF_IP_PRI_NAT_SRC = 100 after */
        return (hook == IPT_HOOK_PREROUTING || hook == IPT_HOOK_OUTPUT) ? -100 : 100;
    return ti->priority;
}

/* The sizes the comments in model.h promise (64-bit). */
_Static_assert(sizeof(void *) != 8 || sizeof(struct ipt_rule) == 64, "ipt_rule is 64 bytes");
_Static_assert(sizeof(void *) != 8 || sizeof(struct ipt_chain) == 64, "ipt_chain is 64 bytes");
_Static_assert(sizeof(void *) != 8 || sizeof(struct ipt_expr) == 24, "ipt_expr is 24 bytes");
