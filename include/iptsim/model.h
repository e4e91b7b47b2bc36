/*
 * model.h - the one ruleset model every front end loads into and every
 * consumer (engine, lint, reports) reads.
 *
 *   ruleset -> tables (family, name) -> chains (base: hook, priority,
 *   policy; or user) -> rules -> expressions + verdict
 *
 * An expression is an instance of an extension (struct ext_ops in ext.h):
 * the iptables rule header (-s/-d/-i/-o/-p/-f) is the expression "ip" or
 * "ip6", each `-m NAME ...` is one more, the `-j TARGET ...` of a non-verdict
 * target is the rule's target expression. nft rules (a later front end) load
 * into the same shape with nft expressions as extensions, so the engine and
 * the reports are written once.
 *
 * All memory of a ruleset lives in its arena and is freed by
 * ruleset_free(). Chains are found by name through a hash map per table.
 *
 * A big dump holds 10^6 rules, so the structs are kept small: counters live
 * beside the rule (rule_counters) or in a side map (chain_counters), and a
 * rule's expressions are allocated with it (rule_new_sized).
 */
#ifndef IPTSIM_MODEL_H
#define IPTSIM_MODEL_H

#include "iptsim/core.h"
#include "iptsim/diag.h"

/* Values as the kernel's NFPROTO_* (include/uapi/linux/netfilter.h). */
enum ipt_family {
    IPT_FAM_INET = 1,
    IPT_FAM_IPV4 = 2,
    IPT_FAM_ARP = 3,
    IPT_FAM_NETDEV = 5,
    IPT_FAM_BRIDGE = 7,
    IPT_FAM_IPV6 = 10,
};

/* Values as NF_INET_* (include/uapi/linux/netfilter.h). */
enum ipt_hook {
    IPT_HOOK_PREROUTING = 0,
    IPT_HOOK_INPUT = 1,
    IPT_HOOK_FORWARD = 2,
    IPT_HOOK_OUTPUT = 3,
    IPT_HOOK_POSTROUTING = 4,
    IPT_HOOK_INGRESS = 5,
    IPT_HOOK_NONE = 15,
};
#define IPT_HOOK_BIT(h) (1u << (h))
#define IPT_HOOKS_ALL   0x1fu

/* Where a table came from: it decides the save syntax and some semantics. */
enum ipt_origin {
    IPT_ORIGIN_XTABLES, /* iptables-save / ip6tables-save */
    IPT_ORIGIN_NFT,     /* nft list ruleset / nft -j */
};

enum ipt_verdict {
    IPT_V_CONTINUE = 0, /* no -j, or a non-terminal target: go on */
    IPT_V_ACCEPT,
    IPT_V_DROP,
    IPT_V_RETURN,
    IPT_V_QUEUE,
    IPT_V_JUMP,
    IPT_V_GOTO,
    IPT_V_TARGET, /* decided by the target extension (REJECT, DNAT, ...) */
};

enum ipt_policy {
    IPT_POLICY_NONE = 0, /* user chain */
    IPT_POLICY_ACCEPT,
    IPT_POLICY_DROP,
};

/* The type of a base chain (nft: `type filter|nat|route`). xtables tables
 * give theirs by name: nat -> NAT, mangle OUTPUT -> ROUTE, else FILTER. */
enum ipt_chain_type {
    IPT_CHAIN_FILTER = 0,
    IPT_CHAIN_NAT,
    IPT_CHAIN_ROUTE,
};

struct ext_ops;
struct ipt_table;
struct ipt_chain;
struct ipt_rule;
struct nft_table;

/* 24 bytes: an expression does not record where it stood in the source
 * (the loader keeps that while it needs it for messages). */
struct ipt_expr {
    const struct ext_ops *ops;
    /* ops->size bytes, in the arena. Read-only once the rule is loaded:
     * rules whose data has the same bytes share one copy. */
    void *data;
    uint32_t set; /* bit per option id given */
    uint32_t inv; /* bit per option id negated with '!' */
};

struct ipt_counters {
    uint64_t pkts, bytes;
};

/* 64 bytes. */
struct ipt_rule {
    struct ipt_chain *chain;
    struct ipt_loc loc; /* the line; col/len span the whole rule */
    bool has_counters;  /* counters given ([p:b] or -c): rule_counters() */
    uint8_t verdict;    /* enum ipt_verdict */
    uint16_t nexprs;
    struct ipt_expr *exprs;  /* matches, in the order they were given */
    struct ipt_expr *target; /* target extension, or NULL */
    struct ipt_chain *jump;  /* for IPT_V_JUMP / IPT_V_GOTO */
    const char *comment;     /* -m comment text, for reports (interned) */
};

/* 64 bytes. */
struct ipt_chain {
    struct ipt_table *table;
    const char *name;
    struct ipt_loc loc;
    bool base;
    uint8_t hook;     /* enum ipt_hook, base chains */
    uint8_t policy;   /* enum ipt_policy */
    uint8_t type;     /* enum ipt_chain_type, base chains */
    int32_t priority; /* base chains */
    /* nrules pointers; the array (in the arena) has room for the next power
     * of two: change it only with chain_insert_rule() */
    struct ipt_rule **rules;
    uint32_t nrules;
    uint32_t hook_mask; /* hooks this chain is reachable from (validation) */
    uint32_t nrefs;     /* rules that jump or go to it */
    uint32_t index;     /* position in table->chains */
};

struct ipt_table {
    struct ipt_ruleset *rs;
    uint8_t family; /* enum ipt_family */
    uint8_t origin; /* enum ipt_origin */
    const char *name;
    struct ipt_loc loc;
    bool committed;
    struct ipt_chain **chains; /* in declaration order */
    size_t nchains, cap;
    struct strmap chain_by_name;
    /* the base chains, so that finding a hook's chains does not scan 300k
     * user chains (table_add_base_chain keeps it) */
    struct ipt_chain **bases;
    size_t nbases, capbases;
    /* origin NFT: sets, maps, named objects, flowtables, chain devices and
     * comments (include/iptsim/nft.h); NULL for xtables tables */
    struct nft_table *nft;
};

struct ipt_ruleset {
    struct arena arena;
    struct ipt_table **tables; /* in load order */
    size_t ntables, cap;
    struct strmap interned; /* string pool: interface names, comments */
    /* private to model.c: chain counters (chain_counters), and rule arrays
     * freed by chain_insert_rule for reuse, by power of two */
    struct ipt_chain_counters *chain_counters;
    size_t nchain_counters, chain_counters_cap;
    struct ipt_rule **free_rule_arrays[32];
};

struct ipt_ruleset *ruleset_new(void);
void ruleset_free(struct ipt_ruleset *rs);
/* One copy per distinct string for the ruleset's lifetime. */
const char *ruleset_intern(struct ipt_ruleset *rs, const char *s);

struct ipt_table *ruleset_find_table(const struct ipt_ruleset *rs, int family, const char *name);
struct ipt_table *ruleset_add_table(struct ipt_ruleset *rs, int family, const char *name,
                                    int origin);

struct ipt_chain *table_find_chain(const struct ipt_table *t, const char *name);
struct ipt_chain *table_add_chain(struct ipt_table *t, const char *name);
/* A base chain on a hook. */
struct ipt_chain *table_add_base_chain(struct ipt_table *t, const char *name, int hook,
                                       int32_t priority);

/* A rule without expressions or counters (all zero). */
struct ipt_rule *rule_new(struct ipt_ruleset *rs);
/* A rule in one allocation with room for nexprs expressions (r->exprs,
 * r->nexprs set, zeroed), a target expression when `target` (r->target set,
 * zeroed) and counters when `counters` (r->has_counters set, zero). */
struct ipt_rule *rule_new_sized(struct ipt_ruleset *rs, uint16_t nexprs, bool target,
                                bool counters);
/* The rule's counters, writable; NULL unless r->has_counters. */
struct ipt_counters *rule_counters(const struct ipt_rule *r);
/* A chain's counters ([0:0] unless set). */
struct ipt_counters chain_counters(const struct ipt_chain *c);
void chain_set_counters(struct ipt_chain *c, uint64_t pkts, uint64_t bytes);
/* pos 0 appends; pos N (1-based) inserts before the current rule N. */
void chain_insert_rule(struct ipt_chain *c, struct ipt_rule *r, uint32_t pos);
/* 1-based position of r in its chain (as TRACE numbers rules), 0 if absent. */
uint32_t rule_position(const struct ipt_rule *r);

const char *family_name(int family);   /* "ip", "ip6", "inet", ... (nft names) */
const char *hook_name(int hook);       /* "PREROUTING", ... */
int hook_from_name(const char *name);  /* IPT_HOOK_NONE if unknown */
const char *verdict_name(int verdict); /* "ACCEPT", ... */
const char *policy_name(int policy);   /* "ACCEPT", "DROP", "-" */

/* The xtables tables: names, the base chains each has and their hooks, and
 * the priority at which the kernel registers them
 * (include/uapi/linux/netfilter_ipv4.h: NF_IP_PRI_*). */
struct xt_table_info {
    const char *name;
    uint32_t hooks;   /* IPT_HOOK_BIT mask of the built-in chains */
    int32_t priority; /* NF_IP_PRI_RAW, ... (nat differs per hook) */
};
const struct xt_table_info *xt_table_lookup(const char *name);
/* Priority of an xtables table's base chain on a hook (nat: -100 dst, 100 src). */
int32_t xt_table_priority(const char *table, int hook);

#endif
