/*
 * xt_rpfilter.c - `-m rpfilter` (net/ipv4/netfilter/ipt_rpfilter.c,
 * net/ipv6/netfilter/ip6t_rpfilter.c): reverse-path filter, a route lookup
 * back to the packet's source.
 *
 * The lookup needs the packet before routing, so the kernel allows it only
 * in PREROUTING of the raw and mangle tables.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

enum { O_LOOSE, O_VALIDMARK, O_ACCEPT_LOCAL, O_INVERT };

/* No data: the flags are the option bits. */
static const struct ext_opt rpfilter_opts[] = {
    {"loose", ARG_NONE, O_LOOSE, 0},
    {"validmark", ARG_NONE, O_VALIDMARK, 0},
    {"accept-local", ARG_NONE, O_ACCEPT_LOCAL, 0},
    {"invert", ARG_NONE, O_INVERT, 0},
};

static int rpfilter_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)e;
    /* rpfilter_check(): "only valid in 'raw' or 'mangle' table" */
    if (strcmp(p->table, "raw") != 0 && strcmp(p->table, "mangle") != 0)
        return ext_error(p,
                         "rpfilter is only valid in the raw and mangle tables, not in %s: "
                         "the kernel refuses the rule",
                         p->table);
    return 0;
}

/* The interface that holds a local address (the device of its route in
 * the local table); loopback addresses are on lo. */
static const char *local_dev(const struct host *h, int family, const uint8_t a[16])
{
    for (size_t i = 0; i < h->nifaces; i++)
        for (size_t j = 0; j < h->ifaces[i].naddrs; j++) {
            const struct host_addr *x = &h->ifaces[i].addrs[j];
            if (x->family == family && memcmp(x->a, a, 16) == 0)
                return h->ifaces[i].name;
        }
    return "lo";
}

/* rpfilter_lookup_reverse() (ipt_rpfilter.c): a FIB lookup towards the
 * source. No route: no. A local source (RTN_LOCAL): only with
 * --accept-local. Another non-unicast type (a subnet's broadcast address):
 * no. Then the route must leave through the interface the packet came in
 * on, or --loose accepts any. */
static bool reverse4(const struct host *h, const struct sim_pkt *p, const char *iif, bool loose,
                     bool accept_local)
{
    static const uint8_t zero[4] = {0}, ones[4] = {255, 255, 255, 255};
    const char *dev;
    if (host_is_local(h, IPT_FAM_IPV4, p->src)) {
        if (!accept_local)
            return false;
        dev = local_dev(h, IPT_FAM_IPV4, p->src);
    } else {
        /* the local table's broadcast routes: RTN_BROADCAST */
        if (host_addr_type(h, IPT_FAM_IPV4, p->src) == ADDRT_BROADCAST &&
            memcmp(p->src, zero, 4) != 0 && memcmp(p->src, ones, 4) != 0)
            return false;
        const struct host_route *rt = host_route_lookup(h, IPT_FAM_IPV4, p->src);
        if (!rt)
            return false;
        dev = rt->dev;
    }
    return loose || strcmp(dev, iif) == 0;
}

/* rpfilter_lookup_reverse6() (ip6t_rpfilter.c): an IPv6 route lookup
 * towards the source. No route: no. A local source (RTF_LOCAL): exactly
 * --accept-local, whatever the interface. Then the route's interface must
 * be the input one, or --loose. A link-local source is looked up on the
 * input interface itself, where the kernel always has fe80::/64. */
static bool reverse6(const struct host *h, const struct sim_pkt *p, const char *iif, bool loose,
                     bool accept_local)
{
    if (host_is_local(h, IPT_FAM_IPV6, p->src))
        return accept_local;
    if (p->src[0] == 0xfe && (p->src[1] & 0xc0) == 0x80)
        return true;
    const struct host_route *rt = host_route_lookup(h, IPT_FAM_IPV6, p->src);
    if (!rt)
        return false;
    return loose || strcmp(rt->dev, iif) == 0;
}

/* rpfilter_mt() (net/ipv4/netfilter/ipt_rpfilter.c and
 * net/ipv6/netfilter/ip6t_rpfilter.c). --invert flips every answer,
 * including the shortcuts: a packet on the loopback interface matches, as
 * does (IPv4) one from 0.0.0.0/8 to 255.255.255.255 or 224.0.0.0/24 (DHCP,
 * IGMP) and (IPv6) one from the unspecified address. --validmark only
 * feeds the mark to policy routing, which the simulator does not model:
 * its routes are the main table's. */
static int rpfilter_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct sim_pkt *p = c->pkt;
    bool invert = ext_has(e, O_INVERT);
    bool loose = ext_has(e, O_LOOSE), accept_local = ext_has(e, O_ACCEPT_LOCAL);
    const char *iif = c->iif ? c->iif : "";
    if (strcmp(iif, "lo") == 0)
        return !invert;
    if (c->family == IPT_FAM_IPV4) {
        if (p->src[0] == 0 &&
            ((p->dst[0] == 255 && p->dst[1] == 255 && p->dst[2] == 255 && p->dst[3] == 255) ||
             (p->dst[0] == 224 && p->dst[1] == 0 && p->dst[2] == 0)))
            return !invert;
        return reverse4(c->host, p, iif, loose, accept_local) != invert;
    }
    static const uint8_t any6[16] = {0};
    if (memcmp(p->src, any6, 16) == 0)
        return !invert;
    return reverse6(c->host, p, iif, loose, accept_local) != invert;
}

const struct ext_ops ext_rpfilter = {
    .name = "rpfilter",
    .kind = EXT_MATCH,
    .size = 0,
    EXT_OPTS(rpfilter_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING),
    .check = rpfilter_check,
    .match = rpfilter_match,
};
