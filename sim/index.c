/*
 * index.c - a destination index for big chains.
 *
 * kube-proxy's KUBE-SERVICES holds one rule per service, each starting with
 * `-d CLUSTER-IP/32`: a packet would be tested against 50k rules to match
 * one. For a chain of at least INDEX_MIN rules, the rules whose header
 * tests exactly one destination address (no inversion) are filed under that
 * address; every other rule is "wild". Walking the chain then visits, in
 * rule order, only the wild rules and those filed under the packet's
 * destination: a cursor walks the two sorted lists together. The engine
 * makes a new cursor whenever it enters or resumes a chain, so a
 * destination changed by a target is honoured from there on.
 *
 * The ruleset is not touched: the index is a side structure built once per
 * ruleset and handed to the engine through sim_opts.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

#define INDEX_MIN 64

struct bucket {
    uint8_t family;
    uint8_t addr[16];
    uint32_t *rules; /* rule positions (0-based), ascending */
    uint32_t n, cap;
};

struct chain_index {
    const struct ipt_chain *chain;
    uint32_t *wild;
    uint32_t nwild, capwild;
    struct bucket *buckets; /* open addressing on the address */
    size_t nbuckets;        /* a power of two */
};

struct sim_index {
    struct chain_index *v; /* open addressing on the chain pointer */
    size_t cap;
};

static size_t addr_hash(const uint8_t *a, int len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < len; i++) {
        h ^= a[i];
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    return (size_t)h;
}

static void push(uint32_t **v, uint32_t *n, uint32_t *cap, uint32_t x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *v = xrealloc(*v, *cap * sizeof(**v));
    }
    (*v)[(*n)++] = x;
}

/* The destination a rule is filed under: a /32 (/128) non-inverted -d. */
static bool rule_key(const struct ipt_rule *r, struct ipt_header *h)
{
    if (!rule_header(r, h))
        return false;
    const struct ipt_expr *e = &r->exprs[0];
    int full = addr_len(h->dst.family) * 8;
    return ext_has(e, 1 /* O_DST */) && !(h->invflags & IPT_INV_DSTIP) &&
           h->dst.plen == full;
}

static void index_chain(struct chain_index *ci, const struct ipt_chain *c)
{
    ci->chain = c;
    size_t keyed = 0;
    struct ipt_header h;
    for (uint32_t i = 0; i < c->nrules; i++)
        keyed += rule_key(c->rules[i], &h);
    ci->nbuckets = 16;
    while (ci->nbuckets < keyed * 2)
        ci->nbuckets *= 2;
    ci->buckets = xcalloc(ci->nbuckets, sizeof(*ci->buckets));
    for (uint32_t i = 0; i < c->nrules; i++) {
        if (!rule_key(c->rules[i], &h)) {
            push(&ci->wild, &ci->nwild, &ci->capwild, i);
            continue;
        }
        int len = addr_len(h.dst.family);
        size_t k = addr_hash(h.dst.addr, len) & (ci->nbuckets - 1);
        while (ci->buckets[k].n &&
               (ci->buckets[k].family != h.dst.family ||
                memcmp(ci->buckets[k].addr, h.dst.addr, (size_t)len) != 0))
            k = (k + 1) & (ci->nbuckets - 1);
        struct bucket *b = &ci->buckets[k];
        b->family = h.dst.family;
        memcpy(b->addr, h.dst.addr, 16);
        push(&b->rules, &b->n, &b->cap, i);
    }
}

struct sim_index *sim_index_new(const struct ipt_ruleset *rs)
{
    size_t big = 0;
    for (size_t i = 0; i < rs->ntables; i++)
        for (size_t j = 0; j < rs->tables[i]->nchains; j++)
            big += rs->tables[i]->chains[j]->nrules >= INDEX_MIN;
    struct sim_index *x = xcalloc(1, sizeof(*x));
    x->cap = 16;
    while (x->cap < big * 2)
        x->cap *= 2;
    x->v = xcalloc(x->cap, sizeof(*x->v));
    for (size_t i = 0; i < rs->ntables; i++)
        for (size_t j = 0; j < rs->tables[i]->nchains; j++) {
            const struct ipt_chain *c = rs->tables[i]->chains[j];
            if (c->nrules < INDEX_MIN)
                continue;
            size_t k = ((uintptr_t)c >> 4) & (x->cap - 1);
            while (x->v[k].chain)
                k = (k + 1) & (x->cap - 1);
            index_chain(&x->v[k], c);
        }
    return x;
}

void sim_index_free(struct sim_index *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->cap; i++) {
        struct chain_index *ci = &x->v[i];
        if (!ci->chain)
            continue;
        for (size_t k = 0; k < ci->nbuckets; k++)
            free(ci->buckets[k].rules);
        free(ci->buckets);
        free(ci->wild);
    }
    free(x->v);
    free(x);
}

const struct chain_index *sim_index_chain(const struct sim_index *x, const struct ipt_chain *c)
{
    if (!x || c->nrules < INDEX_MIN)
        return NULL;
    size_t k = ((uintptr_t)c >> 4) & (x->cap - 1);
    while (x->v[k].chain) {
        if (x->v[k].chain == c)
            return &x->v[k];
        k = (k + 1) & (x->cap - 1);
    }
    return NULL;
}

void sim_index_cursor(const struct chain_index *ci, int family, const uint8_t dst[16],
                      uint32_t from, struct sim_index_cursor *cur)
{
    memset(cur, 0, sizeof(*cur));
    cur->wild = ci->wild;
    cur->nwild = ci->nwild;
    int len = addr_len(family);
    size_t k = addr_hash(dst, len) & (ci->nbuckets - 1);
    while (ci->buckets[k].n) {
        const struct bucket *b = &ci->buckets[k];
        if (b->family == family && memcmp(b->addr, dst, (size_t)len) == 0) {
            cur->keyed = b->rules;
            cur->nkeyed = b->n;
            break;
        }
        k = (k + 1) & (ci->nbuckets - 1);
    }
    /* start both lists at `from` */
    while (cur->wi < cur->nwild && cur->wild[cur->wi] < from)
        cur->wi++;
    while (cur->ki < cur->nkeyed && cur->keyed[cur->ki] < from)
        cur->ki++;
}

uint32_t sim_index_cursor_next(struct sim_index_cursor *cur, uint32_t from)
{
    while (cur->wi < cur->nwild && cur->wild[cur->wi] < from)
        cur->wi++;
    while (cur->ki < cur->nkeyed && cur->keyed[cur->ki] < from)
        cur->ki++;
    uint32_t w = cur->wi < cur->nwild ? cur->wild[cur->wi] : UINT32_MAX;
    uint32_t d = cur->ki < cur->nkeyed ? cur->keyed[cur->ki] : UINT32_MAX;
    return d < w ? d : w;
}
