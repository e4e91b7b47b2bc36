/*
 * nft_expr.c - value expressions: selectors (found in the families' tables),
 * concatenations, bitwise operations and constants; parsing, printing and
 * evaluation on a packet (nftables src/expression.c, parser_bison.y; kernel
 * nft_bitwise.c, nft_cmp.c, nft_range.c).
 */
#include "nft_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- tokens ---- */

const struct nft_tok *nft_peek(struct nft_parse *p)
{
    return p->pos < p->ntok ? &p->tok[p->pos] : NULL;
}

const struct nft_tok *nft_peek_at(struct nft_parse *p, size_t ahead)
{
    return p->pos + ahead < p->ntok ? &p->tok[p->pos + ahead] : NULL;
}

const struct nft_tok *nft_next(struct nft_parse *p)
{
    return p->pos < p->ntok ? &p->tok[p->pos++] : NULL;
}

bool nft_accept(struct nft_parse *p, const char *word)
{
    if (nft_tok_is(nft_peek(p), word)) {
        p->pos++;
        return true;
    }
    return false;
}

bool nft_at_end(struct nft_parse *p)
{
    return p->pos >= p->ntok;
}

void *nft_alloc(struct nft_parse *p, size_t n)
{
    return arena_alloc(&p->rs->arena, n);
}

char *nft_strdup(struct nft_parse *p, const char *s)
{
    return arena_strdup(&p->rs->arena, s);
}

struct nft_x *nft_x_new(struct nft_parse *p, int kind)
{
    struct nft_x *x = nft_alloc(p, sizeof(*x));
    x->kind = (uint8_t)kind;
    return x;
}

/* ---- selectors ---- */

static const struct nft_sel_family *const other_families[] = {
    &nft_meta_family,    &nft_ct_family, &nft_fib_family, &nft_numgen_family, &nft_jhash_family,
    &nft_symhash_family, &nft_rt_family, &nft_osf_family, &nft_xfrm_family,
};

/* Families named by two words (`tcp option maxseg size`). */
static const struct nft_sel_family *two_word_family(struct nft_parse *p)
{
    const struct nft_tok *a = nft_peek(p), *b = nft_peek_at(p, 1);
    if (nft_tok_is(a, "tcp") && nft_tok_is(b, "option"))
        return &nft_tcpopt_family;
    return NULL;
}

static const struct nft_sel_family *family_find(const char *name)
{
    for (size_t i = 0; i < nft_npayload_families; i++)
        if (!strcmp(nft_payload_families[i].name, name))
            return &nft_payload_families[i];
    for (size_t i = 0; i < ARRAY_SIZE(other_families); i++)
        if (!strcmp(other_families[i]->name, name))
            return other_families[i];
    return NULL;
}

bool nft_sel_starts(struct nft_parse *p)
{
    const struct nft_tok *t = nft_peek(p);
    if (nft_raw_payload_starts(p))
        return true;
    if (!t || t->kind != NFT_TOK_WORD)
        return false;
    return family_find(t->text) || nft_meta_unqualified(t->text);
}

static struct nft_x *sel_x(struct nft_parse *p, const struct nft_sel *s)
{
    struct nft_x *x = nft_x_new(p, NX_SEL);
    x->sel = s;
    x->dt = s->dt;
    x->len = s->len;
    if (s->parse && s->parse(p, x) < 0)
        return NULL;
    return x;
}

static struct nft_x *parse_selector(struct nft_parse *p)
{
    const struct nft_tok *t = nft_peek(p);
    if (nft_raw_payload_starts(p))
        return nft_parse_raw_payload(p);
    if (!t || t->kind != NFT_TOK_WORD) {
        nft_error(p, t, t ? "expected an expression, not \"%s\"" : "expected an expression%s",
                  t ? t->text : "");
        return NULL;
    }
    const struct nft_sel_family *f = two_word_family(p);
    if (f)
        p->pos++; /* the first word; the second below */
    else
        f = family_find(t->text);
    if (!f) {
        const struct nft_sel *s = nft_meta_unqualified(t->text);
        if (s) {
            p->pos++;
            return sel_x(p, s);
        }
        nft_error(p, t, "unknown expression \"%s\"", t->text);
        return NULL;
    }
    p->pos++;
    if (f->parse) {
        struct nft_x *x = NULL;
        return f->parse(p, f, &x) < 0 ? NULL : x;
    }
    const struct nft_tok *k = nft_peek(p);
    if (!k || k->kind != NFT_TOK_WORD) {
        nft_error(p, k, "\"%s\" needs a field name", f->name);
        return NULL;
    }
    for (size_t i = 0; i < f->n; i++)
        if (f->sels[i].key && !strcmp(f->sels[i].key, k->text)) {
            p->pos++;
            return sel_x(p, &f->sels[i]);
        }
    nft_error(p, k, "unknown %s field \"%s\"", f->name, k->text);
    return NULL;
}

static struct nft_x *parse_concat(struct nft_parse *p)
{
    struct nft_x *first = parse_selector(p);
    if (!first)
        return NULL;
    if (!nft_tok_is(nft_peek(p), "."))
        return first;
    struct nft_x *subs[NFT_MAXCAT];
    uint8_t n = 0;
    subs[n++] = first;
    unsigned len = first->len;
    while (nft_tok_is(nft_peek(p), ".")) {
        const struct nft_tok *dot = nft_next(p);
        if (n == NFT_MAXCAT) {
            nft_error(p, dot, "too many concatenated expressions (at most %d)", NFT_MAXCAT);
            return NULL;
        }
        struct nft_x *s = parse_selector(p);
        if (!s)
            return NULL;
        subs[n++] = s;
        len += s->len;
    }
    struct nft_x *x = nft_x_new(p, NX_CONCAT);
    x->sub = nft_alloc(p, n * sizeof(*x->sub));
    memcpy(x->sub, subs, n * sizeof(*subs));
    x->nsub = n;
    x->len = (uint8_t)(len > 255 ? 255 : len);
    x->dt = NULL;
    return x;
}

static int binop_of(const struct nft_tok *t)
{
    if (!t)
        return 0;
    if (nft_tok_is(t, "&") || nft_tok_is(t, "and"))
        return '&';
    if (nft_tok_is(t, "|") || nft_tok_is(t, "or"))
        return '|';
    if (nft_tok_is(t, "^") || nft_tok_is(t, "xor"))
        return '^';
    if (nft_tok_is(t, ">>") || nft_tok_is(t, "rshift"))
        return '>';
    if (nft_tok_is(t, "<<") || nft_tok_is(t, "lshift"))
        return '<';
    return 0;
}

/* A constant operand of a bitwise operation: a value, or `(a|b)` of flags. */
static int parse_operand(struct nft_parse *p, const struct nft_dtype *dt, uint8_t len,
                         struct nft_val *out)
{
    bool paren = nft_accept(p, "(");
    memset(out, 0, sizeof(*out));
    out->len = len;
    for (;;) {
        const struct nft_tok *t = nft_next(p);
        if (!t)
            return nft_error(p, NULL, "expected a value");
        struct nft_val v;
        const char *err = nft_dt_parse(dt, len, t, &v);
        if (err)
            return nft_error(p, t, "\"%s\": %s (%s expected)", t->text, err, dt->desc);
        for (unsigned i = 0; i < len; i++)
            out->b[i] |= v.b[i];
        if (!(paren || dt->bitmask) ||
            !(nft_tok_is(nft_peek(p), "|") || nft_tok_is(nft_peek(p), ",")))
            break;
        p->pos++;
    }
    if (paren && !nft_accept(p, ")"))
        return nft_error(p, nft_peek(p), "expected \")\"");
    return 0;
}

struct nft_x *nft_parse_lhs(struct nft_parse *p)
{
    struct nft_x *x = parse_concat(p);
    while (x) {
        int op = binop_of(nft_peek(p));
        if (!op)
            break;
        const struct nft_tok *t = nft_next(p);
        if (x->kind == NX_CONCAT) {
            nft_error(p, t, "a bitwise operation needs a single expression on its left");
            return NULL;
        }
        struct nft_x *b = nft_x_new(p, NX_BINOP);
        b->op = (uint8_t)op;
        b->dt = x->dt;
        b->len = x->len;
        b->sub = nft_alloc(p, sizeof(*b->sub));
        b->sub[0] = x;
        b->nsub = 1;
        if (op == '<' || op == '>') {
            const struct nft_tok *n = nft_next(p);
            if (!n)
                return nft_error(p, NULL, "expected a shift count"), NULL;
            const char *err = nft_dt_parse(&nft_dt_integer, 1, n, &b->v);
            if (err)
                return nft_error(p, n, "\"%s\": %s", n->text, err), NULL;
            b->dt = &nft_dt_integer;
        } else if (parse_operand(p, x->dt ? x->dt : &nft_dt_integer, x->len, &b->v) < 0) {
            return NULL;
        }
        /* `x & M | V` is the kernel's (x & (M|V)) ^ V... nft lists the mask
         * it loaded: `& 0xff00 | 0xf0f0` lists as `& 0xfff0 | 0xf0f0` */
        if (op == '|' && x->kind == NX_BINOP && x->op == '&')
            for (unsigned i = 0; i < x->len && i < NFT_VLEN; i++)
                x->v.b[i] |= b->v.b[i];
        /* `& M ^ V` with no bit of V in M is the same OR and lists so */
        if (op == '^' && x->kind == NX_BINOP && x->op == '&') {
            bool disjoint = true;
            for (unsigned i = 0; i < x->len && i < NFT_VLEN; i++)
                disjoint = disjoint && !(x->v.b[i] & b->v.b[i]);
            if (disjoint) {
                b->op = '|';
                for (unsigned i = 0; i < x->len && i < NFT_VLEN; i++)
                    x->v.b[i] |= b->v.b[i];
            }
        }
        x = b;
    }
    return x;
}

size_t nft_x_types(const struct nft_x *x, const struct nft_dtype **dts, uint8_t *lens)
{
    if (x->kind == NX_CONCAT) {
        size_t n = 0;
        for (uint8_t i = 0; i < x->nsub; i++)
            n += nft_x_types(x->sub[i], dts + n, lens + n);
        return n;
    }
    dts[0] = x->dt ? x->dt : &nft_dt_integer;
    lens[0] = x->len;
    return 1;
}

/* ---- constants ---- */

static bool try_const(const struct nft_dtype *dt, uint8_t len, const struct nft_tok *t,
                      const char *text, struct nft_val *out, const char **err)
{
    struct nft_tok tt = *t;
    tt.text = text;
    *err = nft_dt_parse(dt, len, &tt, out);
    return *err == NULL;
}

struct nft_x *nft_parse_const(struct nft_parse *p, const struct nft_dtype *dt, uint8_t len,
                              const struct nft_tok *t, bool allow_interval)
{
    struct nft_x *x = nft_x_new(p, NX_VALUE);
    x->dt = dt;
    x->len = len ? len : dt->size;
    const char *err;
    /* `::` alone is punctuation to the scanner, and the IPv6 address 0 */
    bool any6 = dt->kind == DT_ADDR6 && t->kind == NFT_TOK_PUNCT && !strcmp(t->text, "::");
    if (t->kind != NFT_TOK_WORD && t->kind != NFT_TOK_STRING && !any6) {
        nft_error(p, t, "expected a value (%s), not \"%s\"", dt->desc, t->text);
        return NULL;
    }
    if (try_const(dt, x->len, t, t->text, &x->v, &err))
        return x;
    const char *first_err = err;
    if (allow_interval && t->kind == NFT_TOK_WORD) {
        char buf[256];
        snprintf(buf, sizeof(buf), "%s", t->text);
        char *slash = strrchr(buf, '/');
        if (slash && (dt->kind == DT_ADDR4 || dt->kind == DT_ADDR6 || dt->kind == DT_INT)) {
            *slash = 0;
            char *end;
            long pl = strtol(slash + 1, &end, 10);
            if (!*end && slash[1] && pl >= 0 && pl <= x->len * 8 &&
                try_const(dt, x->len, t, buf, &x->v, &err)) {
                x->kind = NX_PREFIX;
                x->plen = (uint8_t)pl;
                /* nft masks the address */
                for (unsigned i = 0; i < x->len; i++) {
                    int bits = (int)pl - (int)i * 8;
                    uint8_t m = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
                    x->v.b[i] &= m;
                }
                return x;
            }
        }
        for (char *dash = strchr(buf, '-'); dash; dash = strchr(dash + 1, '-')) {
            if (dash == buf)
                continue;
            *dash = 0;
            struct nft_val lo, hi;
            const char *e1, *e2;
            bool ok = try_const(dt, x->len, t, buf, &lo, &e1) &&
                      try_const(dt, x->len, t, dash + 1, &hi, &e2);
            *dash = '-';
            if (ok) {
                if (memcmp(lo.b, hi.b, x->len) > 0) {
                    nft_error(p, t, "range \"%s\" has its low end above its high end", t->text);
                    return NULL;
                }
                x->kind = NX_RANGE;
                x->v = lo;
                x->v2 = hi;
                return x;
            }
        }
    }
    nft_error(p, t, "\"%s\" is not a valid %s: %s", t->text, dt->desc, first_err);
    return NULL;
}

static struct nft_x *parse_component(struct nft_parse *p, const struct nft_dtype *dt, uint8_t len,
                                     bool single, bool lists)
{
    const struct nft_tok *t = nft_next(p);
    if (!t) {
        nft_error(p, NULL, "expected a value (%s)", dt->desc);
        return NULL;
    }
    if (single && (nft_tok_is(t, "exists") || nft_tok_is(t, "missing"))) {
        struct nft_x *x = nft_x_new(p, NX_VALUE);
        x->dt = &nft_dt_boolean;
        x->len = 1;
        nft_val_set_u64(&x->v, 1, nft_tok_is(t, "exists"));
        return x;
    }
    struct nft_x *x = nft_parse_const(p, dt, len, t, true);
    /* a range of quoted values: `meta hour "21:51:23"-"23:51:23"` */
    const struct nft_tok *dash = nft_peek(p), *hi_t = nft_peek_at(p, 1);
    if (x && x->kind == NX_VALUE && nft_tok_is(dash, "-") && hi_t &&
        (hi_t->kind == NFT_TOK_STRING || hi_t->kind == NFT_TOK_WORD) &&
        (t->kind == NFT_TOK_STRING || hi_t->kind == NFT_TOK_STRING)) {
        p->pos += 2;
        struct nft_x *hi = nft_parse_const(p, dt, len, hi_t, false);
        if (!hi)
            return NULL;
        if (memcmp(x->v.b, hi->v.b, x->len) > 0) {
            nft_error(p, t, "the range's low end is above its high end");
            return NULL;
        }
        x->kind = NX_RANGE;
        x->v2 = hi->v;
        return x;
    }
    if (!x || !single || !lists || !dt->bitmask || x->kind != NX_VALUE)
        return x;
    /* flag lists: `established,related`, `syn / syn,ack` */
    while (nft_tok_is(nft_peek(p), ",")) {
        p->pos++;
        const struct nft_tok *n = nft_next(p);
        if (!n)
            return nft_error(p, NULL, "expected a value after \",\""), NULL;
        struct nft_x *y = nft_parse_const(p, dt, len, n, false);
        if (!y)
            return NULL;
        for (unsigned i = 0; i < x->len; i++)
            x->v.b[i] |= y->v.b[i];
        x->kind = NX_LIST;
    }
    if (nft_tok_is(nft_peek(p), "/")) {
        p->pos++;
        struct nft_val m;
        if (parse_operand(p, dt, x->len, &m) < 0)
            return NULL;
        x->kind = NX_MASKED;
        x->v2 = m;
    }
    return x;
}

static struct nft_x *parse_value_of(struct nft_parse *p, const struct nft_dtype **dts,
                                    const uint8_t *lens, size_t n, bool lists)
{
    if (n == 1)
        return parse_component(p, dts[0], lens[0], true, lists);
    struct nft_x *x = nft_x_new(p, NX_CONCAT);
    x->sub = nft_alloc(p, n * sizeof(*x->sub));
    x->nsub = (uint8_t)n;
    unsigned len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && !nft_accept(p, ".")) {
            nft_error(p, nft_peek(p), "expected \".\" and a %s (the key has %zu parts)",
                      dts[i]->desc, n);
            return NULL;
        }
        x->sub[i] = parse_component(p, dts[i], lens[i], false, false);
        if (!x->sub[i])
            return NULL;
        len += lens[i];
    }
    x->len = (uint8_t)(len > 255 ? 255 : len);
    return x;
}

/* `{ ... }` in a rule: an anonymous set of the lhs's types. */
static struct nft_x *parse_anon_set(struct nft_parse *p, const struct nft_dtype **dts,
                                    const uint8_t *lens, size_t n, bool map)
{
    struct nft_set *s = nft_table_add_set(p->table, NULL, map);
    s->flags |= NFT_SET_F_CONSTANT;
    struct nft_set_impl *im = nft_set_impl(s);
    for (size_t i = 0; i < n; i++) {
        im->kt[i] = dts[i];
        im->klen[i] = lens[i];
    }
    im->nk = (uint8_t)n;
    if (n > 1)
        s->flags |= NFT_SET_F_CONCAT;
    struct nft_x *x = nft_x_new(p, NX_SET);
    x->set = s;
    return x;
}

struct nft_x *nft_parse_value(struct nft_parse *p, const struct nft_dtype **dts,
                              const uint8_t *lens, size_t n);
struct nft_x *nft_parse_value(struct nft_parse *p, const struct nft_dtype **dts,
                              const uint8_t *lens, size_t n)
{
    return parse_value_of(p, dts, lens, n, false); /* set elements */
}

static bool set_key_compatible(const struct nft_set *s, const struct nft_dtype **dts,
                               const uint8_t *lens, size_t n)
{
    const struct nft_set_impl *im = s->impl;
    if (!im || !im->nk)
        return true;
    if (im->nk != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (im->kt[i] == dts[i])
            continue;
        if (im->kt[i]->kind != dts[i]->kind || im->klen[i] != lens[i])
            if (!(im->kt[i] == &nft_dt_integer || dts[i] == &nft_dt_integer))
                return false;
    }
    return true;
}

struct nft_x *nft_parse_rhs(struct nft_parse *p, const struct nft_x *lhs, bool allow_set)
{
    const struct nft_dtype *dts[NFT_MAXCAT * 2];
    uint8_t lens[NFT_MAXCAT * 2];
    size_t n = nft_x_types(lhs, dts, lens);
    const struct nft_tok *t = nft_peek(p);
    if (!t)
        return nft_error(p, NULL, "expected a value to compare with"), NULL;
    if (allow_set && nft_tok_is(t, "{")) {
        struct nft_x *x = parse_anon_set(p, dts, lens, n, false);
        if (nft_set_parse_elems(p, x->set) < 0)
            return NULL;
        const struct nft_set_impl *im = x->set->impl;
        /* nft makes `{ one }` the value itself (not for concatenations) */
        if (n == 1 && im->nelems == 1 && !im->elems[0].timeout_ms && !im->elems[0].comment &&
            !im->elems[0].counter && im->elems[0].key->kind != NX_CONCAT)
            return im->elems[0].key;
        nft_set_automerge(p, x->set);
        return x;
    }
    if (allow_set && t->kind == NFT_TOK_SETREF) {
        p->pos++;
        struct nft_set *s = nft_table_find_set(p->table, t->text);
        if (!s)
            return nft_error(p, t, "unknown set \"@%s\" in table %s %s", t->text,
                             family_name(p->table->family), p->table->name),
                   NULL;
        /* a map's keys are a set too: `iifname @m1` is a lookup in them
         * (nft 1.0.6 and the kernel accept it) */
        if (!set_key_compatible(s, dts, lens, n))
            return nft_error(p, t, "set \"@%s\" holds values of another type than the expression",
                             t->text),
                   NULL;
        struct nft_x *x = nft_x_new(p, NX_SETREF);
        x->set = s;
        return x;
    }
    /* `(syn | ack)` or `syn|ack`: one value, the OR of the flags */
    const struct nft_tok *t2 = nft_peek_at(p, 1);
    if (n == 1 && (nft_tok_is(t, "(") || (dts[0]->bitmask && nft_tok_is(t2, "|")))) {
        struct nft_x *x = nft_x_new(p, NX_VALUE);
        x->dt = dts[0];
        x->len = lens[0];
        if (parse_operand(p, dts[0], lens[0], &x->v) < 0)
            return NULL;
        return x;
    }
    return parse_value_of(p, dts, lens, n, true);
}

/* `map { ... }` / `map @m` after a key expression; data of dt/len. */
static struct nft_x *parse_map(struct nft_parse *p, struct nft_x *key, const struct nft_dtype *dt,
                               uint8_t len)
{
    const struct nft_tok *t = nft_peek(p);
    struct nft_x *x = nft_x_new(p, NX_MAP);
    x->sub = nft_alloc(p, sizeof(*x->sub));
    x->sub[0] = key;
    x->nsub = 1;
    x->dt = dt;
    x->len = len;
    if (t && t->kind == NFT_TOK_SETREF) {
        p->pos++;
        struct nft_set *s = nft_table_find_set(p->table, t->text);
        if (!s || !s->is_map)
            return nft_error(p, t, s ? "\"@%s\" is a set, not a map" : "unknown map \"@%s\"",
                             t->text),
                   NULL;
        x->set = s;
        const struct nft_set_impl *im = s->impl;
        if (im && im->dt) {
            x->dt = im->dt;
            x->len = im->dlen;
        }
        return x;
    }
    if (!nft_tok_is(t, "{"))
        return nft_error(p, t, "expected \"{\" or \"@map\" after \"map\""), NULL;
    const struct nft_dtype *dts[NFT_MAXCAT * 2];
    uint8_t lens[NFT_MAXCAT * 2];
    size_t n = nft_x_types(key, dts, lens);
    struct nft_x *sx = parse_anon_set(p, dts, lens, n, true);
    struct nft_set_impl *im = nft_set_impl(sx->set);
    im->dt = dt;
    im->dlen = len;
    if (nft_set_parse_elems(p, sx->set) < 0)
        return NULL;
    x->set = sx->set;
    return x;
}

struct nft_x *nft_parse_map_of(struct nft_parse *p, struct nft_x *key, const struct nft_dtype *dt,
                               uint8_t len);
struct nft_x *nft_parse_map_of(struct nft_parse *p, struct nft_x *key, const struct nft_dtype *dt,
                               uint8_t len)
{
    return parse_map(p, key, dt, len);
}

struct nft_x *nft_parse_arg(struct nft_parse *p, const struct nft_dtype *dt, uint8_t len)
{
    if (nft_sel_starts(p)) {
        struct nft_x *x = nft_parse_lhs(p);
        if (!x)
            return NULL;
        if (nft_accept(p, "map"))
            return parse_map(p, x, dt, len);
        return x;
    }
    const struct nft_tok *t = nft_next(p);
    if (!t)
        return nft_error(p, NULL, "expected a value (%s)", dt->desc), NULL;
    return nft_parse_const(p, dt, len, t, false);
}

/* ---- printing ---- */

void nft_x_print(struct strbuf *b, const struct nft_x *x)
{
    switch (x->kind) {
    case NX_SEL:
        if (x->sel->print)
            x->sel->print(b, x);
        else if (x->sel->key)
            sb_printf(b, "%s%s%s", x->sel->unqualified ? "" : x->sel->proto,
                      x->sel->unqualified ? "" : " ", x->sel->key);
        else
            sb_puts(b, x->sel->proto);
        return;
    case NX_CONCAT:
        for (uint8_t i = 0; i < x->nsub; i++) {
            if (i)
                sb_puts(b, " . ");
            nft_x_print(b, x->sub[i]);
        }
        return;
    case NX_BINOP: {
        nft_x_print(b, x->sub[0]);
        static const char *const names[] = {
            ['&'] = "&", ['|'] = "|", ['^'] = "^", ['<'] = "<<", ['>'] = ">>"};
        sb_printf(b, " %s ", names[x->op]);
        if (x->op == '<' || x->op == '>')
            sb_printf(b, "%llu", (unsigned long long)nft_val_u64(&x->v));
        else
            nft_dt_print(b, x->sub[0]->dt ? x->sub[0]->dt : &nft_dt_integer, &x->v);
        return;
    }
    case NX_VALUE:
    case NX_LIST:
        nft_dt_print(b, x->dt, &x->v);
        return;
    case NX_PREFIX:
        nft_dt_print(b, x->dt, &x->v);
        if (!x->len || x->plen != x->len * 8) /* a whole-length prefix is the address */
            sb_printf(b, "/%u", x->plen);
        return;
    case NX_RANGE:
        nft_dt_print(b, x->dt, &x->v);
        sb_putc(b, '-');
        nft_dt_print(b, x->dt, &x->v2);
        return;
    case NX_MASKED:
        nft_dt_print(b, x->dt, &x->v);
        sb_puts(b, " / ");
        nft_dt_print(b, x->dt, &x->v2);
        return;
    case NX_SET:
        nft_set_print_anon(b, x->set);
        return;
    case NX_SETREF:
        sb_printf(b, "@%s", x->set->name);
        return;
    case NX_MAP:
        nft_x_print(b, x->sub[0]);
        sb_puts(b, " map ");
        if (x->set->name)
            sb_printf(b, "@%s", x->set->name);
        else
            nft_set_print_anon(b, x->set);
        return;
    case NX_VERDICT:
        nft_print_verdict(b, x->verdict, x->chain);
        return;
    }
}

/* ---- evaluation ---- */

int nft_x_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_key *out)
{
    switch (x->kind) {
    case NX_SEL: {
        out->n = 1;
        memset(&out->c[0], 0, sizeof(out->c[0]));
        out->c[0].len = x->len;
        return x->sel->eval ? x->sel->eval(c, x, &out->c[0]) : -1;
    }
    case NX_CONCAT: {
        out->n = 0;
        for (uint8_t i = 0; i < x->nsub; i++) {
            struct nft_key k;
            int r = nft_x_eval(c, x->sub[i], &k);
            if (r <= 0)
                return r;
            for (uint8_t j = 0; j < k.n && out->n < NFT_MAXCAT; j++)
                out->c[out->n++] = k.c[j];
        }
        return 1;
    }
    case NX_BINOP: {
        int r = nft_x_eval(c, x->sub[0], out);
        if (r <= 0)
            return r;
        struct nft_val *v = &out->c[0];
        if (x->op == '<' || x->op == '>') {
            uint64_t a = nft_val_u64(v), s = nft_val_u64(&x->v);
            a = s >= 64 ? 0 : x->op == '<' ? a << s : a >> s;
            nft_val_set_u64(v, v->len, a);
            return 1;
        }
        for (unsigned i = 0; i < v->len && i < x->v.len; i++)
            v->b[i] = x->op == '&'   ? v->b[i] & x->v.b[i]
                      : x->op == '|' ? v->b[i] | x->v.b[i]
                                     : v->b[i] ^ x->v.b[i];
        return 1;
    }
    case NX_VALUE:
    case NX_LIST:
        out->n = 1;
        out->c[0] = x->v;
        return 1;
    case NX_MAP: {
        struct nft_key k;
        int r = nft_x_eval(c, x->sub[0], &k);
        if (r <= 0)
            return r;
        const struct nft_elem *e = nft_set_lookup(x->set, &k);
        if (!e) {
            if (x->set->flags & NFT_SET_F_EVAL)
                return -1;
            return 0; /* no element: NFT_BREAK */
        }
        if (!e->data)
            return -1;
        if (e->data->kind == NX_RANGE || e->data->kind == NX_PREFIX) {
            out->n = 1;
            out->c[0] = e->data->v;
            return 1;
        }
        return nft_x_eval(c, e->data, out);
    }
    default:
        return -1;
    }
}

static bool val_match(const struct nft_x *pat, const struct nft_val *v)
{
    unsigned n = pat->v.len < v->len ? pat->v.len : v->len;
    switch (pat->kind) {
    case NX_VALUE:
        if (pat->v.wild)
            return memcmp(pat->v.b, v->b, pat->v.len) == 0;
        if (pat->dt && (pat->dt->kind == DT_STRING || pat->dt->kind == DT_IFINDEX))
            return strncmp((const char *)pat->v.b, (const char *)v->b, NFT_VLEN) == 0;
        return memcmp(pat->v.b, v->b, n) == 0;
    case NX_LIST: {
        for (unsigned i = 0; i < n; i++)
            if (pat->v.b[i] & v->b[i])
                return true;
        return false;
    }
    case NX_MASKED:
        for (unsigned i = 0; i < n; i++)
            if ((v->b[i] & pat->v2.b[i]) != pat->v.b[i])
                return false;
        return true;
    case NX_PREFIX:
        for (unsigned i = 0; i < n; i++) {
            int bits = (int)pat->plen - (int)i * 8;
            uint8_t m = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
            if ((v->b[i] & m) != pat->v.b[i])
                return false;
        }
        return true;
    case NX_RANGE:
        return memcmp(pat->v.b, v->b, n) <= 0 && memcmp(v->b, pat->v2.b, n) <= 0;
    default:
        return false;
    }
}

bool nft_pattern_match(const struct nft_x *pat, const struct nft_key *k, size_t first)
{
    if (pat->kind == NX_CONCAT) {
        for (uint8_t i = 0; i < pat->nsub; i++)
            if (first + i >= k->n || !val_match(pat->sub[i], &k->c[first + i]))
                return false;
        return true;
    }
    return first < k->n && val_match(pat, &k->c[first]);
}

bool nft_val_from_key(const struct nft_key *k, struct nft_val *v)
{
    if (k->n != 1)
        return false;
    *v = k->c[0];
    return true;
}
