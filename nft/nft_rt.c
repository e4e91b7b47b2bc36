/*
 * nft_rt.c - `rt`: the packet's route (kernel nft_rt.c: `rt classid`,
 * `rt [ip|ip6] nexthop`, `rt mtu`, `rt ipsec`) and, with the same first
 * word, the IPv6 routing header (nft_exthdr.c: `rt type 0`, `rt seg-left`).
 * ipt-sim does not know the route's realm, MTU or IPsec policy: those fork.
 * Its packets carry no IPv6 extension headers, so a routing header field
 * is absent and the rule does not match.
 */
#include "nft_int.h"

#include <string.h>

enum { RT_CLASSID, RT_NEXTHOP4, RT_NEXTHOP6, RT_MTU, RT_IPSEC, RT_EXTHDR };

static int rt_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    (void)out;
    if (x->sel->arg == RT_EXTHDR)
        return 0;
    (void)c;
    return -1;
}

static void rt_print(struct strbuf *b, const struct nft_x *x)
{
    const struct nft_sel *s = x->sel;
    if (s->arg == RT_NEXTHOP4)
        sb_puts(b, "rt ip nexthop");
    else if (s->arg == RT_NEXTHOP6)
        sb_puts(b, "rt ip6 nexthop");
    else
        sb_printf(b, "rt %s", s->key);
}

#define R(k, dt, len, a)                                                                           \
    {                                                                                              \
        "rt", k, &dt, len, .arg = a, .eval = rt_eval, .print = rt_print                            \
    }

static const struct nft_sel rt_sels[] = {
    R("classid", nft_dt_realm, 4, RT_CLASSID),
    R("nexthop", nft_dt_ipv4, 4, RT_NEXTHOP4),
    R("nexthop", nft_dt_ipv6, 16, RT_NEXTHOP6),
    R("mtu", nft_dt_integer, 2, RT_MTU),
    R("ipsec", nft_dt_boolean, 1, RT_IPSEC),
    /* the IPv6 routing header */
    R("nexthdr", nft_dt_inet_proto, 1, RT_EXTHDR),
    R("hdrlength", nft_dt_integer, 1, RT_EXTHDR),
    R("type", nft_dt_integer, 1, RT_EXTHDR),
    R("seg-left", nft_dt_integer, 1, RT_EXTHDR),
};

static int rt_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    int fam = 0;
    if (nft_accept(p, "ip"))
        fam = IPT_FAM_IPV4;
    else if (nft_accept(p, "ip6"))
        fam = IPT_FAM_IPV6;
    const struct nft_tok *k = nft_next(p);
    if (!k || k->kind != NFT_TOK_WORD)
        return nft_error(p, k,
                         "\"rt\" needs a key (classid, nexthop, mtu, ipsec, type, "
                         "seg-left, ...)");
    const struct nft_sel *s = NULL;
    for (size_t i = 0; i < f->n && !s; i++) {
        if (strcmp(f->sels[i].key, k->text))
            continue;
        if (f->sels[i].arg == RT_NEXTHOP4 || f->sels[i].arg == RT_NEXTHOP6) {
            int want = fam ? fam : p->table->family == IPT_FAM_IPV6 ? IPT_FAM_IPV6 : IPT_FAM_IPV4;
            if ((want == IPT_FAM_IPV6) != (f->sels[i].arg == RT_NEXTHOP6))
                continue;
        } else if (fam) {
            return nft_error(p, k, "\"rt %s\" takes no family", k->text);
        }
        s = &f->sels[i];
    }
    if (!s)
        return nft_error(p, k, "unknown rt key \"%s\"", k->text);
    struct nft_x *x = nft_x_new(p, NX_SEL);
    x->sel = s;
    x->dt = s->dt;
    x->len = s->len;
    *out = x;
    return 0;
}

const struct nft_sel_family nft_rt_family = {"rt", rt_sels, ARRAY_SIZE(rt_sels), rt_parse};
