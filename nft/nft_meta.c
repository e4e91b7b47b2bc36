/*
 * nft_meta.c - meta selectors and `meta KEY set` (kernel nft_meta.c;
 * nftables src/meta.c). iif/oif/iifname/oifname and a few more are
 * written and printed without the `meta` word.
 */
#include "nft_int.h"

#include <string.h>

enum {
    M_IIF,
    M_OIF,
    M_IIFNAME,
    M_OIFNAME,
    M_MARK,
    M_L4PROTO,
    M_NFPROTO,
    M_PROTOCOL,
    M_PKTTYPE,
    M_LEN,
    M_SKUID,
    M_SKGID,
    M_PRIORITY,
    M_NFTRACE,
    M_UNKNOWN,
};

static int put_iface(const char *name, struct nft_val *out)
{
    if (!name)
        return 0; /* no device: NFT_BREAK */
    memset(out->b, 0, sizeof(out->b));
    snprintf((char *)out->b, sizeof(out->b), "%s", name);
    out->len = 16;
    return 1;
}

static int meta_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct sim_pkt *p = c->pkt;
    switch (x->sel->arg) {
    case M_IIF:
    case M_IIFNAME:
        return put_iface(c->iif, out);
    case M_OIF:
    case M_OIFNAME:
        return put_iface(c->oif, out);
    case M_MARK:
        nft_val_set_u64(out, 4, p->mark);
        return 1;
    case M_L4PROTO:
        nft_val_set_u64(out, 1, p->proto);
        return 1;
    case M_NFPROTO:
        nft_val_set_u64(out, 1, c->family);
        return 1;
    case M_PROTOCOL:
        nft_val_set_u64(out, 2, c->family == IPT_FAM_IPV6 ? 0x86dd : 0x0800);
        return 1;
    case M_PKTTYPE: {
        int t = host_addr_type(c->host, c->family, p->dst);
        nft_val_set_u64(out, 1,
                        t == ADDRT_BROADCAST   ? 1
                        : t == ADDRT_MULTICAST ? 2
                        : c->hook == IPT_HOOK_OUTPUT || c->hook == IPT_HOOK_POSTROUTING ||
                                t == ADDRT_LOCAL || c->hook == IPT_HOOK_FORWARD
                            ? 0
                            : 3);
        return 1;
    }
    case M_LEN:
        nft_val_set_u64(out, 4, p->len);
        return 1;
    case M_SKUID:
    case M_SKGID:
        if (c->hook != IPT_HOOK_OUTPUT && c->hook != IPT_HOOK_POSTROUTING)
            return 0; /* no local socket */
        return -1;
    case M_NFTRACE:
        nft_val_set_u64(out, 1, c->trace);
        return 1;
    default:
        return -1;
    }
}

static int meta_set(struct sim_ctx *c, const struct nft_x *x, const struct nft_val *v)
{
    switch (x->sel->arg) {
    case M_MARK:
        c->pkt->mark = (uint32_t)nft_val_u64(v);
        return 1;
    case M_NFTRACE:
        c->trace = nft_val_u64(v) != 0;
        return 1;
    default:
        sim_ctx_note(c, "meta %s set: ipt-sim notes it but does not model its effect", x->sel->key);
        return 1;
    }
}

#define M(k, dt, len, a_, unq)                                                                     \
    {                                                                                              \
        "meta", k, &dt, len, .unqualified = unq, .arg = a_, .eval = meta_eval, .set = meta_set     \
    }

static const struct nft_sel meta_sels[] = {
    M("iif", nft_dt_ifindex, 16, M_IIF, true),
    M("oif", nft_dt_ifindex, 16, M_OIF, true),
    M("iifname", nft_dt_ifname, 16, M_IIFNAME, true),
    M("oifname", nft_dt_ifname, 16, M_OIFNAME, true),
    M("mark", nft_dt_mark, 4, M_MARK, false),
    M("l4proto", nft_dt_inet_proto, 1, M_L4PROTO, false),
    M("nfproto", nft_dt_nf_proto, 1, M_NFPROTO, false),
    M("protocol", nft_dt_ether_type, 2, M_PROTOCOL, false),
    M("pkttype", nft_dt_pkttype, 1, M_PKTTYPE, false),
    M("length", nft_dt_integer, 4, M_LEN, false),
    M("skuid", nft_dt_uid, 4, M_SKUID, false),
    M("skgid", nft_dt_gid, 4, M_SKGID, false),
    M("priority", nft_dt_tc_handle, 4, M_PRIORITY, false),
    M("nftrace", nft_dt_integer, 1, M_NFTRACE, false),
    M("iiftype", nft_dt_ifkind_type, 2, M_UNKNOWN, false),
    M("oiftype", nft_dt_ifkind_type, 2, M_UNKNOWN, false),
    M("iifgroup", nft_dt_devgroup, 4, M_UNKNOWN, true),
    M("oifgroup", nft_dt_devgroup, 4, M_UNKNOWN, true),
    M("iifkind", nft_dt_string, 16, M_UNKNOWN, false),
    M("oifkind", nft_dt_string, 16, M_UNKNOWN, false),
    M("cpu", nft_dt_integer, 4, M_UNKNOWN, false),
    M("cgroup", nft_dt_integer, 4, M_UNKNOWN, false),
    M("rtclassid", nft_dt_realm, 4, M_UNKNOWN, false),
    M("secmark", nft_dt_integer, 4, M_UNKNOWN, false),
    M("random", nft_dt_integer, 4, M_UNKNOWN, false),
    M("ibrname", nft_dt_ifname, 16, M_UNKNOWN, false),
    M("obrname", nft_dt_ifname, 16, M_UNKNOWN, false),
    M("time", nft_dt_date, 8, M_UNKNOWN, false),
    M("day", nft_dt_day, 1, M_UNKNOWN, false),
    M("hour", nft_dt_hour, 4, M_UNKNOWN, false),
    M("ipsec", nft_dt_boolean, 1, M_UNKNOWN, false),
};

const struct nft_sel_family nft_meta_family = {"meta", meta_sels, ARRAY_SIZE(meta_sels), NULL};

/* parser_bison.y meta_key_unqualified */
const struct nft_sel *nft_meta_unqualified(const char *word)
{
    static const char *const unq[] = {"mark",      "iif",     "iifname", "iiftype",  "oif",
                                      "oifname",   "oiftype", "skuid",   "skgid",    "nftrace",
                                      "rtclassid", "pkttype", "cpu",     "iifgroup", "oifgroup",
                                      "cgroup",    "ipsec",   "priority"};
    for (size_t i = 0; i < ARRAY_SIZE(unq); i++)
        if (!strcmp(unq[i], word))
            for (size_t j = 0; j < ARRAY_SIZE(meta_sels); j++)
                if (!strcmp(meta_sels[j].key, word))
                    return &meta_sels[j];
    return NULL;
}
