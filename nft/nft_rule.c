/*
 * nft_rule.c - an nft rule: its expressions and statements in order, then
 * its verdict (include/iptsim/nft.h, "rules").
 */
#include "nft_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void nft_vdiag(struct nft_parse *p, enum diag_sev sev, const struct nft_tok *t,
                      const char *fmt, va_list ap)
{
    struct ipt_loc loc = {0};
    if (t)
        loc = t->loc;
    else if (p->ntok) {
        const struct nft_tok *l = &p->tok[p->ntok - 1];
        loc = l->loc;
        loc.col += l->loc.len;
        loc.len = 0;
    }
    const char *line = p->line_text ? p->line_text(p->line_arg, &loc) : NULL;
    diag_vadd(p->diags, sev, loc, line, fmt, ap);
}

int nft_error(struct nft_parse *p, const struct nft_tok *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nft_vdiag(p, DIAG_ERROR, t, fmt, ap);
    va_end(ap);
    return -1;
}

void nft_warn(struct nft_parse *p, const struct nft_tok *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nft_vdiag(p, DIAG_WARNING, t, fmt, ap);
    va_end(ap);
}

/* ---- building a rule ---- */

static void rb_push(struct nft_rb *rb, const struct ext_ops *ops, void *data)
{
    if (rb->n == rb->cap) {
        rb->cap = rb->cap ? rb->cap * 2 : 8;
        rb->exprs = xrealloc(rb->exprs, rb->cap * sizeof(*rb->exprs));
    }
    rb->exprs[rb->n++] = (struct ipt_expr){.ops = ops, .data = data};
}

void nft_rb_add(struct nft_parse *p, struct nft_rb *rb, const struct ext_ops *ops, void *data)
{
    (void)p;
    rb_push(rb, ops, data);
}

void nft_rb_target(struct nft_parse *p, struct nft_rb *rb, const struct ext_ops *ops, void *data)
{
    (void)p;
    rb->target = (struct ipt_expr){.ops = ops, .data = data};
    rb->has_target = true;
    rb->verdict = IPT_V_TARGET;
}

/* An explicit `continue` verdict: it matches and prints. */
static int continue_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c, (void)e;
    return 1;
}
static void continue_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r, (void)e;
    sb_puts(b, " continue");
}
static const struct ext_ops continue_ops = {
    .name = "nft_continue",
    .kind = EXT_MATCH,
    .save = continue_print,
    .match = continue_match,
};

static const struct nft_stmt_desc *const statements[] = {
    &nft_stmt_counter,  &nft_stmt_log,      &nft_stmt_limit, &nft_stmt_quota,
    &nft_stmt_notrack,  &nft_stmt_dnat,     &nft_stmt_snat,  &nft_stmt_masquerade,
    &nft_stmt_redirect, &nft_stmt_reject,   &nft_stmt_queue, &nft_stmt_update,
    &nft_stmt_add,      &nft_stmt_synproxy, &nft_stmt_fwd,   &nft_stmt_dup,
    &nft_stmt_flow,
};

static const struct nft_stmt_desc *stmt_find(const struct nft_tok *t)
{
    if (!t || t->kind != NFT_TOK_WORD)
        return NULL;
    for (size_t i = 0; i < nft_nstmt_verdicts; i++)
        if (!strcmp(nft_stmt_verdicts[i].name, t->text))
            return &nft_stmt_verdicts[i];
    for (size_t i = 0; i < ARRAY_SIZE(statements); i++)
        if (!strcmp(statements[i]->name, t->text))
            return statements[i];
    return NULL;
}

/* ---- implicit dependencies ----
 * `meta l4proto tcp tcp dport 22` lists as `tcp dport 22`: nft drops a
 * comparison that only states the dependency of the payload expression
 * right after it, and names `th` after the protocol fixed before it. */

static bool rel_fixes(const struct ipt_expr *e, const char *proto, const char *key, uint64_t *v)
{
    if (e->ops != &nft_ops_rel)
        return false;
    const struct nft_rel *r = e->data;
    if ((r->op != OP_IMPLICIT && r->op != OP_EQ) || r->lhs->kind != NX_SEL ||
        r->rhs->kind != NX_VALUE || !r->lhs->sel->key)
        return false;
    if (strcmp(r->lhs->sel->proto, proto) || strcmp(r->lhs->sel->key, key))
        return false;
    *v = nft_val_u64(&r->rhs->v);
    return true;
}

/* `meta nfproto ipv4 meta l4proto tcp ip saddr . tcp dport @s` lists as
 * `ip saddr . tcp dport @s`: the comparisons right before a concatenation
 * that only state its components' dependencies go. */
static void kill_concat_dependencies(struct nft_parse *p, struct nft_rb *rb,
                                     const struct nft_x *lhs)
{
    int fam = p->table->family;
    while (rb->n >= 2) {
        const struct ipt_expr *prev = &rb->exprs[rb->n - 2];
        uint64_t v;
        bool l4 = false, nf = false;
        if (rel_fixes(prev, "meta", "l4proto", &v))
            l4 = fam != IPT_FAM_IPV4;
        else if (rel_fixes(prev, "ip", "protocol", &v))
            l4 = fam == IPT_FAM_IPV4;
        else if (rel_fixes(prev, "meta", "nfproto", &v))
            nf = fam == IPT_FAM_INET;
        bool needed = false;
        for (uint8_t i = 0; i < lhs->nsub && (l4 || nf); i++) {
            const struct nft_x *x = lhs->sub[i];
            if (x->kind != NX_SEL || !x->sel->payload)
                continue;
            if ((l4 && x->sel->l4 == v) || (nf && x->sel->nfproto == v))
                needed = true;
        }
        if (!needed)
            return;
        rb->exprs[rb->n - 2] = rb->exprs[rb->n - 1];
        rb->n--;
    }
}

/* `*lhsp` is the left side of the expression just added (a comparison
 * or a `SEL set VALUE` statement: nft gives both the same dependency). */
static void kill_dependency(struct nft_parse *p, struct nft_rb *rb, struct nft_x **lhsp)
{
    if ((*lhsp)->kind == NX_CONCAT) {
        kill_concat_dependencies(p, rb, *lhsp);
        return;
    }
    /* `meta nfproto ipv4 meta l4proto icmp` lists as `meta l4proto icmp`
     * (ipv6 and ipv6-icmp alike): the protocol implies the family */
    uint64_t l4, nf;
    if (p->table->family == IPT_FAM_INET && rb->n >= 2 &&
        rel_fixes(&rb->exprs[rb->n - 1], "meta", "l4proto", &l4) &&
        rel_fixes(&rb->exprs[rb->n - 2], "meta", "nfproto", &nf) &&
        ((l4 == 1 && nf == IPT_FAM_IPV4) || (l4 == 58 && nf == IPT_FAM_IPV6))) {
        rb->exprs[rb->n - 2] = rb->exprs[rb->n - 1];
        rb->n--;
        return;
    }
    if ((*lhsp)->kind != NX_SEL || !(*lhsp)->sel->payload || rb->n < 2)
        return;
    struct ipt_expr *prev = &rb->exprs[rb->n - 2];
    const struct nft_sel *s = (*lhsp)->sel;
    int fam = p->table->family;
    uint64_t v;
    bool l4dep = false;
    if (rel_fixes(prev, "meta", "l4proto", &v))
        l4dep = fam != IPT_FAM_IPV4;
    else if (rel_fixes(prev, "ip", "protocol", &v))
        l4dep = fam == IPT_FAM_IPV4;
    else if (rel_fixes(prev, "ip6", "nexthdr", &v))
        l4dep = false;
    else if (rel_fixes(prev, "meta", "nfproto", &v)) {
        if (fam == IPT_FAM_INET && s->nfproto == v) {
            rb->exprs[rb->n - 2] = rb->exprs[rb->n - 1];
            rb->n--;
        }
        return;
    } else {
        return;
    }
    if (s->l4 == 0xff) { /* th: named after the protocol */
        const char *name = v == 6     ? "tcp"
                           : v == 17  ? "udp"
                           : v == 132 ? "sctp"
                           : v == 33  ? "dccp"
                                      : NULL;
        const struct nft_sel *ns = name ? nft_payload_sel(name, s->key) : NULL;
        if (ns) {
            struct nft_x *x = nft_x_new(p, NX_SEL);
            *x = **lhsp;
            x->sel = ns;
            *lhsp = x;
            s = ns;
        }
    }
    if (l4dep && s->l4 == v) {
        rb->exprs[rb->n - 2] = rb->exprs[rb->n - 1];
        rb->n--;
    }
}

bool nft_rb_fixes_l4(const struct nft_rb *rb, uint8_t proto)
{
    for (size_t i = 0; i < rb->n; i++) {
        const struct ipt_expr *e = &rb->exprs[i];
        uint64_t v;
        if (rel_fixes(e, "meta", "l4proto", &v) || rel_fixes(e, "ip", "protocol", &v) ||
            rel_fixes(e, "ip6", "nexthdr", &v)) {
            if (v == proto)
                return true;
            continue;
        }
        if (e->ops == &nft_ops_rel) {
            const struct nft_rel *r = e->data;
            if (r->lhs->kind == NX_SEL && r->lhs->sel->payload && r->lhs->sel->l4 == proto)
                return true;
        }
    }
    return false;
}

uint8_t nft_rb_family(const struct nft_rb *rb)
{
    for (size_t i = rb->n; i-- > 0;) {
        const struct ipt_expr *e = &rb->exprs[i];
        uint64_t v;
        if (rel_fixes(e, "meta", "nfproto", &v) && (v == IPT_FAM_IPV4 || v == IPT_FAM_IPV6))
            return (uint8_t)v;
        if (e->ops == &nft_ops_rel) {
            const struct nft_rel *r = e->data;
            if (r->lhs->kind == NX_SEL && r->lhs->sel->payload &&
                (r->lhs->sel->nfproto == IPT_FAM_IPV4 || r->lhs->sel->nfproto == IPT_FAM_IPV6))
                return r->lhs->sel->nfproto;
        }
    }
    return 0;
}

void nft_rb_add_l4dep(struct nft_parse *p, struct nft_rb *rb, uint8_t proto)
{
    const struct nft_sel *sel = NULL;
    for (size_t i = 0; i < nft_meta_family.n && !sel; i++)
        if (nft_meta_family.sels[i].key && !strcmp(nft_meta_family.sels[i].key, "l4proto"))
            sel = &nft_meta_family.sels[i];
    if (!sel)
        return;
    struct nft_rel *r = nft_alloc(p, sizeof(*r));
    r->lhs = nft_x_new(p, NX_SEL);
    r->lhs->sel = sel;
    r->lhs->dt = sel->dt;
    r->lhs->len = sel->len;
    r->rhs = nft_x_new(p, NX_VALUE);
    r->rhs->dt = sel->dt;
    r->rhs->len = sel->len;
    nft_val_set_u64(&r->rhs->v, sel->len, proto);
    r->op = OP_IMPLICIT;
    nft_rb_add(p, rb, &nft_ops_rel, r);
}

static int parse_op(struct nft_parse *p)
{
    static const struct {
        const char *w;
        int op;
    } ops[] = {{"==", OP_EQ}, {"eq", OP_EQ}, {"!=", OP_NE}, {"ne", OP_NE},
               {"<", OP_LT},  {"lt", OP_LT}, {">", OP_GT},  {"gt", OP_GT},
               {"<=", OP_LE}, {"le", OP_LE}, {">=", OP_GE}, {"ge", OP_GE}};
    const struct nft_tok *t = nft_peek(p);
    for (size_t i = 0; t && i < ARRAY_SIZE(ops); i++)
        if (nft_tok_is(t, ops[i].w)) {
            p->pos++;
            return ops[i].op;
        }
    return OP_IMPLICIT;
}

/* An expression statement: `LHS [OP] RHS`, `LHS set VALUE`, `LHS vmap ...`. */
static int parse_expr_stmt(struct nft_parse *p, struct nft_rb *rb)
{
    const struct nft_tok *start = nft_peek(p);
    struct nft_x *lhs = nft_parse_lhs(p);
    if (!lhs)
        return -1;
    const struct nft_tok *t = nft_peek(p);
    if (nft_tok_is(t, "set")) {
        p->pos++;
        if (lhs->kind != NX_SEL || !lhs->sel->key)
            return nft_error(p, t, "only a selector can be set");
        struct nft_setstmt *s = nft_alloc(p, sizeof(*s));
        s->lhs = lhs;
        s->val = nft_parse_arg(p, lhs->dt, lhs->len);
        if (!s->val)
            return -1;
        /* `meta mark set ct mark and 0xff` */
        nft_rb_add(p, rb, &nft_ops_set_stmt, s);
        kill_dependency(p, rb, &s->lhs);
        return 0;
    }
    if (nft_tok_is(t, "vmap")) {
        p->pos++;
        return nft_parse_vmap(p, rb, lhs, start);
    }
    struct nft_rel *r = nft_alloc(p, sizeof(*r));
    r->lhs = lhs;
    r->op = (uint8_t)parse_op(p);
    if (nft_at_end(p))
        return nft_error(p, NULL, "the expression needs a value to compare with");
    r->rhs = nft_parse_rhs(p, lhs, r->op == OP_IMPLICIT || r->op == OP_EQ || r->op == OP_NE);
    if (!r->rhs)
        return -1;
    if (r->op >= OP_LT && r->rhs->kind != NX_VALUE)
        return nft_error(p, t, "\"<\", \">\", \"<=\" and \">=\" compare with one value");
    nft_rb_add(p, rb, &nft_ops_rel, r);
    kill_dependency(p, rb, &r->lhs);
    return 0;
}

struct ipt_rule *nft_rule_parse(struct nft_parse *p)
{
    struct nft_rb rb = {0};
    struct ipt_rule *r = NULL;
    if (nft_at_end(p)) {
        nft_error(p, NULL, "empty rule");
        return NULL;
    }
    const struct nft_tok *first = nft_peek(p);
    while (!nft_at_end(p)) {
        const struct nft_tok *t = nft_peek(p);
        if (rb.has_target || (rb.verdict && !nft_tok_is(t, "comment"))) {
            if (!nft_tok_is(t, "comment")) {
                nft_error(p, t, "\"%s\" after the rule's verdict: a verdict ends a rule", t->text);
                goto out;
            }
        }
        if (nft_tok_is(t, "comment")) {
            p->pos++;
            const struct nft_tok *c = nft_next(p);
            if (!c || c->kind != NFT_TOK_STRING) {
                nft_error(p, c, "\"comment\" needs a quoted text");
                goto out;
            }
            rb.comment = ruleset_intern(p->rs, c->text);
            continue;
        }
        const struct nft_stmt_desc *d = stmt_find(t);
        /* `add @set {...}` and `update @set {...}`; `queue` also a verdict */
        if (d && !(nft_tok_is(t, "add") || nft_tok_is(t, "update"))
                ? true
                : d && nft_peek_at(p, 1) && nft_peek_at(p, 1)->kind == NFT_TOK_SETREF) {
            if (d->parse(p, &rb) < 0)
                goto out;
            if (rb.explicit_continue) {
                rb_push(&rb, &continue_ops, NULL);
                rb.explicit_continue = false;
                rb.verdict = IPT_V_CONTINUE;
            }
            continue;
        }
        if (nft_sel_starts(p)) {
            if (parse_expr_stmt(p, &rb) < 0)
                goto out;
            continue;
        }
        nft_error(p, t, "unknown expression or statement \"%s\"", t->text);
        goto out;
    }
    if (rb.n > 65535) {
        nft_error(p, first, "too many expressions in one rule");
        goto out;
    }
    r = rule_new_sized(p->rs, (uint16_t)rb.n, rb.has_target, false);
    r->chain = p->chain;
    if (rb.n) /* a verdict-only rule has no expressions (r->exprs is NULL) */
        memcpy(r->exprs, rb.exprs, rb.n * sizeof(*rb.exprs));
    if (rb.has_target)
        *r->target = rb.target;
    r->verdict = rb.verdict;
    r->jump = rb.jump;
    r->comment = rb.comment;
    r->loc = first->loc;
    const struct nft_tok *last = &p->tok[p->ntok - 1];
    if (last->loc.line == first->loc.line && last->loc.col >= first->loc.col)
        r->loc.len = last->loc.col + last->loc.len - first->loc.col;
out:
    free(rb.exprs);
    return r;
}

void nft_rule_print(struct strbuf *b, const struct ipt_rule *r)
{
    nft_rule_print_at(b, r, 0);
}

void nft_rule_print_at(struct strbuf *b, const struct ipt_rule *r, int depth)
{
    struct strbuf t;
    sb_init(&t);
    for (uint16_t i = 0; i < r->nexprs; i++)
        if (r->exprs[i].ops->save)
            r->exprs[i].ops->save(&t, r, &r->exprs[i]);
    if (r->target && r->target->ops->save)
        r->target->ops->save(&t, r, r->target);
    if (r->verdict != IPT_V_CONTINUE && r->verdict != IPT_V_TARGET) {
        sb_putc(&t, ' ');
        nft_print_verdict_at(&t, r->verdict, r->jump, depth);
    }
    if (r->comment)
        sb_printf(&t, " comment \"%s\"", r->comment);
    sb_puts(b, t.len ? t.s + 1 : "");
    sb_free(&t);
}
