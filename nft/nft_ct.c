/*
 * nft_ct.c - conntrack selectors (`ct state`, `ct original saddr`, ...) and
 * `ct KEY set` (kernel nft_ct.c; nftables src/ct.c).
 */
#include "nft_int.h"

#include <string.h>

enum {
    C_STATE,
    C_STATUS,
    C_MARK,
    C_DIR,
    C_SADDR,
    C_DADDR,
    C_PSRC,
    C_PDST,
    C_L3,
    C_PROTO,
    C_ZONE,
    C_HELPER,
    C_UNKNOWN,
};

/* struct nft_x.sdata for a directional key */
struct ct_dirsel {
    int dir; /* -1: none given, 0 original, 1 reply */
};

static int ct_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct ct_entry *ct = c->ct;
    switch (x->sel->arg) {
    case C_STATE: {
        static const uint8_t bit[] = {[CT_NEW] = 8,
                                      [CT_ESTABLISHED] = 2,
                                      [CT_RELATED] = 4,
                                      [CT_INVALID] = 1,
                                      [CT_UNTRACKED] = 64};
        nft_val_set_u64(out, 4, c->ctstate < ARRAY_SIZE(bit) ? bit[c->ctstate] : 1);
        return 1;
    }
    default:
        break;
    }
    if (!ct)
        return 0; /* no conntrack entry: NFT_BREAK */
    const struct ct_dirsel *d = x->sdata;
    int dir = d && d->dir >= 0 ? d->dir : c->ctdir;
    const struct ct_tuple *t = dir ? &ct->reply : &ct->orig;
    int alen = ct->family == IPT_FAM_IPV6 ? 16 : 4;
    switch (x->sel->arg) {
    case C_STATUS: {
        uint32_t s = 0;
        if (ct->status & CT_STATUS_SEEN_REPLY)
            s |= 2;
        if (ct->status & CT_STATUS_ASSURED)
            s |= 4;
        if (ct->status & CT_STATUS_CONFIRMED)
            s |= 8;
        if (ct->status & CT_STATUS_SNAT)
            s |= 16;
        if (ct->status & CT_STATUS_DNAT)
            s |= 32;
        if (c->ctstate == CT_RELATED)
            s |= 1;
        nft_val_set_u64(out, 4, s);
        return 1;
    }
    case C_MARK:
        nft_val_set_u64(out, 4, ct->mark);
        return 1;
    case C_DIR:
        nft_val_set_u64(out, 1, c->ctdir);
        return 1;
    case C_SADDR:
    case C_DADDR:
        if (x->sel->nfproto && x->sel->nfproto != ct->family)
            return 0;
        memcpy(out->b, x->sel->arg == C_SADDR ? t->src : t->dst, alen);
        return 1;
    case C_PSRC:
        nft_val_set_u64(out, 2, t->sport);
        return 1;
    case C_PDST:
        nft_val_set_u64(out, 2, t->dport);
        return 1;
    case C_L3:
        nft_val_set_u64(out, 1, ct->family);
        return 1;
    case C_PROTO:
        nft_val_set_u64(out, 1, t->proto);
        return 1;
    case C_ZONE:
        nft_val_set_u64(out, 2, 0);
        return 1;
    default:
        return -1;
    }
}

static int ct_set(struct sim_ctx *c, const struct nft_x *x, const struct nft_val *v)
{
    if (x->sel->arg == C_MARK) {
        if (c->ct)
            c->ct->mark = (uint32_t)nft_val_u64(v);
        return 1;
    }
    sim_ctx_note(c, "ct %s set: ipt-sim notes it but does not model its effect", x->sel->key);
    return 1;
}

static void ct_print(struct strbuf *b, const struct nft_x *x)
{
    const struct ct_dirsel *d = x->sdata;
    sb_puts(b, "ct ");
    if (d && d->dir >= 0)
        sb_puts(b, d->dir ? "reply " : "original ");
    sb_puts(b, x->sel->key);
}

#define C(k, dt, len, a_)                                                                          \
    {                                                                                              \
        "ct", k, &dt, len, .arg = a_, .eval = ct_eval, .print = ct_print, .set = ct_set            \
    }
#define CN(k, dt, len, nf, a_)                                                                     \
    {                                                                                              \
        "ct", k, &dt, len, nf, .arg = a_, .eval = ct_eval, .print = ct_print                       \
    }

static const struct nft_sel ct_sels[] = {
    C("state", nft_dt_ct_state, 4, C_STATE),
    C("status", nft_dt_ct_status, 4, C_STATUS),
    C("mark", nft_dt_mark, 4, C_MARK),
    C("direction", nft_dt_ct_dir, 1, C_DIR),
    CN("saddr", nft_dt_ipv4, 4, 0, C_SADDR),
    CN("daddr", nft_dt_ipv4, 4, 0, C_DADDR),
    CN("ip saddr", nft_dt_ipv4, 4, IPT_FAM_IPV4, C_SADDR),
    CN("ip daddr", nft_dt_ipv4, 4, IPT_FAM_IPV4, C_DADDR),
    CN("ip6 saddr", nft_dt_ipv6, 16, IPT_FAM_IPV6, C_SADDR),
    CN("ip6 daddr", nft_dt_ipv6, 16, IPT_FAM_IPV6, C_DADDR),
    C("proto-src", nft_dt_inet_service, 2, C_PSRC),
    C("proto-dst", nft_dt_inet_service, 2, C_PDST),
    C("l3proto", nft_dt_nf_proto, 1, C_L3),
    C("protocol", nft_dt_inet_proto, 1, C_PROTO),
    C("zone", nft_dt_integer, 2, C_ZONE),
    C("helper", nft_dt_string, 16, C_HELPER),
    C("event", nft_dt_ct_event, 4, C_UNKNOWN),
    C("label", nft_dt_ct_label, 16, C_UNKNOWN),
    C("expiration", nft_dt_time, 4, C_UNKNOWN),
    C("count", nft_dt_integer, 4, C_UNKNOWN),
    C("id", nft_dt_integer, 4, C_UNKNOWN),
    C("secmark", nft_dt_integer, 4, C_UNKNOWN),
    C("packets", nft_dt_integer, 8, C_UNKNOWN),
    C("bytes", nft_dt_integer, 8, C_UNKNOWN),
    C("avgpkt", nft_dt_integer, 8, C_UNKNOWN),
};

static int ct_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    int dir = -1;
    if (nft_accept(p, "original"))
        dir = 0;
    else if (nft_accept(p, "reply"))
        dir = 1;
    const struct nft_tok *k = nft_next(p);
    if (!k)
        return nft_error(p, NULL, "\"ct\" needs a key (state, status, mark, ...)");
    char key[40];
    snprintf(key, sizeof(key), "%s", k->text);
    if ((nft_tok_is(k, "ip") || nft_tok_is(k, "ip6")) && nft_peek(p) &&
        (nft_tok_is(nft_peek(p), "saddr") || nft_tok_is(nft_peek(p), "daddr")))
        snprintf(key, sizeof(key), "%s %s", k->text, nft_next(p)->text);
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->sels[i].key, key)) {
            struct nft_x *x = nft_x_new(p, NX_SEL);
            x->sel = &f->sels[i];
            x->dt = x->sel->dt;
            x->len = x->sel->len;
            if (dir >= 0) {
                struct ct_dirsel *d = nft_alloc(p, sizeof(*d));
                d->dir = dir;
                x->sdata = d;
            }
            if ((x->sel->arg == C_SADDR || x->sel->arg == C_DADDR) && !x->sel->nfproto &&
                p->table->family == IPT_FAM_IPV6) {
                x->dt = &nft_dt_ipv6;
                x->len = 16;
            }
            *out = x;
            return 0;
        }
    return nft_error(p, k, "unknown ct key \"%s\"", k->text);
}

const struct nft_sel_family nft_ct_family = {"ct", ct_sels, ARRAY_SIZE(ct_sels), ct_parse};
