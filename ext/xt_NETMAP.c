/*
 * xt_NETMAP.c - `-j NETMAP --to ADDR/MASK`: map a whole network onto
 * another one bit for bit, keeping the host part (net/netfilter/xt_NETMAP.c:
 * nat table, any of its four hooks; iptables libipt_NETMAP.c /
 * libip6t_NETMAP.c). Like the other NAT targets it ends the walk: terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

struct netmap_data {
    struct ipt_net net;
};

enum { O_TO };

static int parse_to(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct netmap_data *d = e->data;
    const char *s = argv[0];
    const char *slash = strchr(s, '/');
    if (slash && !slash[1])
        return ext_error(p,
                         "bad value \"%s\" for --to: neither a valid network mask nor a "
                         "valid prefix length",
                         s);
    /* a prefix length beyond the address size is taken like a mask with
     * holes, below */
    bool too_long = false;
    if (slash && strspn(slash + 1, "0123456789") == strlen(slash + 1) && strlen(slash + 1) < 6)
        too_long = atoi(slash + 1) > (p->family == IPT_FAM_IPV6 ? 128 : 32);
    if (too_long || ext_parse_net(p, s, &d->net) == 0) {
        if (too_long || d->net.plen == NET_PLEN_NONCONTIG) {
            /* iptables 1.8.9 turns a mask with holes into a host mapping of
             * the address as written (checked against the kernel) */
            char host[64];
            size_t n = (size_t)(slash - s);
            if (n >= sizeof(host))
                n = sizeof(host) - 1;
            memcpy(host, s, n);
            host[n] = 0;
            uint8_t a[16];
            if (!addr_parse(p->family, host, a))
                return ext_error(p, "bad address \"%s\"", host);
            net_from_prefix(p->family, a, p->family == IPT_FAM_IPV6 ? 128 : 32, &d->net);
        }
        return 0;
    }
    return -1;
}

static const struct ext_opt netmap_opts[] = {
    {"to", ARG_CUSTOM, O_TO, EXT_OPT_MAND, .parse = parse_to},
};

static void netmap_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    sb_puts(b, " --to ");
    ext_print_net(b, &EXT_CDATA(e, struct netmap_data)->net);
}

/* netmap_tg4() / netmap_tg6(): the network part from --to, the host part
 * from the packet; the destination in PREROUTING and OUTPUT, the source in
 * POSTROUTING and INPUT. Ports stay. */
static int netmap_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct ipt_net *n = &EXT_CDATA(e, struct netmap_data)->net;
    bool dst = c->hook == IPT_HOOK_PREROUTING || c->hook == IPT_HOOK_OUTPUT;
    const uint8_t *a = dst ? c->pkt->dst : c->pkt->src;
    struct sim_nat_range r = {.has_addr = true};
    for (int i = 0; i < 16; i++)
        r.min_addr[i] = (uint8_t)((a[i] & ~n->mask[i]) | (n->addr[i] & n->mask[i]));
    if (c->family == IPT_FAM_IPV4)
        memset(r.min_addr + 4, 0, 12);
    memcpy(r.max_addr, r.min_addr, 16);
    if (c->ct && c->ct_is_new && !memcmp(r.min_addr, a, 16)) {
        sim_ctx_note(c, "nat: NETMAP maps the %s onto itself: unchanged",
                     dst ? "destination" : "source");
        return IPT_V_ACCEPT;
    }
    return sim_nat(c, dst, &r);
}

const struct ext_ops ext_NETMAP = {
    .name = "NETMAP",
    .kind = EXT_TARGET,
    .size = sizeof(struct netmap_data),
    EXT_OPTS(netmap_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_POSTROUTING) |
             IPT_HOOK_BIT(IPT_HOOK_OUTPUT) | IPT_HOOK_BIT(IPT_HOOK_INPUT),
    .terminal = true,
    .save_opts = netmap_save_opts,
    .target = netmap_target,
};
