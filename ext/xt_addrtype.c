/*
 * xt_addrtype.c - `-m addrtype` (net/netfilter/xt_addrtype.c, revision 1):
 * the routing type of the source/destination address.
 *
 * Type names are matched as case-insensitive prefixes in the kernel's
 * RTN_* order (so "U" is UNSPEC) and printed in that order.
 */
#include "iptsim/ext.h"
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
    /* addrtype_mt_checkentry(): which interface exists depends on the
     * hook. Only a built-in chain is checked here; a user chain's hooks
     * are known after the whole table is read. */
    int hook = hook_from_name(p->chain);
    if (hook != IPT_HOOK_NONE) {
        if (ext_has(e, O_LIMIT_IN) && (hook == IPT_HOOK_POSTROUTING || hook == IPT_HOOK_OUTPUT))
            return ext_error(p, "addrtype: --limit-iface-in is not valid in the POSTROUTING "
                                "and OUTPUT chains (the kernel refuses: Invalid argument)");
        if (ext_has(e, O_LIMIT_OUT) && (hook == IPT_HOOK_PREROUTING || hook == IPT_HOOK_INPUT))
            return ext_error(p, "addrtype: --limit-iface-out is not valid in the PREROUTING "
                                "and INPUT chains (the kernel refuses: Invalid argument)");
    }
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

/* addrtype_mt_v1() in net/netfilter/xt_addrtype.c, with the host's
 * routing types. --limit-iface-in/out narrow the lookup to one interface;
 * the host model answers for the whole host. */
static int addrtype_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct addrtype_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    if (d->source) {
        int t = host_addr_type(c->host, p->family, p->src);
        if (((d->source >> t) & 1) == ext_inv(e, O_SRC_TYPE))
            return 0;
    }
    if (d->dest) {
        int t = host_addr_type(c->host, p->family, p->dst);
        if (((d->dest >> t) & 1) == ext_inv(e, O_DST_TYPE))
            return 0;
    }
    return 1;
}

const struct ext_ops ext_addrtype = {
    .name = "addrtype",
    .kind = EXT_MATCH,
    .size = sizeof(struct addrtype_data),
    EXT_OPTS(addrtype_opts),
    .check = addrtype_check,
    .match = addrtype_match,
};
