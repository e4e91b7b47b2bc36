/*
 * xt_eui64.c - `-m eui64` (net/ipv6/netfilter/ip6t_eui64.c): the IPv6
 * source address's interface identifier is the EUI-64 built from the
 * source MAC address.
 *
 * It reads the MAC header, which only exists on the way in: PREROUTING,
 * INPUT and FORWARD.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>

/* eui64_mt6(): the source address's last 64 bits must be the EUI-64 of
 * the Ethernet source address: MAC bytes 0-2 (bit 0x02 of the first
 * flipped), ff:fe, MAC bytes 3-5. An address without ff:fe in the middle
 * of its interface identifier never matches; otherwise it depends on the
 * MAC the packet came from, which ipt-sim does not know. */
static int eui64_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)e;
    const uint8_t *a = c->pkt->src;
    if (c->family != IPT_FAM_IPV6 || a[11] != 0xff || a[12] != 0xfe)
        return 0;
    char text[128];
    snprintf(text, sizeof(text),
             "the packet's source MAC is %02x:%02x:%02x:%02x:%02x:%02x (the EUI-64 in its "
             "source address)",
             a[8] ^ 0x02, a[9], a[10], a[13], a[14], a[15]);
    return sim_decide(c, text, -1);
}

const struct ext_ops ext_eui64 = {
    .name = "eui64",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = 0,
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |
             IPT_HOOK_BIT(IPT_HOOK_FORWARD),
    .match = eui64_match,
};
