/*
 * nft_set.c - sets and maps: key and data declarations (`type`, `typeof`),
 * elements (values, prefixes, ranges, concatenations, map data, timeouts,
 * comments), the listing's `elements = { ... }`, and lookups (kernel
 * nft_lookup.c, nft_set_hash.c, nft_set_rbtree.c; nftables src/segtree.c,
 * expression.c for printing).
 */
#include "nft_int.h"

#include <stdlib.h>
#include <string.h>

struct nft_set_impl *nft_set_impl(struct nft_set *s)
{
    if (!s->impl)
        s->impl = arena_alloc(&s->table->rs->arena, sizeof(struct nft_set_impl));
    return s->impl;
}

/* ---- declarations ---- */

int nft_set_key(struct nft_parse *p, struct nft_set *s, bool typeof_, bool data)
{
    struct nft_set_impl *im = nft_set_impl(s);
    if (data && nft_accept(p, "interval"))
        im->data_interval = true;
    const struct nft_dtype *dts[NFT_MAXCAT * 2];
    uint8_t lens[NFT_MAXCAT * 2];
    size_t n = 0;
    struct nft_x *tx = NULL;
    /* `typeof EXPR : verdict`: verdict is a type, not an expression */
    if (typeof_ && data && nft_tok_is(nft_peek(p), "verdict") && p->pos + 1 == p->ntok)
        typeof_ = false;
    if (typeof_) {
        tx = nft_parse_lhs(p);
        if (!tx)
            return -1;
        n = nft_x_types(tx, dts, lens);
    } else {
        for (;;) {
            const struct nft_tok *t = nft_next(p);
            if (!t)
                return nft_error(p, NULL, "expected a type name");
            const struct nft_dtype *dt = nft_dtype_find(t->text);
            if (!dt || (dt == &nft_dt_verdict && !data))
                return nft_error(p, t, "unknown type \"%s\"", t->text);
            if (n == NFT_MAXCAT)
                return nft_error(p, t, "too many concatenated types (at most %d)", NFT_MAXCAT);
            dts[n] = dt;
            lens[n] = dt->size ? dt->size : 4;
            n++;
            if (!nft_accept(p, "."))
                break;
        }
    }
    if (!nft_at_end(p))
        return nft_error(p, nft_peek(p), "unexpected \"%s\" after the type", nft_peek(p)->text);
    if (data) {
        if (n != 1 || dts[0] == &nft_dt_counter_obj || dts[0] == &nft_dt_quota_obj ||
            dts[0] == &nft_dt_limit_obj || dts[0] == &nft_dt_synproxy_obj) {
            if (n == 1) {
                im->obj_kind = dts[0]->name;
                s->flags |= NFT_SET_F_OBJECT;
            }
        }
        im->dt = n == 1 ? dts[0] : NULL;
        im->dlen = lens[0];
        if (n > 1) {
            /* concatenated data (dnat to map: addr . port) */
            im->dt = &nft_dt_integer;
            unsigned l = 0;
            for (size_t i = 0; i < n; i++)
                l += lens[i];
            im->dlen = (uint8_t)l;
        }
        im->typeof_data = tx;
        if (!typeof_ && n > 1) {
            /* keep the component types for printing and parsing */
            struct nft_x *c = nft_x_new(p, NX_CONCAT);
            c->sub = nft_alloc(p, n * sizeof(*c->sub));
            c->nsub = (uint8_t)n;
            for (size_t i = 0; i < n; i++) {
                c->sub[i] = nft_x_new(p, NX_VALUE);
                c->sub[i]->dt = dts[i];
                c->sub[i]->len = lens[i];
            }
            im->typeof_data = c;
            im->data_is_type = true;
        }
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        im->kt[i] = dts[i];
        im->klen[i] = lens[i];
    }
    im->nk = (uint8_t)n;
    im->typeof_key = tx;
    if (n > 1)
        s->flags |= NFT_SET_F_CONCAT;
    return 0;
}

static void print_type_names(struct strbuf *b, const struct nft_dtype *const *dts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sb_printf(b, "%s%s", i ? " . " : "", dts[i]->name);
}

void nft_set_print_type(struct strbuf *b, const struct nft_set *s)
{
    const struct nft_set_impl *im = s->impl;
    if (!im) {
        sb_puts(b, "type integer");
        return;
    }
    bool typeof_ = im->typeof_key != NULL;
    if (typeof_) {
        sb_puts(b, "typeof ");
        nft_x_print(b, im->typeof_key);
    } else {
        sb_puts(b, "type ");
        print_type_names(b, im->kt, im->nk);
    }
    if (!s->is_map)
        return;
    sb_puts(b, " : ");
    if (im->data_interval)
        sb_puts(b, "interval ");
    if (im->typeof_data && !im->data_is_type) {
        nft_x_print(b, im->typeof_data);
    } else if (im->typeof_data) {
        for (uint8_t i = 0; i < im->typeof_data->nsub; i++)
            sb_printf(b, "%s%s", i ? " . " : "", im->typeof_data->sub[i]->dt->name);
    } else if (im->dt) {
        sb_puts(b, im->dt->name);
    }
}

/* ---- elements ---- */

static struct nft_elem *elem_add(struct nft_set *s)
{
    struct nft_set_impl *im = nft_set_impl(s);
    if (im->nelems == im->cap) {
        size_t cap = im->cap ? im->cap * 2 : 8;
        struct nft_elem *v = arena_alloc(&s->table->rs->arena, cap * sizeof(*v));
        if (im->nelems)
            memcpy(v, im->elems, im->nelems * sizeof(*v));
        im->elems = v;
        im->cap = cap;
    }
    struct nft_elem *e = &im->elems[im->nelems++];
    memset(e, 0, sizeof(*e));
    return e;
}

static int parse_data(struct nft_parse *p, struct nft_set *s, struct nft_elem *e)
{
    struct nft_set_impl *im = nft_set_impl(s);
    if (im->dt == &nft_dt_verdict) {
        struct nft_x *x = nft_x_new(p, NX_VERDICT);
        if (nft_parse_verdict(p, x) < 0)
            return -1;
        e->data = x;
        return 0;
    }
    if (im->obj_kind) {
        const struct nft_tok *t = nft_next(p);
        if (!t)
            return nft_error(p, NULL, "expected the name of a %s", im->obj_kind);
        struct nft_x *x = nft_x_new(p, NX_VALUE);
        x->dt = &nft_dt_string;
        x->len = 16;
        x->text = nft_strdup(p, t->text);
        snprintf((char *)x->v.b, sizeof(x->v.b), "%s", t->text);
        x->v.len = 16;
        e->data = x;
        return 0;
    }
    const struct nft_dtype *dts[NFT_MAXCAT];
    uint8_t lens[NFT_MAXCAT];
    size_t n = 1;
    if (im->typeof_data) {
        n = nft_x_types(im->typeof_data, dts, lens);
    } else {
        dts[0] = im->dt ? im->dt : &nft_dt_integer;
        lens[0] = im->dlen ? im->dlen : 4;
    }
    e->data = nft_parse_value(p, dts, lens, n);
    return e->data ? 0 : -1;
}

int nft_set_parse_elems(struct nft_parse *p, struct nft_set *s)
{
    struct nft_set_impl *im = nft_set_impl(s);
    const struct nft_tok *open = nft_next(p);
    if (!nft_tok_is(open, "{"))
        return nft_error(p, open, "expected \"{\" to start the elements");
    if (!im->nk) {
        im->kt[0] = &nft_dt_integer;
        im->klen[0] = 4;
        im->nk = 1;
    }
    for (;;) {
        if (nft_accept(p, "}"))
            return 0;
        if (nft_at_end(p))
            return nft_error(p, open, "\"{\" is not closed");
        struct nft_elem *e = elem_add(s);
        e->key = nft_parse_value(p, im->kt, im->klen, im->nk);
        if (!e->key)
            return -1;
        for (;;) {
            const struct nft_tok *t = nft_peek(p);
            if (nft_tok_is(t, "timeout") || nft_tok_is(t, "expires")) {
                p->pos++;
                const struct nft_tok *v = nft_next(p);
                uint64_t ms;
                if (!v || !nft_time_parse(v->text, &ms))
                    return nft_error(p, v, "expected a time such as 30s or 1h30m");
                if (nft_tok_is(t, "timeout"))
                    e->timeout_ms = ms;
                else
                    e->expires_ms = ms;
            } else if (nft_tok_is(t, "comment")) {
                p->pos++;
                const struct nft_tok *v = nft_next(p);
                if (!v || v->kind != NFT_TOK_STRING)
                    return nft_error(p, v, "expected a quoted comment");
                e->comment = nft_strdup(p, v->text);
            } else if (nft_tok_is(t, "counter")) {
                p->pos++;
                e->counter = true;
                if (nft_accept(p, "packets")) {
                    const struct nft_tok *v = nft_next(p);
                    e->pkts = v ? strtoull(v->text, NULL, 10) : 0;
                    if (!nft_accept(p, "bytes"))
                        return nft_error(p, nft_peek(p), "expected \"bytes\"");
                    v = nft_next(p);
                    e->bytes = v ? strtoull(v->text, NULL, 10) : 0;
                }
            } else {
                break;
            }
        }
        if (s->is_map) {
            if (!nft_accept(p, ":"))
                return nft_error(p, nft_peek(p), "a map element needs \": value\"");
            if (parse_data(p, s, e) < 0)
                return -1;
        }
        if (nft_accept(p, ","))
            continue;
        if (nft_tok_is(nft_peek(p), "}"))
            continue;
        return nft_error(p, nft_peek(p), "expected \",\" or \"}\" after an element");
    }
}

int nft_set_add_elements(struct nft_parse *p, struct nft_set *s)
{
    return nft_set_parse_elems(p, s);
}

/* ---- what nft does to an anonymous interval set when it loads it ---- */

static void elem_bounds(const struct nft_x *x, uint8_t *lo, uint8_t *hi, unsigned len)
{
    memcpy(lo, x->v.b, len);
    if (x->kind == NX_RANGE) {
        memcpy(hi, x->v2.b, len);
    } else if (x->kind == NX_PREFIX) {
        for (unsigned i = 0; i < len; i++) {
            int bits = (int)x->plen - (int)i * 8;
            uint8_t m = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
            hi[i] = (uint8_t)(lo[i] | (uint8_t)~m);
        }
    } else {
        memcpy(hi, lo, len);
    }
}

/* b + 1; false when it wraps to 0 */
static bool be_inc(uint8_t *b, unsigned len)
{
    for (unsigned i = len; i-- > 0;)
        if (++b[i])
            return true;
    return false;
}

/* [lo, hi] as `lo/plen`, if it is one prefix */
static bool as_prefix(const uint8_t *lo, const uint8_t *hi, unsigned len, unsigned *plen)
{
    unsigned n = 0;
    while (n < len * 8) {
        unsigned i = n / 8, bit = 7 - n % 8;
        if (((lo[i] >> bit) & 1) != ((hi[i] >> bit) & 1))
            break;
        n++;
    }
    for (unsigned k = n; k < len * 8; k++) {
        unsigned i = k / 8, bit = 7 - k % 8;
        if (((lo[i] >> bit) & 1) != 0 || ((hi[i] >> bit) & 1) != 1)
            return false;
    }
    *plen = n;
    return true;
}

static int bounds_cmp(const void *a, const void *b)
{
    const struct nft_elem *x = a, *y = b;
    return memcmp(x->key->v.b, y->key->v.b, NFT_VLEN);
}

void nft_set_automerge(struct nft_parse *p, struct nft_set *s)
{
    struct nft_set_impl *im = nft_set_impl(s);
    if (im->nk != 1 || s->is_map || im->nelems < 2)
        return;
    int kind = im->kt[0]->kind;
    if (kind != DT_ADDR4 && kind != DT_ADDR6 && kind != DT_INT)
        return;
    unsigned len = im->klen[0] ? im->klen[0] : im->kt[0]->size;
    if (!len || len > NFT_VLEN)
        return;
    bool interval = false;
    for (size_t i = 0; i < im->nelems; i++) {
        const struct nft_elem *e = &im->elems[i];
        if (e->timeout_ms || e->expires_ms || e->comment || e->counter)
            return;
        if (e->key->kind != NX_VALUE && e->key->kind != NX_PREFIX && e->key->kind != NX_RANGE)
            return;
        interval = interval || e->key->kind != NX_VALUE;
    }
    if (!interval)
        return;
    /* as [lo, hi] pairs (lo in v, hi in v2), sorted, merged where they
     * overlap or touch */
    for (size_t i = 0; i < im->nelems; i++) {
        struct nft_x *x = nft_x_new(p, NX_RANGE);
        *x = *im->elems[i].key;
        elem_bounds(im->elems[i].key, x->v.b, x->v2.b, len);
        x->kind = NX_RANGE;
        im->elems[i].key = x;
    }
    qsort(im->elems, im->nelems, sizeof(*im->elems), bounds_cmp);
    size_t k = 0;
    for (size_t i = 1; i < im->nelems; i++) {
        struct nft_x *cur = im->elems[k].key, *nx = im->elems[i].key;
        uint8_t next[NFT_VLEN];
        memcpy(next, cur->v2.b, len);
        bool room = be_inc(next, len);
        if (!room || memcmp(nx->v.b, next, len) <= 0) {
            if (memcmp(nx->v2.b, cur->v2.b, len) > 0)
                memcpy(cur->v2.b, nx->v2.b, len);
        } else {
            im->elems[++k] = im->elems[i];
        }
    }
    im->nelems = k + 1;
    for (size_t i = 0; i < im->nelems; i++) {
        struct nft_x *x = im->elems[i].key;
        unsigned plen;
        if (!memcmp(x->v.b, x->v2.b, len)) {
            x->kind = NX_VALUE;
            memset(&x->v2, 0, sizeof(x->v2));
        } else if (kind != DT_INT && as_prefix(x->v.b, x->v2.b, len, &plen)) {
            x->kind = NX_PREFIX;
            x->plen = (uint8_t)plen;
            memset(&x->v2, 0, sizeof(x->v2));
        }
    }
}

/* ---- the order nft lists elements in ---- */

static const struct nft_val *sort_val(const struct nft_x *x)
{
    return &x->v;
}

/* A concatenation is compared as the kernel's key (each part padded to 4
 * bytes) read as one little-endian number, as nft sorts it. */
static void concat_bytes(const struct nft_x *x, uint8_t *out, size_t *n)
{
    *n = 0;
    for (uint8_t i = 0; i < x->nsub; i++) {
        const struct nft_val *v = sort_val(x->sub[i]);
        unsigned len = x->sub[i]->len ? x->sub[i]->len : v->len;
        unsigned pad = (len + 3) & ~3u;
        memset(out + *n, 0, pad);
        memcpy(out + *n, v->b, len);
        *n += pad;
    }
}

static int elem_cmp(const void *a, const void *b)
{
    const struct nft_elem *x = a, *y = b;
    if (x->key->kind == NX_CONCAT && y->key->kind == NX_CONCAT) {
        uint8_t bx[NFT_MAXCAT * 16], by[NFT_MAXCAT * 16];
        size_t nx, ny;
        concat_bytes(x->key, bx, &nx);
        concat_bytes(y->key, by, &ny);
        size_t n = nx > ny ? nx : ny;
        for (size_t i = n; i-- > 0;) {
            uint8_t cx = i < nx ? bx[i] : 0, cy = i < ny ? by[i] : 0;
            if (cx != cy)
                return cx < cy ? -1 : 1;
        }
        return 0;
    }
    const struct nft_val *vx = sort_val(x->key), *vy = sort_val(y->key);
    if (x->key->dt && (x->key->dt->kind == DT_STRING || x->key->dt->kind == DT_IFINDEX)) {
        /* strings sort as little-endian numbers, as nft does */
        for (size_t i = NFT_VLEN; i-- > 0;)
            if (vx->b[i] != vy->b[i])
                return vx->b[i] < vy->b[i] ? -1 : 1;
        return 0;
    }
    size_t n = vx->len < vy->len ? vx->len : vy->len;
    int c = memcmp(vx->b, vy->b, n);
    if (c)
        return c;
    return (int)vx->len - (int)vy->len;
}

static void print_elem(struct strbuf *b, const struct nft_set *s, const struct nft_elem *e)
{
    nft_x_print(b, e->key);
    if (e->timeout_ms) {
        sb_puts(b, " timeout ");
        nft_time_print(b, e->timeout_ms);
    }
    if (e->expires_ms) {
        sb_puts(b, " expires ");
        nft_time_print(b, e->expires_ms);
    }
    if (e->counter || s->counter) /* a set with `counter` counts every element */
        sb_printf(b, " counter packets %llu bytes %llu", (unsigned long long)e->pkts,
                  (unsigned long long)e->bytes);
    if (e->comment)
        sb_printf(b, " comment \"%s\"", e->comment);
    if (s->is_map && e->data) {
        sb_puts(b, " : ");
        if (e->data->kind == NX_VALUE && e->data->text && e->data->dt == &nft_dt_string)
            sb_printf(b, "\"%s\"", e->data->text); /* an object's name, quoted as nft does */
        else
            nft_x_print(b, e->data);
    }
}

/* In an interval set the kernel's tree orders strings as bytes
 * ("eth1" before "wg*"). */
static int elem_cmp_bytes(const void *a, const void *b)
{
    const struct nft_elem *x = a, *y = b;
    if (x->key->kind != NX_CONCAT && y->key->kind != NX_CONCAT && x->key->dt &&
        (x->key->dt->kind == DT_STRING || x->key->dt->kind == DT_IFINDEX)) {
        int c = memcmp(x->key->v.b, y->key->v.b, NFT_VLEN);
        if (c)
            return c;
        return (int)y->key->v.wild - (int)x->key->v.wild;
    }
    return elem_cmp(a, b);
}

static bool is_interval_elem(const struct nft_x *k)
{
    if (k->kind == NX_CONCAT) {
        for (uint8_t i = 0; i < k->nsub; i++)
            if (is_interval_elem(k->sub[i]))
                return true;
        return false;
    }
    return k->kind == NX_PREFIX || k->kind == NX_RANGE || (k->kind == NX_VALUE && k->v.wild);
}

/* A string covered by a wildcard element ("eth1" by "eth*"): merged away
 * when nft loads an anonymous set. */
static bool covered(const struct nft_elem *v, size_t n, size_t i)
{
    const struct nft_x *k = v[i].key;
    if (k->kind != NX_VALUE)
        return false;
    for (size_t j = 0; j < n; j++) {
        const struct nft_x *w = v[j].key;
        if (j == i || w->kind != NX_VALUE || !w->v.wild || (k->v.wild && k->v.len <= w->v.len))
            continue;
        if (!memcmp(k->v.b, w->v.b, w->v.len) && (k->v.wild || k->v.len >= w->v.len))
            return true;
    }
    return false;
}

static struct nft_elem *sorted(const struct nft_set *s, size_t *n)
{
    const struct nft_set_impl *im = s->impl;
    *n = im ? im->nelems : 0;
    if (!*n)
        return NULL;
    struct nft_elem *v = xmalloc(*n * sizeof(*v));
    memcpy(v, im->elems, *n * sizeof(*v));
    bool interval = (s->flags & NFT_SET_F_INTERVAL) != 0;
    bool strings = im->nk == 1 && (im->kt[0]->kind == DT_STRING || im->kt[0]->kind == DT_IFINDEX);
    for (size_t i = 0; i < *n && !interval; i++)
        interval = is_interval_elem(v[i].key);
    if (interval && im->nk > 1)
        return v; /* a concatenation with intervals (pipapo): as added */
    if (interval && strings) {
        if (!s->name) {
            size_t k = 0;
            for (size_t i = 0; i < *n; i++)
                if (!covered(v, *n, i))
                    v[k++] = v[i];
            *n = k;
        }
        qsort(v, *n, sizeof(*v), elem_cmp_bytes);
        return v;
    }
    qsort(v, *n, sizeof(*v), elem_cmp);
    return v;
}

void nft_set_print_anon(struct strbuf *b, const struct nft_set *s)
{
    size_t n;
    struct nft_elem *v = sorted(s, &n);
    sb_puts(b, "{ ");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_puts(b, ", ");
        print_elem(b, s, &v[i]);
    }
    sb_puts(b, " }");
    free(v);
}

void nft_set_print_elements(struct strbuf *b, const struct nft_set *s, int indent)
{
    size_t n;
    struct nft_elem *v = sorted(s, &n);
    if (!n)
        return;
    const struct nft_set_impl *im = s->impl;
    int delim = im->nk == 1 ? im->kt[0]->delim : DELIM_NL;
    sb_puts(b, "elements = { ");
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            bool nl = delim == DELIM_NL || (delim == DELIM_2 && count >= 2) ||
                      (delim == DELIM_16 && count >= 16);
            if (nl) {
                sb_puts(b, ",\n");
                for (int k = 0; k <= indent; k++)
                    sb_putc(b, '\t');
                sb_puts(b, "     ");
                count = 0;
            } else {
                sb_puts(b, ", ");
            }
        }
        print_elem(b, s, &v[i]);
        count++;
    }
    sb_puts(b, " }");
    free(v);
}

/* ---- lookups ---- */

const struct nft_elem *nft_set_lookup(const struct nft_set *s, const struct nft_key *k)
{
    const struct nft_set_impl *im = s->impl;
    if (!im)
        return NULL;
    for (size_t i = 0; i < im->nelems; i++)
        if (nft_pattern_match(im->elems[i].key, k, 0))
            return &im->elems[i];
    return NULL;
}
