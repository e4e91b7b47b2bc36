/*
 * nft_immediate.c - verdicts (accept, drop, continue, return, jump, goto;
 * kernel nft_immediate.c) and verdict maps `EXPR vmap { ... }` (nft_lookup.c
 * with verdict data), whose target returns the verdict it looked up.
 */
#include "nft_int.h"

#include <stdio.h>
#include <string.h>

/* `jump { RULE; RULE ... }`: an anonymous chain bound to the rule (the
 * kernel's NFT_CHAIN_BINDING). The front end hands the block's tokens
 * without its newlines: a rule of the block ends at a ';' or where the
 * next token starts a new line, outside nested braces. */
static struct ipt_chain *parse_binding(struct nft_parse *p, const struct nft_tok *kw)
{
    const struct nft_tok *open = nft_next(p);
    size_t start = p->pos, end = start;
    int depth = 1;
    for (; end < p->ntok; end++) {
        const struct nft_tok *t = &p->tok[end];
        if (nft_tok_is(t, "{"))
            depth++;
        else if (nft_tok_is(t, "}") && --depth == 0)
            break;
    }
    if (depth)
        return nft_error(p, open, "\"%s {\" has no closing \"}\"", kw->text), NULL;
    char name[32];
    unsigned k = 0;
    do
        snprintf(name, sizeof(name), "__chain%u", k++);
    while (table_find_chain(p->table, name));
    struct ipt_chain *c = table_add_chain(p->table, name);
    c->loc = open->loc;
    nft_chain_info(c)->flags |= NFT_CHAIN_BINDING;
    size_t a = start;
    int bad = 0;
    while (a < end) {
        size_t b = a;
        int d = 0;
        for (; b < end; b++) {
            const struct nft_tok *t = &p->tok[b];
            if (d == 0 && (nft_tok_is(t, ";") || (b > a && t->loc.line != p->tok[b - 1].loc.line &&
                                                  t->loc.file == p->tok[b - 1].loc.file)))
                break;
            if (nft_tok_is(t, "{"))
                d++;
            else if (nft_tok_is(t, "}"))
                d--;
        }
        if (b > a) {
            struct nft_parse sub = *p;
            sub.chain = c;
            sub.tok = p->tok + a;
            sub.ntok = b - a;
            sub.pos = 0;
            struct ipt_rule *r = nft_rule_parse(&sub);
            if (!r)
                bad = 1;
            else if (sub.pos < sub.ntok)
                bad =
                    nft_error(&sub, &sub.tok[sub.pos], "unexpected \"%s\": the rule ends before it",
                              sub.tok[sub.pos].text);
            else
                chain_insert_rule(c, r, 0);
        }
        a = b < end && nft_tok_is(&p->tok[b], ";") ? b + 1 : b;
    }
    p->pos = end + 1;
    return bad ? NULL : c;
}

int nft_parse_verdict(struct nft_parse *p, struct nft_x *x)
{
    const struct nft_tok *t = nft_next(p);
    static const struct {
        const char *name;
        uint8_t v;
    } plain[] = {{"accept", IPT_V_ACCEPT},
                 {"drop", IPT_V_DROP},
                 {"continue", IPT_V_CONTINUE},
                 {"return", IPT_V_RETURN}};
    x->kind = NX_VERDICT;
    x->dt = &nft_dt_verdict;
    for (size_t i = 0; t && i < ARRAY_SIZE(plain); i++)
        if (nft_tok_is(t, plain[i].name)) {
            x->verdict = plain[i].v;
            return 0;
        }
    if ((nft_tok_is(t, "jump") || nft_tok_is(t, "goto")) && nft_tok_is(nft_peek(p), "{")) {
        x->chain = parse_binding(p, t);
        if (!x->chain)
            return -1;
        x->verdict = nft_tok_is(t, "jump") ? IPT_V_JUMP : IPT_V_GOTO;
        return 0;
    }
    if (nft_tok_is(t, "jump") || nft_tok_is(t, "goto")) {
        const struct nft_tok *n = nft_next(p);
        if (!n || (n->kind != NFT_TOK_WORD && n->kind != NFT_TOK_STRING))
            return nft_error(p, n, "\"%s\" needs a chain name", t->text);
        struct ipt_chain *ch = table_find_chain(p->table, n->text);
        if (!ch)
            return nft_error(p, n, "unknown chain \"%s\" in table %s %s", n->text,
                             family_name(p->table->family), p->table->name);
        if (p->chain && ch == p->chain)
            return nft_error(p, n, "a chain cannot %s to itself", t->text);
        x->verdict = nft_tok_is(t, "jump") ? IPT_V_JUMP : IPT_V_GOTO;
        x->chain = ch;
        return 0;
    }
    return nft_error(p, t,
                     t ? "\"%s\" is not a verdict (accept, drop, continue, return, jump "
                         "CHAIN, goto CHAIN)"
                       : "expected a verdict%s",
                     t ? t->text : "");
}

/* The rules of a `jump { ... }` chain, one a line, indented one tab more
 * than the rule (rules of a chain are at 2 tabs in a listing). */
static void print_binding(struct strbuf *b, const char *kw, const struct ipt_chain *c, int depth)
{
    sb_printf(b, "%s {\n", kw);
    for (uint32_t i = 0; i < c->nrules; i++) {
        for (int k = 0; k < depth + 3; k++)
            sb_putc(b, '\t');
        nft_rule_print_at(b, c->rules[i], depth + 1);
        sb_putc(b, '\n');
    }
    for (int k = 0; k < depth + 2; k++)
        sb_putc(b, '\t');
    sb_putc(b, '}');
}

static bool is_binding(const struct ipt_chain *c)
{
    const struct nft_chain_info *ci = c ? nft_chain_info_get(c) : NULL;
    return ci && (ci->flags & NFT_CHAIN_BINDING);
}

void nft_print_verdict_at(struct strbuf *b, int verdict, const struct ipt_chain *chain, int depth)
{
    if ((verdict == IPT_V_JUMP || verdict == IPT_V_GOTO) && is_binding(chain)) {
        print_binding(b, verdict == IPT_V_JUMP ? "jump" : "goto", chain, depth);
        return;
    }
    nft_print_verdict(b, verdict, chain);
}

void nft_print_verdict(struct strbuf *b, int verdict, const struct ipt_chain *chain)
{
    if ((verdict == IPT_V_JUMP || verdict == IPT_V_GOTO) && is_binding(chain)) {
        print_binding(b, verdict == IPT_V_JUMP ? "jump" : "goto", chain, 0);
        return;
    }
    switch (verdict) {
    case IPT_V_ACCEPT:
        sb_puts(b, "accept");
        break;
    case IPT_V_DROP:
        sb_puts(b, "drop");
        break;
    case IPT_V_RETURN:
        sb_puts(b, "return");
        break;
    case IPT_V_JUMP:
        sb_printf(b, "jump %s", chain->name);
        break;
    case IPT_V_GOTO:
        sb_printf(b, "goto %s", chain->name);
        break;
    case IPT_V_QUEUE:
        sb_puts(b, "queue");
        break;
    default:
        sb_puts(b, "continue");
        break;
    }
}

static int verdict_parse(struct nft_parse *p, struct nft_rb *rb)
{
    const struct nft_tok *t = nft_peek(p);
    struct nft_x x = {0};
    if (nft_parse_verdict(p, &x) < 0)
        return -1;
    if (rb->verdict || rb->has_target)
        return nft_error(p, t, "a rule has one verdict");
    rb->verdict = x.verdict == IPT_V_CONTINUE ? IPT_V_CONTINUE : x.verdict;
    rb->jump = x.chain;
    rb->explicit_continue = x.verdict == IPT_V_CONTINUE;
    return 0;
}

const struct nft_stmt_desc nft_stmt_verdicts[] = {
    {"accept", verdict_parse}, {"drop", verdict_parse}, {"continue", verdict_parse},
    {"return", verdict_parse}, {"jump", verdict_parse}, {"goto", verdict_parse},
};
const size_t nft_nstmt_verdicts = ARRAY_SIZE(nft_stmt_verdicts);

/* ---- verdict maps ---- */

struct nft_vmap {
    struct nft_x *key;
    struct nft_set *set;
};

static int vmap_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct nft_vmap *m = e->data;
    struct nft_key k;
    int r = nft_x_eval(c, m->key, &k);
    if (r < 0) {
        /* the key is unknown (a TCP option, the route's MTU ...): one
         * branch per element, in the order nft lists them, and one where
         * no element matches (NFT_BREAK: the rule does not match) */
        const struct nft_set_impl *im = m->set->impl;
        for (size_t i = 0; im && i < im->nelems; i++) {
            const struct nft_elem *el = &im->elems[i];
            if (!el->data)
                continue;
            struct strbuf t;
            sb_init(&t);
            nft_x_print(&t, m->key);
            sb_puts(&t, " is ");
            nft_x_print(&t, el->key);
            bool hit = sim_decide(c, t.s, -1);
            sb_free(&t);
            if (hit) {
                if (el->data->verdict == IPT_V_JUMP || el->data->verdict == IPT_V_GOTO)
                    c->jump = el->data->chain;
                return el->data->verdict;
            }
        }
        c->rule_break = true;
        return IPT_V_CONTINUE;
    }
    if (r == 0) {
        c->rule_break = true; /* NFT_BREAK: not traced */
        return IPT_V_CONTINUE;
    }
    const struct nft_elem *el = nft_set_lookup(m->set, &k);
    if (!el || !el->data) {
        c->rule_break = true; /* no element: NFT_BREAK, on to the next rule */
        return IPT_V_CONTINUE;
    }
    const struct nft_x *v = el->data;
    if (v->verdict == IPT_V_JUMP || v->verdict == IPT_V_GOTO)
        c->jump = v->chain;
    return v->verdict;
}

static void vmap_print(struct strbuf *b, const struct ipt_rule *rule, const struct ipt_expr *e)
{
    (void)rule;
    const struct nft_vmap *m = e->data;
    sb_putc(b, ' ');
    nft_x_print(b, m->key);
    sb_puts(b, " vmap ");
    if (m->set->name)
        sb_printf(b, "@%s", m->set->name);
    else
        nft_set_print_anon(b, m->set);
}

const struct ext_ops nft_ops_vmap = {
    .name = "nft_vmap",
    .kind = EXT_TARGET,
    .size = sizeof(struct nft_vmap),
    .save = vmap_print,
    .target = vmap_target,
    .terminal = true,
};

/* `KEY vmap ...` after the key was parsed. */
int nft_parse_vmap(struct nft_parse *p, struct nft_rb *rb, struct nft_x *key,
                   const struct nft_tok *at);
int nft_parse_vmap(struct nft_parse *p, struct nft_rb *rb, struct nft_x *key,
                   const struct nft_tok *at)
{
    struct nft_vmap *m = nft_alloc(p, sizeof(*m));
    m->key = key;
    const struct nft_tok *t = nft_peek(p);
    if (t && t->kind == NFT_TOK_SETREF) {
        p->pos++;
        struct nft_set *s = nft_table_find_set(p->table, t->text);
        if (!s)
            return nft_error(p, t, "unknown map \"@%s\"", t->text);
        const struct nft_set_impl *im = s->impl;
        if (!s->is_map || !im || im->dt != &nft_dt_verdict)
            return nft_error(p, t, "\"@%s\" is not a verdict map", t->text);
        m->set = s;
    } else if (nft_tok_is(t, "{")) {
        struct nft_set *s = nft_table_add_set(p->table, NULL, true);
        s->flags |= NFT_SET_F_CONSTANT;
        struct nft_set_impl *im = nft_set_impl(s);
        im->nk = (uint8_t)nft_x_types(key, im->kt, im->klen);
        im->dt = &nft_dt_verdict;
        im->dlen = 4;
        if (nft_set_parse_elems(p, s) < 0)
            return -1;
        m->set = s;
    } else {
        return nft_error(p, t, "expected \"{\" or \"@map\" after \"vmap\"");
    }
    if (rb->verdict || rb->has_target)
        return nft_error(p, at, "a rule has one verdict");
    nft_rb_target(p, rb, &nft_ops_vmap, m);
    return 0;
}
