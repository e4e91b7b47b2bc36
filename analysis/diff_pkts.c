/*
 * diff_pkts.c - representative packets for `ipt-sim diff` (rsdiff.h).
 *
 * The constants are read from each rule's canonical iptables-save form
 * (report/save.c), so every extension that prints -s/-d/-i/-o/-p,
 * --dport(s)/--sport(s), --src-range/--dst-range, --ctstate/--state,
 * --mark, --icmp-type or a NAT --to-* option contributes without this file
 * knowing its data layout.
 *
 * A full product of every dimension is too big for real dumps, so the
 * packets are the union of a few products that each vary the dimensions
 * that interact (see derive_family()); the result is deduplicated and, past
 * the cap, sampled evenly.
 */
#include "iptsim/report.h"
#include "iptsim/rsdiff.h"

#include <stdlib.h>
#include <string.h>

/* ---- value sets ---- */

struct addrset {
    uint8_t (*v)[16];
    size_t n, cap;
};

static void addrset_add(struct addrset *s, const uint8_t a[16])
{
    for (size_t i = 0; i < s->n; i++)
        if (!memcmp(s->v[i], a, 16))
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    memcpy(s->v[s->n++], a, 16);
}

struct u32set {
    uint32_t *v;
    size_t n, cap;
};

static void u32set_add(struct u32set *s, uint32_t x)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == x)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = x;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int cmp_addr(const void *a, const void *b)
{
    return memcmp(a, b, 16);
}

struct strset {
    char (*v)[16];
    size_t n, cap;
};

static void strset_add(struct strset *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], x))
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    snprintf(s->v[s->n++], 16, "%s", x);
}

/* What the rulesets of one family mention. */
struct consts {
    int family;
    struct addrset addrs; /* representative addresses */
    struct ipt_net *nets; /* prefixes, to find an address none contains */
    size_t nnets;
    struct u32set tports, uports, oports; /* tcp, udp, other port protocols */
    struct u32set sports;
    struct u32set protos;
    struct u32set icmp_types;
    struct u32set states;
    struct u32set marks;
    struct strset ifaces;
    struct strset patterns; /* interface names as written, '+' included */
};

static void consts_free(struct consts *c)
{
    free(c->addrs.v);
    free(c->nets);
    free(c->tports.v);
    free(c->uports.v);
    free(c->oports.v);
    free(c->sports.v);
    free(c->protos.v);
    free(c->icmp_types.v);
    free(c->states.v);
    free(c->marks.v);
    free(c->ifaces.v);
    free(c->patterns.v);
}

/* a += d (d may be negative), in the family's width; false on wrap */
static bool addr_step(int family, uint8_t a[16], int d)
{
    int len = addr_len(family);
    if (d > 0) {
        for (int i = len - 1; i >= 0; i--)
            if (++a[i] != 0)
                return true;
        return false;
    }
    for (int i = len - 1; i >= 0; i--)
        if (a[i]-- != 0)
            return true;
    return false;
}

/* An address inside the net, and the ones just below and above it. */
static void add_net(struct consts *c, const struct ipt_net *n)
{
    if (n->plen == 0)
        return;
    int len = addr_len(c->family);
    if (n->plen == NET_PLEN_NONCONTIG) {
        addrset_add(&c->addrs, n->addr);
        return;
    }
    c->nets = xrealloc(c->nets, (c->nnets + 1) * sizeof(*c->nets));
    c->nets[c->nnets++] = *n;
    uint8_t lo[16], hi[16], t[16];
    memcpy(lo, n->addr, 16);
    memcpy(hi, n->addr, 16);
    for (int i = 0; i < len; i++)
        hi[i] |= (uint8_t)~n->mask[i];
    /* inside: the first host address (the network itself for /31, /32) */
    memcpy(t, lo, 16);
    if (n->plen < len * 8 - 1)
        addr_step(c->family, t, +1);
    addrset_add(&c->addrs, t);
    memcpy(t, lo, 16);
    if (addr_step(c->family, t, -1))
        addrset_add(&c->addrs, t);
    memcpy(t, hi, 16);
    if (addr_step(c->family, t, +1))
        addrset_add(&c->addrs, t);
}

static void add_addr_text(struct consts *c, const char *s)
{
    struct ipt_net n;
    if (!net_parse(c->family, s, &n)) {
        if (n.plen == addr_len(c->family) * 8) {
            uint8_t t[16];
            addrset_add(&c->addrs, n.addr);
            memcpy(t, n.addr, 16);
            if (addr_step(c->family, t, -1))
                addrset_add(&c->addrs, t);
            memcpy(t, n.addr, 16);
            if (addr_step(c->family, t, +1))
                addrset_add(&c->addrs, t);
        } else {
            add_net(c, &n);
        }
    }
}

/* "A-B" address ranges: both ends and their outside neighbours */
static void add_range_text(struct consts *c, const char *s)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", s);
    char *dash = strchr(buf, '-');
    if (dash)
        *dash = 0;
    add_addr_text(c, buf);
    if (dash)
        add_addr_text(c, dash + 1);
}

static void add_port(struct u32set *s, long p)
{
    if (p < 0 || p > 65535)
        return;
    u32set_add(s, (uint32_t)p);
    if (p > 0)
        u32set_add(s, (uint32_t)(p - 1));
    if (p < 65535)
        u32set_add(s, (uint32_t)(p + 1));
}

/* "80", "8947:8949", "80,443,1000:2000" */
static void add_ports_text(struct u32set *s, const char *text)
{
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", text);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(t, ':');
        if (colon) {
            *colon = 0;
            add_port(s, *t ? strtol(t, NULL, 10) : 0);
            add_port(s, colon[1] ? strtol(colon + 1, NULL, 10) : 65535);
        } else {
            add_port(s, strtol(t, NULL, 10));
        }
    }
}

static void add_iface(struct consts *c, const char *name)
{
    strset_add(&c->patterns, name);
    char buf[16];
    size_t n = strlen(name);
    if (n && name[n - 1] == '+') {
        if (n == 1)
            return; /* "+": every interface */
        snprintf(buf, sizeof(buf), "%.*s0", (int)(n - 1), name);
        name = buf;
    }
    if (strcmp(name, "lo"))
        strset_add(&c->ifaces, name);
}

/* NAT targets: "--to-destination 172.17.0.2:7788", "1.2.3.4-1.2.3.9:80-90" */
static void add_nat_text(struct consts *c, const char *s, int proto)
{
    char buf[160];
    snprintf(buf, sizeof(buf), "%s", s);
    char *addr = buf, *port = NULL;
    if (buf[0] == '[') {
        addr = buf + 1;
        char *close = strchr(addr, ']');
        if (close) {
            *close = 0;
            if (close[1] == ':')
                port = close + 2;
        }
    } else if (c->family == IPT_FAM_IPV4) {
        port = strchr(buf, ':');
        if (port)
            *port++ = 0;
    }
    if (*addr)
        add_range_text(c, addr);
    if (port) {
        char *dash = strchr(port, '-');
        if (dash)
            *dash = ':';
        add_ports_text(proto == 17 ? &c->uports : &c->tports, port);
    }
}

static int word_state(const char *w)
{
    static const char *const n[] = {"NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"};
    for (int i = 0; i < 5; i++)
        if (!strcmp(w, n[i]))
            return i;
    return -1;
}

static void scan_rule(struct consts *c, const struct ipt_rule *r)
{
    struct strbuf b;
    sb_init(&b);
    rule_save(&b, r);
    /* words, with "..." quoted comments kept whole and skipped */
    size_t nw = 0, cap = 32;
    char **w = xmalloc(cap * sizeof(*w));
    for (char *p = b.s; p && *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *start = p;
        if (*p == '"') {
            p++;
            while (*p && *p != '"')
                p += p[0] == '\\' && p[1] ? 2 : 1;
            if (*p)
                p++;
        } else {
            while (*p && *p != ' ')
                p++;
        }
        if (*p)
            *p++ = 0;
        if (nw == cap)
            w = xrealloc(w, (cap *= 2) * sizeof(*w));
        w[nw++] = start;
    }
    int proto = 0;
    for (size_t i = 0; i + 1 < nw; i++)
        if (!strcmp(w[i], "-p")) {
            proto = proto_by_name(w[i + 1]);
            if (proto > 0)
                u32set_add(&c->protos, (uint32_t)proto);
        }
    struct u32set *ports = proto == 17            ? &c->uports
                           : proto == 6 || !proto ? &c->tports
                                                  : &c->oports;
    for (size_t i = 0; i + 1 < nw; i++) {
        const char *o = w[i], *v = w[i + 1];
        if (!strcmp(o, "-s") || !strcmp(o, "-d") || !strcmp(o, "--ctorigsrc") ||
            !strcmp(o, "--ctorigdst") || !strcmp(o, "--ctreplsrc") || !strcmp(o, "--ctrepldst"))
            add_addr_text(c, v);
        else if (!strcmp(o, "--src-range") || !strcmp(o, "--dst-range"))
            add_range_text(c, v);
        else if (!strcmp(o, "-i") || !strcmp(o, "-o") || !strcmp(o, "--physdev-in") ||
                 !strcmp(o, "--physdev-out"))
            add_iface(c, v);
        else if (!strcmp(o, "--dport") || !strcmp(o, "--dports") || !strcmp(o, "--ports") ||
                 !strcmp(o, "--ctorigdstport") || !strcmp(o, "--ctrepldstport")) {
            add_ports_text(ports, v);
            if (!proto) /* --ctorigdstport without -p: both */
                add_ports_text(&c->uports, v);
        } else if (!strcmp(o, "--sport") || !strcmp(o, "--sports") ||
                   !strcmp(o, "--ctorigsrcport") || !strcmp(o, "--ctreplsrcport")) {
            add_ports_text(&c->sports, v);
            if (!strcmp(o, "--sports"))
                add_ports_text(ports, v);
        } else if (!strcmp(o, "--to-destination") || !strcmp(o, "--to-source") ||
                   !strcmp(o, "--to"))
            add_nat_text(c, v, proto);
        else if (!strcmp(o, "--to-ports")) {
            char t[64];
            snprintf(t, sizeof(t), "%s", v);
            char *dash = strchr(t, '-');
            if (dash)
                *dash = ':';
            add_ports_text(proto == 17 ? &c->uports : &c->tports, t);
        } else if (!strcmp(o, "--ctstate") || !strcmp(o, "--state")) {
            char t[128];
            snprintf(t, sizeof(t), "%s", v);
            char *save = NULL;
            for (char *s = strtok_r(t, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
                int st = word_state(s);
                if (st >= 0)
                    u32set_add(&c->states, (uint32_t)st);
            }
            u32set_add(&c->states, CT_NEW);
            u32set_add(&c->states, CT_ESTABLISHED);
            u32set_add(&c->states, CT_INVALID);
        } else if (!strcmp(o, "--mark")) {
            u32set_add(&c->marks, (uint32_t)strtoul(v, NULL, 0));
        } else if (!strcmp(o, "--icmp-type") || !strcmp(o, "--icmpv6-type")) {
            char *end;
            unsigned long t = strtoul(v, &end, 10);
            if (end != v && t < 256)
                u32set_add(&c->icmp_types, (uint32_t)t);
        }
    }
    free(w);
    sb_free(&b);
}

/* ---- the packets ---- */

const struct host_addr *rsdiff_host_addr(const struct host *h, int family, const char *iface)
{
    if (iface && *iface) {
        const struct host_addr *a = host_iface_addr(h, iface, family);
        if (a)
            return a;
    }
    /* the address of the interface the default route leaves by */
    for (size_t i = 0; i < h->nroutes; i++)
        if (h->routes[i].family == family && h->routes[i].plen == 0) {
            const struct host_addr *a = host_iface_addr(h, h->routes[i].dev, family);
            if (a)
                return a;
        }
    for (size_t i = 0; i < h->nifaces; i++) {
        const struct host_iface *f = &h->ifaces[i];
        if (!strcmp(f->name, "lo"))
            continue;
        for (size_t k = 0; k < f->naddrs; k++)
            if (f->addrs[k].family == family)
                return &f->addrs[k];
    }
    return NULL;
}

static bool has_ports(int proto)
{
    return proto == 6 || proto == 17 || proto == 132 || proto == 136;
}

void rsdiff_spec_format(struct strbuf *b, const struct sim_pkt_spec *s)
{
    const struct sim_pkt *p = &s->pkt;
    const char *pn = p->proto == 6     ? "tcp"
                     : p->proto == 17  ? "udp"
                     : p->proto == 1   ? "icmp"
                     : p->proto == 58  ? "icmpv6"
                     : p->proto == 132 ? "sctp"
                                       : NULL;
    if (pn)
        sb_puts(b, pn);
    else
        sb_printf(b, "%u", p->proto);
    char a[64];
    bool v6 = p->family == IPT_FAM_IPV6, ports = has_ports(p->proto);
    addr_format(p->family, p->src, a, sizeof(a));
    if (ports)
        sb_printf(b, v6 ? ":[%s]:%u" : ":%s:%u", a, p->sport);
    else
        sb_printf(b, ":%s", a);
    addr_format(p->family, p->dst, a, sizeof(a));
    if (ports)
        sb_printf(b, v6 ? "->[%s]:%u" : "->%s:%u", a, p->dport);
    else
        sb_printf(b, "->%s", a);
    if (s->local)
        sb_puts(b, " local");
    else
        sb_printf(b, " in=%s", s->in);
    if (s->state > 0)
        sb_printf(b, " state=%s", ct_state_name(s->state));
    if (p->proto == 6 && p->tcp_flags != TCPF_SYN) {
        static const char *const n[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        sb_puts(b, " flags=");
        bool first = true;
        for (int i = 0; i < 8; i++)
            if (p->tcp_flags & (1 << i)) {
                sb_printf(b, "%s%s", first ? "" : ",", n[i]);
                first = false;
            }
        if (first)
            sb_puts(b, "NONE");
    }
    if ((p->proto == 1 && p->icmp_type != 8) || (p->proto == 58 && p->icmp_type != 128))
        sb_printf(b, " icmp-type=%u", p->icmp_type);
    if (p->mark)
        sb_printf(b, " mark=0x%x", p->mark);
}

static bool spec_same(const struct sim_pkt_spec *a, const struct sim_pkt_spec *b)
{
    return a->local == b->local && a->state == b->state && !strcmp(a->in, b->in) &&
           a->pkt.family == b->pkt.family && a->pkt.proto == b->pkt.proto &&
           !memcmp(a->pkt.src, b->pkt.src, 16) && !memcmp(a->pkt.dst, b->pkt.dst, 16) &&
           a->pkt.sport == b->pkt.sport && a->pkt.dport == b->pkt.dport &&
           a->pkt.tcp_flags == b->pkt.tcp_flags && a->pkt.icmp_type == b->pkt.icmp_type &&
           a->pkt.mark == b->pkt.mark;
}

static uint64_t spec_hash(const struct sim_pkt_spec *s)
{
    uint64_t h = 1469598103934665603ull;
    const uint8_t *parts[] = {s->pkt.src, s->pkt.dst};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 16; i++)
            h = (h ^ parts[k][i]) * 1099511628211ull;
    uint64_t x = ((uint64_t)s->pkt.sport << 48) ^ ((uint64_t)s->pkt.dport << 32) ^
                 ((uint64_t)s->pkt.proto << 24) ^ ((uint64_t)(uint8_t)s->state << 16) ^
                 ((uint64_t)s->pkt.icmp_type << 8) ^ s->pkt.tcp_flags ^ s->pkt.mark;
    h = (h ^ x) * 1099511628211ull;
    h = (h ^ hash_str(s->in)) * 1099511628211ull;
    return h ^ s->local;
}

/* an open-addressing set of indexes into the packet array, for dedup */
struct pktset {
    struct rsdiff_pkts *p;
    size_t *slot; /* index + 1, 0 empty */
    size_t cap;
};

static void pktset_rehash(struct pktset *s, size_t cap)
{
    free(s->slot);
    s->cap = cap;
    s->slot = xcalloc(cap, sizeof(*s->slot));
    for (size_t i = 0; i < s->p->n; i++) {
        size_t k = spec_hash(&s->p->v[i]) & (cap - 1);
        while (s->slot[k])
            k = (k + 1) & (cap - 1);
        s->slot[k] = i + 1;
    }
}

static void pktset_add(struct pktset *s, const struct sim_pkt_spec *x)
{
    if ((s->p->n + 1) * 2 > s->cap)
        pktset_rehash(s, s->cap ? s->cap * 2 : 1024);
    size_t k = spec_hash(x) & (s->cap - 1);
    while (s->slot[k]) {
        if (spec_same(&s->p->v[s->slot[k] - 1], x))
            return;
        k = (k + 1) & (s->cap - 1);
    }
    struct rsdiff_pkts *p = s->p;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
    }
    p->v[p->n] = *x;
    s->slot[k] = ++p->n;
}

void rsdiff_add(struct rsdiff_pkts *p, const struct sim_pkt_spec *s)
{
    for (size_t i = 0; i < p->n; i++)
        if (spec_same(&p->v[i], s))
            return;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
    }
    p->v[p->n++] = *s;
}

void rsdiff_pkts_free(struct rsdiff_pkts *p)
{
    free(p->v);
    memset(p, 0, sizeof(*p));
}

/* a protocol with one port or ICMP type */
struct pp {
    uint8_t proto;
    uint16_t port;
};

struct gen {
    struct pktset set;
    int family;
    char other[16];
    /* the products are thinned to the budget: a first pass counts them,
     * the second keeps every stride-th; rule-directed packets are kept */
    bool counting, priority;
    size_t count, stride, pcount;
};

static void emit(struct gen *g, const char *in, const uint8_t src[16], const uint8_t dst[16],
                 struct pp pp, int state, uint16_t sport, uint32_t mark)
{
    if (!g->priority) {
        g->count++;
        if (g->counting || (g->stride > 1 && g->count % g->stride))
            return;
    } else if (g->counting) {
        g->pcount++;
        return;
    }
    struct sim_pkt_spec s;
    memset(&s, 0, sizeof(s));
    s.state = state == CT_NEW ? -1 : state;
    if (in)
        snprintf(s.in, sizeof(s.in), "%s", in);
    else
        s.local = true;
    struct sim_pkt *p = &s.pkt;
    p->family = (uint8_t)g->family;
    p->proto = pp.proto;
    memcpy(p->src, src, 16);
    memcpy(p->dst, dst, 16);
    p->ttl = 64;
    p->mark = mark;
    if (has_ports(pp.proto)) {
        p->sport = sport;
        p->dport = pp.port;
        s.sport_given = true;
    } else if (pp.proto == 1 || pp.proto == 58) {
        p->icmp_type = (uint8_t)pp.port;
    }
    if (pp.proto == 6)
        p->tcp_flags = state == CT_NEW ? TCPF_SYN : TCPF_ACK;
    p->len = pp.proto == 6 ? 60 : pp.proto == 17 ? 28 : 84;
    if (g->family == IPT_FAM_IPV6)
        p->len = (uint16_t)(p->len + 20);
    pktset_add(&g->set, &s);
}

static uint16_t free_port(const struct u32set *s)
{
    for (uint32_t p = 33333; p < 65535; p++) {
        bool used = false;
        for (size_t i = 0; i < s->n && !used; i++)
            used = s->v[i] == p;
        if (!used)
            return (uint16_t)p;
    }
    return 33333;
}

static bool covered(const struct consts *c, const struct host *h, const uint8_t a[16])
{
    for (size_t i = 0; i < c->nnets; i++)
        if (net_contains(&c->nets[i], a))
            return true;
    for (size_t i = 0; i < c->addrs.n; i++)
        if (!memcmp(c->addrs.v[i], a, 16))
            return true;
    return host_is_local(h, c->family, a);
}

/* ---- rule-directed packets ----
 * For every rule, a packet that meets its conditions and those of the
 * rules that jump to its chain, and for each condition one packet that
 * just misses it. They are always traced: a big ruleset's products are
 * sampled, but no rule goes without a packet at its edges. */

struct rcon {
    bool has_src, has_dst, src_inv, dst_inv;
    struct ipt_net src, dst;
    char iif[16], oif[16];
    bool iif_inv;
    int proto, dport, sport, state, icmp;
};

static void rcon_from_rule(const struct ipt_rule *r, int family, struct rcon *rc)
{
    struct strbuf b;
    sb_init(&b);
    rule_save(&b, r);
    bool neg = false;
    char *save = NULL;
    char *prev = NULL;
    for (char *w = strtok_r(b.s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (!strcmp(w, "!")) {
            neg = true;
            continue;
        }
        if (prev) {
            const char *o = prev;
            if (!strcmp(o, "-s") && !rc->has_src && !net_parse(family, w, &rc->src)) {
                rc->has_src = true;
                rc->src_inv = neg;
            } else if (!strcmp(o, "-d") && !rc->has_dst && !net_parse(family, w, &rc->dst)) {
                rc->has_dst = true;
                rc->dst_inv = neg;
            } else if (!strcmp(o, "-i") && !rc->iif[0]) {
                snprintf(rc->iif, sizeof(rc->iif), "%s", w);
                rc->iif_inv = neg;
            } else if (!strcmp(o, "-o") && !rc->oif[0] && !neg) {
                snprintf(rc->oif, sizeof(rc->oif), "%s", w);
            } else if (!strcmp(o, "-p") && !rc->proto && !neg) {
                rc->proto = proto_by_name(w);
            } else if ((!strcmp(o, "--dport") || !strcmp(o, "--dports")) && rc->dport < 0 && !neg) {
                rc->dport = (int)strtol(w, NULL, 10);
            } else if ((!strcmp(o, "--sport") || !strcmp(o, "--sports")) && rc->sport < 0 && !neg) {
                rc->sport = (int)strtol(w, NULL, 10);
            } else if ((!strcmp(o, "--ctstate") || !strcmp(o, "--state")) && rc->state < 0 &&
                       !neg) {
                char t[32];
                snprintf(t, sizeof(t), "%.*s", (int)strcspn(w, ","), w);
                rc->state = word_state(t);
            } else if (!strcmp(o, "--icmp-type") && rc->icmp < 0 && !neg) {
                rc->icmp = (int)strtol(w, NULL, 10);
            }
            prev = NULL;
            neg = false;
            continue;
        }
        if (w[0] == '-')
            prev = w;
        else
            neg = false;
    }
    sb_free(&b);
}

/* the first rule of a ruleset that jumps or goes to each user chain */
static void jumpers(struct strmap *m, struct arena *a, const struct ipt_ruleset *rs, int family)
{
    for (size_t i = 0; i < rs->ntables; i++) {
        const struct ipt_table *t = rs->tables[i];
        if (t->family != family)
            continue;
        for (size_t j = 0; j < t->nchains; j++)
            for (uint32_t k = 0; k < t->chains[j]->nrules; k++) {
                const struct ipt_rule *r = t->chains[j]->rules[k];
                if (!r->jump)
                    continue;
                char key[128];
                snprintf(key, sizeof(key), "%p", (const void *)r->jump);
                if (!strmap_get(m, key))
                    strmap_put(m, arena_strdup(a, key), (void *)r);
            }
    }
}

static void first_inside(const struct ipt_net *n, int family, uint8_t out[16])
{
    memcpy(out, n->addr, 16);
    if (n->plen != NET_PLEN_NONCONTIG && n->plen < addr_len(family) * 8 - 1)
        addr_step(family, out, +1);
}

static void just_outside(const struct ipt_net *n, int family, uint8_t out[16])
{
    memcpy(out, n->addr, 16);
    if (!addr_step(family, out, -1)) {
        memcpy(out, n->addr, 16);
        for (int i = 0; i < addr_len(family); i++)
            out[i] |= (uint8_t)~n->mask[i];
        addr_step(family, out, +1);
    }
}

static void iface_name(const char *pat, char *out, size_t n)
{
    size_t l = strlen(pat);
    if (l && pat[l - 1] == '+')
        snprintf(out, n, "%.*s0", (int)(l - 1), pat);
    else
        snprintf(out, n, "%s", pat);
}

/* via: the interface a packet arrives on when the rule names none (NULL:
 * the one no rule names) */
static void emit_rcon(struct gen *g, const struct rcon *rc, int hook, const uint8_t remote[16],
                      const uint8_t self[16], uint16_t freeport, int flip, const char *via)
{
    uint8_t src[16], dst[16];
    char in[16] = "";
    int proto = rc->proto > 0 ? rc->proto : 6;
    if (g->family == IPT_FAM_IPV6 && proto == 1)
        proto = 58;
    memcpy(src, remote, 16);
    if (rc->has_src)
        (rc->src_inv != (flip == 1) ? just_outside : first_inside)(&rc->src, g->family, src);
    if (rc->has_dst)
        (rc->dst_inv != (flip == 2) ? just_outside : first_inside)(&rc->dst, g->family, dst);
    else
        memcpy(dst, hook == IPT_HOOK_FORWARD ? remote : self, 16);
    bool local = hook == IPT_HOOK_OUTPUT;
    if (!local) {
        if (rc->iif[0] && !rc->iif_inv && flip != 3)
            iface_name(rc->iif, in, sizeof(in));
        else
            snprintf(in, sizeof(in), "%s", via ? via : g->other);
    }
    struct pp pp = {(uint8_t)proto, 0};
    if (has_ports(proto))
        pp.port = (uint16_t)(rc->dport >= 0 ? rc->dport + (flip == 4) : freeport);
    else if (proto == 1 || proto == 58)
        pp.port = (uint16_t)(rc->icmp >= 0 ? rc->icmp : proto == 1 ? 8 : 128);
    int state = rc->state >= 0 ? rc->state : CT_NEW;
    if (flip == 5)
        state = state == CT_NEW ? CT_ESTABLISHED : CT_NEW;
    uint16_t sport = (uint16_t)(rc->sport >= 0 ? rc->sport + (flip == 6) : 40000);
    emit(g, local ? NULL : in, src, dst, pp, state, sport, 0);
}

static void derive_rules(struct gen *g, const struct ipt_ruleset *rs, const struct host *h,
                         const uint8_t remote[16], uint16_t freeport, const struct strset *ifaces)
{
    /* a rule that names no input interface meets its packets on every
     * interface, and later rules may treat them apart by interface: its own
     * packet is sent on each (within a budget, for huge rulesets) */
    size_t budget = 100000;
    struct arena a;
    arena_init(&a);
    struct strmap par;
    strmap_init(&par);
    jumpers(&par, &a, rs, g->family);
    const struct host_addr *ha = rsdiff_host_addr(h, g->family, NULL);
    uint8_t self[16];
    memcpy(self, ha ? ha->a : remote, 16);
    g->priority = true;
    for (size_t i = 0; i < rs->ntables; i++) {
        const struct ipt_table *t = rs->tables[i];
        if (t->family != g->family)
            continue;
        for (size_t j = 0; j < t->nchains; j++) {
            const struct ipt_chain *c = t->chains[j];
            for (uint32_t k = 0; k < c->nrules; k++) {
                struct rcon rc;
                memset(&rc, 0, sizeof(rc));
                rc.dport = rc.sport = rc.state = rc.icmp = -1;
                rcon_from_rule(c->rules[k], g->family, &rc);
                /* the conditions of the way there */
                const struct ipt_chain *up = c;
                for (int depth = 0; depth < 8 && up && !up->base; depth++) {
                    char key[128];
                    snprintf(key, sizeof(key), "%p", (const void *)up);
                    const struct ipt_rule *jr = strmap_get(&par, key);
                    if (!jr)
                        break;
                    rcon_from_rule(jr, g->family, &rc);
                    up = jr->chain;
                }
                if (!up || !up->base)
                    continue; /* never reached */
                for (int flip = 0; flip <= 6; flip++)
                    emit_rcon(g, &rc, up->hook, remote, self, freeport, flip, NULL);
                if (up->hook != IPT_HOOK_OUTPUT && (!rc.iif[0] || rc.iif_inv))
                    for (size_t q = 0; q < ifaces->n && budget; q++, budget--)
                        if (strcmp(ifaces->v[q], g->other))
                            emit_rcon(g, &rc, up->hook, remote, self, freeport, 0, ifaces->v[q]);
            }
        }
    }
    g->priority = false;
    strmap_free(&par);
    arena_free(&a);
}

static void derive_family(struct gen *g, struct consts *c, const struct host *h,
                          const struct ipt_ruleset *const *rs, size_t nrs)
{
    int fam = c->family;
    /* the "anywhere" address no rule names */
    static const char *const cand4[] = {"192.0.2.50", "198.18.0.50", "100.64.1.50", "11.1.1.1",
                                        "198.51.100.20"};
    static const char *const cand6[] = {"2001:db8:ffff::20", "2001:db8:fffe::20", "3fff::20",
                                        "2a00:1::20"};
    uint8_t remote[16] = {0};
    size_t ncand = fam == IPT_FAM_IPV6 ? ARRAY_SIZE(cand6) : ARRAY_SIZE(cand4);
    for (size_t i = 0; i < ncand; i++) {
        addr_parse(fam, fam == IPT_FAM_IPV6 ? cand6[i] : cand4[i], remote);
        const struct host_route *rt = host_route_lookup(h, fam, remote);
        if (!covered(c, h, remote) && (!rt || rt->plen == 0))
            break;
    }
    /* interfaces: those named, the host's, and one no rule names */
    for (size_t i = 0; i < h->nifaces; i++)
        if (strcmp(h->ifaces[i].name, "lo"))
            strset_add(&c->ifaces, h->ifaces[i].name);
    for (int k = 0; k < 100; k++) {
        char name[16];
        snprintf(name, sizeof(name), k < 10 ? "eth%d" : "wan%d", k < 10 ? k : k - 10);
        bool used = false;
        for (size_t i = 0; i < c->patterns.n && !used; i++)
            used = sim_iface_match(c->patterns.v[i], name);
        for (size_t i = 0; i < c->ifaces.n && !used; i++)
            used = !strcmp(c->ifaces.v[i], name);
        if (!used) {
            strset_add(&c->ifaces, name);
            snprintf(g->other, sizeof(g->other), "%s", name);
            break;
        }
    }
    for (size_t k = 0; k < nrs; k++)
        derive_rules(g, rs[k], h, remote, free_port(&c->tports), &c->ifaces);
    /* protocols and ports */
    struct pp *pps = NULL;
    size_t npp = 0;
    struct pp dflt[4];
    size_t ndflt = 0;
    uint8_t icmp = fam == IPT_FAM_IPV6 ? 58 : 1;
    u32set_add(&c->protos, 6);
    u32set_add(&c->protos, 17);
    u32set_add(&c->protos, icmp);
    qsort(c->protos.v, c->protos.n, sizeof(uint32_t), cmp_u32);
    for (size_t i = 0; i < c->protos.n; i++) {
        uint32_t pr = c->protos.v[i];
        if ((pr == 1 && fam == IPT_FAM_IPV6) || (pr == 58 && fam == IPT_FAM_IPV4))
            continue;
        const struct u32set *ps = pr == 6              ? &c->tports
                                  : pr == 17           ? &c->uports
                                  : has_ports((int)pr) ? &c->oports
                                                       : &c->icmp_types;
        size_t extra = ps->n + 1;
        pps = xrealloc(pps, (npp + extra) * sizeof(*pps));
        uint16_t def = has_ports((int)pr) ? free_port(ps) : (pr == 1 ? 8 : pr == 58 ? 128 : 0);
        if (pr == 1 || pr == 58 || has_ports((int)pr)) {
            for (size_t k = 0; k < ps->n; k++)
                pps[npp++] = (struct pp){(uint8_t)pr, (uint16_t)ps->v[k]};
        }
        bool dup = false;
        for (size_t k = 0; k < ps->n && (pr == 1 || pr == 58 || has_ports((int)pr)); k++)
            dup |= ps->v[k] == def;
        if (!dup)
            pps[npp++] = (struct pp){(uint8_t)pr, def};
        if (ndflt < ARRAY_SIZE(dflt) && (pr == 6 || pr == 17 || pr == icmp))
            dflt[ndflt++] = (struct pp){(uint8_t)pr, def};
    }
    if (!c->states.n)
        u32set_add(&c->states, CT_NEW);
    qsort(c->states.v, c->states.n, sizeof(uint32_t), cmp_u32);
    if (c->addrs.n)
        qsort(c->addrs.v, c->addrs.n, 16, cmp_addr);
    if (c->sports.n)
        qsort(c->sports.v, c->sports.n, sizeof(uint32_t), cmp_u32);
    uint16_t sport = 40000;
    for (size_t i = 0; i < c->sports.n; i++)
        if (c->sports.v[i] == sport)
            sport = 40100;

    /* inbound, per interface */
    for (size_t ii = 0; ii < c->ifaces.n; ii++) {
        const char *in = c->ifaces.v[ii];
        const struct host_addr *ha = rsdiff_host_addr(h, fam, in);
        uint8_t self[16];
        memcpy(self, ha ? ha->a : remote, 16);
        const uint8_t *two[2] = {self, remote};
        /* A: every destination, every port */
        for (size_t p = 0; p < npp; p++) {
            emit(g, in, remote, self, pps[p], CT_NEW, sport, 0);
            emit(g, in, remote, remote, pps[p], CT_NEW, sport, 0);
            for (size_t d = 0; d < c->addrs.n; d++)
                emit(g, in, remote, c->addrs.v[d], pps[p], CT_NEW, sport, 0);
        }
        /* B: every source, every port, to the host and to anywhere */
        for (size_t p = 0; p < npp; p++)
            for (size_t s = 0; s < c->addrs.n; s++)
                for (int d = 0; d < 2; d++)
                    emit(g, in, c->addrs.v[s], two[d], pps[p], CT_NEW, sport, 0);
        /* C: the other states */
        for (size_t st = 0; st < c->states.n; st++) {
            if (c->states.v[st] == CT_NEW)
                continue;
            for (size_t p = 0; p < npp; p++)
                for (int d = 0; d < 2; d++)
                    emit(g, in, remote, two[d], pps[p], (int)c->states.v[st], sport, 0);
        }
        /* C2: the other states against every source */
        for (size_t st = 0; st < c->states.n; st++) {
            if (c->states.v[st] == CT_NEW)
                continue;
            for (size_t p = 0; p < ndflt; p++)
                for (size_t sa = 0; sa < c->addrs.n; sa++)
                    for (int d = 0; d < 2; d++)
                        emit(g, in, c->addrs.v[sa], two[d], dflt[p], (int)c->states.v[st], sport,
                             0);
        }
        /* D: sources against destinations */
        for (size_t p = 0; p < ndflt; p++)
            for (size_t s = 0; s < c->addrs.n; s++)
                for (size_t d = 0; d < c->addrs.n; d++)
                    emit(g, in, c->addrs.v[s], c->addrs.v[d], dflt[p], CT_NEW, sport, 0);
        /* E: source ports */
        for (size_t p = 0; p < ndflt; p++)
            for (size_t s = 0; s < c->sports.n; s++)
                for (int d = 0; d < 2; d++)
                    if (has_ports(dflt[p].proto))
                        emit(g, in, remote, two[d], dflt[p], CT_NEW, (uint16_t)c->sports.v[s], 0);
    }
    /* generated by the host */
    const struct host_addr *ha = rsdiff_host_addr(h, fam, NULL);
    if (ha) {
        uint8_t self[16];
        memcpy(self, ha->a, 16);
        for (size_t p = 0; p < npp; p++) {
            emit(g, NULL, self, remote, pps[p], CT_NEW, sport, 0);
            emit(g, NULL, self, self, pps[p], CT_NEW, sport, 0); /* to itself, via lo */
            for (size_t d = 0; d < c->addrs.n; d++)
                emit(g, NULL, self, c->addrs.v[d], pps[p], CT_NEW, sport, 0);
        }
        for (size_t st = 0; st < c->states.n; st++)
            for (size_t p = 0; p < npp; p++)
                if (c->states.v[st] != CT_NEW)
                    emit(g, NULL, self, remote, pps[p], (int)c->states.v[st], sport, 0);
        /* from each other address of the host: SNAT and routing rules
         * that test the source tell them apart */
        for (size_t i = 0; i < h->nifaces; i++)
            for (size_t k = 0; k < h->ifaces[i].naddrs; k++) {
                const struct host_addr *o = &h->ifaces[i].addrs[k];
                if (o->family != fam || !memcmp(o->a, self, 16))
                    continue;
                for (size_t p = 0; p < ndflt; p++) {
                    emit(g, NULL, o->a, remote, dflt[p], CT_NEW, sport, 0);
                    for (size_t d = 0; d < c->addrs.n; d++)
                        emit(g, NULL, o->a, c->addrs.v[d], dflt[p], CT_NEW, sport, 0);
                }
            }
        for (size_t m = 0; m < c->marks.n; m++)
            for (size_t p = 0; p < ndflt; p++) {
                emit(g, NULL, self, remote, dflt[p], CT_NEW, sport, c->marks.v[m]);
                for (size_t d = 0; d < c->addrs.n; d++)
                    emit(g, NULL, self, c->addrs.v[d], dflt[p], CT_NEW, sport, c->marks.v[m]);
            }
    }
    free(pps);
}

static void derive_all(struct gen *g, const struct ipt_ruleset *const *rs, size_t nrs,
                       const struct host *h)
{
    for (int fam = IPT_FAM_IPV4; fam <= IPT_FAM_IPV6; fam += IPT_FAM_IPV6 - IPT_FAM_IPV4) {
        bool present = false;
        struct consts c;
        memset(&c, 0, sizeof(c));
        c.family = fam;
        for (size_t k = 0; k < nrs; k++)
            for (size_t i = 0; i < rs[k]->ntables; i++) {
                const struct ipt_table *t = rs[k]->tables[i];
                if (t->family != fam)
                    continue;
                present = true;
                for (size_t j = 0; j < t->nchains; j++)
                    for (uint32_t r = 0; r < t->chains[j]->nrules; r++)
                        scan_rule(&c, t->chains[j]->rules[r]);
            }
        if (present) {
            g->family = fam;
            derive_family(g, &c, h, rs, nrs);
        }
        consts_free(&c);
    }
}

void rsdiff_derive(const struct ipt_ruleset *const *rs, size_t nrs, const struct host *h,
                   size_t max, struct rsdiff_pkts *out)
{
    memset(out, 0, sizeof(*out));
    struct gen g = {.set = {.p = out}, .counting = true};
    /* pass 1: how many the products give */
    derive_all(&g, rs, nrs, h);
    size_t products = g.count;
    g.counting = false;
    g.count = 0;
    g.stride = max && products > max ? (products + max - 1) / max : 1;
    derive_all(&g, rs, nrs, h);
    free(g.set.slot);
    snprintf(out->other_iface, sizeof(out->other_iface), "%s", g.other);
    out->wanted = g.stride > 1 ? products + g.pcount : out->n;
    out->sampled = g.stride > 1;
}
