/*
 * xt_mark.c - `-m mark --mark VALUE[/MASK]`: the packet's fwmark
 * (net/netfilter/xt_mark.c mark_mt; userspace libxt_mark.c, revision 1).
 * The mask defaults to all ones and is then not printed; the value is not
 * masked ("5/3" stays 0x5/0x3).
 */
#include "iptsim/ext.h"
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

struct mark_data {
    struct ext_markmask mark;
};

enum { O_MARK };

static const struct ext_opt mark_opts[] = {
    {"mark", ARG_MARKMASK, O_MARK, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct mark_data, mark)},
};

/* mark_mt(): (skb->mark & mask) == mark */
static int mark_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct mark_data *d = e->data;
    return ((c->pkt->mark & d->mark.mask) == d->mark.val) != ext_inv(e, O_MARK);
}

const struct ext_ops ext_mark = {
    .name = "mark",
    .kind = EXT_MATCH,
    .size = sizeof(struct mark_data),
    EXT_OPTS(mark_opts),
    .match = mark_match,
};

/* For analysis (analysis.h). */
void ext_mark_value(const struct ipt_expr *e, uint32_t *val, uint32_t *mask, bool *inv)
{
    const struct mark_data *d = e->data;
    *val = d->mark.val;
    *mask = d->mark.mask;
    *inv = ext_inv(e, O_MARK);
}
