/*
 * nft_cmp.c - relational expressions `LHS [OP] RHS` (kernel nft_cmp.c,
 * nft_range.c, nft_bitwise.c, nft_lookup.c) and the `SELECTOR set VALUE`
 * statement (nft_meta.c / nft_ct.c / nft_payload.c set operations).
 */
#include "nft_int.h"

#include <string.h>

static const char *const op_names[] = {"", "==", "!=", "<", ">", "<=", ">="};

static bool set_unknown(const struct nft_set *s)
{
    const struct nft_set_impl *im = s->impl;
    if (s->flags & (NFT_SET_F_EVAL | NFT_SET_F_TIMEOUT))
        return true; /* filled by the packet path */
    return s->name && !(s->flags & NFT_SET_F_CONSTANT) && (!im || !im->nelems);
}

static int rel_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct nft_rel *r = e->data;
    struct nft_key k;
    int res = nft_x_eval(c, r->lhs, &k);
    if (res <= 0)
        return res; /* break: the rule does not match; unknown: fork */
    bool neg = r->op == OP_NE;
    const struct nft_x *rhs = r->rhs;
    if (rhs->kind == NX_SET || rhs->kind == NX_SETREF) {
        const struct nft_elem *el = nft_set_lookup(rhs->set, &k);
        if (!el && rhs->kind == NX_SETREF && set_unknown(rhs->set)) {
            struct strbuf t;
            sb_init(&t);
            sb_puts(&t, "the key is in @");
            sb_puts(&t, rhs->set->name);
            sb_puts(&t, " (its elements are added at run time)");
            bool in = sim_decide(c, t.s, -1);
            sb_free(&t);
            return in != neg;
        }
        return (el != NULL) != neg;
    }
    if (rhs->kind == NX_VALUE && rhs->dt == &nft_dt_boolean) {
        /* fib ... oif missing|exists */
        bool present = false;
        for (unsigned i = 0; i < k.c[0].len; i++)
            present |= k.c[0].b[i] != 0;
        return present == (nft_val_u64(&rhs->v) != 0);
    }
    if (r->op >= OP_LT) {
        const struct nft_val *v = &k.c[0];
        unsigned n = v->len < rhs->v.len ? v->len : rhs->v.len;
        int cmp = memcmp(v->b, rhs->v.b, n);
        switch (r->op) {
        case OP_LT:
            return cmp < 0;
        case OP_GT:
            return cmp > 0;
        case OP_LE:
            return cmp <= 0;
        default:
            return cmp >= 0;
        }
    }
    bool m;
    if (r->op == OP_IMPLICIT && rhs->kind == NX_VALUE && rhs->dt && rhs->dt->bitmask &&
        r->lhs->kind == NX_SEL) {
        /* `ct state new`: (state & new) != 0 */
        m = false;
        for (unsigned i = 0; i < k.c[0].len && i < rhs->v.len; i++)
            m |= (k.c[0].b[i] & rhs->v.b[i]) != 0;
        if (nft_val_u64(&rhs->v) == 0)
            m = nft_val_u64(&k.c[0]) == 0;
    } else {
        m = nft_pattern_match(rhs, &k, 0);
    }
    return m != neg;
}

static void rel_print(struct strbuf *b, const struct ipt_rule *rule, const struct ipt_expr *e)
{
    (void)rule;
    const struct nft_rel *r = e->data;
    const struct nft_x *l = r->lhs;
    sb_putc(b, ' ');
    /* `tcp flags & (syn|ack) == syn` lists as `tcp flags syn / syn,ack` */
    if (l->kind == NX_BINOP && l->op == '&' && l->dt && l->dt->bitmask &&
        (r->op == OP_EQ || r->op == OP_IMPLICIT || r->op == OP_NE) && r->rhs->kind == NX_VALUE) {
        /* nft 1.0.6: `& (a|b) == 0` lists as `! a,b`, `!= 0` as `a,b`, one
         * flag compared with itself stays `& a == a`, the rest `[!=] V / M` */
        unsigned bits = 0;
        bool zero = true, same = true;
        for (unsigned i = 0; i < l->len && i < NFT_VLEN; i++) {
            bits += (unsigned)__builtin_popcount(l->v.b[i]);
            zero = zero && !r->rhs->v.b[i];
            same = same && r->rhs->v.b[i] == l->v.b[i];
        }
        bool ne = r->op == OP_NE;
        if (zero) {
            nft_x_print(b, l->sub[0]);
            sb_puts(b, ne ? " " : " ! ");
            nft_dt_print(b, l->dt, &l->v);
            return;
        }
        if (!(bits == 1 && same)) {
            nft_x_print(b, l->sub[0]);
            sb_puts(b, ne ? " != " : " ");
            nft_dt_print(b, l->dt, &r->rhs->v);
            sb_puts(b, " / ");
            nft_dt_print(b, l->dt, &l->v);
            return;
        }
    }
    nft_x_print(b, l);
    if (r->op == OP_NE || r->op >= OP_LT)
        sb_printf(b, " %s", op_names[r->op]);
    else if (l->kind == NX_BINOP && r->rhs->kind != NX_SET && r->rhs->kind != NX_SETREF)
        sb_puts(b, " ==");
    sb_putc(b, ' ');
    nft_x_print(b, r->rhs);
}

const struct ext_ops nft_ops_rel = {
    .name = "nft_cmp",
    .kind = EXT_MATCH,
    .size = sizeof(struct nft_rel),
    .save = rel_print,
    .match = rel_match,
};

/* ---- SELECTOR set VALUE ---- */

static int set_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct nft_setstmt *s = e->data;
    struct nft_key k;
    int r = nft_x_eval(c, s->val, &k);
    if (r == 0)
        return 0; /* the value's expression broke: NFT_BREAK, the rule ends */
    if (r < 0) {
        sim_ctx_note(c, "%s %s set: ipt-sim cannot compute the value", s->lhs->sel->proto,
                     s->lhs->sel->key ? s->lhs->sel->key : "");
        return 1;
    }
    struct nft_val v;
    if (!nft_val_from_key(&k, &v) || !s->lhs->sel->set) {
        sim_ctx_note(c, "%s %s set: ipt-sim notes it but does not model its effect",
                     s->lhs->sel->proto, s->lhs->sel->key ? s->lhs->sel->key : "");
        return 1;
    }
    return s->lhs->sel->set(c, s->lhs, &v);
}

static void set_print(struct strbuf *b, const struct ipt_rule *rule, const struct ipt_expr *e)
{
    (void)rule;
    const struct nft_setstmt *s = e->data;
    sb_putc(b, ' ');
    nft_x_print(b, s->lhs);
    sb_puts(b, " set ");
    nft_x_print(b, s->val);
}

const struct ext_ops nft_ops_set_stmt = {
    .name = "nft_set",
    .kind = EXT_MATCH,
    .size = sizeof(struct nft_setstmt),
    .save = set_print,
    .match = set_match,
};
