/*
 * xt_quota.c - `-m quota [!] --quota BYTES` (net/netfilter/xt_quota.c):
 * matches while the rule's byte budget lasts, each matching packet
 * spending its length; `!` matches once it is spent.
 *
 * How much of the budget earlier traffic has used is the kernel's state,
 * not the dump's, so the simulation forks: "the quota is not yet spent".
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>

struct quota_data {
    uint64_t quota;
};

enum { O_QUOTA };

static const struct ext_opt quota_opts[] = {
    {"quota", ARG_U64, O_QUOTA, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct quota_data, quota), .max = UINT64_MAX},
};

/* quota_mt(): while quota >= skb->len the packet's length is taken off and
 * the match holds (unless inverted); after that it fails (holds when
 * inverted). A fresh rule's budget is the whole quota. */
static int quota_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct quota_data *d = e->data;
    char what[96];
    snprintf(what, sizeof(what), "quota of %llu bytes not yet spent", (unsigned long long)d->quota);
    bool left = d->quota >= c->pkt->len && sim_decide(c, what, -1);
    return left != ext_inv(e, O_QUOTA);
}

const struct ext_ops ext_quota = {
    .name = "quota",
    .kind = EXT_MATCH,
    .size = sizeof(struct quota_data),
    EXT_OPTS(quota_opts),
    .match = quota_match,
};
