/*
 * xt_NAT.c - the NAT targets DNAT, SNAT, MASQUERADE and REDIRECT, which
 * iptables keeps together in extensions/libxt_NAT.c: one range syntax
 * `[addr[-addr]][:port[-port[/base]]]` and one save printer. Kernel side:
 * net/netfilter/xt_nat.c (DNAT: PREROUTING/OUTPUT, SNAT: POSTROUTING/INPUT),
 * xt_MASQUERADE.c (POSTROUTING), xt_REDIRECT.c (PREROUTING/OUTPUT), all in
 * the nat table. They end the packet's walk through the chain (NF_ACCEPT
 * after the mapping is set up), so they are terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NF_NAT_RANGE_* of include/uapi/linux/netfilter/nf_nat.h */
#define NAT_MAP_IPS      0x01
#define NAT_PROTO_SPEC   0x02
#define NAT_PROTO_RANDOM 0x04
#define NAT_PERSISTENT   0x08
#define NAT_RANDOM_FULLY 0x10
#define NAT_PROTO_OFFSET 0x20

struct nat_data {
    uint8_t family;
    uint8_t flags;
    uint16_t minport, maxport, baseport;
    uint8_t minaddr[16], maxaddr[16];
};

enum { O_TO_DEST, O_TO_SRC, O_TO_PORTS, O_RANDOM, O_RANDOM_FULLY, O_PERSISTENT };

static void nat_init(struct ext_parse *p, struct ipt_expr *e)
{
    EXT_DATA(e, struct nat_data)->family = (uint8_t)p->family;
}

/* xtables_strtoui(s, &end, ..., 0, 65535): a leading number in any base
 * strtoul takes; false when there is none or it is out of range. */
static bool lead_port(const char *s, const char **end, unsigned *out)
{
    const char *q = s;
    while (*q == ' ' || *q == '\t')
        q++;
    if (*q == '-' || *q == '+')
        return false;
    char *e;
    errno = 0;
    unsigned long v = strtoul(s, &e, 0);
    if (e == s || errno || v > 65535)
        return false;
    *end = e;
    *out = (unsigned)v;
    return true;
}

/* libxt_NAT.c parse_ports() */
static int parse_ports(struct ext_parse *p, struct nat_data *d, const char *arg)
{
    /* tcp, udp, sctp, dccp and (an old oddity kept by iptables) icmp; the
     * protocol counts even when negated. */
    uint16_t pr = p->proto;
    if (pr != 6 && pr != 17 && pr != 132 && pr != 33 && pr != 1)
        return ext_error(p, "a port needs \"-p tcp\", udp, sctp or dccp in the rule "
                            "(\"Need TCP, UDP, SCTP or DCCP with port specification\")");
    d->flags |= NAT_PROTO_SPEC;
    unsigned port, maxport, base;
    const char *end;
    if (!lead_port(arg, &end, &port)) {
        int sp = service_by_name(arg, NULL);
        if (sp < 0)
            return ext_error(p, "port \"%s\" not valid", arg);
        port = (unsigned)sp;
        end = "";
    }
    if (*end == 0) {
        d->minport = d->maxport = (uint16_t)port;
        return 0;
    }
    if (*end == ':')
        return ext_error(p, "invalid port:port syntax in \"%s\": use a dash", arg);
    if (*end != '-')
        return ext_error(p, "garbage after port value: \"%s\"", end);
    arg = end + 1;
    /* a range: no service names here */
    if (!lead_port(arg, &end, &maxport))
        return ext_error(p, "port \"%s\" not valid", arg);
    if (maxport < port)
        return ext_error(p, "port range \"%u-%u\" is backwards", port, maxport);
    d->minport = (uint16_t)port;
    d->maxport = (uint16_t)maxport;
    if (*end == 0)
        return 0;
    if (*end != '/')
        return ext_error(p, "garbage after port range: \"%s\"", end);
    arg = end + 1;
    if (!lead_port(arg, &end, &base) || base < 1) {
        int sp = service_by_name(arg, NULL);
        if (sp < 0)
            return ext_error(p, "port \"%s\" not valid", arg);
        base = (unsigned)sp;
    }
    d->flags |= NAT_PROTO_OFFSET;
    d->baseport = (uint16_t)base;
    return 0;
}

/* libxt_NAT.c parse_to(): "[addr[-addr]][:ports]", IPv6 addresses in
 * brackets when a port follows. */
static int parse_to(struct ext_parse *p, struct nat_data *d, const char *orig)
{
    char arg[256];
    if (strlen(orig) >= sizeof(arg))
        return ext_error(p, "bad address \"%s\"", orig);
    strcpy(arg, orig);
    char *start = strchr(arg, '['), *colon, *dash;
    if (!start) {
        start = arg;
        /* one colon is a port; more make an IPv6 address */
        colon = strchr(arg, ':');
        if (colon && strchr(colon + 1, ':'))
            colon = NULL;
    } else {
        start++;
        char *end = strchr(start, ']');
        if (!end || d->family == IPT_FAM_IPV4)
            return ext_error(p, "invalid address format \"%s\"", orig);
        *end = 0;
        colon = strchr(end + 1, ':');
    }
    if (colon) {
        if (parse_ports(p, d, colon + 1))
            return -1;
        if (colon == arg || colon == arg + 2) /* ":port" or "[]:port" */
            return 0;
        *colon = 0;
    }
    d->flags |= NAT_MAP_IPS;
    dash = strchr(start, '-');
    if (dash)
        *dash = 0;
    if (!addr_parse(d->family, start, d->minaddr))
        return ext_error(p, "bad IP address \"%s\"", start);
    if (dash) {
        if (!addr_parse(d->family, dash + 1, d->maxaddr))
            return ext_error(p, "bad IP address \"%s\"", dash + 1);
    } else {
        memcpy(d->maxaddr, d->minaddr, sizeof(d->maxaddr));
    }
    return 0;
}

static int parse_nat(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct nat_data *d = e->data;
    switch (o->id) {
    case O_TO_DEST:
    case O_TO_SRC:
        return parse_to(p, d, argv[0]);
    case O_TO_PORTS:
        return parse_ports(p, d, argv[0]);
    case O_RANDOM:
        d->flags |= NAT_PROTO_RANDOM;
        break;
    case O_RANDOM_FULLY:
        d->flags |= NAT_RANDOM_FULLY;
        break;
    case O_PERSISTENT:
        d->flags |= NAT_PERSISTENT;
        break;
    }
    return 0;
}

/* SNAT and MASQUERADE use the older range structs
 * (nf_nat_ipv4_multi_range_compat, nf_nat_range) that have no field for the
 * base port: the offset flag reaches the kernel, the base does not, and
 * iptables-save prints "/0". */
static int snat_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct nat_data)->baseport = 0;
    return 0;
}

/* REDIRECT's x6_fcheck (DNAT_fcheck) refuses the offset outright. */
static int redirect_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (EXT_CDATA(e, struct nat_data)->flags & NAT_PROTO_OFFSET)
        return ext_error(p, "REDIRECT: shifted portmap ranges (PORT-PORT/BASE) are not "
                            "supported");
    return 0;
}

/* libxt_NAT.c sprint_range() + __NAT_print() */
static void nat_print(struct strbuf *b, const struct nat_data *d, const char *opt, bool skip_colon)
{
    char buf[160] = "";
    size_t n = 0;
    bool v6 = d->family == IPT_FAM_IPV6;
    bool brackets = v6 && (d->flags & NAT_PROTO_SPEC);
    if (d->flags & NAT_MAP_IPS) {
        char a[64];
        if (brackets)
            buf[n++] = '[';
        addr_format(d->family, d->minaddr, a, sizeof(a));
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", a);
        if (memcmp(d->minaddr, d->maxaddr, 16)) {
            addr_format(d->family, d->maxaddr, a, sizeof(a));
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "-%s", a);
        }
        if (brackets)
            buf[n++] = ']';
        buf[n] = 0;
    }
    if (d->flags & NAT_PROTO_SPEC) {
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, ":%u", d->minport);
        if (d->maxport != d->minport)
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "-%u", d->maxport);
        if (d->flags & NAT_PROTO_OFFSET)
            snprintf(buf + n, sizeof(buf) - n, "/%u", d->baseport);
    }
    if (buf[0])
        sb_printf(b, " %s %s", opt, buf[0] == ':' && skip_colon ? buf + 1 : buf);
    if (d->flags & NAT_PROTO_RANDOM)
        sb_puts(b, " --random");
    if (d->flags & NAT_RANDOM_FULLY)
        sb_puts(b, " --random-fully");
    if (d->flags & NAT_PERSISTENT)
        sb_puts(b, " --persistent");
}

static void dnat_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    nat_print(b, e->data, "--to-destination", false);
}

static void snat_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    nat_print(b, e->data, "--to-source", false);
}

static void ports_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    nat_print(b, e->data, "--to-ports", true);
}

static const struct ext_opt dnat_opts[] = {
    {"to-destination", ARG_CUSTOM, O_TO_DEST, EXT_OPT_MAND, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
    {"persistent", ARG_NONE, O_PERSISTENT, 0, .parse = parse_nat},
};

static const struct ext_opt snat_opts[] = {
    {"to-source", ARG_CUSTOM, O_TO_SRC, EXT_OPT_MAND, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
    {"random-fully", ARG_NONE, O_RANDOM_FULLY, 0, .parse = parse_nat},
    {"persistent", ARG_NONE, O_PERSISTENT, 0, .parse = parse_nat},
};

static const struct ext_opt masquerade_opts[] = {
    {"to-ports", ARG_CUSTOM, O_TO_PORTS, 0, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
    {"random-fully", ARG_NONE, O_RANDOM_FULLY, 0, .parse = parse_nat},
};

static const struct ext_opt redirect_opts[] = {
    {"to-ports", ARG_CUSTOM, O_TO_PORTS, 0, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
};

/* ---- simulation: nf_nat_setup_info() -> get_unique_tuple() ----
 *
 * The targets compute the address and port the kernel gives the first
 * packet of the connection (net/netfilter/nf_nat_core.c) and hand the
 * engine a one-address, one-port range. What the kernel picks at random is
 * said in a note. Clashes with other connections' tuples (which make the
 * kernel pick another port) are not simulated. */

#define NAT_RANDOM_ALL (NAT_PROTO_RANDOM | NAT_RANDOM_FULLY)

static uint32_t rol32(uint32_t w, unsigned s)
{
    return (w << s) | (w >> (32 - s));
}

/* jhash2() of include/linux/jhash.h (lookup3) */
static uint32_t jhash2(const uint32_t *k, uint32_t length, uint32_t initval)
{
    uint32_t a, b, c;
    a = b = c = 0xdeadbeefu + (length << 2) + initval;
    while (length > 3) {
        a += k[0];
        b += k[1];
        c += k[2];
        a -= c;
        a ^= rol32(c, 4);
        c += b;
        b -= a;
        b ^= rol32(a, 6);
        a += c;
        c -= b;
        c ^= rol32(b, 8);
        b += a;
        a -= c;
        a ^= rol32(c, 16);
        c += b;
        b -= a;
        b ^= rol32(a, 19);
        a += c;
        c -= b;
        c ^= rol32(b, 4);
        b += a;
        length -= 3;
        k += 3;
    }
    switch (length) {
    case 3:
        c += k[2];
        /* fall through */
    case 2:
        b += k[1];
        /* fall through */
    case 1:
        a += k[0];
        c ^= b;
        c -= rol32(b, 14);
        a ^= c;
        a -= rol32(c, 11);
        b ^= a;
        b -= rol32(a, 25);
        c ^= b;
        c -= rol32(b, 16);
        a ^= c;
        a -= rol32(c, 4);
        b ^= a;
        b -= rol32(a, 14);
        c ^= b;
        c -= rol32(b, 24);
        break;
    default:
        break;
    }
    return c;
}

/* union nf_inet_addr as 32-bit words, read as a little-endian host (x86,
 * arm64) reads them: the hash below depends on it. */
static void addr_words(int family, const uint8_t a[16], uint32_t w[4])
{
    for (int i = 0; i < 4; i++)
        w[i] = family == IPT_FAM_IPV4 && i > 0
                   ? 0
                   : (uint32_t)a[4 * i] | (uint32_t)a[4 * i + 1] << 8 |
                         (uint32_t)a[4 * i + 2] << 16 | (uint32_t)a[4 * i + 3] << 24;
}

static uint32_t bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

/* find_best_ips_proto(): one address of a range, from a hash of the
 * connection's addresses (the same client always gets the same one). */
static void best_ip(int family, const uint8_t src[16], const uint8_t dst[16],
                    const struct nat_data *d, bool dst_manip, uint8_t out[16])
{
    int alen = family == IPT_FAM_IPV4 ? 4 : 16;
    memset(out, 0, 16);
    if (!memcmp(d->minaddr, d->maxaddr, (size_t)alen)) {
        memcpy(out, d->minaddr, (size_t)alen);
        return;
    }
    bool persistent = d->flags & NAT_PERSISTENT;
    unsigned max = family == IPT_FAM_IPV4 ? 0 : 3;
    uint32_t S[4], D[4], MIN[4], MAX[4], V[4];
    addr_words(family, src, S);
    addr_words(family, dst, D);
    addr_words(family, d->minaddr, MIN);
    addr_words(family, d->maxaddr, MAX);
    memcpy(V, dst_manip ? D : S, sizeof(V));
    uint32_t j = jhash2(S, 4, persistent ? 0 : D[max]);
    bool full = false;
    for (unsigned i = 0; i <= max; i++) {
        uint32_t minip, dist;
        if (!full) {
            minip = bswap32(MIN[i]);
            dist = bswap32(MAX[i]) - minip + 1;
        } else {
            minip = 0;
            dist = ~0u;
        }
        V[i] = bswap32(minip + (uint32_t)(((uint64_t)j * dist) >> 32));
        if (V[i] != MAX[i])
            full = true;
        if (!persistent)
            j ^= dst_manip ? V[i] : D[i];
    }
    for (int i = 0; i < alen; i++)
        out[i] = (uint8_t)(V[i / 4] >> (8 * (i % 4)));
}

static bool nat_has_ports(uint8_t proto)
{
    return proto == 6 || proto == 17 || proto == 132 || proto == 136;
}

/* The port get_unique_tuple() and nf_nat_l4proto_unique_tuple() give,
 * assuming no other connection holds the tuple. Returns false when the
 * kernel picks it at random in [*lo, *hi] (*out is what ipt-sim shows). */
static bool pick_port(const struct nat_data *d, bool dst_manip, uint16_t port, uint16_t *out,
                      unsigned *lo, unsigned *hi)
{
    bool spec = d->flags & NAT_PROTO_SPEC;
    bool offset = d->flags & NAT_PROTO_OFFSET;
    bool random = d->flags & NAT_RANDOM_ALL;
    *out = port;
    if (!random) {
        if (spec && !offset && port >= d->minport && port <= d->maxport)
            return true;
        if (!spec)
            return true;
    }
    unsigned min, size;
    if (!spec) {
        if (dst_manip) /* "If it's dst rewrite, can't change port" */
            return true;
        if (port < 512) {
            min = 1;
            size = 511;
        } else if (port < 1024) {
            min = 600;
            size = 1023 - 600 + 1;
        } else {
            min = 1024;
            size = 65535 - 1024 + 1;
        }
    } else {
        min = d->minport;
        size = (unsigned)d->maxport - d->minport + 1;
    }
    if (offset) {
        uint16_t off = (uint16_t)(port - d->baseport);
        *out = (uint16_t)(min + off % size);
        return true;
    }
    if (!random && dst_manip) { /* off = 0: the first port of the range */
        *out = (uint16_t)min;
        return true;
    }
    if (size == 1) {
        *out = (uint16_t)min;
        return true;
    }
    *lo = min;
    *hi = min + size - 1;
    if (port < *lo || port > *hi)
        *out = (uint16_t)min;
    return false;
}

static bool addr_in_range(int family, const uint8_t a[16], const struct nat_data *d)
{
    size_t n = family == IPT_FAM_IPV4 ? 4 : 16;
    return memcmp(a, d->minaddr, n) >= 0 && memcmp(a, d->maxaddr, n) <= 0;
}

/* The whole mapping for one packet: the addresses come from `d` (or from
 * `to` when the target computed one itself), the port as the kernel picks
 * it. */
static int nat_map(struct sim_ctx *c, const struct nat_data *given, bool dst_manip,
                   const uint8_t *to)
{
    const struct sim_pkt *p = c->pkt;
    const char *name = c->expr ? c->expr->ops->name : "NAT";
    if (!c->ct || !c->ct_is_new)
        return sim_nat(c, dst_manip, &(struct sim_nat_range){0});
    struct nat_data eff = *given;
    const struct nat_data *d = &eff;
    if (to) { /* MASQUERADE, REDIRECT: the one address the target chose */
        eff.flags |= NAT_MAP_IPS;
        memcpy(eff.minaddr, to, 16);
        memcpy(eff.maxaddr, to, 16);
    }
    bool ports = nat_has_ports(p->proto);
    uint16_t port = dst_manip ? p->dport : p->sport;
    /* 1) a source already inside the range stays as it is */
    if (!dst_manip && !(d->flags & NAT_RANDOM_ALL) &&
        (!(d->flags & NAT_MAP_IPS) || addr_in_range(c->family, p->src, d)) &&
        (!(d->flags & NAT_PROTO_SPEC) || !ports || (port >= d->minport && port <= d->maxport))) {
        sim_ctx_note(c, "nat: %s: the source is already in the range it maps to: unchanged", name);
        return IPT_V_ACCEPT;
    }
    struct sim_nat_range r = {0};
    if (d->flags & NAT_MAP_IPS) {
        r.has_addr = true;
        best_ip(c->family, p->src, p->dst, d, dst_manip, r.min_addr);
        if (memcmp(d->minaddr, d->maxaddr, 16)) {
            char a[64];
            addr_format(c->family, r.min_addr, a, sizeof(a));
            sim_ctx_note(c,
                         "nat: %s picks %s from its address range by a hash of the "
                         "connection's addresses%s",
                         name, a,
                         d->flags & NAT_PERSISTENT ? " (--persistent: the source only)" : "");
        }
    }
    memcpy(r.max_addr, r.min_addr, 16);
    if (ports) {
        uint16_t newport;
        unsigned lo = 0, hi = 0;
        if (!pick_port(d, dst_manip, port, &newport, &lo, &hi)) {
            sim_ctx_note(c,
                         "nat: the kernel picks the %s port at random in %u-%u; ipt-sim "
                         "shows %u",
                         dst_manip ? "destination" : "source", lo, hi, newport);
            c->random_port = dst_manip ? "dport" : "sport";
        }
        r.has_port = true;
        r.min_port = r.max_port = newport;
    }
    return sim_nat(c, dst_manip, &r);
}

/* xt_nat.c xt_dnat_target_v2() */
static int dnat_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    return nat_map(c, e->data, true, NULL);
}

/* xt_nat.c xt_snat_target_v1() */
static int snat_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    return nat_map(c, e->data, false, NULL);
}

/* inet_select_addr(out, nexthop, RT_SCOPE_UNIVERSE): the first primary
 * address of the interface on the next hop's network, else its first
 * primary address. */
static const struct host_addr *masq_addr(const struct sim_ctx *c)
{
    const struct host_iface *f = host_find_iface(c->host, c->oif);
    if (!f)
        return NULL;
    if (c->family == IPT_FAM_IPV6)
        return host_iface_addr(c->host, c->oif, c->family);
    const struct host_route *rt = host_route_lookup(c->host, c->family, c->pkt->dst);
    const uint8_t *nh = rt && rt->has_gw ? rt->gw : c->pkt->dst;
    const struct host_addr *first = NULL;
    for (size_t i = 0; i < f->naddrs; i++) {
        const struct host_addr *a = &f->addrs[i];
        if (a->family != c->family || a->a[0] == 127)
            continue; /* 127/8 has host scope: not for RT_SCOPE_UNIVERSE */
        struct ipt_net n;
        net_from_prefix(a->family, a->a, a->plen, &n);
        /* a later address on the network of an earlier one is secondary */
        bool secondary = false;
        for (size_t k = 0; k < i && !secondary; k++)
            secondary = f->addrs[k].family == a->family && f->addrs[k].plen == a->plen &&
                        net_contains(&n, f->addrs[k].a);
        if (secondary)
            continue;
        if (net_contains(&n, nh))
            return a;
        if (!first)
            first = a;
    }
    return first;
}

/* inet_select_addr() when the output interface has no address of
 * universe scope (lo: 127/8 is host scope): the first primary address of
 * universe scope of any interface, in the kernel's device list order,
 * which ipt-sim takes to be the order the host lists its interfaces
 * (checked against the kernel: fixtures/scenarios/masquerade-lo*.scn). */
static const struct host_addr *masq_fallback(const struct sim_ctx *c)
{
    const struct host *h = c->host;
    for (size_t i = 0; i < h->nifaces; i++)
        for (size_t j = 0; j < h->ifaces[i].naddrs; j++) {
            const struct host_addr *a = &h->ifaces[i].addrs[j];
            if (a->family == IPT_FAM_IPV4 && a->a[0] != 127)
                return a;
        }
    return NULL;
}

/* nf_nat_masquerade_ipv4() / nf_nat_masquerade_ipv6() */
static int masquerade_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    static const uint8_t zero[16];
    if (c->family == IPT_FAM_IPV4 && !memcmp(c->pkt->src, zero, 4)) {
        /* "Source address is 0.0.0.0 - locally generated packet that is
         * probably not supposed to be masqueraded." */
        sim_ctx_note(c, "nat: MASQUERADE leaves a packet from 0.0.0.0 alone");
        return IPT_V_ACCEPT;
    }
    const struct host_addr *a = c->oif ? masq_addr(c) : NULL;
    if (!a && c->oif && !strcmp(c->oif, "lo") && c->family == IPT_FAM_IPV4 &&
        (a = masq_fallback(c)) != NULL) {
        char buf[64];
        addr_format(a->family, a->a, buf, sizeof(buf));
        sim_ctx_note(c,
                     "nat: MASQUERADE: %s has no address to use; the kernel takes the first "
                     "interface's first address, %s (interfaces in the order the host lists them)",
                     c->oif, buf);
    }
    if (!a) {
        /* inet_select_addr() would fall back to an address of another
         * interface, and the kernel drops the packet when the host has
         * none; which one ipt-sim cannot tell without --iface. */
        sim_ctx_note(c,
                     "nat: MASQUERADE: %s has no address ipt-sim knows (give --iface); the "
                     "kernel would take another interface's address, or drop the packet if "
                     "the host has none; ipt-sim leaves the source as it is",
                     c->oif ? c->oif : "the output interface");
        return IPT_V_ACCEPT;
    }
    uint8_t to[16] = {0};
    memcpy(to, a->a, 16);
    return nat_map(c, e->data, false, to);
}

/* nf_nat_redirect_ipv4() / nf_nat_redirect_ipv6() */
static int redirect_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    uint8_t to[16] = {0};
    if (c->hook != IPT_HOOK_PREROUTING) { /* LOCAL_OUT: the loopback address */
        if (c->family == IPT_FAM_IPV4) {
            to[0] = 127;
            to[3] = 1;
        } else {
            to[15] = 1;
        }
    } else {
        const struct host_addr *a = c->iif ? host_iface_addr(c->host, c->iif, c->family) : NULL;
        if (!a) {
            sim_ctx_note(c, "nat: REDIRECT: %s has no address: the kernel drops the packet",
                         c->iif ? c->iif : "the input interface");
            return IPT_V_DROP;
        }
        memcpy(to, a->a, 16);
    }
    return nat_map(c, e->data, true, to);
}

const struct ext_ops ext_DNAT = {
    .name = "DNAT",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(dnat_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .terminal = true,
    .init = nat_init,
    .save_opts = dnat_save_opts,
    .target = dnat_target,
};

const struct ext_ops ext_SNAT = {
    .name = "SNAT",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(snat_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_POSTROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT),
    .terminal = true,
    .init = nat_init,
    .check = snat_check,
    .save_opts = snat_save_opts,
    .target = snat_target,
};

const struct ext_ops ext_MASQUERADE = {
    .name = "MASQUERADE",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(masquerade_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .terminal = true,
    .init = nat_init,
    .check = snat_check,
    .save_opts = ports_save_opts,
    .target = masquerade_target,
};

const struct ext_ops ext_REDIRECT = {
    .name = "REDIRECT",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(redirect_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .terminal = true,
    .init = nat_init,
    .check = redirect_check,
    .save_opts = ports_save_opts,
    .target = redirect_target,
};

int ext_nat_apply(struct sim_ctx *c, int kind, const struct ext_nat_req *q)
{
    static const struct ext_ops *const ops[] = {&ext_DNAT, &ext_SNAT, &ext_MASQUERADE,
                                                &ext_REDIRECT};
    struct nat_data d = {
        .family = c->family, .flags = q->flags, .minport = q->minport, .maxport = q->maxport};
    memcpy(d.minaddr, q->minaddr, 16);
    memcpy(d.maxaddr, q->maxaddr, 16);
    struct ipt_expr e = {.ops = ops[kind & 3], .data = &d};
    const struct ipt_expr *saved = c->expr;
    c->expr = &e;
    int v = ops[kind & 3]->target(c, &e);
    c->expr = saved;
    return v;
}

/* For analysis (analysis.h): where a NAT target maps to. */
bool ext_nat_to(const struct ipt_expr *e, uint8_t minaddr[16], uint8_t maxaddr[16],
                uint16_t *minport, uint16_t *maxport, bool *has_port)
{
    const struct nat_data *d = e->data;
    memcpy(minaddr, d->minaddr, 16);
    memcpy(maxaddr, d->maxaddr, 16);
    *minport = d->minport;
    *maxport = d->maxport;
    *has_port = (d->flags & NAT_PROTO_SPEC) != 0;
    return (d->flags & NAT_MAP_IPS) != 0;
}
