/*
 * xt_CHECKSUM.c - `-j CHECKSUM --checksum-fill`: compute a checksum that was
 * left to offloading, for guests that cannot handle partial checksums
 * (net/netfilter/xt_CHECKSUM.c: mangle table only). Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

enum { O_FILL };

static const struct ext_opt checksum_opts[] = {
    {"checksum-fill", ARG_NONE, O_FILL, EXT_OPT_MAND, .off = 0},
};

/* Logs, counts or rewrites what no rule or routing decision looks at:
 * the walk goes on (XT_CONTINUE). */
static int continue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_CHECKSUM = {
    .name = "CHECKSUM",
    .kind = EXT_TARGET,
    .size = 1,
    EXT_OPTS(checksum_opts),
    .table = "mangle",
    .target = continue_target,
};
