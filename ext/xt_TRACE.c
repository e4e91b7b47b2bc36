/*
 * xt_TRACE.c - `-j TRACE`: mark the packet so every rule it meets is logged
 * (net/netfilter/xt_TRACE.c). The kernel's xt target is raw-table only, but
 * iptables-nft turns TRACE into the native `meta nftrace set 1`, which any
 * table accepts (checked: `-A INPUT -j TRACE` loads into filter), so no
 * table is enforced here. Not terminal.
 */
#include "iptsim/ext.h"

const struct ext_ops ext_TRACE = {
    .name = "TRACE",
    .kind = EXT_TARGET,
};
