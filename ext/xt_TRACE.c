/*
 * xt_TRACE.c - `-j TRACE`: mark the packet so every rule it meets is logged
 * (net/netfilter/xt_TRACE.c). The kernel's xt target is raw-table only, but
 * iptables-nft turns TRACE into the native `meta nftrace set 1`, which any
 * table accepts (checked: `-A INPUT -j TRACE` loads into filter), so no
 * table is enforced here. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

/* trace_tg(): sets nf_trace; ipt-sim traces every packet anyway */
static int trace_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)e;
    c->trace = true;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_TRACE = {
    .name = "TRACE",
    .kind = EXT_TARGET,
    .target = trace_target,
};
