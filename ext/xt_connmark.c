/*
 * xt_connmark.c - `-m connmark --mark VALUE[/MASK]`: the conntrack entry's
 * mark (net/netfilter/xt_connmark.c connmark_mt; userspace
 * libxt_connmark.c, revision 1). Printed like -m mark.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

struct connmark_data {
    struct ext_markmask mark;
};

enum { O_MARK };

static const struct ext_opt connmark_opts[] = {
    {"mark", ARG_MARKMASK, O_MARK, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct connmark_data, mark)},
};

/* connmark_mt(): no conntrack entry, no match */
static int connmark_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct connmark_data *d = e->data;
    if (!c->ct)
        return 0;
    return ((c->ct->mark & d->mark.mask) == d->mark.val) != ext_inv(e, O_MARK);
}

const struct ext_ops ext_connmark = {
    .name = "connmark",
    .kind = EXT_MATCH,
    .size = sizeof(struct connmark_data),
    EXT_OPTS(connmark_opts),
    .match = connmark_match,
};
