/*
 * xt_icmp.c - `-p icmp -m icmp --icmp-type` (iptables) and
 * `-p ipv6-icmp -m icmp6 --icmpv6-type` (ip6tables): the ICMP type and code
 * range (net/ipv4/netfilter/ip_tables.c icmp_match(),
 * net/ipv6/netfilter/ip6_tables.c icmp6_match(); userspace libipt_icmp.c,
 * libip6t_icmp6.c and the name tables of libxt_icmp.h).
 *
 * Both reach the kernel as xt matches whose .proto is set, so the kernel
 * refuses them without `-p icmp` / `-p ipv6-icmp` or after a negated -p.
 * iptables-save prints numbers only ("8", "3/4"); IPv4 type 255 is the
 * "any" wildcard and prints as such, IPv6 has no wildcard.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct icmp_data {
    uint8_t type;
    uint8_t code_min, code_max;
};

enum { O_TYPE };

struct icmp_name {
    const char *name;
    uint8_t type, code_min, code_max;
};

static const struct icmp_name icmp4_names[] = {
    {"any", 0xFF, 0, 0xFF},
    {"echo-reply", 0, 0, 0xFF},
    {"pong", 0, 0, 0xFF},
    {"destination-unreachable", 3, 0, 0xFF},
    {"network-unreachable", 3, 0, 0},
    {"host-unreachable", 3, 1, 1},
    {"protocol-unreachable", 3, 2, 2},
    {"port-unreachable", 3, 3, 3},
    {"fragmentation-needed", 3, 4, 4},
    {"source-route-failed", 3, 5, 5},
    {"network-unknown", 3, 6, 6},
    {"host-unknown", 3, 7, 7},
    {"network-prohibited", 3, 9, 9},
    {"host-prohibited", 3, 10, 10},
    {"TOS-network-unreachable", 3, 11, 11},
    {"TOS-host-unreachable", 3, 12, 12},
    {"communication-prohibited", 3, 13, 13},
    {"host-precedence-violation", 3, 14, 14},
    {"precedence-cutoff", 3, 15, 15},
    {"source-quench", 4, 0, 0xFF},
    {"redirect", 5, 0, 0xFF},
    {"network-redirect", 5, 0, 0},
    {"host-redirect", 5, 1, 1},
    {"TOS-network-redirect", 5, 2, 2},
    {"TOS-host-redirect", 5, 3, 3},
    {"echo-request", 8, 0, 0xFF},
    {"ping", 8, 0, 0xFF},
    {"router-advertisement", 9, 0, 0xFF},
    {"router-solicitation", 10, 0, 0xFF},
    {"time-exceeded", 11, 0, 0xFF},
    {"ttl-exceeded", 11, 0, 0xFF},
    {"ttl-zero-during-transit", 11, 0, 0},
    {"ttl-zero-during-reassembly", 11, 1, 1},
    {"parameter-problem", 12, 0, 0xFF},
    {"ip-header-bad", 12, 0, 0},
    {"required-option-missing", 12, 1, 1},
    {"timestamp-request", 13, 0, 0xFF},
    {"timestamp-reply", 14, 0, 0xFF},
    {"address-mask-request", 17, 0, 0xFF},
    {"address-mask-reply", 18, 0, 0xFF},
};

static const struct icmp_name icmp6_names[] = {
    {"destination-unreachable", 1, 0, 0xFF},
    {"no-route", 1, 0, 0},
    {"communication-prohibited", 1, 1, 1},
    {"beyond-scope", 1, 2, 2},
    {"address-unreachable", 1, 3, 3},
    {"port-unreachable", 1, 4, 4},
    {"failed-policy", 1, 5, 5},
    {"reject-route", 1, 6, 6},
    {"packet-too-big", 2, 0, 0xFF},
    {"time-exceeded", 3, 0, 0xFF},
    {"ttl-exceeded", 3, 0, 0xFF},
    {"ttl-zero-during-transit", 3, 0, 0},
    {"ttl-zero-during-reassembly", 3, 1, 1},
    {"parameter-problem", 4, 0, 0xFF},
    {"bad-header", 4, 0, 0},
    {"unknown-header-type", 4, 1, 1},
    {"unknown-option", 4, 2, 2},
    {"echo-request", 128, 0, 0xFF},
    {"ping", 128, 0, 0xFF},
    {"echo-reply", 129, 0, 0xFF},
    {"pong", 129, 0, 0xFF},
    {"router-solicitation", 133, 0, 0xFF},
    {"router-advertisement", 134, 0, 0xFF},
    {"neighbour-solicitation", 135, 0, 0xFF},
    {"neighbor-solicitation", 135, 0, 0xFF},
    {"neighbour-advertisement", 136, 0, 0xFF},
    {"neighbor-advertisement", 136, 0, 0xFF},
    {"redirect", 137, 0, 0xFF},
};

/* libipt_icmp.c parse_icmp(): a unique case-insensitive prefix of a name,
 * else TYPE[/CODE] numbers (strtoul base 0, so "08" stops at the '8'). */
static int parse_type(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct icmp_data *d = e->data;
    const char *s = argv[0];
    bool v6 = strcmp(e->ops->name, "icmp6") == 0;
    const struct icmp_name *tbl = v6 ? icmp6_names : icmp4_names;
    size_t n = v6 ? ARRAY_SIZE(icmp6_names) : ARRAY_SIZE(icmp4_names);
    const char *what = v6 ? "ICMPv6" : "ICMP";
    const struct icmp_name *hit = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strncasecmp(tbl[i].name, s, strlen(s)) != 0)
            continue;
        if (hit)
            return ext_error(p, "ambiguous %s type \"%s\": \"%s\" or \"%s\"?", what, s, hit->name,
                             tbl[i].name);
        hit = &tbl[i];
    }
    if (hit) {
        d->type = hit->type;
        d->code_min = hit->code_min;
        d->code_max = hit->code_max;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long t = strtoul(s, &end, 0);
    if (end == s || errno || t > 255)
        return ext_error(p, "unknown %s type \"%s\" (a name, TYPE or TYPE/CODE, 0-255)", what, s);
    d->type = (uint8_t)t;
    d->code_min = 0;
    d->code_max = 0xFF;
    if (*end == '/') {
        const char *c = end + 1;
        unsigned long code = strtoul(c, &end, 0);
        if (end == c || errno || code > 255)
            return ext_error(p, "unknown %s code \"%s\" (TYPE/CODE, 0-255)", what, s);
        d->code_min = d->code_max = (uint8_t)code;
    }
    if (*end)
        return ext_error(p, "unknown character '%c' in %s type \"%s\"", *end, what, s);
    return 0;
}

static void icmp_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct icmp_data *d = e->data;
    d->type = 0xFF;
    d->code_max = 0xFF;
}

static void icmp_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct icmp_data *d = e->data;
    sb_puts(b, ext_inv(e, O_TYPE) ? " ! --icmp-type " : " --icmp-type ");
    if (d->type == 0xFF) {
        sb_puts(b, "any");
        return;
    }
    sb_printf(b, "%u", d->type);
    if (d->code_min != 0 || d->code_max != 0xFF)
        sb_printf(b, "/%u", d->code_min);
}

static void icmp6_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct icmp_data *d = e->data;
    sb_printf(b, "%s --icmpv6-type %u", ext_inv(e, O_TYPE) ? " !" : "", d->type);
    if (d->code_min != 0 || d->code_max != 0xFF)
        sb_printf(b, "/%u", d->code_min);
}

/* The rule reader loads the implicit `-p icmp` match without looking at
 * .families: ip6tables knows no --icmp-type ("unknown option"). */
static int icmp_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (e->ops->families & (1u << p->family))
        return 0;
    return ext_error(p, "unknown option \"--%s\": it belongs to %s", e->ops->opts[0].name,
                     p->family == IPT_FAM_IPV6 ? "iptables (IPv4)" : "ip6tables");
}

static const struct ext_opt icmp_opts[] = {
    {"icmp-type", ARG_CUSTOM, O_TYPE, EXT_OPT_INVERT | EXT_OPT_MAND, .parse = parse_type},
};

static const struct ext_opt icmp6_opts[] = {
    {"icmpv6-type", ARG_CUSTOM, O_TYPE, EXT_OPT_INVERT | EXT_OPT_MAND, .parse = parse_type},
};

/* icmp_match() / icmp6_match() (ip_tables.c / ip6_tables.c): a later
 * fragment never matches; icmp_type_code_match() takes type 0xff as any
 * type, icmp6_type_code_match() has no wildcard. The rule's `-p icmp` /
 * `-p ipv6-icmp` (the kernel refuses anything else) has been checked by
 * the header. */
static int icmp_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct icmp_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    bool v6 = strcmp(e->ops->name, "icmp6") == 0;
    if (p->fragment || p->proto != (v6 ? 58 : 1))
        return 0;
    bool m = (!v6 && d->type == 0xff) || (p->icmp_type == d->type && p->icmp_code >= d->code_min &&
                                          p->icmp_code <= d->code_max);
    return m != ext_inv(e, O_TYPE);
}

const struct ext_ops ext_icmp = {
    .name = "icmp",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV4,
    .size = sizeof(struct icmp_data),
    EXT_OPTS(icmp_opts),
    .proto = 1,
    .init = icmp_init,
    .check = icmp_check,
    .save_opts = icmp_save_opts,
    .match = icmp_match,
};

const struct ext_ops ext_icmp6 = {
    .name = "icmp6",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct icmp_data),
    EXT_OPTS(icmp6_opts),
    .proto = 58,
    .init = icmp_init,
    .check = icmp_check,
    .save_opts = icmp6_save_opts,
    .match = icmp_match,
};
