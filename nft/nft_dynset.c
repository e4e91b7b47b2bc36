/*
 * nft_dynset.c - `update @set { KEY [timeout T] [counter] }` and `add
 * @set { ... }` (kernel nft_dynset.c): the packet path adds the key to a
 * set. ipt-sim does not keep what a packet adds for later packets: it
 * notes it.
 */
#include "nft_int.h"

#include <string.h>

struct dynset_data {
    bool update;
    struct nft_set *set;
    struct nft_x *key;
    uint64_t timeout_ms;
    bool counter;
};

static int dynset_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct dynset_data *d = e->data;
    struct nft_key k;
    int r = nft_x_eval(c, d->key, &k);
    if (r == 0)
        return 0;
    sim_ctx_note(c,
                 "%s @%s: the packet's key goes into the set (ipt-sim does not keep it "
                 "for later packets)",
                 d->update ? "update" : "add", d->set->name);
    return 1;
}

static void dynset_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct dynset_data *d = e->data;
    sb_printf(b, " %s @%s { ", d->update ? "update" : "add", d->set->name);
    nft_x_print(b, d->key);
    if (d->timeout_ms) {
        sb_puts(b, " timeout ");
        nft_time_print(b, d->timeout_ms);
    }
    if (d->counter)
        sb_puts(b, " counter");
    sb_puts(b, " }");
}

static const struct ext_ops dynset_ops = {
    .name = "nft_dynset",
    .kind = EXT_MATCH,
    .size = sizeof(struct dynset_data),
    .save = dynset_print,
    .match = dynset_match,
};

static int dynset_parse(struct nft_parse *p, struct nft_rb *rb)
{
    const struct nft_tok *first = nft_next(p);
    struct dynset_data *d = nft_alloc(p, sizeof(*d));
    d->update = nft_tok_is(first, "update");
    const struct nft_tok *t = nft_next(p);
    if (!t || t->kind != NFT_TOK_SETREF)
        return nft_error(p, t, "\"%s\" needs a set: %s @NAME { KEY }", first->text, first->text);
    d->set = nft_table_find_set(p->table, t->text);
    if (!d->set)
        return nft_error(p, t, "unknown set \"@%s\"", t->text);
    /* nft makes a set that rules add to dynamic, of 65535 elements at
     * most unless it says otherwise, and lists it so */
    d->set->flags |= NFT_SET_F_EVAL;
    if (!d->set->size)
        d->set->size = 65535;
    if (!nft_accept(p, "{"))
        return nft_error(p, nft_peek(p), "expected \"{ KEY }\"");
    d->key = nft_parse_lhs(p);
    if (!d->key)
        return -1;
    for (;;) {
        if (nft_accept(p, "timeout")) {
            const struct nft_tok *v = nft_next(p);
            if (!v || !nft_time_parse(v->text, &d->timeout_ms))
                return nft_error(p, v, "expected a time such as 30s");
        } else if (nft_accept(p, "counter")) {
            d->counter = true;
        } else {
            break;
        }
    }
    if (!nft_accept(p, "}"))
        return nft_error(p, nft_peek(p), "expected \"}\"");
    nft_rb_add(p, rb, &dynset_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_update = {"update", dynset_parse};
const struct nft_stmt_desc nft_stmt_add = {"add", dynset_parse};
