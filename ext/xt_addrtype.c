/*
 * xt_addrtype.c - `-m addrtype` (net/netfilter/xt_addrtype.c, revision 1):
 * the routing type of the source/destination address.
 *
 * Type names are matched as case-insensitive prefixes in the kernel's
 * RTN_* order (so "U" is UNSPEC) and printed in that order.
 */
#include "iptsim/ext.h"
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <string.h>
#include <strings.h>

/* RTN_* bits, as xt_addrtype.h's XT_ADDRTYPE_* */
#define AT_BROADCAST (1u << 3)
#define AT_BLACKHOLE (1u << 6)
#define AT_PROHIBIT  (1u << 8)

struct addrtype_data {
    uint16_t source, dest;
};

enum { O_SRC_TYPE, O_DST_TYPE, O_LIMIT_IN, O_LIMIT_OUT };

static const char *const rtn_names[] = {
    "UNSPEC",    "UNICAST",     "LOCAL",    "BROADCAST", "ANYCAST", "MULTICAST",
    "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW",     "NAT",     "XRESOLVE",
};

static bool parse_type(const char *s, size_t len, uint16_t *mask)
{
    for (size_t i = 0; i < ARRAY_SIZE(rtn_names); i++)
        if (strncasecmp(s, rtn_names[i], len) == 0) {
            *mask |= (uint16_t)(1u << i);
            return true;
        }
    return false;
}

static int parse_types(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct addrtype_data *d = e->data;
    uint16_t *mask = o->id == O_SRC_TYPE ? &d->source : &d->dest;
    const char *arg = argv[0], *comma;
    while ((comma = strchr(arg, ',')) != NULL) {
        if (comma == arg || !parse_type(arg, (size_t)(comma - arg), mask))
            return ext_error(p, "addrtype: bad type \"%s\"", arg);
        arg = comma + 1;
    }
    if (!*arg || !parse_type(arg, strlen(arg), mask))
        return ext_error(p, "addrtype: bad type \"%s\"", arg);
    return 0;
}

static void print_types(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const struct addrtype_data *d = e->data;
    uint16_t mask = o->id == O_SRC_TYPE ? d->source : d->dest;
    char sep = ' ';
    for (size_t i = 0; i < ARRAY_SIZE(rtn_names); i++)
        if (mask & (1u << i)) {
            sb_putc(b, sep);
            sb_puts(b, rtn_names[i]);
            sep = ',';
        }
}

static const struct ext_opt addrtype_opts[] = {
    {"src-type", ARG_CUSTOM, O_SRC_TYPE, EXT_OPT_INVERT, .parse = parse_types,
     .print = print_types},
    {"dst-type", ARG_CUSTOM, O_DST_TYPE, EXT_OPT_INVERT, .parse = parse_types,
     .print = print_types},
    {"limit-iface-in", ARG_NONE, O_LIMIT_IN, 0},
    {"limit-iface-out", ARG_NONE, O_LIMIT_OUT, 0},
};

static int addrtype_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct addrtype_data *d = e->data;
    if (!ext_has(e, O_SRC_TYPE) && !ext_has(e, O_DST_TYPE))
        return ext_error(p, "addrtype: you must specify --src-type or --dst-type");
    if (ext_has(e, O_LIMIT_IN) && ext_has(e, O_LIMIT_OUT))
        return ext_error(p, "addrtype: option \"--limit-iface-in\" cannot be used together "
                            "with \"--limit-iface-out\"");
    if (p->family == IPT_FAM_IPV6) {
        uint16_t all = d->source | d->dest;
        if (all & AT_BLACKHOLE)
            return ext_error(p, "addrtype: ipv6 BLACKHOLE matching not supported (the kernel "
                                "refuses: Invalid argument)");
        if (all >= AT_PROHIBIT)
            return ext_error(p, "addrtype: ipv6 PROHIBIT (THROW, NAT ..) matching not "
                                "supported (the kernel refuses: Invalid argument)");
        if (all & AT_BROADCAST)
            return ext_error(p, "addrtype: ipv6 does not support BROADCAST matching (the "
                                "kernel refuses: Invalid argument)");
    }
    return 0;
}

/* addrtype_mt_checkentry_v1(): which interface exists depends on the
 * hook; the loader checks every hook a chain is reached from. */
static uint32_t addrtype_hooks_for(const struct ipt_expr *e)
{
    if (ext_has(e, O_LIMIT_IN))
        return IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |
               IPT_HOOK_BIT(IPT_HOOK_FORWARD);
    if (ext_has(e, O_LIMIT_OUT))
        return IPT_HOOK_BIT(IPT_HOOK_FORWARD) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |
               IPT_HOOK_BIT(IPT_HOOK_POSTROUTING);
    return 0;
}

/* The interface an address of the host's local routing table belongs to:
 * a local address or a subnet's broadcast address ("local"/"broadcast"
 * routes, dev IF), 127.0.0.0/8 on lo. */
static const char *local_table_dev(const struct host *h, int family, const uint8_t a[16])
{
    if (family == IPT_FAM_IPV4 && a[0] == 127)
        return "lo";
    static const uint8_t lo6[16] = {[15] = 1};
    if (family == IPT_FAM_IPV6 && memcmp(a, lo6, 16) == 0)
        return "lo";
    for (size_t i = 0; i < h->nifaces; i++)
        for (size_t j = 0; j < h->ifaces[i].naddrs; j++) {
            const struct host_addr *x = &h->ifaces[i].addrs[j];
            if (x->family != family)
                continue;
            if (memcmp(x->a, a, 16) == 0)
                return h->ifaces[i].name;
            if (family == IPT_FAM_IPV4 && x->plen < 31) {
                struct ipt_net n;
                net_from_prefix(family, x->a, x->plen, &n);
                bool bcast = net_contains(&n, a);
                for (int k = 0; k < 4 && bcast; k++)
                    bcast = (a[k] | n.mask[k]) == 0xff;
                if (bcast)
                    return h->ifaces[i].name;
            }
        }
    return NULL;
}

/* inet_dev_addr_type(): the type from the local table; with a device, a
 * local-table entry of another device makes the address UNICAST.
 * 0.0.0.0/8, 255.255.255.255 and multicast do not depend on the device. */
static int addr_type4(const struct host *h, const char *dev, const uint8_t a[16])
{
    if (a[0] == 0 || (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255))
        return ADDRT_BROADCAST;
    if ((a[0] & 0xf0) == 0xe0)
        return ADDRT_MULTICAST;
    int t = host_addr_type(h, IPT_FAM_IPV4, a);
    if (dev && (t == ADDRT_LOCAL || t == ADDRT_BROADCAST)) {
        const char *owner = local_table_dev(h, IPT_FAM_IPV4, a);
        if (!owner || strcmp(owner, dev) != 0)
            return ADDRT_UNICAST;
    }
    return t;
}

#define AT(t) (1u << (t))

/* match_type6(): not a type lookup but a series of tests. MULTICAST,
 * UNICAST and UNSPEC in the mask are requirements on ipv6_addr_type() (so
 * "UNICAST,MULTICAST" never matches); LOCAL, ANYCAST and UNREACHABLE ask
 * the routing table. */
static bool match_type6(const struct host *h, const char *dev, const uint8_t a[16], uint16_t mask)
{
    static const uint8_t mapped[12] = {[10] = 0xff, [11] = 0xff};
    bool any = true;
    for (int i = 0; i < 16; i++)
        any = any && !a[i];
    bool multicast = a[0] == 0xff;
    bool unicast = !any && !multicast && memcmp(a, mapped, 12) != 0;
    if ((mask & AT(ADDRT_MULTICAST)) && !multicast)
        return false;
    if ((mask & AT(ADDRT_UNICAST)) && !unicast)
        return false;
    if ((mask & AT(ADDRT_UNSPEC)) && !any)
        return false;
    if (!(mask & (AT(ADDRT_LOCAL) | AT(ADDRT_ANYCAST) | AT(ADDRT_UNREACHABLE))))
        return true;
    /* match_lookup_rt6() */
    uint16_t ret = 0;
    if (dev && (mask & AT(ADDRT_LOCAL))) {
        /* ipv6_chk_addr(strict): an address of that very device */
        const char *owner = local_table_dev(h, IPT_FAM_IPV6, a);
        if (owner && strcmp(owner, dev) == 0)
            ret = AT(ADDRT_LOCAL);
    }
    bool local = host_is_local(h, IPT_FAM_IPV6, a);
    if (!local && !multicast && !host_route_lookup(h, IPT_FAM_IPV6, a))
        return (mask & AT(ADDRT_UNREACHABLE)) != 0; /* no route: UNREACHABLE only */
    if (!dev && local)
        ret |= AT(ADDRT_LOCAL);
    return (mask & ret) != 0;
}

/* addrtype_mt_v1() in net/netfilter/xt_addrtype.c, with the host's
 * routing types. --limit-iface-in/out look the address up for the in/out
 * interface only: an address of another interface is UNICAST there. */
static int addrtype_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct addrtype_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    const char *dev = ext_has(e, O_LIMIT_IN) ? c->iif : ext_has(e, O_LIMIT_OUT) ? c->oif : NULL;
    const uint16_t masks[2] = {d->source, d->dest};
    const uint8_t *addrs[2] = {p->src, p->dst};
    const unsigned ids[2] = {O_SRC_TYPE, O_DST_TYPE};
    for (int i = 0; i < 2; i++) {
        if (!masks[i])
            continue;
        bool m;
        if (c->family == IPT_FAM_IPV6)
            m = match_type6(c->host, dev, addrs[i], masks[i]);
        else
            m = (masks[i] >> addr_type4(c->host, dev, addrs[i])) & 1;
        if (m == ext_inv(e, ids[i]))
            return 0;
    }
    return 1;
}

const struct ext_ops ext_addrtype = {
    .name = "addrtype",
    .kind = EXT_MATCH,
    .size = sizeof(struct addrtype_data),
    EXT_OPTS(addrtype_opts),
    .hooks_for = addrtype_hooks_for,
    .check = addrtype_check,
    .match = addrtype_match,
};

/* For analysis (analysis.h). */
void ext_addrtype_types(const struct ipt_expr *e, uint16_t *src, bool *src_inv, uint16_t *dst,
                        bool *dst_inv, bool *unmodelled)
{
    const struct addrtype_data *d = e->data;
    *src = d->source;
    *dst = d->dest;
    *src_inv = ext_inv(e, O_SRC_TYPE);
    *dst_inv = ext_inv(e, O_DST_TYPE);
    *unmodelled = ext_has(e, O_LIMIT_IN) || ext_has(e, O_LIMIT_OUT);
}
