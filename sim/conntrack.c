/*
 * conntrack.c - connection tracking and NAT bindings, as far as they decide
 * a packet's path.
 *
 * The reference is net/netfilter/nf_conntrack_core.c (lookup, new entries,
 * confirmation), nf_conntrack_proto_tcp.c (which TCP packets may start a
 * connection, window checks), nf_conntrack_proto_icmp.c, and nf_nat_core.c
 * (a connection's NAT is decided by its first packet; later packets and
 * replies are rewritten from the binding).
 *
 * A packet the kernel finds INVALID gets no conntrack entry at all, so the
 * NAT of its connection is not applied to it: the "out-of-window ACK skips
 * de-NAT" story.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *ct_state_name(int s)
{
    static const char *const n[] = {"NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"};
    return s >= 0 && s < (int)ARRAY_SIZE(n) ? n[s] : "?";
}

int ct_state_parse(const char *s)
{
    for (int i = 0; i <= CT_UNTRACKED; i++)
        if (strcasecmp(s, ct_state_name(i)) == 0)
            return i;
    return -1;
}

static void pkt_tuple(const struct sim_pkt *p, struct ct_tuple *t)
{
    memset(t, 0, sizeof(*t));
    memcpy(t->src, p->src, 16);
    memcpy(t->dst, p->dst, 16);
    t->proto = p->proto;
    if (p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 136 || p->proto == 33) {
        t->sport = p->sport;
        t->dport = p->dport;
    } else if (p->proto == 1 || p->proto == 58) {
        /* nf_conntrack_proto_icmp.c: the type is part of the tuple (the
         * id too, which packets here do not carry) */
        t->dport = p->icmp_type;
    }
}

/* icmp_pkt_to_tuple / invmap: the reply to a request type */
static uint16_t icmp_reply_type(uint8_t proto, uint16_t type)
{
    static const uint8_t v4[][2] = {{8, 0},   {0, 8},   {13, 14}, {14, 13},
                                    {15, 16}, {16, 15}, {17, 18}, {18, 17}};
    static const uint8_t v6[][2] = {{128, 129}, {129, 128}, {130, 131}, {131, 130}};
    const uint8_t(*m)[2] = proto == 1 ? v4 : v6;
    size_t n = proto == 1 ? ARRAY_SIZE(v4) : ARRAY_SIZE(v6);
    for (size_t i = 0; i < n; i++)
        if (m[i][0] == type)
            return m[i][1];
    return 0xffff; /* no reply type: nothing can answer it */
}

static void invert(const struct ct_tuple *t, struct ct_tuple *r)
{
    *r = *t;
    memcpy(r->src, t->dst, 16);
    memcpy(r->dst, t->src, 16);
    r->sport = t->dport;
    r->dport = t->sport;
    if (t->proto == 1 || t->proto == 58) {
        r->sport = 0;
        r->dport = icmp_reply_type(t->proto, t->dport);
    }
}

static bool tuple_eq(const struct ct_tuple *a, const struct ct_tuple *b)
{
    return a->proto == b->proto && a->sport == b->sport && a->dport == b->dport &&
           memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

static int lookup(struct sim_run *R, const struct ct_tuple *t, int family, uint8_t *dir)
{
    for (size_t i = 0; i < R->ct.n; i++) {
        struct ct_entry *e = &R->ct.v[i];
        if (e->family != family)
            continue;
        if (tuple_eq(&e->orig, t)) {
            *dir = 0;
            return (int)i;
        }
        if (tuple_eq(&e->reply, t)) {
            *dir = 1;
            return (int)i;
        }
    }
    return -1;
}

static int create(struct sim_run *R, const struct ct_tuple *t, int family)
{
    if (R->ct.n == R->ct.cap) {
        R->ct.cap = R->ct.cap ? R->ct.cap * 2 : 8;
        R->ct.v = xrealloc(R->ct.v, R->ct.cap * sizeof(*R->ct.v));
    }
    struct ct_entry *e = &R->ct.v[R->ct.n];
    memset(e, 0, sizeof(*e));
    e->family = (uint8_t)family;
    e->orig = *t;
    invert(t, &e->reply);
    return (int)R->ct.n++;
}

static void fmt_ap(int family, const uint8_t *a, uint16_t port, bool with_port, char *buf,
                   size_t n);

static bool icmp_is_error(const struct sim_pkt *p)
{
    if (p->proto == 1)
        return p->icmp_type == 3 || p->icmp_type == 4 || p->icmp_type == 5 || p->icmp_type == 11 ||
               p->icmp_type == 12;
    return p->proto == 58 && p->icmp_type < 128;
}

/* nf_conntrack_inet_error(): an ICMP error belongs to the connection of the
 * packet it quotes, and is RELATED to it. A packet spec quotes nothing, so
 * the error is taken to be about the last packet that left this host by the
 * interface the error comes in on, from the address the error goes to: a
 * packet of the original direction leaves with the reply tuple's
 * destination as its source (after SNAT), one of the reply direction with
 * the original tuple's destination (after de-DNAT). The error goes the
 * other way. */
static int related_lookup(struct sim_run *R, const struct sim_ctx *c, uint8_t *dir)
{
    int best = -1;
    uint32_t when = 0;
    if (!c->iif)
        return -1;
    for (size_t i = 0; i < R->ct.n; i++) {
        const struct ct_entry *e = &R->ct.v[i];
        if (e->family != c->family)
            continue;
        for (int d = 0; d < 2; d++) {
            const uint8_t *from = d == 0 ? e->reply.dst : e->orig.dst;
            if (e->left[d] > when && strcmp(e->left_if[d], c->iif) == 0 &&
                memcmp(from, c->pkt->dst, 16) == 0) {
                best = (int)i;
                when = e->left[d];
                *dir = (uint8_t)!d;
            }
        }
    }
    return best;
}

/* Which first packets start a connection (tcp_new(), icmp_new()). Returns
 * NULL when the packet may start one, or why it is INVALID. */
static const char *why_not_new(const struct sim_run *R, const struct sim_pkt *p)
{
    if (p->proto == 6) {
        uint8_t f = p->tcp_flags;
        if (f & TCPF_RST)
            return "a TCP RST that belongs to no connection";
        if ((f & TCPF_SYN) && (f & TCPF_ACK))
            return "a SYN-ACK that belongs to no connection";
        if (f & TCPF_FIN)
            return "a TCP FIN that belongs to no connection";
        if (f & TCPF_SYN)
            return NULL;
        if (!(f & TCPF_ACK))
            return "a TCP segment without SYN or ACK";
        if (!R->host->tcp_loose)
            return "an ACK that belongs to no connection, and nf_conntrack_tcp_loose = 0";
        return NULL; /* picked up mid-stream */
    }
    if (p->proto == 1) {
        switch (p->icmp_type) {
        case 8:
        case 13:
        case 15:
        case 17:
            return NULL;
        case 3:
        case 4:
        case 5:
        case 11:
        case 12:
            return "an ICMP error about no known connection";
        default:
            return "an ICMP reply to no known request";
        }
    }
    if (p->proto == 58) {
        if (p->icmp_type == 128 || p->icmp_type == 130 || p->icmp_type == 131 ||
            p->icmp_type == 133 || p->icmp_type == 135)
            return NULL;
        if (p->icmp_type < 128)
            return "an ICMPv6 error about no known connection";
        return NULL;
    }
    return NULL;
}

void sim_conntrack_in(struct sim_run *R, struct sim_ctx *c)
{
    const struct sim_pkt_spec *spec = R->spec;
    struct sim_pkt *p = c->pkt;
    struct ct_tuple t;
    if (R->looped)
        return; /* the entry (and state) it left with */
    c->ct = NULL;
    c->ct_is_new = false;
    R->ct_index = -1;
    if (c->notrack) {
        c->ctstate = CT_UNTRACKED;
        sim_note(R, c, "conntrack: UNTRACKED (notrack in raw)");
        return;
    }
    pkt_tuple(p, &t);
    uint8_t dir = 0;
    int idx = lookup(R, &t, c->family, &dir);
    if (spec->state >= 0 && idx < 0) {
        c->ctstate = (uint8_t)spec->state;
        if (spec->state == CT_INVALID || spec->state == CT_UNTRACKED) {
            sim_note(R, c, "conntrack: %s (given)", ct_state_name(spec->state));
            return;
        }
        idx = create(R, &t, c->family);
        R->ct_created = true;
        struct ct_entry *e = &R->ct.v[idx];
        if (spec->state == CT_NEW) {
            c->ct_is_new = true;
        } else {
            e->status |= CT_STATUS_SEEN_REPLY | CT_STATUS_CONFIRMED;
            R->ct_created = false;
        }
        c->ct = e;
        c->ctdir = 0;
        R->ct_index = idx;
        sim_note(R, c, "conntrack: %s (given)%s", ct_state_name(spec->state),
                 spec->state == CT_NEW ? "" : "; a connection without NAT is assumed");
        return;
    }
    if (idx < 0 && icmp_is_error(p) && (idx = related_lookup(R, c, &dir)) >= 0) {
        struct ct_entry *e = &R->ct.v[idx];
        c->ct = e;
        c->ctdir = dir;
        c->ctstate = CT_RELATED;
        R->ct_index = idx;
        char from[80], to[80];
        bool ports = e->orig.proto == 6 || e->orig.proto == 17 || e->orig.proto == 132 ||
                     e->orig.proto == 136 || e->orig.proto == 33;
        fmt_ap(c->family, e->orig.src, e->orig.sport, ports, from, sizeof(from));
        fmt_ap(c->family, e->orig.dst, e->orig.dport, ports, to, sizeof(to));
        sim_note(R, c, "conntrack: RELATED: an ICMP error about the connection %s -> %s (%s)", from,
                 to, dir ? "reply direction" : "original direction");
        return;
    }
    if (idx < 0) {
        const char *why = why_not_new(R, p);
        if (why) {
            c->ctstate = CT_INVALID;
            sim_note(R, c, "conntrack: INVALID: %s", why);
            return;
        }
        idx = create(R, &t, c->family);
        R->ct_created = true;
        c->ct = &R->ct.v[idx];
        c->ctdir = 0;
        c->ctstate = CT_NEW;
        c->ct_is_new = true;
        R->ct_index = idx;
        sim_note(R, c, "conntrack: NEW connection");
        return;
    }
    struct ct_entry *e = &R->ct.v[idx];
    if (p->proto == 6 && spec->out_of_window && !R->host->tcp_be_liberal) {
        c->ctstate = CT_INVALID;
        sim_note(R, c,
                 "conntrack: INVALID: the segment is outside the TCP window and "
                 "nf_conntrack_tcp_be_liberal = 0 (the connection's NAT is not applied)");
        return;
    }
    c->ct = e;
    c->ctdir = dir;
    R->ct_index = idx;
    if (dir == 1) {
        e->status |= CT_STATUS_SEEN_REPLY;
        c->ctstate = CT_ESTABLISHED;
        sim_note(R, c, "conntrack: ESTABLISHED (reply direction)");
    } else if (e->status & CT_STATUS_SEEN_REPLY) {
        c->ctstate = CT_ESTABLISHED;
        sim_note(R, c, "conntrack: ESTABLISHED");
    } else {
        /* an original-direction packet before any reply is still NEW, but
         * the nat chains are not consulted again */
        c->ctstate = CT_NEW;
        sim_note(R, c, "conntrack: NEW (connection seen before, no reply yet)");
    }
    if (spec->state >= 0 && spec->state != c->ctstate) {
        c->ctstate = (uint8_t)spec->state;
        sim_note(R, c, "conntrack: state forced to %s", ct_state_name(spec->state));
    }
}

void sim_conntrack_confirm(struct sim_run *R, struct sim_ctx *c)
{
    if (R->ct_index < 0)
        return;
    struct ct_entry *e = &R->ct.v[R->ct_index];
    e->status |= CT_STATUS_CONFIRMED;
    /* leaving by an interface (not delivered, not looped back through lo):
     * what an ICMP error coming back may quote (related_lookup) */
    if (c->oif && strcmp(c->oif, "lo") != 0 && c->ctstate != CT_RELATED) {
        uint32_t last = 0;
        for (size_t i = 0; i < R->ct.n; i++)
            for (int d = 0; d < 2; d++)
                if (R->ct.v[i].left[d] > last)
                    last = R->ct.v[i].left[d];
        e->left[c->ctdir & 1] = last + 1;
        snprintf(e->left_if[c->ctdir & 1], sizeof(e->left_if[0]), "%s", c->oif);
    }
}

void sim_conntrack_discard_unconfirmed(struct sim_run *R, struct sim_ctx *c)
{
    (void)c;
    if (R->ct_index < 0 || !R->ct_created)
        return;
    struct ct_entry *e = &R->ct.v[R->ct_index];
    if (e->status & CT_STATUS_CONFIRMED)
        return;
    /* an unconfirmed entry dies with its packet */
    memmove(e, e + 1, (R->ct.n - (size_t)R->ct_index - 1) * sizeof(*e));
    R->ct.n--;
    R->ct_index = -1;
}

/* ---- NAT ---- */

static void fmt_ap(int family, const uint8_t *a, uint16_t port, bool with_port, char *buf, size_t n)
{
    char s[64];
    addr_format(family, a, s, sizeof(s));
    if (!with_port)
        snprintf(buf, n, "%s", s);
    else if (family == IPT_FAM_IPV6)
        snprintf(buf, n, "[%s]:%u", s, port);
    else
        snprintf(buf, n, "%s:%u", s, port);
}

static bool has_ports(const struct sim_pkt *p)
{
    return p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 136 || p->proto == 33;
}

int sim_nat(struct sim_ctx *c, bool dst, const struct sim_nat_range *r)
{
    struct sim_run *R = c->run;
    struct sim_pkt *p = c->pkt;
    struct ct_entry *e = c->ct;
    if (!e || !c->ct_is_new)
        return IPT_V_ACCEPT;
    char before[80], after[80];
    bool ports = has_ports(p);
    uint8_t *addr = dst ? p->dst : p->src;
    uint16_t *port = dst ? &p->dport : &p->sport;
    fmt_ap(c->family, addr, *port, ports, before, sizeof(before));
    if (r->has_addr)
        memcpy(addr, r->min_addr, 16);
    if (r->has_port && ports && (*port < r->min_port || *port > r->max_port))
        *port = r->min_port;
    fmt_ap(c->family, addr, *port, ports, after, sizeof(after));
    /* the reply tuple now expects the translated address */
    if (dst) {
        memcpy(e->reply.src, addr, 16);
        if (ports)
            e->reply.sport = *port;
        e->status |= CT_STATUS_DNAT;
    } else {
        memcpy(e->reply.dst, addr, 16);
        if (ports)
            e->reply.dport = *port;
        e->status |= CT_STATUS_SNAT;
    }
    sim_note(R, c, "nat: %s %s -> %s", dst ? "DNAT" : "SNAT", before, after);
    return IPT_V_ACCEPT;
}

void sim_nat_apply_binding(struct sim_run *R, struct sim_ctx *c)
{
    struct ct_entry *e = c->ct;
    struct sim_pkt *p = c->pkt;
    bool dst_manip = c->hook == IPT_HOOK_PREROUTING || c->hook == IPT_HOOK_OUTPUT;
    bool ports = has_ports(p);
    const struct ct_tuple *want;
    /* The translated packet must look like the inverse of the other
     * direction's tuple. */
    if (c->ctdir == 0) {
        if (!(e->status & (dst_manip ? CT_STATUS_DNAT : CT_STATUS_SNAT)))
            return;
        want = &e->reply;
    } else {
        if (!(e->status & (dst_manip ? CT_STATUS_SNAT : CT_STATUS_DNAT)))
            return;
        want = &e->orig;
    }
    char before[80], after[80];
    uint8_t *addr = dst_manip ? p->dst : p->src;
    uint16_t *port = dst_manip ? &p->dport : &p->sport;
    fmt_ap(c->family, addr, *port, ports, before, sizeof(before));
    memcpy(addr, dst_manip ? want->src : want->dst, 16);
    if (ports)
        *port = dst_manip ? want->sport : want->dport;
    fmt_ap(c->family, addr, *port, ports, after, sizeof(after));
    sim_note(R, c, "nat: %s of the connection's binding: %s -> %s",
             c->ctdir == 0 ? (dst_manip ? "DNAT" : "SNAT")
                           : (dst_manip ? "de-SNAT (reply)" : "de-DNAT (reply)"),
             before, after);
}

void sim_nat_null_binding(struct sim_run *R, struct sim_ctx *c)
{
    (void)R;
    (void)c;
    /* No NAT rule fired for the new connection on this hook: the kernel
     * sets up a null binding; nothing changes. */
}
