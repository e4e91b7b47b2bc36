/*
 * xt_ipv6header.c - `-m ipv6header --header LIST [--soft]`
 * (net/ipv6/netfilter/ip6t_ipv6header.c): which IPv6 extension headers the
 * packet has (exactly these, or with --soft at least these).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct ipv6header_data {
    uint8_t mask; /* MASK_* bits, in chain_flags order below */
};

enum { O_HEADER, O_SOFT };

/* libip6t_ipv6header.c chain_flags: header number -> mask bit, in the
 * order iptables-save prints them, with the name it prints
 * (getprotobynumber, else its own table). */
static const struct {
    uint8_t proto, flag;
    const char *save;
} hdrs[] = {
    {0, 0x80, "hop-by-hop"},  {60, 0x40, "ipv6-opts"}, {43, 0x20, "ipv6-route"},
    {44, 0x10, "ipv6-frag"},  {51, 0x08, "ah"},        {50, 0x04, "esp"},
    {59, 0x02, "ipv6-nonxt"}, {255, 0x01, "protocol"},
};

/* name_to_proto(): /etc/protocols names and aliases first (getprotobyname,
 * case matters), then the match's own names and numbers. */
static const struct {
    const char *name;
    int proto;
} names[] = {
    {"ip", 0},          {"IP", 0},          {"hopopt", 0},     {"HOPOPT", 0},
    {"ipv6-route", 43}, {"IPv6-Route", 43}, {"ipv6-frag", 44}, {"IPv6-Frag", 44},
    {"esp", 50},        {"IPSEC-ESP", 50},  {"ah", 51},        {"IPSEC-AH", 51},
    {"ipv6-nonxt", 59}, {"IPv6-NoNxt", 59}, {"ipv6-opts", 60}, {"IPv6-Opts", 60},
    {"hop-by-hop", 0},  {"protocol", 255},  {"hop", 0},        {"dst", 60},
    {"route", 43},      {"frag", 44},       {"auth", 51},      {"none", 59},
    {"prot", 255},      {"0", 0},           {"60", 60},        {"43", 43},
    {"44", 44},         {"51", 51},         {"50", 50},        {"59", 59},
    {"255", 255},
};

static int parse_header(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    struct ipv6header_data *d = e->data;
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int proto = -1;
        for (size_t i = 0; i < ARRAY_SIZE(names) && proto < 0; i++)
            if (strcmp(t, names[i].name) == 0)
                proto = names[i].proto;
        if (proto < 0) {
            /* another /etc/protocols name: known, but not a header here */
            int other = proto_by_name(t);
            if (other >= 0 && strcmp(t, "all") != 0)
                return ext_error(p,
                                 "unknown header `%d' specified (\"%s\" is not an IPv6 "
                                 "extension header)",
                                 other, t);
            return ext_error(p, "unknown header `%s' specified", t);
        }
        for (size_t i = 0; i < ARRAY_SIZE(hdrs); i++)
            if (hdrs[i].proto == proto)
                d->mask |= hdrs[i].flag;
    }
    if (!d->mask)
        return ext_error(p, "ip6t_ipv6header: cannot parse header names");
    return 0;
}

static void print_header(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const struct ipv6header_data *d = e->data;
    bool first = true;
    sb_putc(b, ' ');
    for (size_t i = 0; i < ARRAY_SIZE(hdrs); i++)
        if (d->mask & hdrs[i].flag) {
            sb_printf(b, "%s%s", first ? "" : ",", hdrs[i].save);
            first = false;
        }
}

static const struct ext_opt ipv6header_opts[] = {
    {"header", ARG_CUSTOM, O_HEADER, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct ipv6header_data, mask), .parse = parse_header, .print = print_header},
    {"soft", ARG_NONE, O_SOFT, 0},
};

/* ipv6header_mt6() (net/ipv6/netfilter/ip6t_ipv6header.c): walks the
 * extension header chain, setting a bit per header met; ESP and "no next
 * header" end the walk with their own bit, any other upper protocol sets
 * the "protocol" bit. Then --soft: every given header is present (with '!':
 * none is); without it: the set is exactly the given one (with '!': it is
 * not). The simulator's packets carry no extension headers (a non-first
 * fragment has a Fragment header); a packet whose next header is itself an
 * extension header has one whose successors ipt-sim does not know. */
static int ipv6header_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct ipv6header_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    uint8_t temp = p->fragment ? 0x10 : 0;
    switch (p->proto) {
    case 0:
    case 43:
    case 44:
    case 51:
    case 60: {
        struct strbuf t;
        sb_init(&t);
        sb_puts(&t, "the packet's extension headers satisfy -m ipv6header");
        ext_save_opts_generic(&t, c->rule, e);
        bool yes = sim_decide(c, t.s, -1);
        sb_free(&t);
        return yes;
    }
    case 50:
        temp |= 0x04; /* MASK_ESP */
        break;
    case 59:
        temp |= 0x02; /* MASK_NONE */
        break;
    default:
        temp |= 0x01; /* MASK_PROTO */
        break;
    }
    uint8_t inv = ext_inv(e, O_HEADER) ? 0xff : 0; /* libip6t_ipv6header: invflags = 0xFF */
    if (ext_has(e, O_SOFT))
        return !((temp ^ d->mask ^ inv) & d->mask);
    return inv ? temp != d->mask : temp == d->mask;
}

const struct ext_ops ext_ipv6header = {
    .name = "ipv6header",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct ipv6header_data),
    EXT_OPTS(ipv6header_opts),
    .match = ipv6header_match,
};
