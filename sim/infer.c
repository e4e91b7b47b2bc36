/*
 * infer.c - a host model from what the rules and the packets imply, when
 * the user did not describe the host. Every guess becomes an assumption
 * that the report prints, so a wrong guess is visible.
 *
 * - `-s NET ! -o IF -j MASQUERADE` (Docker's rule for a bridge) and
 *   `-d NET -o IF` say IF holds NET; the bridge gets NET's first address.
 * - An interface a packet arrives on exists.
 * - An inbound packet's destination is local unless a route covers it or
 *   it arrives on a bridge or container interface (then it is routed);
 *   not when the user gave the family's addresses (then they said which
 *   addresses are local).
 * - A forwarded packet needs a default route: through the first interface
 *   the rules name that is not a bridge, container or loopback device;
 *   not when the user gave routes of that family.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

static bool bridge_like(const char *n)
{
    static const char *const pfx[] = {"docker", "br-",  "veth",  "lo",   "cni", "flannel",
                                      "kube",   "cali", "virbr", "vnet", "tun", "tap"};
    for (size_t i = 0; i < ARRAY_SIZE(pfx); i++)
        if (strncmp(n, pfx[i], strlen(pfx[i])) == 0)
            return true;
    return false;
}

static bool is_masquerade(const struct ipt_rule *r)
{
    return r->target && strcmp(r->target->ops->name, "MASQUERADE") == 0;
}

/* What the rules say about the host, read once per ruleset (a 100k-rule
 * dump takes milliseconds to scan; lint traces hundreds of witnesses). */
struct host_hint {
    uint8_t family;
    bool masquerade; /* else: a route to net via oif */
    struct ipt_net net;
    const char *oif;
    uint32_t line;
};
struct host_hints {
    char uplink[16]; /* the first non-bridge interface the rules name */
    struct host_hint *v;
    size_t n, cap;
};

static void add_hint(struct host_hints *x, const struct host_hint *hint)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 16;
        x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
    }
    x->v[x->n++] = *hint;
}

static void hints_from_rules(struct host_hints *x, const struct ipt_ruleset *rs, int family)
{
    /* two passes, as the hints apply: every MASQUERADE bridge of the
     * family before any route */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < rs->ntables; i++) {
            const struct ipt_table *t = rs->tables[i];
            if (t->family != family)
                continue;
            for (size_t j = 0; j < t->nchains; j++) {
                const struct ipt_chain *c = t->chains[j];
                for (uint32_t k = 0; k < c->nrules; k++) {
                    const struct ipt_rule *r = c->rules[k];
                    struct ipt_header hd;
                    if (!rule_header(r, &hd))
                        continue;
                    struct host_hint hint = {
                        .family = (uint8_t)family, .oif = hd.oif, .line = r->loc.line};
                    if (pass == 0) {
                        const char *ifs[2] = {hd.iif, hd.oif};
                        for (int n = 0; n < 2; n++)
                            if (ifs[n] && !strchr(ifs[n], '+') && !x->uplink[0] &&
                                !bridge_like(ifs[n]))
                                snprintf(x->uplink, sizeof(x->uplink), "%s", ifs[n]);
                        /* Docker: -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE */
                        if (is_masquerade(r) && hd.oif && (hd.invflags & IPT_INV_VIA_OUT) &&
                            !(hd.invflags & IPT_INV_SRCIP) && !net_is_any(&hd.src) &&
                            hd.src.plen < addr_len(family) * 8 && !strchr(hd.oif, '+')) {
                            hint.masquerade = true;
                            hint.net = hd.src;
                            add_hint(x, &hint);
                        }
                        continue;
                    }
                    /* -d NET -o IF: NET lives behind IF */
                    if (!hd.oif || (hd.invflags & (IPT_INV_VIA_OUT | IPT_INV_DSTIP)) ||
                        net_is_any(&hd.dst) || strchr(hd.oif, '+'))
                        continue;
                    hint.net = hd.dst;
                    add_hint(x, &hint);
                }
            }
        }
}

struct host_hints *host_hints_new(const struct ipt_ruleset *rs)
{
    struct host_hints *x = xcalloc(1, sizeof(*x));
    for (int fam = IPT_FAM_IPV4; fam <= IPT_FAM_IPV6; fam += IPT_FAM_IPV6 - IPT_FAM_IPV4)
        hints_from_rules(x, rs, fam);
    return x;
}

void host_hints_free(struct host_hints *x)
{
    if (!x)
        return;
    free(x->v);
    free(x);
}

/* The hints on a host, skipping what it already has (an interface the
 * user described, a route that covers the network). */
static void apply_hints(struct host *h, const struct host_hints *x)
{
    for (size_t i = 0; i < x->n; i++) {
        const struct host_hint *hint = &x->v[i];
        int family = hint->family;
        if (hint->masquerade) {
            if (host_find_iface(h, hint->oif))
                continue;
            uint8_t a[16];
            memcpy(a, hint->net.addr, 16);
            a[addr_len(family) - 1] |= 1;
            host_add_addr(h, hint->oif, family, a, hint->net.plen, true);
            char s[64];
            addr_format(family, a, s, sizeof(s));
            host_assume(h, "%s has address %s/%u (from the MASQUERADE rule at line %u)", hint->oif,
                        s, hint->net.plen, hint->line);
            continue;
        }
        if (host_route_lookup(h, family, hint->net.addr))
            continue;
        char rt[96], s[64];
        addr_format(family, hint->net.addr, s, sizeof(s));
        snprintf(rt, sizeof(rt), "%s/%u dev %s", s, hint->net.plen, hint->oif);
        char err[128];
        if (!host_add_route_spec(h, rt, err, sizeof(err))) {
            h->routes[h->nroutes - 1].inferred = true;
            host_assume(h, "route %s (from the rule at line %u)", rt, hint->line);
        }
    }
}

/* What the user said about a family (--iface with addresses, --route, or
 * --host) is the host: ipt-sim guesses only what was left unsaid. */
static bool given_addrs(const struct host *h, int fam)
{
    for (size_t i = 0; i < h->nifaces; i++)
        for (size_t j = 0; !h->ifaces[i].inferred && j < h->ifaces[i].naddrs; j++)
            if (h->ifaces[i].addrs[j].family == fam)
                return true;
    return false;
}

static bool given_routes(const struct host *h, int fam)
{
    for (size_t i = 0; i < h->nroutes; i++)
        if (!h->routes[i].inferred && !h->routes[i].connected && h->routes[i].family == fam)
            return true;
    return false;
}

void host_infer(struct host *h, const struct ipt_ruleset *rs, const struct sim_pkt_spec *pkts,
                size_t npkts)
{
    struct host_hints *x = host_hints_new(rs);
    host_infer_hints(h, x, pkts, npkts);
    host_hints_free(x);
}

void host_infer_hints(struct host *h, const struct host_hints *x, const struct sim_pkt_spec *pkts,
                      size_t npkts)
{
    char uplink[16];
    snprintf(uplink, sizeof(uplink), "%s", x->uplink);
    apply_hints(h, x);
    for (size_t i = 0; i < npkts; i++) {
        const struct sim_pkt_spec *s = &pkts[i];
        if (!s->local && s->in[0] && !host_find_iface(h, s->in)) {
            host_get_iface(h, s->in, true);
            host_assume(h, "interface %s exists (the packet arrives on it)", s->in);
        }
        if (!s->local && s->in[0] && !uplink[0] && !bridge_like(s->in))
            snprintf(uplink, sizeof(uplink), "%s", s->in);
    }
    /* a default route per family, unless the user gave routes */
    for (int fam = IPT_FAM_IPV4; fam <= IPT_FAM_IPV6; fam += IPT_FAM_IPV6 - IPT_FAM_IPV4) {
        bool have_default = given_routes(h, fam), need = false;
        for (size_t i = 0; i < h->nroutes; i++)
            have_default |= h->routes[i].family == fam && h->routes[i].plen == 0;
        for (size_t i = 0; i < npkts; i++)
            need |= pkts[i].pkt.family == fam;
        if (have_default || !need)
            continue;
        const char *dev = uplink[0] ? uplink : "eth0";
        struct host_route r = {.family = (uint8_t)fam, .plen = 0, .inferred = true};
        snprintf(r.dev, sizeof(r.dev), "%s", dev);
        h->routes = xrealloc(h->routes, (h->nroutes + 1) * sizeof(*h->routes));
        h->routes[h->nroutes++] = r;
        host_get_iface(h, dev, true);
        host_assume(h, "default %sroute via %s%s", fam == IPT_FAM_IPV6 ? "IPv6 " : "", dev,
                    uplink[0] ? " (the first non-bridge interface the rules or packets name)"
                              : " (no interface named; a placeholder)");
    }
    /* an inbound packet's destination is local unless a route says otherwise */
    for (size_t i = 0; i < npkts; i++) {
        const struct sim_pkt_spec *s = &pkts[i];
        if (s->local || s->reply || given_addrs(h, s->pkt.family))
            continue;
        int fam = s->pkt.family;
        const struct host_route *rt = host_route_lookup(h, fam, s->pkt.dst);
        /* a route the user gave (even a default one) or a specific
         * inferred one says where it goes */
        if (host_is_local(h, fam, s->pkt.dst) || (rt && (rt->plen > 0 || !rt->inferred)))
            continue;
        /* multicast and broadcast are not host addresses */
        int at = host_addr_type(h, fam, s->pkt.dst);
        if (at == ADDRT_MULTICAST || at == ADDRT_BROADCAST)
            continue;
        /* a packet from a bridge or container interface is leaving
         * through the host (a container's DNS query), not for it */
        if (s->in[0] && bridge_like(s->in))
            continue;
        const char *dev = s->in[0] ? s->in : uplink[0] ? uplink : "eth0";
        host_add_addr(h, dev, fam, s->pkt.dst, addr_len(fam) * 8, true);
        /* the /32 connected route is not a route to anywhere else */
        char a[64];
        addr_format(fam, s->pkt.dst, a, sizeof(a));
        host_assume(h, "%s is an address of this host, on %s (no route says otherwise)", a, dev);
    }
    /* MASQUERADE out of the default route needs that interface's address */
    for (size_t i = 0; i < h->nroutes; i++) {
        const struct host_route *r = &h->routes[i];
        if (r->plen || !r->inferred || host_iface_addr(h, r->dev, r->family))
            continue;
        uint8_t a[16] = {0};
        if (r->family == IPT_FAM_IPV4) {
            a[0] = 198, a[1] = 51, a[2] = 100, a[3] = 1; /* TEST-NET-2 */
        } else {
            a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[15] = 1; /* 2001:db8::1 */
        }
        char dev[16], s[64];
        snprintf(dev, sizeof(dev), "%s", r->dev);
        addr_format(r->family, a, s, sizeof(s));
        host_add_addr(h, dev, r->family, a, addr_len(r->family) * 8, true);
        host_assume(h,
                    "%s has address %s, a placeholder: its real address is unknown (give "
                    "--iface %s=ADDR/LEN)",
                    dev, s, dev);
    }
}
