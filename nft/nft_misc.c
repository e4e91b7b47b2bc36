/*
 * nft_misc.c - statements ipt-sim prints and notes: notrack (nft_ct.c
 * notrack), synproxy (nft_synproxy.c), fwd / dup (nft_fwd_netdev.c,
 * nft_dup_*.c), flow add (nft_flow_offload.c). Their words are kept as
 * written.
 */
#include "nft_int.h"

#include <string.h>

struct misc_data {
    const char *text; /* the statement as nft lists it */
    uint8_t what;
};
enum { MS_NOTRACK, MS_SYNPROXY, MS_FWD, MS_DUP, MS_FLOW };

static int misc_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct misc_data *d = e->data;
    switch (d->what) {
    case MS_NOTRACK:
        c->notrack = true;
        return 1;
    default:
        sim_ctx_note(c, "%s: ipt-sim notes it but does not model its effect", d->text);
        return 1;
    }
}

static int misc_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct misc_data *d = e->data;
    if (d->what == MS_SYNPROXY) {
        bool pass = sim_decide(c, "synproxy lets the packet through (a valid cookie ACK)", -1);
        return pass ? IPT_V_CONTINUE : IPT_V_DROP;
    }
    sim_ctx_note(c, "%s: the packet leaves this path", d->text);
    return IPT_V_DROP;
}

static void misc_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct misc_data *d = e->data;
    sb_printf(b, " %s", d->text);
}

static const struct ext_ops misc_ops = {
    .name = "nft_stmt",
    .kind = EXT_MATCH,
    .size = sizeof(struct misc_data),
    .save = misc_print,
    .match = misc_match,
};
static const struct ext_ops misc_term_ops = {
    .name = "nft_stmt",
    .kind = EXT_TARGET,
    .size = sizeof(struct misc_data),
    .save = misc_print,
    .target = misc_target,
    .terminal = true,
};

/* The words up to the end of the rule or a following statement. */
static int misc_parse(struct nft_parse *p, struct nft_rb *rb, uint8_t what, bool terminal)
{
    struct strbuf t;
    sb_init(&t);
    const struct nft_tok *first = nft_next(p);
    sb_puts(&t, first->text);
    static const char *const stop[] = {"counter", "accept", "drop", "comment", "log", "return"};
    while (!nft_at_end(p)) {
        const struct nft_tok *n = nft_peek(p);
        bool s = false;
        for (size_t i = 0; i < ARRAY_SIZE(stop); i++)
            s |= nft_tok_is(n, stop[i]);
        if (s || (what == MS_NOTRACK))
            break;
        p->pos++;
        if (n->kind == NFT_TOK_STRING)
            sb_printf(&t, " \"%s\"", n->text);
        else if (n->kind == NFT_TOK_SETREF)
            sb_printf(&t, " @%s", n->text);
        else if (nft_tok_is(n, ",") || !n->space_before)
            sb_puts(&t, n->text);
        else
            sb_printf(&t, " %s", n->text);
    }
    struct misc_data *d = nft_alloc(p, sizeof(*d));
    d->text = nft_strdup(p, t.s);
    d->what = what;
    sb_free(&t);
    if (terminal) {
        if (rb->verdict || rb->has_target)
            return nft_error(p, first, "a rule has one verdict");
        nft_rb_target(p, rb, &misc_term_ops, d);
    } else {
        nft_rb_add(p, rb, &misc_ops, d);
    }
    return 0;
}

static int notrack_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return misc_parse(p, rb, MS_NOTRACK, false);
}
static int synproxy_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return misc_parse(p, rb, MS_SYNPROXY, true);
}
static int fwd_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return misc_parse(p, rb, MS_FWD, true);
}
static int dup_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return misc_parse(p, rb, MS_DUP, false);
}
static int flow_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return misc_parse(p, rb, MS_FLOW, false);
}

const struct nft_stmt_desc nft_stmt_notrack = {"notrack", notrack_parse};
const struct nft_stmt_desc nft_stmt_synproxy = {"synproxy", synproxy_parse};
const struct nft_stmt_desc nft_stmt_fwd = {"fwd", fwd_parse};
const struct nft_stmt_desc nft_stmt_dup = {"dup", dup_parse};
const struct nft_stmt_desc nft_stmt_flow = {"flow", flow_parse};
