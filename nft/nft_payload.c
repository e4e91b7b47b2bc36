/*
 * nft_payload.c - header fields (kernel nft_payload.c; nftables
 * src/proto.c for names and types). A field of a transport header
 * carries nft's implicit dependency: `tcp dport` only matches TCP packets,
 * `ip saddr` only IPv4 packets (in inet tables).
 */
#include "nft_int.h"

#include <stdlib.h>
#include <string.h>

enum {
    F_SADDR,
    F_DADDR,
    F_PROTO,
    F_TTL,
    F_LEN,
    F_DSCP,
    F_ECN,
    F_SPORT,
    F_DPORT,
    F_TCPFLAGS,
    F_ICMPTYPE,
    F_ICMPCODE,
    F_UNKNOWN,
};

#define L4_PORTS 0xff /* th: any transport protocol with ports */

/* Does the packet have the field? 1 yes, 0 no (NFT_BREAK). */
static int payload_present(const struct sim_ctx *c, const struct nft_sel *s)
{
    const struct sim_pkt *p = c->pkt;
    if (s->nfproto && c->family != s->nfproto)
        return 0;
    if (s->l4 == L4_PORTS) {
        if (p->proto != 6 && p->proto != 17 && p->proto != 132 && p->proto != 33 && p->proto != 136)
            return 0;
    } else if (s->l4 && p->proto != s->l4) {
        return 0;
    }
    if (s->l4 && p->fragment)
        return 0; /* no transport header in a later fragment */
    return 1;
}

static int payload_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct nft_sel *s = x->sel;
    const struct sim_pkt *p = c->pkt;
    if (!payload_present(c, s))
        return 0;
    int alen = c->family == IPT_FAM_IPV6 ? 16 : 4;
    switch (s->arg) {
    case F_SADDR:
        memcpy(out->b, p->src, alen);
        return 1;
    case F_DADDR:
        memcpy(out->b, p->dst, alen);
        return 1;
    case F_PROTO:
        nft_val_set_u64(out, 1, p->proto);
        return 1;
    case F_TTL:
        nft_val_set_u64(out, 1, p->ttl);
        return 1;
    case F_LEN:
        nft_val_set_u64(out, 2, p->len);
        return 1;
    case F_DSCP:
        nft_val_set_u64(out, 1, p->tos >> 2);
        return 1;
    case F_ECN:
        nft_val_set_u64(out, 1, p->tos & 3);
        return 1;
    case F_SPORT:
        nft_val_set_u64(out, 2, p->sport);
        return 1;
    case F_DPORT:
        nft_val_set_u64(out, 2, p->dport);
        return 1;
    case F_TCPFLAGS:
        nft_val_set_u64(out, 1, p->tcp_flags);
        return 1;
    case F_ICMPTYPE:
        nft_val_set_u64(out, 1, p->icmp_type);
        return 1;
    case F_ICMPCODE:
        nft_val_set_u64(out, 1, p->icmp_code);
        return 1;
    default:
        return -1; /* a field ipt-sim does not model */
    }
}

/* `ip daddr set 10.0.0.2`, `tcp dport set 8080`, `ip dscp set cs1`: the
 * kernel's nft_payload_set_eval writes the field (and fixes checksums).
 * A packet without the header breaks the rule, like the implicit
 * dependency nft gives the statement; a field ipt-sim's packet does not
 * have is noted. The conntrack entry keeps its tuples (stateless NAT). */
static int payload_set(struct sim_ctx *c, const struct nft_x *x, const struct nft_val *v)
{
    const struct nft_sel *s = x->sel;
    struct sim_pkt *p = c->pkt;
    if (!payload_present(c, s))
        return 0;
    int alen = c->family == IPT_FAM_IPV6 ? 16 : 4;
    uint64_t n = nft_val_u64(v);
    switch (s->arg) {
    case F_SADDR:
    case F_DADDR:
        if (v->len != alen)
            break;
        memcpy(s->arg == F_SADDR ? p->src : p->dst, v->b, (size_t)alen);
        return 1;
    case F_SPORT:
        p->sport = (uint16_t)n;
        return 1;
    case F_DPORT:
        p->dport = (uint16_t)n;
        return 1;
    case F_TTL:
        p->ttl = (uint8_t)n;
        return 1;
    case F_DSCP:
        p->tos = (uint8_t)(((n & 0x3f) << 2) | (p->tos & 3));
        return 1;
    case F_ECN:
        p->tos = (uint8_t)((p->tos & 0xfc) | (n & 3));
        return 1;
    case F_TCPFLAGS:
        p->tcp_flags = (uint8_t)n;
        return 1;
    case F_ICMPTYPE:
        p->icmp_type = (uint8_t)n;
        return 1;
    case F_ICMPCODE:
        p->icmp_code = (uint8_t)n;
        return 1;
    default:
        break;
    }
    sim_ctx_note(
        c,
        "%s %s set: ipt-sim's packet has no such field; it notes the change but does not model it",
        s->proto, s->key);
    return 1;
}

#define P(pr, k, dt, len, nf, l4, a_)                                                              \
    {                                                                                              \
        pr, k, &dt, len, nf, l4, .payload = true, .arg = a_, .eval = payload_eval,                 \
                                 .set = payload_set                                                \
    }

static const struct nft_sel ip_sels[] = {
    P("ip", "saddr", nft_dt_ipv4, 4, IPT_FAM_IPV4, 0, F_SADDR),
    P("ip", "daddr", nft_dt_ipv4, 4, IPT_FAM_IPV4, 0, F_DADDR),
    P("ip", "protocol", nft_dt_inet_proto, 1, IPT_FAM_IPV4, 0, F_PROTO),
    P("ip", "ttl", nft_dt_integer, 1, IPT_FAM_IPV4, 0, F_TTL),
    P("ip", "length", nft_dt_integer, 2, IPT_FAM_IPV4, 0, F_LEN),
    P("ip", "dscp", nft_dt_dscp, 1, IPT_FAM_IPV4, 0, F_DSCP),
    P("ip", "ecn", nft_dt_ecn, 1, IPT_FAM_IPV4, 0, F_ECN),
    P("ip", "id", nft_dt_integer, 2, IPT_FAM_IPV4, 0, F_UNKNOWN),
    P("ip", "frag-off", nft_dt_integer, 2, IPT_FAM_IPV4, 0, F_UNKNOWN),
    P("ip", "version", nft_dt_integer, 1, IPT_FAM_IPV4, 0, F_UNKNOWN),
    P("ip", "hdrlength", nft_dt_integer, 1, IPT_FAM_IPV4, 0, F_UNKNOWN),
    P("ip", "checksum", nft_dt_integer, 2, IPT_FAM_IPV4, 0, F_UNKNOWN),
};
static const struct nft_sel ip6_sels[] = {
    P("ip6", "saddr", nft_dt_ipv6, 16, IPT_FAM_IPV6, 0, F_SADDR),
    P("ip6", "daddr", nft_dt_ipv6, 16, IPT_FAM_IPV6, 0, F_DADDR),
    P("ip6", "nexthdr", nft_dt_inet_proto, 1, IPT_FAM_IPV6, 0, F_PROTO),
    P("ip6", "hoplimit", nft_dt_integer, 1, IPT_FAM_IPV6, 0, F_TTL),
    P("ip6", "length", nft_dt_integer, 2, IPT_FAM_IPV6, 0, F_LEN),
    P("ip6", "dscp", nft_dt_dscp, 1, IPT_FAM_IPV6, 0, F_DSCP),
    P("ip6", "ecn", nft_dt_ecn, 1, IPT_FAM_IPV6, 0, F_ECN),
    P("ip6", "flowlabel", nft_dt_integer, 4, IPT_FAM_IPV6, 0, F_UNKNOWN),
    P("ip6", "version", nft_dt_integer, 1, IPT_FAM_IPV6, 0, F_UNKNOWN),
};
static const struct nft_sel tcp_sels[] = {
    P("tcp", "sport", nft_dt_inet_service, 2, 0, 6, F_SPORT),
    P("tcp", "dport", nft_dt_inet_service, 2, 0, 6, F_DPORT),
    P("tcp", "flags", nft_dt_tcp_flag, 1, 0, 6, F_TCPFLAGS),
    P("tcp", "sequence", nft_dt_integer, 4, 0, 6, F_UNKNOWN),
    P("tcp", "ackseq", nft_dt_integer, 4, 0, 6, F_UNKNOWN),
    P("tcp", "window", nft_dt_integer, 2, 0, 6, F_UNKNOWN),
    P("tcp", "doff", nft_dt_integer, 1, 0, 6, F_UNKNOWN),
    P("tcp", "checksum", nft_dt_integer, 2, 0, 6, F_UNKNOWN),
    P("tcp", "urgptr", nft_dt_integer, 2, 0, 6, F_UNKNOWN),
};
static const struct nft_sel udp_sels[] = {
    P("udp", "sport", nft_dt_inet_service, 2, 0, 17, F_SPORT),
    P("udp", "dport", nft_dt_inet_service, 2, 0, 17, F_DPORT),
    P("udp", "length", nft_dt_integer, 2, 0, 17, F_UNKNOWN),
    P("udp", "checksum", nft_dt_integer, 2, 0, 17, F_UNKNOWN),
};
static const struct nft_sel udplite_sels[] = {
    P("udplite", "sport", nft_dt_inet_service, 2, 0, 136, F_SPORT),
    P("udplite", "dport", nft_dt_inet_service, 2, 0, 136, F_DPORT),
};
static const struct nft_sel sctp_sels[] = {
    P("sctp", "sport", nft_dt_inet_service, 2, 0, 132, F_SPORT),
    P("sctp", "dport", nft_dt_inet_service, 2, 0, 132, F_DPORT),
    P("sctp", "vtag", nft_dt_integer, 4, 0, 132, F_UNKNOWN),
};
static const struct nft_sel dccp_sels[] = {
    P("dccp", "sport", nft_dt_inet_service, 2, 0, 33, F_SPORT),
    P("dccp", "dport", nft_dt_inet_service, 2, 0, 33, F_DPORT),
    P("dccp", "type", nft_dt_dccp_pkttype, 1, 0, 33, F_UNKNOWN),
};
static const struct nft_sel th_sels[] = {
    P("th", "sport", nft_dt_inet_service, 2, 0, L4_PORTS, F_SPORT),
    P("th", "dport", nft_dt_inet_service, 2, 0, L4_PORTS, F_DPORT),
};
static const struct nft_sel icmp_sels[] = {
    P("icmp", "type", nft_dt_icmp_type, 1, IPT_FAM_IPV4, 1, F_ICMPTYPE),
    P("icmp", "code", nft_dt_icmp_code, 1, IPT_FAM_IPV4, 1, F_ICMPCODE),
    P("icmp", "id", nft_dt_integer, 2, IPT_FAM_IPV4, 1, F_UNKNOWN),
    P("icmp", "sequence", nft_dt_integer, 2, IPT_FAM_IPV4, 1, F_UNKNOWN),
    P("icmp", "mtu", nft_dt_integer, 2, IPT_FAM_IPV4, 1, F_UNKNOWN),
    P("icmp", "gateway", nft_dt_ipv4, 4, IPT_FAM_IPV4, 1, F_UNKNOWN),
};
static const struct nft_sel icmpv6_sels[] = {
    P("icmpv6", "type", nft_dt_icmpv6_type, 1, IPT_FAM_IPV6, 58, F_ICMPTYPE),
    P("icmpv6", "code", nft_dt_icmpv6_code, 1, IPT_FAM_IPV6, 58, F_ICMPCODE),
    P("icmpv6", "id", nft_dt_integer, 2, IPT_FAM_IPV6, 58, F_UNKNOWN),
    P("icmpv6", "sequence", nft_dt_integer, 2, IPT_FAM_IPV6, 58, F_UNKNOWN),
    P("icmpv6", "mtu", nft_dt_integer, 4, IPT_FAM_IPV6, 58, F_UNKNOWN),
};
static const struct nft_sel ether_sels[] = {
    P("ether", "saddr", nft_dt_ether, 6, 0, 0, F_UNKNOWN),
    P("ether", "daddr", nft_dt_ether, 6, 0, 0, F_UNKNOWN),
    P("ether", "type", nft_dt_ether_type, 2, 0, 0, F_UNKNOWN),
};
static const struct nft_sel vlan_sels[] = {
    P("vlan", "id", nft_dt_integer, 2, 0, 0, F_UNKNOWN),
    P("vlan", "pcp", nft_dt_integer, 1, 0, 0, F_UNKNOWN),
    P("vlan", "cfi", nft_dt_integer, 1, 0, 0, F_UNKNOWN),
    P("vlan", "type", nft_dt_ether_type, 2, 0, 0, F_UNKNOWN),
};
static const struct nft_sel arp_sels[] = {
    P("arp", "htype", nft_dt_integer, 2, 0, 0, F_UNKNOWN),
    P("arp", "ptype", nft_dt_ether_type, 2, 0, 0, F_UNKNOWN),
    P("arp", "operation", nft_dt_arp_op, 2, 0, 0, F_UNKNOWN),
    P("arp", "saddr ip", nft_dt_ipv4, 4, 0, 0, F_UNKNOWN),
    P("arp", "daddr ip", nft_dt_ipv4, 4, 0, 0, F_UNKNOWN),
};
static const struct nft_sel ah_sels[] = {
    P("ah", "spi", nft_dt_integer, 4, 0, 51, F_UNKNOWN),
    P("ah", "sequence", nft_dt_integer, 4, 0, 51, F_UNKNOWN),
};
static const struct nft_sel esp_sels[] = {
    P("esp", "spi", nft_dt_integer, 4, 0, 50, F_UNKNOWN),
    P("esp", "sequence", nft_dt_integer, 4, 0, 50, F_UNKNOWN),
};

#define FAM(n, t)                                                                                  \
    {                                                                                              \
        n, t, ARRAY_SIZE(t), NULL                                                                  \
    }
const struct nft_sel_family nft_payload_families[] = {
    FAM("ip", ip_sels),         FAM("ip6", ip6_sels),         FAM("tcp", tcp_sels),
    FAM("udp", udp_sels),       FAM("udplite", udplite_sels), FAM("sctp", sctp_sels),
    FAM("dccp", dccp_sels),     FAM("th", th_sels),           FAM("icmp", icmp_sels),
    FAM("icmpv6", icmpv6_sels), FAM("ether", ether_sels),     FAM("vlan", vlan_sels),
    FAM("arp", arp_sels),       FAM("ah", ah_sels),           FAM("esp", esp_sels),
};
const size_t nft_npayload_families = ARRAY_SIZE(nft_payload_families);

/* The selector `proto key` of a transport protocol (for `th` renaming). */
const struct nft_sel *nft_payload_sel(const char *proto, const char *key);
const struct nft_sel *nft_payload_sel(const char *proto, const char *key)
{
    for (size_t i = 0; i < nft_npayload_families; i++) {
        const struct nft_sel_family *f = &nft_payload_families[i];
        if (strcmp(f->name, proto))
            continue;
        for (size_t j = 0; j < f->n; j++)
            if (!strcmp(f->sels[j].key, key))
                return &f->sels[j];
    }
    return NULL;
}

/* ---- raw payload: @ll|@nh|@th,OFFSET,LENGTH (bits) ----
 * nft lists a raw expression that matches a known field by the field's
 * name (`@th,16,16` is `th dport`); the rest as written, their values in
 * hexadecimal. ipt-sim takes byte-aligned ones; evaluation reads the
 * header bytes its packet has and forks on the others. */

enum { RAW_LL, RAW_NH, RAW_TH };

struct raw_payload {
    uint8_t base; /* RAW_* */
    uint32_t offset, bits;
};

/* The header as far as ipt-sim's packet knows it: bytes and which are
 * known. Returns 0 when the packet has no such header (NFT_BREAK). */
static int raw_header(const struct sim_ctx *c, int base, uint8_t *h, bool *known, size_t n)
{
    const struct sim_pkt *p = c->pkt;
    memset(h, 0, n);
    memset(known, 0, n * sizeof(*known));
#define K(i, v) (h[i] = (uint8_t)(v), known[i] = true)
    if (base == RAW_NH && c->family == IPT_FAM_IPV4) {
        K(0, 0x45), K(1, p->tos), K(2, p->len >> 8), K(3, p->len), K(8, p->ttl), K(9, p->proto);
        for (int i = 0; i < 4; i++)
            K(12 + i, p->src[i]), K(16 + i, p->dst[i]);
    } else if (base == RAW_NH && c->family == IPT_FAM_IPV6) {
        K(6, p->proto), K(7, p->ttl);
        for (int i = 0; i < 16; i++)
            K(8 + i, p->src[i]), K(24 + i, p->dst[i]);
    } else if (base == RAW_TH) {
        if (p->fragment)
            return 0;
        if (p->proto == 1 || p->proto == 58) {
            K(0, p->icmp_type), K(1, p->icmp_code);
        } else if (p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 33 ||
                   p->proto == 136) {
            K(0, p->sport >> 8), K(1, p->sport), K(2, p->dport >> 8), K(3, p->dport);
            if (p->proto == 6) {
                for (int i = 0; i < 4; i++)
                    K(4 + i, p->seq >> (24 - 8 * i)), K(8 + i, p->ack >> (24 - 8 * i));
                K(13, p->tcp_flags);
            }
        }
    }
#undef K
    return 1;
}

static int raw_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct raw_payload *r = x->sdata;
    uint8_t h[64];
    bool known[64];
    if (!raw_header(c, r->base, h, known, sizeof(h)))
        return 0;
    size_t first = r->offset / 8, n = r->bits / 8;
    if (first + n > sizeof(h))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!known[first + i])
            return -1; /* a byte ipt-sim's packet does not have */
    memset(out->b, 0, sizeof(out->b));
    out->len = (uint8_t)n;
    memcpy(out->b, h + first, n);
    return 1;
}

static void raw_print(struct strbuf *b, const struct nft_x *x)
{
    const struct raw_payload *r = x->sdata;
    static const char *const names[] = {"ll", "nh", "th"};
    sb_printf(b, "@%s,%u,%u", names[r->base], r->offset, r->bits);
}

static const struct nft_sel raw_sel = {
    "@", NULL, &nft_dt_rawint, 0, .arg = F_UNKNOWN, .eval = raw_eval, .print = raw_print,
};

bool nft_raw_payload_starts(struct nft_parse *p)
{
    const struct nft_tok *t = nft_peek(p);
    return t && t->kind == NFT_TOK_SETREF &&
           (!strcmp(t->text, "ll") || !strcmp(t->text, "nh") || !strcmp(t->text, "th")) &&
           nft_tok_is(nft_peek_at(p, 1), ",");
}

static int raw_number(struct nft_parse *p, const char *what, uint32_t max, uint32_t *out)
{
    const struct nft_tok *t = nft_next(p);
    char *end;
    unsigned long v = t && t->kind == NFT_TOK_WORD ? strtoul(t->text, &end, 10) : 0;
    if (!t || t->kind != NFT_TOK_WORD || *end || t->text[0] == '-' || v > max)
        return nft_error(p, t, "a raw payload expression needs its %s in bits (at most %u)", what,
                         max);
    *out = (uint32_t)v;
    return 0;
}

struct nft_x *nft_parse_raw_payload(struct nft_parse *p)
{
    const struct nft_tok *t = nft_next(p);
    struct raw_payload *r = nft_alloc(p, sizeof(*r));
    r->base = !strcmp(t->text, "ll") ? RAW_LL : !strcmp(t->text, "nh") ? RAW_NH : RAW_TH;
    p->pos++; /* , */
    if (raw_number(p, "offset", 0xffff, &r->offset) < 0)
        return NULL;
    if (!nft_accept(p, ","))
        return nft_error(p, nft_peek(p), "expected \",LENGTH\" after \"@%s,%u\"", t->text,
                         r->offset),
               NULL;
    if (raw_number(p, "length", NFT_VLEN * 8, &r->bits) < 0)
        return NULL;
    if (r->offset % 8 || r->bits % 8 || !r->bits)
        return nft_error(p, t,
                         "ipt-sim reads raw payload expressions on whole bytes only (offset "
                         "and length multiples of 8)"),
               NULL;
    /* nft names a raw expression that is a known field after it */
    if (r->base == RAW_TH && r->bits == 16 && (r->offset == 0 || r->offset == 16)) {
        const struct nft_sel *s = nft_payload_sel("th", r->offset ? "dport" : "sport");
        struct nft_x *x = nft_x_new(p, NX_SEL);
        x->sel = s;
        x->dt = s->dt;
        x->len = s->len;
        return x;
    }
    struct nft_x *x = nft_x_new(p, NX_SEL);
    x->sel = &raw_sel;
    x->dt = &nft_dt_rawint;
    x->len = (uint8_t)(r->bits / 8);
    x->sdata = r;
    return x;
}
