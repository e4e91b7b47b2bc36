/*
 * xt_TCPMSS.c - `-j TCPMSS --set-mss N | --clamp-mss-to-pmtu`: rewrite the
 * MSS option of TCP SYNs (net/netfilter/xt_TCPMSS.c; iptables
 * libxt_TCPMSS.c). The kernel needs `-p tcp` (.proto) and allows clamping
 * to the path MTU only in FORWARD, OUTPUT and POSTROUTING, where the route
 * is known. Its "SYN flag match required" test is skipped for nft_compat,
 * so iptables-nft accepts a rule without --tcp-flags/--syn. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

struct tcpmss_data {
    uint16_t mss; /* 0xffff: clamp to the path MTU (XT_TCPMSS_CLAMP_PMTU) */
};

enum { O_SET_MSS, O_CLAMP };
#define TCPMSS_CLAMP_PMTU 0xffff

static int parse_tcpmss(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    struct tcpmss_data *d = e->data;
    if (o->id == O_CLAMP) {
        d->mss = TCPMSS_CLAMP_PMTU;
        return 0;
    }
    /* libxt_TCPMSS.c: 0 .. 65535 - 20 (the largest MSS an IPv4 packet can carry)
     */
    uint64_t v;
    if (ext_parse_uint(p, argv[0], 0, 65515, &v))
        return -1;
    d->mss = (uint16_t)v;
    return 0;
}

static void print_mss(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    sb_printf(b, " %u", EXT_CDATA(e, struct tcpmss_data)->mss);
}

static const struct ext_opt tcpmss_opts[] = {
    {"set-mss", ARG_CUSTOM, O_SET_MSS, 0, .parse = parse_tcpmss, .print = print_mss},
    {"clamp-mss-to-pmtu", ARG_NONE, O_CLAMP, 0, .parse = parse_tcpmss},
};

static int tcpmss_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "TCPMSS target: --set-mss or --clamp-mss-to-pmtu is required");
    return 0;
}

/* tcpmss_tg4_check(): clamping to the path MTU needs the route, known only
 * in FORWARD, OUTPUT and POSTROUTING. */
static uint32_t tcpmss_hooks_for(const struct ipt_expr *e)
{
    if (EXT_CDATA(e, struct tcpmss_data)->mss != TCPMSS_CLAMP_PMTU)
        return 0;
    return IPT_HOOK_BIT(IPT_HOOK_FORWARD) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |
           IPT_HOOK_BIT(IPT_HOOK_POSTROUTING);
}

/* libxt_TCPMSS.c TCPMSS_save(): whichever of the two the last option set */
static void tcpmss_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct tcpmss_data *d = e->data;
    if (d->mss == TCPMSS_CLAMP_PMTU)
        sb_puts(b, " --clamp-mss-to-pmtu");
    else
        sb_printf(b, " --set-mss %u", d->mss);
}

/* tcpmss_tg4(): rewrites the MSS option of a SYN, which ipt-sim does not
 * model; the packet goes on (XT_CONTINUE). Later fragments are left alone. */
static int tcpmss_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct tcpmss_data *d = e->data;
    if (c->pkt->fragment || c->pkt->proto != 6 || !(c->pkt->tcp_flags & TCPF_SYN))
        return IPT_V_CONTINUE;
    if (d->mss == TCPMSS_CLAMP_PMTU)
        sim_ctx_note(c,
                     "TCPMSS: the SYN's MSS option is lowered to the path MTU of %s minus "
                     "the headers, if it is larger",
                     c->oif ? c->oif : "the route");
    else
        sim_ctx_note(c, "TCPMSS: the SYN's MSS option is lowered to %u if it is larger", d->mss);
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_TCPMSS = {
    .name = "TCPMSS",
    .kind = EXT_TARGET,
    .size = sizeof(struct tcpmss_data),
    EXT_OPTS(tcpmss_opts),
    .proto = 6,
    .hooks_for = tcpmss_hooks_for,
    .check = tcpmss_check,
    .save_opts = tcpmss_save_opts,
    .target = tcpmss_target,
};
