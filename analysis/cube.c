/*
 * cube.c - the packet-set algebra of analysis.h: cubes (one constraint per
 * field) and sets of pairwise disjoint cubes.
 *
 * Subtracting cube B from cube A peels A field by field: the part of A
 * outside B in the field becomes a piece of the result, the rest is
 * narrowed to B's field and goes on to the next field; what is left at the
 * end lies inside B. The pieces are disjoint by construction.
 */
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

#define AN_DEFAULT_MAX_CUBES 20000

/* ---- bitsets ---- */

static bool bits_empty(const uint64_t *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i])
            return false;
    return true;
}

static bool bits_disjoint(const uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] & b[i])
            return false;
    return true;
}

static bool bits_subset(const uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] & ~b[i])
            return false;
    return true;
}

static void bits_and(uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] &= b[i];
}

static void bits_andnot(uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        a[i] &= ~b[i];
}

#define NW_IF (AN_IFCLASSES / 64)

/* ---- cubes ---- */

void an_cube_full(const struct an_ctx *x, struct an_cube *c)
{
    memset(c, 0, sizeof(*c));
    c->src_hi = c->dst_hi = x->addr_max;
    memset(c->proto, 0xff, sizeof(c->proto));
    for (size_t i = 0; i < x->ifs.n; i++) {
        c->iif[i / 64] |= 1ull << (i % 64);
        c->oif[i / 64] |= 1ull << (i % 64);
    }
    c->sp_hi = c->dp_hi = 0xffff;
    c->src_type = c->dst_type = AN_AT_ALL;
    c->ctstate = AN_CT_ALL;
}

bool an_cube_empty(const struct an_cube *c)
{
    return c->src_lo > c->src_hi || c->dst_lo > c->dst_hi || c->sp_lo > c->sp_hi ||
           c->dp_lo > c->dp_hi || !c->ctstate || !c->src_type || !c->dst_type ||
           bits_empty(c->proto, 4) || bits_empty(c->iif, NW_IF) || bits_empty(c->oif, NW_IF);
}

static bool cube_disjoint(const struct an_cube *a, const struct an_cube *b)
{
    return a->dst_hi < b->dst_lo || b->dst_hi < a->dst_lo || a->dp_hi < b->dp_lo ||
           b->dp_hi < a->dp_lo || a->src_hi < b->src_lo || b->src_hi < a->src_lo ||
           a->sp_hi < b->sp_lo || b->sp_hi < a->sp_lo || !(a->ctstate & b->ctstate) ||
           !(a->src_type & b->src_type) || !(a->dst_type & b->dst_type) ||
           ((a->mark_val ^ b->mark_val) & a->mark_mask & b->mark_mask) ||
           bits_disjoint(a->proto, b->proto, 4) || bits_disjoint(a->iif, b->iif, NW_IF) ||
           bits_disjoint(a->oif, b->oif, NW_IF);
}

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

bool an_cube_intersect(const struct an_cube *a, const struct an_cube *b, struct an_cube *o)
{
    if (cube_disjoint(a, b))
        return false;
    *o = *a;
    o->src_lo = MAX(a->src_lo, b->src_lo);
    o->src_hi = MIN(a->src_hi, b->src_hi);
    o->dst_lo = MAX(a->dst_lo, b->dst_lo);
    o->dst_hi = MIN(a->dst_hi, b->dst_hi);
    o->sp_lo = MAX(a->sp_lo, b->sp_lo);
    o->sp_hi = MIN(a->sp_hi, b->sp_hi);
    o->dp_lo = MAX(a->dp_lo, b->dp_lo);
    o->dp_hi = MIN(a->dp_hi, b->dp_hi);
    bits_and(o->proto, b->proto, 4);
    bits_and(o->iif, b->iif, NW_IF);
    bits_and(o->oif, b->oif, NW_IF);
    o->ctstate &= b->ctstate;
    o->src_type &= b->src_type;
    o->dst_type &= b->dst_type;
    o->mark_val |= b->mark_val;
    o->mark_mask |= b->mark_mask;
    o->possible = a->possible | b->possible;
    return true;
}

/* ---- sets ---- */

void an_set_init(struct an_set *s)
{
    memset(s, 0, sizeof(*s));
}

void an_set_free(struct an_set *s)
{
    free(s->v);
    memset(s, 0, sizeof(*s));
}

void an_set_clear(struct an_set *s)
{
    s->n = 0;
}

void an_set_push(struct an_set *s, const struct an_cube *c)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = *c;
}

void an_set_copy(struct an_set *dst, const struct an_set *src)
{
    dst->n = 0;
    for (size_t i = 0; i < src->n; i++)
        an_set_push(dst, &src->v[i]);
}

bool an_set_empty(const struct an_set *s)
{
    return s->n == 0;
}

bool an_set_has_certain(const struct an_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i].possible)
            return true;
    return false;
}

void an_set_mark_possible(struct an_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        s->v[i].possible = 1;
}

/* Appends a - b to out (a and b intersect). The part of a inside b is
 * appended marked possible when `keep` is set, else dropped. */
static void cube_subtract(struct an_set *out, const struct an_cube *a, const struct an_cube *b,
                          bool keep)
{
    struct an_cube cur = *a, p;
#define PIECE_BITS(field, nw)                                                                      \
    do {                                                                                           \
        if (!bits_subset(cur.field, b->field, nw)) {                                               \
            p = cur;                                                                               \
            bits_andnot(p.field, b->field, nw);                                                    \
            an_set_push(out, &p);                                                                  \
            bits_and(cur.field, b->field, nw);                                                     \
        }                                                                                          \
    } while (0)
#define PIECE_MASK(field)                                                                          \
    do {                                                                                           \
        if (cur.field & ~b->field) {                                                               \
            p = cur;                                                                               \
            p.field &= (__typeof__(p.field))~b->field;                                             \
            an_set_push(out, &p);                                                                  \
            cur.field &= b->field;                                                                 \
        }                                                                                          \
    } while (0)
#define PIECE_RANGE(lo, hi)                                                                        \
    do {                                                                                           \
        if (cur.lo < b->lo) {                                                                      \
            p = cur;                                                                               \
            p.hi = b->lo - 1;                                                                      \
            an_set_push(out, &p);                                                                  \
            cur.lo = b->lo;                                                                        \
        }                                                                                          \
        if (cur.hi > b->hi) {                                                                      \
            p = cur;                                                                               \
            p.lo = b->hi + 1;                                                                      \
            an_set_push(out, &p);                                                                  \
            cur.hi = b->hi;                                                                        \
        }                                                                                          \
    } while (0)
    PIECE_BITS(proto, 4);
    PIECE_MASK(ctstate);
    PIECE_BITS(iif, NW_IF);
    PIECE_BITS(oif, NW_IF);
    PIECE_MASK(src_type);
    PIECE_MASK(dst_type);
    /* mark: the bits b fixes that cur leaves free, one at a time */
    uint32_t freebits = b->mark_mask & ~cur.mark_mask;
    while (freebits) {
        uint32_t bit = freebits & -freebits;
        freebits &= ~bit;
        p = cur;
        p.mark_mask |= bit;
        p.mark_val = (p.mark_val & ~bit) | (~b->mark_val & bit);
        an_set_push(out, &p);
        cur.mark_mask |= bit;
        cur.mark_val = (cur.mark_val & ~bit) | (b->mark_val & bit);
    }
    PIECE_RANGE(dp_lo, dp_hi);
    PIECE_RANGE(sp_lo, sp_hi);
    PIECE_RANGE(dst_lo, dst_hi);
    PIECE_RANGE(src_lo, src_hi);
#undef PIECE_BITS
#undef PIECE_MASK
#undef PIECE_RANGE
    if (keep) {
        cur.possible = 1;
        an_set_push(out, &cur);
    }
}

void an_set_subtract(struct an_ctx *x, struct an_set *s, const struct an_set *b, bool possible)
{
    size_t max = x->max_cubes ? x->max_cubes : AN_DEFAULT_MAX_CUBES;
    if (!b->n || !s->n)
        return;
    if (s->n >= max) {
        /* too big to split further: keep it, but nothing in what b may take
         * is certain any more (an over-approximation stays sound) */
        x->degraded = true;
        for (size_t i = 0; i < s->n; i++)
            for (size_t j = 0; j < b->n; j++)
                if (!cube_disjoint(&s->v[i], &b->v[j]))
                    s->v[i].possible = 1;
        return;
    }
    struct an_set extra, work, next;
    an_set_init(&extra);
    an_set_init(&work);
    an_set_init(&next);
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct an_cube *a = &s->v[i];
        bool hit = false;
        for (size_t j = 0; j < b->n && !hit; j++)
            hit = !cube_disjoint(a, &b->v[j]);
        if (!hit) {
            if (w != i)
                s->v[w] = *a;
            w++;
            continue;
        }
        an_set_clear(&work);
        an_set_push(&work, a);
        for (size_t j = 0; j < b->n && work.n; j++) {
            an_set_clear(&next);
            for (size_t k = 0; k < work.n; k++) {
                if (cube_disjoint(&work.v[k], &b->v[j]))
                    an_set_push(&next, &work.v[k]);
                else
                    cube_subtract(&next, &work.v[k], &b->v[j], possible);
            }
            struct an_set t = work;
            work = next;
            next = t;
        }
        for (size_t k = 0; k < work.n; k++)
            an_set_push(&extra, &work.v[k]);
    }
    s->n = w;
    for (size_t k = 0; k < extra.n; k++)
        an_set_push(s, &extra.v[k]);
    an_set_free(&extra);
    an_set_free(&work);
    an_set_free(&next);
}

void an_set_intersect(const struct an_set *a, const struct an_set *b, struct an_set *out)
{
    an_set_clear(out);
    struct an_cube c;
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (an_cube_intersect(&a->v[i], &b->v[j], &c) && !an_cube_empty(&c))
                an_set_push(out, &c);
}

void an_set_union(struct an_ctx *x, struct an_set *s, const struct an_set *b)
{
    if (!s->n) {
        an_set_copy(s, b);
        return;
    }
    struct an_set add;
    an_set_init(&add);
    an_set_copy(&add, b);
    size_t before = s->n;
    struct an_set old = {s->v, before, s->cap};
    an_set_subtract(x, &add, &old, false);
    for (size_t i = 0; i < add.n; i++)
        an_set_push(s, &add.v[i]);
    an_set_free(&add);
}

/* ---- the context: address width and interface classes ---- */

static bool pat_match(const char *pat, const char *name)
{
    return sim_iface_match(pat, name);
}

static bool univ_has(const struct an_ifuniv *u, const char *name)
{
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->names[i], name))
            return true;
    return false;
}

static void univ_add_pat(struct an_ifuniv *u, const char *pat)
{
    for (size_t i = 0; i < u->npats; i++)
        if (!strcmp(u->pats[i], pat))
            return;
    if (u->npats == AN_IFCLASSES) {
        u->overflow = true;
        return;
    }
    u->pats[u->npats++] = pat;
}

/* Does `name` match a pattern that `stem+` does not imply (an exact name,
 * or a longer prefix)? */
static bool matches_more(const struct an_ifuniv *u, const char *stem, const char *name)
{
    size_t sl = strlen(stem);
    for (size_t i = 0; i < u->npats; i++) {
        const char *p = u->pats[i];
        size_t pl = strlen(p);
        bool prefix = pl && p[pl - 1] == '+';
        if (!pat_match(p, name))
            continue;
        if (!prefix || pl - 1 > sl)
            return true;
    }
    return false;
}

static void univ_add_name(struct an_ifuniv *u, const char *name)
{
    if (u->n < AN_IFCLASSES && !univ_has(u, name))
        snprintf(u->names[u->n++], sizeof(u->names[0]), "%s", name);
    else if (u->n >= AN_IFCLASSES)
        u->overflow = true;
}

static void univ_build(struct an_ifuniv *u)
{
    u->n = 1; /* names[0] = "": no interface */
    u->names[0][0] = 0;
    for (size_t i = 0; i < u->npats; i++)
        if (!strchr(u->pats[i], '+'))
            univ_add_name(u, u->pats[i]);
    static const char *const plain[] = {"eth0", "eth1", "ens3", "wan0", "ext0", "uplink0"};
    static const char *const sfx[] = {"0", "1", "2", "3", "9", "x", "z", "_a", "_q", "77"};
    for (size_t i = 0; i < u->npats; i++) {
        const char *p = u->pats[i];
        size_t pl = strlen(p);
        if (!pl || p[pl - 1] != '+')
            continue;
        char stem[16];
        snprintf(stem, sizeof(stem), "%.*s", (int)(pl - 1), p);
        char name[32];
        bool done = false;
        for (size_t k = 0; !done && k < (pl == 1 ? ARRAY_SIZE(plain) : ARRAY_SIZE(sfx)); k++) {
            if (pl == 1)
                snprintf(name, sizeof(name), "%s", plain[k]);
            else
                snprintf(name, sizeof(name), "%s%s", stem, sfx[k]);
            if (strlen(name) > 15 || univ_has(u, name) || matches_more(u, stem, name))
                continue;
            univ_add_name(u, name);
            done = true;
        }
    }
    /* a name no pattern matches */
    for (size_t k = 0; k < ARRAY_SIZE(plain); k++) {
        bool any = false;
        for (size_t i = 0; i < u->npats && !any; i++)
            any = pat_match(u->pats[i], plain[k]);
        if (!any && !univ_has(u, plain[k])) {
            univ_add_name(u, plain[k]);
            break;
        }
        if (!any)
            break;
    }
}

void an_ctx_init(struct an_ctx *x, const struct ipt_ruleset *rs, int family)
{
    memset(x, 0, sizeof(*x));
    x->family = family;
    x->addr_max = family == IPT_FAM_IPV6 ? ~(an_u128)0 : (an_u128)0xffffffffu;
    for (size_t i = 0; i < rs->ntables; i++) {
        const struct ipt_table *t = rs->tables[i];
        if (t->family != family)
            continue;
        for (size_t j = 0; j < t->nchains; j++) {
            const struct ipt_chain *c = t->chains[j];
            for (uint32_t k = 0; k < c->nrules; k++) {
                struct ipt_header h;
                if (!rule_header(c->rules[k], &h))
                    continue;
                if (h.iif)
                    univ_add_pat(&x->ifs, h.iif);
                if (h.oif)
                    univ_add_pat(&x->ifs, h.oif);
            }
        }
    }
    univ_build(&x->ifs);
}

/* ---- compaction: merge cubes that differ in one field only ---- */

enum { F_DST, F_SRC, F_DP, F_SP, F_PROTO, F_IIF, F_OIF, F_CT, F_STYPE, F_DTYPE, F_N };

static int cmp_u128(an_u128 a, an_u128 b)
{
    return a < b ? -1 : a > b;
}

static int cmp_bits(const uint64_t *a, const uint64_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

static int cmp_others(const struct an_cube *a, const struct an_cube *b, int f)
{
    int c;
#define CMP(cond, expr)                                                                            \
    if ((cond) && (c = (expr)) != 0)                                                               \
    return c
    CMP(1, (a->possible > b->possible) - (a->possible < b->possible));
    CMP(f != F_DST, cmp_u128(a->dst_lo, b->dst_lo));
    CMP(f != F_DST, cmp_u128(a->dst_hi, b->dst_hi));
    CMP(f != F_SRC, cmp_u128(a->src_lo, b->src_lo));
    CMP(f != F_SRC, cmp_u128(a->src_hi, b->src_hi));
    CMP(f != F_DP, (a->dp_lo > b->dp_lo) - (a->dp_lo < b->dp_lo));
    CMP(f != F_DP, (a->dp_hi > b->dp_hi) - (a->dp_hi < b->dp_hi));
    CMP(f != F_SP, (a->sp_lo > b->sp_lo) - (a->sp_lo < b->sp_lo));
    CMP(f != F_SP, (a->sp_hi > b->sp_hi) - (a->sp_hi < b->sp_hi));
    CMP(f != F_PROTO, cmp_bits(a->proto, b->proto, 4));
    CMP(f != F_IIF, cmp_bits(a->iif, b->iif, NW_IF));
    CMP(f != F_OIF, cmp_bits(a->oif, b->oif, NW_IF));
    CMP(f != F_CT, (a->ctstate > b->ctstate) - (a->ctstate < b->ctstate));
    CMP(f != F_STYPE, (a->src_type > b->src_type) - (a->src_type < b->src_type));
    CMP(f != F_DTYPE, (a->dst_type > b->dst_type) - (a->dst_type < b->dst_type));
    CMP(1, (a->mark_val > b->mark_val) - (a->mark_val < b->mark_val));
    CMP(1, (a->mark_mask > b->mark_mask) - (a->mark_mask < b->mark_mask));
#undef CMP
    return 0;
}

static int cmp_except(const struct an_cube *a, const struct an_cube *b, int f)
{
    int c = cmp_others(a, b, f);
    if (c)
        return c;
    /* then by the field itself, so that neighbours are adjacent */
    switch (f) {
    case F_DST:
        return cmp_u128(a->dst_lo, b->dst_lo);
    case F_SRC:
        return cmp_u128(a->src_lo, b->src_lo);
    case F_DP:
        return (a->dp_lo > b->dp_lo) - (a->dp_lo < b->dp_lo);
    case F_SP:
        return (a->sp_lo > b->sp_lo) - (a->sp_lo < b->sp_lo);
    default:
        return 0;
    }
}

static int sort_field;
static int cmp_sort(const void *a, const void *b)
{
    return cmp_except(a, b, sort_field);
}

/* Merges b into a if they differ in field f only and the union is a cube. */
static bool merge_into(struct an_cube *a, const struct an_cube *b, int f)
{
    switch (f) {
    case F_DST:
        if (a->dst_hi == ~(an_u128)0 || a->dst_hi + 1 < b->dst_lo)
            return false;
        if (b->dst_hi > a->dst_hi)
            a->dst_hi = b->dst_hi;
        return true;
    case F_SRC:
        if (a->src_hi == ~(an_u128)0 || a->src_hi + 1 < b->src_lo)
            return false;
        if (b->src_hi > a->src_hi)
            a->src_hi = b->src_hi;
        return true;
    case F_DP:
        if ((uint32_t)a->dp_hi + 1 < b->dp_lo)
            return false;
        if (b->dp_hi > a->dp_hi)
            a->dp_hi = b->dp_hi;
        return true;
    case F_SP:
        if ((uint32_t)a->sp_hi + 1 < b->sp_lo)
            return false;
        if (b->sp_hi > a->sp_hi)
            a->sp_hi = b->sp_hi;
        return true;
    case F_PROTO:
        for (int i = 0; i < 4; i++)
            a->proto[i] |= b->proto[i];
        return true;
    case F_IIF:
        for (int i = 0; i < NW_IF; i++)
            a->iif[i] |= b->iif[i];
        return true;
    case F_OIF:
        for (int i = 0; i < NW_IF; i++)
            a->oif[i] |= b->oif[i];
        return true;
    case F_CT:
        a->ctstate |= b->ctstate;
        return true;
    case F_STYPE:
        a->src_type |= b->src_type;
        return true;
    case F_DTYPE:
        a->dst_type |= b->dst_type;
        return true;
    }
    return false;
}

void an_set_compact(struct an_set *s)
{
    if (s->n < 2)
        return;
    for (int round = 0; round < 2; round++) {
        size_t before = s->n;
        for (int f = 0; f < F_N && s->n > 1; f++) {
            sort_field = f;
            qsort(s->v, s->n, sizeof(*s->v), cmp_sort);
            size_t w = 0;
            for (size_t i = 1; i < s->n; i++) {
                if (cmp_others(&s->v[w], &s->v[i], f) || !merge_into(&s->v[w], &s->v[i], f))
                    s->v[++w] = s->v[i];
            }
            s->n = w + 1;
        }
        if (s->n == before)
            break;
    }
}

/* ---- indexed sets: blocks by destination port, then address ---- */

#define ISET_BLOCK 64 /* a block splits past twice this many cubes */

static int key_cmp(an_u128 dlo, uint16_t plo, const struct an_iblock *k)
{
    if (plo != k->key_dp)
        return plo < k->key_dp ? -1 : 1;
    return dlo < k->key_dst ? -1 : dlo > k->key_dst;
}

static void block_bounds(struct an_iblock *k)
{
    k->dst_lo = ~(an_u128)0;
    k->dst_hi = 0;
    k->dp_lo = 0xffff;
    k->dp_hi = 0;
    for (size_t i = 0; i < k->s.n; i++) {
        const struct an_cube *c = &k->s.v[i];
        if (c->dst_lo < k->dst_lo)
            k->dst_lo = c->dst_lo;
        if (c->dst_hi > k->dst_hi)
            k->dst_hi = c->dst_hi;
        if (c->dp_lo < k->dp_lo)
            k->dp_lo = c->dp_lo;
        if (c->dp_hi > k->dp_hi)
            k->dp_hi = c->dp_hi;
    }
}

static void block_widen(struct an_iblock *k, const struct an_cube *c)
{
    if (c->dst_lo < k->dst_lo)
        k->dst_lo = c->dst_lo;
    if (c->dst_hi > k->dst_hi)
        k->dst_hi = c->dst_hi;
    if (c->dp_lo < k->dp_lo)
        k->dp_lo = c->dp_lo;
    if (c->dp_hi > k->dp_hi)
        k->dp_hi = c->dp_hi;
}

void an_iset_init(struct an_iset *s)
{
    memset(s, 0, sizeof(*s));
}

void an_iset_free(struct an_iset *s)
{
    for (size_t i = 0; i < s->nb; i++)
        an_set_free(&s->b[i].s);
    free(s->b);
    memset(s, 0, sizeof(*s));
}

void an_iset_clear(struct an_iset *s)
{
    for (size_t i = 0; i < s->nb; i++)
        an_set_free(&s->b[i].s);
    s->nb = 0;
    s->n = 0;
}

/* The block a cube with this (dst_lo, dp_lo) belongs to: the last whose key is not above. */
static size_t block_of(const struct an_iset *s, an_u128 dlo, uint16_t plo)
{
    size_t lo = 0, hi = s->nb; /* b[0].key is the minimum: the answer is in [0, nb) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(dlo, plo, &s->b[mid]) >= 0)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_key(const void *a, const void *b)
{
    const struct an_cube *x = a, *y = b;
    if (x->dp_lo != y->dp_lo)
        return x->dp_lo < y->dp_lo ? -1 : 1;
    return x->dst_lo < y->dst_lo ? -1 : x->dst_lo > y->dst_lo;
}

/* Splits block i in two halves by key, when it has grown past its limit. */
static void block_split(struct an_iset *s, size_t i)
{
    struct an_iblock *k = &s->b[i];
    qsort(k->s.v, k->s.n, sizeof(*k->s.v), cmp_key);
    size_t mid = k->s.n / 2;
    while (mid < k->s.n && !cmp_key(&k->s.v[mid], &k->s.v[mid - 1]))
        mid++;
    if (mid == k->s.n) {
        mid = k->s.n / 2;
        while (mid > 1 && !cmp_key(&k->s.v[mid], &k->s.v[mid - 1]))
            mid--;
        if (mid <= 1) {
            k->lim = 2 * k->s.n; /* one key: cannot split, try again when twice as big */
            block_bounds(k);
            return;
        }
    }
    if (s->nb == s->capb) {
        s->capb = s->capb ? 2 * s->capb : 8;
        s->b = xrealloc(s->b, s->capb * sizeof(*s->b));
        k = &s->b[i];
    }
    memmove(&s->b[i + 2], &s->b[i + 1], (s->nb - i - 1) * sizeof(*s->b));
    s->nb++;
    struct an_iblock *n = &s->b[i + 1];
    memset(n, 0, sizeof(*n));
    for (size_t j = mid; j < k->s.n; j++)
        an_set_push(&n->s, &k->s.v[j]);
    k->s.n = mid;
    n->key_dst = n->s.v[0].dst_lo;
    n->key_dp = n->s.v[0].dp_lo;
    k->lim = n->lim = 2 * ISET_BLOCK;
    block_bounds(k);
    block_bounds(n);
}

static void iset_push(struct an_iset *s, const struct an_cube *c)
{
    if (!s->nb) {
        s->capb = s->capb ? s->capb : 8;
        s->b = xrealloc(s->b, s->capb * sizeof(*s->b));
        memset(&s->b[0], 0, sizeof(s->b[0]));
        s->b[0].lim = 2 * ISET_BLOCK;
        s->b[0].dp_lo = 0xffff;
        s->b[0].dst_lo = ~(an_u128)0;
        s->nb = 1;
    }
    size_t i = block_of(s, c->dst_lo, c->dp_lo);
    struct an_iblock *k = &s->b[i];
    an_set_push(&k->s, c);
    block_widen(k, c);
    s->n++;
    if (k->s.n > k->lim)
        block_split(s, i);
}

void an_iset_add(struct an_iset *s, const struct an_set *from)
{
    for (size_t i = 0; i < from->n; i++)
        iset_push(s, &from->v[i]);
}

void an_iset_assign(struct an_iset *s, const struct an_set *from)
{
    an_iset_clear(s);
    an_iset_add(s, from);
}

/* The bounding box of b in the indexed fields. */
struct qbox {
    an_u128 dlo, dhi;
    uint16_t plo, phi;
};

static void qbox_of(const struct an_set *b, struct qbox *q)
{
    q->dlo = ~(an_u128)0;
    q->dhi = 0;
    q->plo = 0xffff;
    q->phi = 0;
    for (size_t i = 0; i < b->n; i++) {
        const struct an_cube *c = &b->v[i];
        q->dlo = MIN(q->dlo, c->dst_lo);
        q->dhi = MAX(q->dhi, c->dst_hi);
        q->plo = MIN(q->plo, c->dp_lo);
        q->phi = MAX(q->phi, c->dp_hi);
    }
}

static bool block_meets(const struct an_iblock *k, const struct qbox *q)
{
    return k->s.n && k->dst_lo <= q->dhi && k->dst_hi >= q->dlo && k->dp_lo <= q->phi &&
           k->dp_hi >= q->plo;
}

void an_iset_intersect(const struct an_iset *s, const struct an_set *b, struct an_set *out)
{
    an_set_clear(out);
    if (!b->n)
        return;
    struct qbox q;
    qbox_of(b, &q);
    struct an_cube c;
    for (size_t i = 0; i < s->nb && s->b[i].key_dp <= q.phi; i++) {
        const struct an_iblock *k = &s->b[i];
        if (!block_meets(k, &q))
            continue;
        for (size_t a = 0; a < k->s.n; a++)
            for (size_t j = 0; j < b->n; j++)
                if (an_cube_intersect(&k->s.v[a], &b->v[j], &c) && !an_cube_empty(&c))
                    an_set_push(out, &c);
    }
}

void an_iset_subtract(struct an_ctx *x, struct an_iset *s, const struct an_set *b, bool possible)
{
    size_t max = x->max_cubes ? x->max_cubes : AN_DEFAULT_MAX_CUBES;
    if (!b->n || !s->n)
        return;
    struct qbox q;
    qbox_of(b, &q);
    if (s->n >= max) {
        /* as an_set_subtract: keep the pieces, mark what b may take possible */
        x->degraded = true;
        for (size_t i = 0; i < s->nb && s->b[i].key_dp <= q.phi; i++) {
            struct an_iblock *k = &s->b[i];
            if (!block_meets(k, &q))
                continue;
            for (size_t a = 0; a < k->s.n; a++)
                for (size_t j = 0; j < b->n; j++)
                    if (!cube_disjoint(&k->s.v[a], &b->v[j]))
                        k->s.v[a].possible = 1;
        }
        return;
    }
    struct an_set moved;
    an_set_init(&moved);
    bool grown = false;
    for (size_t i = 0; i < s->nb && s->b[i].key_dp <= q.phi; i++) {
        struct an_iblock *k = &s->b[i];
        if (!block_meets(k, &q))
            continue;
        size_t before = k->s.n;
        an_set_subtract(x, &k->s, b, possible);
        s->n = s->n - before + k->s.n;
        /* pieces whose key passed the next block's move there */
        if (i + 1 < s->nb) {
            size_t w = 0;
            for (size_t a = 0; a < k->s.n; a++) {
                if (key_cmp(k->s.v[a].dst_lo, k->s.v[a].dp_lo, &s->b[i + 1]) >= 0)
                    an_set_push(&moved, &k->s.v[a]);
                else
                    k->s.v[w++] = k->s.v[a];
            }
            s->n -= k->s.n - w;
            k->s.n = w;
        }
        block_bounds(k);
        grown |= k->s.n > k->lim;
    }
    for (size_t i = s->nb; grown && i-- > 0;)
        if (s->b[i].s.n > s->b[i].lim)
            block_split(s, i);
    an_iset_add(s, &moved);
    an_set_free(&moved);
}

void an_iset_compact(struct an_iset *s)
{
    s->n = 0;
    for (size_t i = 0; i < s->nb; i++) {
        an_set_compact(&s->b[i].s);
        block_bounds(&s->b[i]);
        s->n += s->b[i].s.n;
    }
}

void an_iset_flatten(const struct an_iset *s, struct an_set *out)
{
    for (size_t i = 0; i < s->nb; i++)
        for (size_t a = 0; a < s->b[i].s.n; a++)
            an_set_push(out, &s->b[i].s.v[a]);
}

void an_iset_forget_mark(struct an_iset *s)
{
    for (size_t i = 0; i < s->nb; i++)
        for (size_t a = 0; a < s->b[i].s.n; a++)
            s->b[i].s.v[a].mark_val = s->b[i].s.v[a].mark_mask = 0;
}
