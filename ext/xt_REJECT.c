/*
 * xt_REJECT.c - `-j REJECT [--reject-with TYPE]`: drop the packet and send
 * an ICMP error or a TCP RST back. One extension for both families, as
 * iptables has libipt_REJECT.c and libip6t_REJECT.c under the same name;
 * the kernel side is net/ipv4/netfilter/ipt_REJECT.c and
 * net/ipv6/netfilter/ip6t_REJECT.c (filter table, INPUT/FORWARD/OUTPUT,
 * tcp-reset only with `-p tcp`).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>
#include <strings.h>

struct reject_data {
    uint8_t family;
    uint8_t with; /* index into the family's table */
};

enum { O_REJECT_WITH };

struct reject_name {
    const char *name, *alias;
};

/* Table order matters: iptables takes the first entry whose name or alias
 * starts with the argument (strncasecmp over the argument's length), so
 * "icmp-" means icmp-net-unreachable and "tcp" means tcp-reset. */
static const struct reject_name reject4[] = {
    {"icmp-net-unreachable", "net-unreach"},
    {"icmp-host-unreachable", "host-unreach"},
    {"icmp-proto-unreachable", "proto-unreach"},
    {"icmp-port-unreachable", "port-unreach"},
    {"icmp-net-prohibited", "net-prohib"},
    {"icmp-host-prohibited", "host-prohib"},
    {"tcp-reset", "tcp-rst"},
    {"icmp-admin-prohibited", "admin-prohib"},
};
#define REJECT4_PORT 3
#define REJECT4_TCP  6

/* ip6t_REJECT.h order, without the two entries iptables compiles out */
static const struct reject_name reject6[] = {
    {"icmp6-no-route", "no-route"},
    {"icmp6-adm-prohibited", "adm-prohibited"},
    {"icmp6-addr-unreachable", "addr-unreach"},
    {"icmp6-port-unreachable", "port-unreach"},
    {"tcp-reset", "tcp-reset"},
    {"icmp6-policy-fail", "policy-fail"},
    {"icmp6-reject-route", "reject-route"},
};
#define REJECT6_PORT 3
#define REJECT6_TCP  4

static void reject_init(struct ext_parse *p, struct ipt_expr *e)
{
    struct reject_data *d = e->data;
    d->family = (uint8_t)p->family;
    d->with = p->family == IPT_FAM_IPV6 ? REJECT6_PORT : REJECT4_PORT;
}

static int parse_with(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct reject_data *d = e->data;
    bool v6 = d->family == IPT_FAM_IPV6;
    const struct reject_name *t = v6 ? reject6 : reject4;
    size_t n = v6 ? ARRAY_SIZE(reject6) : ARRAY_SIZE(reject4);
    size_t len = strlen(argv[0]);
    for (size_t i = 0; i < n; i++)
        if (strncasecmp(t[i].name, argv[0], len) == 0 ||
            strncasecmp(t[i].alias, argv[0], len) == 0) {
            d->with = (uint8_t)i;
            return 0;
        }
    return ext_error(p, "unknown reject type \"%s\" for %s", argv[0],
                     v6 ? "ip6tables (icmp6-no-route, icmp6-adm-prohibited, "
                          "icmp6-addr-unreachable, icmp6-port-unreachable, tcp-reset, "
                          "icmp6-policy-fail, icmp6-reject-route)"
                        : "iptables (icmp-net-unreachable, icmp-host-unreachable, "
                          "icmp-proto-unreachable, icmp-port-unreachable, "
                          "icmp-net-prohibited, "
                          "icmp-host-prohibited, icmp-admin-prohibited, tcp-reset)");
}

static const struct ext_opt reject_opts[] = {
    {"reject-with", ARG_CUSTOM, O_REJECT_WITH, 0, .parse = parse_with},
};

static int reject_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct reject_data *d = e->data;
    bool tcp = d->with == (d->family == IPT_FAM_IPV6 ? REJECT6_TCP : REJECT4_TCP);
    /* ipt_REJECT.c / ip6t_REJECT.c reject_tg_check(): a RST needs a TCP
     * packet to answer, so the rule must match only TCP. */
    if (tcp && (p->proto != 6 || p->proto_inv))
        return ext_error(p, "REJECT --reject-with tcp-reset needs \"-p tcp\" in the rule "
                            "(the kernel refuses it: Invalid argument)");
    return 0;
}

/* iptables-save always prints the type, the default included. */
static void reject_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct reject_data *d = e->data;
    const struct reject_name *t = d->family == IPT_FAM_IPV6 ? reject6 : reject4;
    sb_printf(b, " --reject-with %s", t[d->with].name);
}

/* Why the kernel sends no answer for this packet, or NULL when it does.
 * nf_send_reset() / nf_send_unreach() (net/ipv4/netfilter/nf_reject_ipv4.c)
 * and icmp_send(); nf_send_reset6() / nf_send_unreach6() and icmpv6_send()
 * for IPv6. Checksums and ICMP rate limits are not simulated. */
static const char *reject_silent(const struct sim_ctx *c, bool tcp)
{
    const struct sim_pkt *p = c->pkt;
    bool v6 = c->family == IPT_FAM_IPV6;
    if (p->fragment)
        return "a later fragment gets no answer";
    if (tcp) {
        if (p->proto != 6)
            return "tcp-reset answers only TCP";
        if (p->tcp_flags & TCPF_RST)
            return "no RST is sent in answer to a RST";
    }
    if (v6) {
        static const uint8_t any[16];
        if (p->dst[0] == 0xff || (tcp && (p->src[0] == 0xff || !memcmp(p->src, any, 16))))
            return tcp ? "the addresses are not both unicast" : "the destination is multicast";
        /* is_ineligible(): no ICMPv6 error about an ICMPv6 error */
        if (!tcp && p->proto == 58 && p->icmp_type < 128)
            return "no ICMPv6 error is sent about an ICMPv6 error";
        return NULL;
    }
    int t = host_addr_type(c->host, c->family, p->dst);
    if (t == ADDRT_BROADCAST || t == ADDRT_MULTICAST)
        return "the destination is broadcast or multicast";
    /* __icmp_send(): no error about an error; unknown types count as errors */
    if (!tcp && p->proto == 1 &&
        (p->icmp_type > 18 || p->icmp_type == 3 || p->icmp_type == 4 || p->icmp_type == 5 ||
         p->icmp_type == 11 || p->icmp_type == 12))
        return "no ICMP error is sent about an ICMP error";
    return NULL;
}

/* reject_tg(): answers (the fate says how) and drops. */
static int reject_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct reject_data *d = e->data;
    bool v6 = d->family == IPT_FAM_IPV6;
    const struct reject_name *t = v6 ? reject6 : reject4;
    bool tcp = d->with == (v6 ? REJECT6_TCP : REJECT4_TCP);
    const char *why = reject_silent(c, tcp);
    if (why) {
        sim_ctx_note(c,
                     "REJECT --reject-with %s: no answer is sent (%s); the packet is "
                     "dropped",
                     t[d->with].name, why);
        return IPT_V_DROP;
    }
    c->reject_with = t[d->with].name;
    return IPT_V_DROP;
}

const struct ext_ops ext_REJECT = {
    .name = "REJECT",
    .kind = EXT_TARGET,
    .size = sizeof(struct reject_data),
    EXT_OPTS(reject_opts),
    .table = "filter",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_INPUT) | IPT_HOOK_BIT(IPT_HOOK_FORWARD) |
             IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .terminal = true,
    .init = reject_init,
    .check = reject_check,
    .save_opts = reject_save_opts,
    .target = reject_target,
};
