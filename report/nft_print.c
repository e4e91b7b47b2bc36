/*
 * nft_print.c - the nft tables of a ruleset as `nft list ruleset` (nft
 * 1.0.6) prints them: one tab per level, a blank line between the items
 * of a table, named objects, then sets and maps, then flowtables, then
 * chains (the order nft's table_print uses).
 */
#include <stdlib.h>
#include <string.h>

#include "iptsim/nft.h"
#include "nft_load.h"

static void indent(struct strbuf *b, int n)
{
    while (n-- > 0)
        sb_putc(b, '\t');
}

static void print_string(struct strbuf *b, const char *s)
{
    sb_putc(b, '"');
    sb_puts(b, s);
    sb_putc(b, '"');
}

static bool line_is(const struct nft_obj_line *l, const char *word)
{
    return l->n && nft_tok_is(&l->tok[0], word);
}

/* Drops `WORD VALUE UNIT` (like `used 0 bytes`, `burst 5 packets`) from a
 * line when present with these values: what nft does not print. */
static size_t drop_triple(struct nft_tok *v, size_t n, const char *w, const char *val,
                          const char *unit)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (nft_tok_is(&v[i], w) && nft_tok_is(&v[i + 1], val) && nft_tok_is(&v[i + 2], unit)) {
            memmove(&v[i], &v[i + 3], (n - i - 3) * sizeof(*v));
            return n - 3;
        }
    return n;
}

static void print_obj(struct strbuf *b, const struct nft_obj *o)
{
    const struct nft_obj_body *body = o->data;
    sb_printf(b, "\t%s %s {\n", o->kind, o->name);
    /* the comment first, as nft prints it */
    for (size_t i = 0; body && i < body->nlines; i++)
        if (line_is(&body->lines[i], "comment")) {
            indent(b, 2);
            nft_tokens_print(b, body->lines[i].tok, body->lines[i].n);
            sb_putc(b, '\n');
        }
    bool counter = strcmp(o->kind, "counter") == 0;
    bool printed = false;
    for (size_t i = 0; body && i < body->nlines; i++) {
        const struct nft_obj_line *l = &body->lines[i];
        if (line_is(l, "comment"))
            continue;
        struct nft_tok v[64];
        size_t n = l->n < ARRAY_SIZE(v) ? l->n : ARRAY_SIZE(v);
        memcpy(v, l->tok, n * sizeof(*v));
        if (strcmp(o->kind, "quota") == 0)
            n = drop_triple(v, n, "used", "0", "bytes");
        if (strcmp(o->kind, "limit") == 0) {
            n = drop_triple(v, n, "burst", "5", "packets");
            n = drop_triple(v, n, "burst", "0", "bytes");
        }
        if (!n)
            continue;
        indent(b, 2);
        nft_tokens_print(b, v, n);
        sb_putc(b, '\n');
        printed = true;
    }
    if (counter && !printed)
        sb_puts(b, "\t\tpackets 0 bytes 0\n");
    sb_puts(b, "\t}\n");
}

static void print_set(struct strbuf *b, const struct nft_set *s)
{
    sb_printf(b, "\t%s %s {\n\t\t", s->is_map ? "map" : "set", s->name);
    nft_set_print_type(b, s);
    sb_putc(b, '\n');
    if (s->policy && strcmp(s->policy, "memory") == 0)
        sb_puts(b, "\t\tpolicy memory\n");
    if (s->size)
        sb_printf(b, "\t\tsize %u\n", s->size);
    static const struct {
        uint32_t f;
        const char *name;
    } fl[] = {{NFT_SET_F_CONSTANT, "constant"},
              {NFT_SET_F_EVAL, "dynamic"},
              {NFT_SET_F_INTERVAL, "interval"},
              {NFT_SET_F_TIMEOUT, "timeout"}};
    const char *sep = "\t\tflags ";
    for (size_t i = 0; i < ARRAY_SIZE(fl); i++)
        if (s->flags & fl[i].f) {
            sb_puts(b, sep);
            sb_puts(b, fl[i].name);
            sep = ",";
        }
    if (sep[0] == ',')
        sb_putc(b, '\n');
    if (s->counter)
        sb_puts(b, "\t\tcounter\n");
    if (s->timeout_ms) {
        sb_puts(b, "\t\ttimeout ");
        nft_time_print(b, s->timeout_ms);
        sb_putc(b, '\n');
    }
    if (s->gc_interval_ms) {
        sb_puts(b, "\t\tgc-interval ");
        nft_time_print(b, s->gc_interval_ms);
        sb_putc(b, '\n');
    }
    if (s->auto_merge)
        sb_puts(b, "\t\tauto-merge\n");
    if (s->comment) {
        sb_puts(b, "\t\tcomment ");
        print_string(b, s->comment);
        sb_putc(b, '\n');
    }
    size_t before = b->len;
    sb_puts(b, "\t\t");
    size_t mark = b->len;
    nft_set_print_elements(b, s, 2);
    if (b->len == mark) {
        b->len = before;
        b->s[before] = 0;
    } else {
        sb_putc(b, '\n');
    }
    sb_puts(b, "\t}\n");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `devices = { a, b }`, sorted as the kernel lists them */
static void print_devices(struct strbuf *b, const char **devs, size_t n)
{
    const char *v[256];
    size_t k = n < ARRAY_SIZE(v) ? n : ARRAY_SIZE(v);
    memcpy(v, devs, k * sizeof(*v));
    qsort(v, k, sizeof(*v), cmp_str);
    sb_puts(b, "devices = { ");
    for (size_t i = 0; i < k; i++)
        sb_printf(b, "%s%s", i ? ", " : "", v[i]);
    sb_puts(b, " }");
}

static void print_flowtable(struct strbuf *b, const struct nft_flowtable *f)
{
    sb_printf(b, "\tflowtable %s {\n\t\thook ingress priority ", f->name);
    nft_prio_print(b, IPT_FAM_NETDEV, IPT_HOOK_INGRESS, f->priority);
    sb_putc(b, '\n');
    if (f->ndevices) {
        sb_puts(b, "\t\t");
        print_devices(b, f->devices, f->ndevices);
        sb_putc(b, '\n');
    }
    if (f->flags & 1)
        sb_puts(b, "\t\tflags offload\n");
    if (f->flags & 2)
        sb_puts(b, "\t\tcounter\n");
    sb_puts(b, "\t}\n");
}

static const char *const chain_types[] = {"filter", "nat", "route"};

static void print_chain(struct strbuf *b, const struct ipt_chain *c)
{
    const struct nft_chain_info *ci = nft_chain_info_get(c);
    sb_printf(b, "\tchain %s {\n", c->name);
    if (ci && ci->comment) {
        sb_puts(b, "\t\tcomment ");
        print_string(b, ci->comment);
        sb_putc(b, '\n');
    }
    bool egress = ci && (ci->flags & NFT_CHAIN_EGRESS);
    if (c->base || egress) {
        int hook = egress ? IPT_HOOK_INGRESS : c->hook;
        sb_printf(b, "\t\ttype %s hook %s", chain_types[c->type < 3 ? c->type : 0],
                  egress ? "egress" : nft_hook_name(c->table->family, hook));
        if (ci && ci->ndevices == 1) {
            sb_puts(b, " device ");
            print_string(b, ci->devices[0]);
        } else if (ci && ci->ndevices > 1) {
            sb_putc(b, ' ');
            print_devices(b, ci->devices, ci->ndevices);
        }
        sb_puts(b, " priority ");
        nft_prio_print(b, c->table->family, hook, c->priority);
        sb_printf(b, "; policy %s;\n", c->policy == IPT_POLICY_DROP ? "drop" : "accept");
    }
    if (ci && (ci->flags & NFT_CHAIN_OFFLOAD))
        sb_puts(b, "\t\tflags offload\n");
    for (uint32_t i = 0; i < c->nrules; i++) {
        sb_puts(b, "\t\t");
        nft_rule_print(b, c->rules[i]);
        sb_putc(b, '\n');
    }
    sb_puts(b, "\t}\n");
}

static void print_table(struct strbuf *b, const struct ipt_table *t)
{
    const struct nft_table *nt = t->nft;
    sb_printf(b, "table %s %s {\n", family_name(t->family), t->name);
    bool items = false;
    if (nt && nt->flags) {
        static const char *const names[] = {"dormant", "owner", "persist"};
        const char *sep = "\tflags ";
        for (unsigned i = 0; i < 3; i++)
            if (nt->flags & (1u << i)) {
                sb_puts(b, sep);
                sb_puts(b, names[i]);
                sep = ",";
            }
        sb_putc(b, '\n');
        items = true; /* nft 1.0.6: a blank line after flags */
    }
    if (nt && nt->comment) {
        /* but none after a comment alone */
        sb_puts(b, "\tcomment ");
        print_string(b, nt->comment);
        sb_putc(b, '\n');
    }
#define SEP()                                                                                      \
    do {                                                                                           \
        if (items)                                                                                 \
            sb_putc(b, '\n');                                                                      \
        items = true;                                                                              \
    } while (0)
    for (size_t i = 0; nt && i < nt->nobjs; i++) {
        SEP();
        print_obj(b, nt->objs[i]);
    }
    for (size_t i = 0; nt && i < nt->nsets; i++) {
        SEP();
        print_set(b, nt->sets[i]);
    }
    for (size_t i = 0; nt && i < nt->nflowtables; i++) {
        SEP();
        print_flowtable(b, nt->flowtables[i]);
    }
    for (size_t i = 0; i < t->nchains; i++) {
        const struct nft_chain_info *ci = nft_chain_info_get(t->chains[i]);
        if (ci && (ci->flags & NFT_CHAIN_BINDING))
            continue; /* `jump { ... }`: printed inside its rule */
        SEP();
        print_chain(b, t->chains[i]);
    }
#undef SEP
    sb_puts(b, "}\n");
}

void nft_print_ruleset(struct strbuf *b, const struct ipt_ruleset *rs)
{
    for (size_t i = 0; i < rs->ntables; i++) {
        const struct ipt_table *t = rs->tables[i];
        if (t->origin == IPT_ORIGIN_NFT)
            print_table(b, t);
        else
            sb_printf(b,
                      "# table %s %s: an iptables table, not printed in nft syntax "
                      "(show --format save prints it)\n",
                      family_name(t->family), t->name);
    }
}
