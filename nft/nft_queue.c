/*
 * nft_queue.c - `queue [flags bypass,fanout] [to N[-M]]` and the older
 * `queue [num N[-M]] [bypass] [fanout]` (kernel nft_queue.c).
 */
#include "nft_int.h"

#include <stdlib.h>

struct queue_data {
    uint16_t num, total;
    bool bypass, fanout;
};

static int queue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct queue_data *d = e->data;
    return sim_queue_verdict(c, d->num, d->total, d->bypass);
}

static void queue_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct queue_data *d = e->data;
    sb_puts(b, " queue");
    if (d->bypass || d->fanout)
        sb_printf(b, " flags %s%s%s", d->bypass ? "bypass" : "", d->bypass && d->fanout ? "," : "",
                  d->fanout ? "fanout" : "");
    if (d->num || d->total > 1) {
        sb_printf(b, " to %u", d->num);
        if (d->total > 1)
            sb_printf(b, "-%u", d->num + d->total - 1);
    }
}

static const struct ext_ops queue_ops = {
    .name = "nft_queue",
    .kind = EXT_TARGET,
    .size = sizeof(struct queue_data),
    .save = queue_print,
    .target = queue_target,
    .terminal = true,
};

static int queue_parse(struct nft_parse *p, struct nft_rb *rb)
{
    const struct nft_tok *first = nft_next(p);
    struct queue_data *d = nft_alloc(p, sizeof(*d));
    d->total = 1;
    for (;;) {
        const struct nft_tok *t = nft_peek(p);
        if (nft_tok_is(t, "flags")) {
            p->pos++;
            do {
                const struct nft_tok *f = nft_next(p);
                if (nft_tok_is(f, "bypass"))
                    d->bypass = true;
                else if (nft_tok_is(f, "fanout"))
                    d->fanout = true;
                else
                    return nft_error(p, f, "queue flags are bypass and fanout");
            } while (nft_accept(p, ","));
        } else if (nft_tok_is(t, "bypass")) {
            p->pos++;
            d->bypass = true;
        } else if (nft_tok_is(t, "fanout")) {
            p->pos++;
            d->fanout = true;
        } else if (nft_tok_is(t, "num") || nft_tok_is(t, "to")) {
            p->pos++;
            const struct nft_tok *n = nft_next(p);
            char *end;
            unsigned long a = n ? strtoul(n->text, &end, 10) : 0, b2;
            if (!n || end == n->text || a > 65535)
                return nft_error(p, n, "expected a queue number (0-65535) or range N-M");
            b2 = a;
            if (*end == '-')
                b2 = strtoul(end + 1, &end, 10);
            if (*end || b2 < a || b2 > 65535)
                return nft_error(p, n, "expected a queue number (0-65535) or range N-M");
            d->num = (uint16_t)a;
            d->total = (uint16_t)(b2 - a + 1);
        } else {
            break;
        }
    }
    if (rb->verdict || rb->has_target)
        return nft_error(p, first, "a rule has one verdict");
    nft_rb_target(p, rb, &queue_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_queue = {"queue", queue_parse};
