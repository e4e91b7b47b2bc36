/*
 * xt_eui64.c - `-m eui64` (net/ipv6/netfilter/ip6t_eui64.c): the IPv6
 * source address's interface identifier is the EUI-64 built from the
 * source MAC address.
 *
 * It reads the MAC header, which only exists on the way in: PREROUTING,
 * INPUT and FORWARD.
 */
#include "iptsim/ext.h"

const struct ext_ops ext_eui64 = {
    .name = "eui64",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = 0,
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |
             IPT_HOOK_BIT(IPT_HOOK_FORWARD),
};
