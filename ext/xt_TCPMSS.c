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

#include <string.h>

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
    const struct tcpmss_data *d = e->data;
    if (!e->set)
        return ext_error(p, "TCPMSS target: --set-mss or --clamp-mss-to-pmtu is required");
    /* The hook test for clamping depends on the option, so the per-target
     * .hooks mask cannot carry it; built-in chains are checked here. */
    if (d->mss == TCPMSS_CLAMP_PMTU && p->chain &&
        (strcmp(p->chain, "PREROUTING") == 0 || strcmp(p->chain, "INPUT") == 0))
        return ext_error(p,
                         "TCPMSS --clamp-mss-to-pmtu is only valid in FORWARD, OUTPUT and "
                         "POSTROUTING, not %s (the kernel refuses it)",
                         p->chain);
    return 0;
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

/* Logs, counts or rewrites what no rule or routing decision looks at:
 * the walk goes on (XT_CONTINUE). */
static int continue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_TCPMSS = {
    .name = "TCPMSS",
    .kind = EXT_TARGET,
    .size = sizeof(struct tcpmss_data),
    EXT_OPTS(tcpmss_opts),
    .proto = 6,
    .check = tcpmss_check,
    .save_opts = tcpmss_save_opts,
    .target = continue_target,
};
