/*
 * xt_TPROXY.c - `-j TPROXY --on-port P [--on-ip A] [--tproxy-mark V[/M]]`:
 * deliver the packet to a local transparent-proxy socket without changing
 * it (net/netfilter/xt_TPROXY.c, revision 1: mangle table, PREROUTING only,
 * TCP or UDP; iptables libxt_TPROXY.c). The packet is either taken by the
 * socket or dropped, so the rule is terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>
#include <string.h>

struct tproxy_data {
    uint8_t family;
    uint16_t port;
    uint8_t addr[16];
    struct ext_markmask mark;
};

enum { O_PORT, O_IP, O_MARK };

static void tproxy_init(struct ext_parse *p, struct ipt_expr *e)
{
    EXT_DATA(e, struct tproxy_data)->family = (uint8_t)p->family;
}

static int parse_ip(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct tproxy_data *d = e->data;
    if (!addr_parse(p->family, argv[0], d->addr))
        return ext_error(p, "bad address \"%s\" (host names are not resolved)", argv[0]);
    return 0;
}

#define F(f) .off = offsetof(struct tproxy_data, f)
static const struct ext_opt tproxy_opts[] = {
    {"on-port", ARG_PORT, O_PORT, EXT_OPT_MAND, F(port)},
    {"on-ip", ARG_CUSTOM, O_IP, 0, .parse = parse_ip},
    {"tproxy-mark", ARG_MARKMASK, O_MARK, 0, F(mark)},
};
#undef F

static int tproxy_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)e;
    /* xt_TPROXY.c tproxy_tg4_check(): the rule must match only TCP or UDP */
    if (p->proto_inv || (p->proto != 6 && p->proto != 17))
        return ext_error(p, "TPROXY needs \"-p tcp\" or \"-p udp\" in the rule (the kernel "
                            "refuses it)");
    return 0;
}

/* libxt_TPROXY.c tproxy_tg_save_v1(): all three, defaults included */
static void tproxy_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct tproxy_data *d = e->data;
    char a[64];
    addr_format(d->family, d->addr, a, sizeof(a));
    sb_printf(b, " --on-port %u --on-ip %s --tproxy-mark 0x%x/0x%x", d->port, a, d->mark.val,
              d->mark.mask);
}

/* tproxy_tg4() / tproxy_tg6_v1(): the packet goes to a transparent socket,
 * an established one for its own addresses or one listening on
 * --on-ip:--on-port, unchanged but for the mark; without such a socket it
 * is dropped. Which sockets exist ipt-sim cannot know: it asks. */
static int tproxy_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct tproxy_data *d = e->data;
    static const uint8_t any[16];
    const uint8_t *laddr = d->addr;
    if (!memcmp(d->addr, any, 16)) {
        /* nf_tproxy_laddr4/6(): the in interface's first address, else
         * the packet's destination */
        const struct host_addr *a = c->iif ? host_iface_addr(c->host, c->iif, c->family) : NULL;
        laddr = a ? a->a : c->pkt->dst;
    }
    uint16_t lport = d->port ? d->port : c->pkt->dport;
    char a[64], what[256];
    addr_format(c->family, laddr, a, sizeof(a));
    snprintf(what, sizeof(what),
             "TPROXY: a transparent socket (IP_TRANSPARENT) takes the packet: one of its "
             "connection, or one listening on %s%s%s:%u",
             c->family == IPT_FAM_IPV6 ? "[" : "", a, c->family == IPT_FAM_IPV6 ? "]" : "", lport);
    if (!sim_decide(c, what, -1))
        return IPT_V_DROP;
    c->pkt->mark = (c->pkt->mark & ~d->mark.mask) ^ d->mark.val;
    sim_ctx_note(c,
                 "TPROXY: the packet is assigned to the proxy's socket, mark 0x%x; it reaches "
                 "the socket only if routing makes it local, usually by a policy route for "
                 "the mark (ip rule fwmark ... lookup a table with a local route), which "
                 "ipt-sim does not model; a forwarded packet that carries a socket is "
                 "dropped (ip_forward)",
                 c->pkt->mark);
    return IPT_V_ACCEPT;
}

const struct ext_ops ext_TPROXY = {
    .name = "TPROXY",
    .kind = EXT_TARGET,
    .size = sizeof(struct tproxy_data),
    EXT_OPTS(tproxy_opts),
    .table = "mangle",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING),
    .terminal = true,
    .init = tproxy_init,
    .check = tproxy_check,
    .save_opts = tproxy_save_opts,
    .target = tproxy_target,
};
