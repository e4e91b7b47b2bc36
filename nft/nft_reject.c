/*
 * nft_reject.c - `reject [with icmp|icmpv6|icmpx [type] CODE | with tcp
 * reset]` (kernel nft_reject.c, nft_reject_inet.c): answers the packet
 * and drops it. The default answer (port-unreachable of the family) is
 * not printed, as nft lists it.
 */
#include "nft_int.h"

#include <string.h>

enum { RJ_DEFAULT, RJ_ICMP, RJ_ICMPV6, RJ_ICMPX, RJ_TCP };

struct reject_data {
    uint8_t with;
    uint8_t code;
};

static const char *code_name(const struct nft_dtype *dt, uint8_t code)
{
    for (size_t i = 0; i < dt->nsyms; i++)
        if (dt->syms[i].v == code)
            return dt->syms[i].name;
    return "?";
}

static int reject_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct reject_data *d = e->data;
    static char buf[64];
    bool v6 = c->family == IPT_FAM_IPV6;
    if (d->with == RJ_TCP) {
        if (c->pkt->proto != 6)
            return IPT_V_DROP;
        c->reject_with = "tcp-reset";
        return IPT_V_DROP;
    }
    const char *code;
    if (d->with == RJ_ICMP)
        code = code_name(&nft_dt_icmp_code, d->code);
    else if (d->with == RJ_ICMPV6)
        code = code_name(&nft_dt_icmpv6_code, d->code);
    else if (d->with == RJ_ICMPX) {
        static const char *const x4[] = {"net-unreachable", "port-unreachable", "host-unreachable",
                                         "admin-prohibited"};
        static const char *const x6[] = {"no-route", "port-unreachable", "addr-unreachable",
                                         "admin-prohibited"};
        code = (v6 ? x6 : x4)[d->code & 3];
    } else {
        code = "port-unreachable";
    }
    snprintf(buf, sizeof(buf), "%s-%s", v6 ? "icmp6" : "icmp", code);
    c->reject_with = buf;
    return IPT_V_DROP;
}

static void reject_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    const struct reject_data *d = e->data;
    int fam = r->chain ? r->chain->table->family : IPT_FAM_INET;
    sb_puts(b, " reject");
    switch (d->with) {
    case RJ_TCP:
        sb_puts(b, " with tcp reset");
        break;
    case RJ_ICMP:
        if (!(fam == IPT_FAM_IPV4 && d->code == 3))
            sb_printf(b, " with icmp %s", code_name(&nft_dt_icmp_code, d->code));
        break;
    case RJ_ICMPV6:
        if (!(fam == IPT_FAM_IPV6 && d->code == 4))
            sb_printf(b, " with icmpv6 %s", code_name(&nft_dt_icmpv6_code, d->code));
        break;
    case RJ_ICMPX:
        if (!(fam == IPT_FAM_INET && d->code == 1))
            sb_printf(b, " with icmpx %s", code_name(&nft_dt_icmpx_code, d->code));
        break;
    }
}

static const struct ext_ops reject_ops = {
    .name = "nft_reject",
    .kind = EXT_TARGET,
    .size = sizeof(struct reject_data),
    .save = reject_print,
    .target = reject_target,
    .terminal = true,
};

static int reject_parse(struct nft_parse *p, struct nft_rb *rb)
{
    const struct nft_tok *first = nft_next(p);
    struct reject_data *d = nft_alloc(p, sizeof(*d));
    if (nft_accept(p, "with")) {
        const struct nft_tok *t = nft_next(p);
        const struct nft_dtype *dt = NULL;
        if (nft_tok_is(t, "tcp")) {
            if (!nft_accept(p, "reset"))
                return nft_error(p, nft_peek(p), "expected \"reset\" after \"with tcp\"");
            d->with = RJ_TCP;
            /* nft adds (and lists) `meta l4proto tcp` in an inet table */
            if (p->table->family == IPT_FAM_INET && !nft_rb_fixes_l4(rb, 6))
                nft_rb_add_l4dep(p, rb, 6);
        } else if (nft_tok_is(t, "icmp")) {
            d->with = RJ_ICMP;
            dt = &nft_dt_icmp_code;
        } else if (nft_tok_is(t, "icmpv6")) {
            d->with = RJ_ICMPV6;
            dt = &nft_dt_icmpv6_code;
        } else if (nft_tok_is(t, "icmpx")) {
            d->with = RJ_ICMPX;
            dt = &nft_dt_icmpx_code;
        } else {
            return nft_error(p, t, "reject with icmp, icmpv6, icmpx or tcp reset");
        }
        if (dt) {
            nft_accept(p, "type");
            const struct nft_tok *c = nft_next(p);
            struct nft_val v;
            const char *err = c ? nft_dt_parse(dt, 1, c, &v) : "missing";
            if (err)
                return nft_error(p, c, "unknown %s", dt->desc);
            d->code = v.b[0];
        }
    }
    if (rb->verdict || rb->has_target)
        return nft_error(p, first, "a rule has one verdict");
    nft_rb_target(p, rb, &reject_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_reject = {"reject", reject_parse};
