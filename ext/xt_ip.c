/*
 * xt_ip.c - the rule header: -s, -d, -i, -o, -p, -f.
 *
 * In the kernel this is struct ipt_ip / ip6t_ip6 inside every rule, matched
 * by ip_packet_match() in net/ipv4/netfilter/ip_tables.c before any match
 * extension. Here it is an extension of its own ("ip" for iptables, "ip6"
 * for ip6tables) so that a rule is just a list of expressions; a rule with
 * none of these options has no header expression at all.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <string.h>

enum { O_SRC, O_DST, O_IIF, O_OIF, O_PROTO, O_FRAG };

/* What a committed rule stores: 32 bytes for IPv4 instead of the 96 of
 * struct ipt_header (a kube-proxy node has ~600k headers). Masks are kept
 * only when not a prefix. The rule reader parses into a struct
 * ipt_header and packs it (ipt_header_pack) when the rule is committed. */
struct hdr_packed {
    const char *iif, *oif;
    uint16_t proto;
    uint8_t flags, invflags;
    uint8_t family, splen, dplen;
    uint8_t masks; /* bit 0: src mask follows, bit 1: dst mask follows */
    uint8_t have;  /* bit 0: -s given, bit 1: -d given */
    uint8_t a[];   /* src, dst, [src mask], [dst mask]: addr_len() bytes each */
};

static int parse_net(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                     char **argv)
{
    struct ipt_header *h = e->data;
    if (strchr(argv[0], ','))
        return ext_error(p, "address lists (\"%s\") expand into one rule per address; "
                            "ipt-sim reads saved rulesets, which never contain them",
                         argv[0]);
    return ext_parse_net(p, argv[0], o->id == O_SRC ? &h->src : &h->dst);
}

static int parse_iface(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct ipt_header *h = e->data;
    return ext_parse_iface(p, argv[0], o->id == O_IIF ? &h->iif : &h->oif);
}

static int parse_proto(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    struct ipt_header *h = e->data;
    const char *s = argv[0];
    int proto;
    if (isdigit((unsigned char)*s)) {
        uint64_t v;
        if (ext_parse_uint(p, s, 0, 255, &v))
            return -1;
        proto = (int)v;
    } else {
        proto = proto_by_name(s);
        if (proto < 0)
            return ext_error(p, "unknown protocol \"%s\"", s);
    }
    if (proto == 0 && ext_inv(e, O_PROTO))
        return ext_error(p, "rule would never match protocol (\"! -p all\")");
    h->proto = (uint16_t)proto;
    h->flags |= IPT_F_PROTO;
    p->proto = (uint16_t)proto;
    p->proto_inv = ext_inv(e, O_PROTO);
    return 0;
}

static int parse_frag(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                      char **argv)
{
    (void)o;
    (void)argv;
    if (p->family == IPT_FAM_IPV6)
        return ext_error_opt(p, "-f (fragment) is not an ip6tables option; use -m frag");
    ((struct ipt_header *)e->data)->flags |= IPT_F_FRAG;
    return 0;
}

static void print_opt(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    struct ipt_header hh;
    ipt_header_unpack(e->data, &hh);
    const struct ipt_header *h = &hh;
    switch (o->id) {
    case O_SRC:
    case O_DST:
        sb_putc(b, ' ');
        ext_print_net(b, o->id == O_SRC ? &h->src : &h->dst);
        break;
    case O_IIF:
    case O_OIF:
        sb_printf(b, " %s", o->id == O_IIF ? h->iif : h->oif);
        break;
    case O_PROTO: {
        const char *n = proto_save_name(h->proto);
        if (n)
            sb_printf(b, " %s", n);
        else
            sb_printf(b, " %u", h->proto);
        break;
    }
    }
}

#define H(f) .off = offsetof(struct ipt_header, f)
static const struct ext_opt header_opts[] = {
    {"source", ARG_CUSTOM, O_SRC, EXT_OPT_INVERT, H(src), .parse = parse_net, .print = print_opt},
    {"src", ARG_CUSTOM, O_SRC, EXT_OPT_INVERT, H(src), .parse = parse_net, .print = print_opt},
    {"destination", ARG_CUSTOM, O_DST, EXT_OPT_INVERT, H(dst), .parse = parse_net, .print = print_opt},
    {"dst", ARG_CUSTOM, O_DST, EXT_OPT_INVERT, H(dst), .parse = parse_net, .print = print_opt},
    {"in-interface", ARG_CUSTOM, O_IIF, EXT_OPT_INVERT, H(iif), .parse = parse_iface, .print = print_opt},
    {"out-interface", ARG_CUSTOM, O_OIF, EXT_OPT_INVERT, H(oif), .parse = parse_iface, .print = print_opt},
    {"protocol", ARG_CUSTOM, O_PROTO, EXT_OPT_INVERT, H(proto), .parse = parse_proto, .print = print_opt},
    {"fragment", ARG_NONE, O_FRAG, EXT_OPT_INVERT, H(flags), .parse = parse_frag},
};
#undef H

static int header_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct ipt_header *h = e->data;
    static const struct {
        unsigned id;
        uint8_t flag;
    } inv[] = {{O_SRC, IPT_INV_SRCIP}, {O_DST, IPT_INV_DSTIP}, {O_IIF, IPT_INV_VIA_IN},
               {O_OIF, IPT_INV_VIA_OUT}, {O_PROTO, IPT_INV_PROTO}, {O_FRAG, IPT_INV_FRAG}};
    for (size_t i = 0; i < ARRAY_SIZE(inv); i++)
        if (ext_inv(e, inv[i].id))
            h->invflags |= inv[i].flag;
    if (!ext_has(e, O_SRC))
        h->src.family = (uint8_t)p->family;
    if (!ext_has(e, O_DST))
        h->dst.family = (uint8_t)p->family;
    return 0;
}

/* iptables-save order (iptables/xshared.c save_ipv4_addr, save_rule_details):
 * -s -d -i -o -p -f; a /0 address and "-p all" are not printed. */
static void header_save(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    struct ipt_header hh;
    ipt_header_unpack(e->data, &hh);
    const struct ipt_header *h = &hh;
    if (ext_has(e, O_SRC) && (!net_is_any(&h->src) || ext_inv(e, O_SRC))) {
        sb_puts(b, ext_inv(e, O_SRC) ? " ! -s " : " -s ");
        ext_print_net(b, &h->src);
    }
    if (ext_has(e, O_DST) && (!net_is_any(&h->dst) || ext_inv(e, O_DST))) {
        sb_puts(b, ext_inv(e, O_DST) ? " ! -d " : " -d ");
        ext_print_net(b, &h->dst);
    }
    if (h->iif)
        sb_printf(b, "%s -i %s", ext_inv(e, O_IIF) ? " !" : "", h->iif);
    if (h->oif)
        sb_printf(b, "%s -o %s", ext_inv(e, O_OIF) ? " !" : "", h->oif);
    if ((h->flags & IPT_F_PROTO) && h->proto) {
        const char *n = proto_save_name(h->proto);
        sb_puts(b, ext_inv(e, O_PROTO) ? " ! -p " : " -p ");
        if (n)
            sb_puts(b, n);
        else
            sb_printf(b, "%u", h->proto);
    }
    if (h->flags & IPT_F_FRAG)
        sb_puts(b, ext_inv(e, O_FRAG) ? " ! -f" : " -f");
}

/* ip_packet_match() (net/ipv4/netfilter/ip_tables.c), on the packed form:
 * the KUBE-SERVICES chain of a big cluster tests 50k of these per packet. */
static bool packed_net_match(int family, const uint8_t *addr, const uint8_t *mask, uint8_t plen,
                             const uint8_t *a)
{
    int len = addr_len(family);
    if (mask) {
        for (int i = 0; i < len; i++)
            if ((a[i] & mask[i]) != addr[i])
                return false;
        return true;
    }
    int full = plen / 8, rest = plen % 8;
    if (full == 4 && family == IPT_FAM_IPV4) /* /32: the common case */
        return memcmp(a, addr, 4) == 0;
    for (int i = 0; i < full; i++)
        if (a[i] != addr[i])
            return false;
    return !rest || ((a[full] ^ addr[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

static int header_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct hdr_packed *h = e->data;
    const struct sim_pkt *p = c->pkt;
    int len = addr_len(h->family);
    const uint8_t *src = h->a, *dst = h->a + len;
    const uint8_t *smask = NULL, *dmask = NULL;
    const uint8_t *m = h->a + 2 * len;
    if (h->masks & 1) {
        smask = m;
        m += len;
    }
    if (h->masks & 2)
        dmask = m;
    if ((h->have & 1) &&
        packed_net_match(h->family, src, smask, h->splen, p->src) == !!(h->invflags & IPT_INV_SRCIP))
        return 0;
    if ((h->have & 2) &&
        packed_net_match(h->family, dst, dmask, h->dplen, p->dst) == !!(h->invflags & IPT_INV_DSTIP))
        return 0;
    if (h->iif && sim_iface_match(h->iif, c->iif) == !!(h->invflags & IPT_INV_VIA_IN))
        return 0;
    if (h->oif && sim_iface_match(h->oif, c->oif) == !!(h->invflags & IPT_INV_VIA_OUT))
        return 0;
    if ((h->flags & IPT_F_PROTO) && h->proto &&
        (p->proto == h->proto) == !!(h->invflags & IPT_INV_PROTO))
        return 0;
    if ((h->flags & IPT_F_FRAG) && p->fragment == !!(h->invflags & IPT_INV_FRAG))
        return 0;
    return 1;
}

const struct ext_ops ext_ip = {
    .name = "ip",
    .kind = EXT_HEADER,
    .families = 1u << IPT_FAM_IPV4,
    .size = sizeof(struct ipt_header),
    EXT_OPTS(header_opts),
    .check = header_check,
    .save = header_save,
    .match = header_match,
};

const struct ext_ops ext_ip6 = {
    .name = "ip6",
    .kind = EXT_HEADER,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct ipt_header),
    EXT_OPTS(header_opts),
    .check = header_check,
    .save = header_save,
    .match = header_match,
};

bool rule_header(const struct ipt_rule *r, struct ipt_header *out)
{
    if (r->nexprs && r->exprs[0].ops->kind == EXT_HEADER) {
        ipt_header_unpack(r->exprs[0].data, out);
        return true;
    }
    return false;
}

void *ipt_header_pack(struct arena *a, const struct ipt_header *h, uint32_t set)
{
    int family = h->src.family ? h->src.family : h->dst.family;
    int len = addr_len(family);
    uint8_t masks = (uint8_t)((h->src.plen == NET_PLEN_NONCONTIG) |
                              ((h->dst.plen == NET_PLEN_NONCONTIG) << 1));
    size_t n = sizeof(struct hdr_packed) + (size_t)len * (2 + !!(masks & 1) + !!(masks & 2));
    struct hdr_packed *p = arena_alloc(a, n);
    p->iif = h->iif;
    p->oif = h->oif;
    p->proto = h->proto;
    p->flags = h->flags;
    p->invflags = h->invflags;
    p->family = (uint8_t)family;
    p->splen = h->src.plen;
    p->dplen = h->dst.plen;
    p->masks = masks;
    p->have = (uint8_t)(((set >> O_SRC) & 1) | (((set >> O_DST) & 1) << 1));
    memcpy(p->a, h->src.addr, (size_t)len);
    memcpy(p->a + len, h->dst.addr, (size_t)len);
    uint8_t *m = p->a + 2 * len;
    if (masks & 1) {
        memcpy(m, h->src.mask, (size_t)len);
        m += len;
    }
    if (masks & 2)
        memcpy(m, h->dst.mask, (size_t)len);
    return p;
}

void ipt_header_unpack(const void *packed, struct ipt_header *out)
{
    const struct hdr_packed *p = packed;
    int len = addr_len(p->family);
    memset(out, 0, sizeof(*out));
    out->iif = p->iif;
    out->oif = p->oif;
    out->proto = p->proto;
    out->flags = p->flags;
    out->invflags = p->invflags;
    const uint8_t *m = p->a + 2 * len;
    struct ipt_net *nets[2] = {&out->src, &out->dst};
    uint8_t plens[2] = {p->splen, p->dplen};
    for (int i = 0; i < 2; i++) {
        const uint8_t *addr = p->a + i * len;
        if (p->masks & (1 << i)) {
            nets[i]->family = p->family;
            nets[i]->plen = NET_PLEN_NONCONTIG;
            memcpy(nets[i]->addr, addr, (size_t)len);
            memcpy(nets[i]->mask, m, (size_t)len);
            m += len;
        } else {
            net_from_prefix(p->family, addr, plens[i], nets[i]);
        }
    }
}
