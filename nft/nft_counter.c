/*
 * nft_counter.c - `counter [packets N bytes M]`, `counter name NAME`
 * (kernel nft_counter.c, nft_objref.c). It counts: it always matches.
 */
#include "nft_int.h"

#include <stdlib.h>

struct counter_data {
    uint64_t pkts, bytes;
    const char *name;   /* a named counter object */
    struct nft_x *expr; /* `counter name EXPR map @m`: the object a map gives */
};

static int counter_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c, (void)e;
    return 1;
}

static void counter_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct counter_data *d = e->data;
    if (d->expr) {
        sb_puts(b, " counter name ");
        nft_x_print(b, d->expr);
    } else if (d->name)
        sb_printf(b, " counter name \"%s\"", d->name);
    else
        sb_printf(b, " counter packets %llu bytes %llu", (unsigned long long)d->pkts,
                  (unsigned long long)d->bytes);
}

static const struct ext_ops counter_ops = {
    .name = "nft_counter",
    .kind = EXT_MATCH,
    .size = sizeof(struct counter_data),
    .save = counter_print,
    .match = counter_match,
};

static int parse_u64(struct nft_parse *p, uint64_t *out)
{
    const struct nft_tok *t = nft_next(p);
    char *end;
    if (!t || !*t->text || *t->text == '-')
        return nft_error(p, t, "expected a number");
    *out = strtoull(t->text, &end, 10);
    if (*end)
        return nft_error(p, t, "\"%s\" is not a number", t->text);
    return 0;
}

static int counter_parse(struct nft_parse *p, struct nft_rb *rb)
{
    p->pos++;
    struct counter_data *d = nft_alloc(p, sizeof(*d));
    if (nft_accept(p, "name") && nft_sel_starts(p)) {
        d->expr = nft_parse_arg(p, &nft_dt_counter_obj, 16);
        if (!d->expr)
            return -1;
    } else if (p->pos > 0 && nft_tok_is(&p->tok[p->pos - 1], "name")) {
        const struct nft_tok *t = nft_next(p);
        if (!t || (t->kind != NFT_TOK_WORD && t->kind != NFT_TOK_STRING))
            return nft_error(p, t, "\"counter name\" needs the counter's name");
        d->name = nft_strdup(p, t->text);
    } else if (nft_accept(p, "packets")) {
        if (parse_u64(p, &d->pkts) < 0)
            return -1;
        if (!nft_accept(p, "bytes"))
            return nft_error(p, nft_peek(p), "expected \"bytes N\" after \"packets N\"");
        if (parse_u64(p, &d->bytes) < 0)
            return -1;
    }
    nft_rb_add(p, rb, &counter_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_counter = {"counter", counter_parse};
