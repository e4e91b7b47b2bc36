/*
 * nft_fib.c - `fib saddr|daddr [. iif|. oif|. mark] type|oif|oifname`
 * (kernel nft_fib.c, nft_fib_ipv4.c): a routing lookup on the host.
 */
#include "nft_int.h"

#include <string.h>

enum { FIB_OIF, FIB_OIFNAME, FIB_TYPE };

struct fib_data {
    bool daddr, iif, oif, mark;
    uint8_t result;
};

static int fib_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct fib_data *d = x->sdata;
    const uint8_t *a = d->daddr ? c->pkt->dst : c->pkt->src;
    if (d->result == FIB_TYPE) {
        int t = host_addr_type(c->host, c->family, a);
        if (d->iif && t == ADDRT_LOCAL && c->iif) {
            /* with iif: local only when the address is on that interface
             * (or on lo) */
            const struct host_iface *f = host_find_iface(c->host, c->iif);
            bool on = false;
            for (size_t i = 0; f && i < f->naddrs; i++)
                on |= f->addrs[i].family == c->family &&
                      !memcmp(f->addrs[i].a, a, (size_t)addr_len(c->family));
            if (!on && strcmp(c->iif, "lo"))
                t = ADDRT_UNICAST;
        }
        nft_val_set_u64(out, 4, (uint64_t)t);
        return 1;
    }
    memset(out->b, 0, sizeof(out->b));
    out->len = 16;
    if (host_is_local(c->host, c->family, a)) {
        snprintf((char *)out->b, sizeof(out->b), "lo");
    } else {
        const struct host_route *r = host_route_lookup(c->host, c->family, a);
        if (r)
            snprintf((char *)out->b, sizeof(out->b), "%s", r->dev);
    }
    if (d->iif && c->iif && strcmp((const char *)out->b, c->iif))
        memset(out->b, 0, sizeof(out->b)); /* no route back through iif */
    if (d->oif && c->oif && strcmp((const char *)out->b, c->oif))
        memset(out->b, 0, sizeof(out->b));
    return 1;
}

static void fib_print(struct strbuf *b, const struct nft_x *x)
{
    const struct fib_data *d = x->sdata;
    sb_printf(b, "fib %s", d->daddr ? "daddr" : "saddr");
    if (d->mark)
        sb_puts(b, " . mark");
    if (d->iif)
        sb_puts(b, " . iif");
    if (d->oif)
        sb_puts(b, " . oif");
    static const char *const res[] = {"oif", "oifname", "type"};
    sb_printf(b, " %s", res[d->result]);
}

static const struct nft_sel fib_sels[] = {
    {"fib", "oif", &nft_dt_ifindex, 16, .eval = fib_eval, .print = fib_print},
    {"fib", "oifname", &nft_dt_ifname, 16, .eval = fib_eval, .print = fib_print},
    {"fib", "type", &nft_dt_fib_addrtype, 4, .eval = fib_eval, .print = fib_print},
};

static int fib_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    struct fib_data *d = nft_alloc(p, sizeof(*d));
    const struct nft_tok *t = nft_next(p);
    if (nft_tok_is(t, "daddr"))
        d->daddr = true;
    else if (!nft_tok_is(t, "saddr"))
        return nft_error(p, t, "fib needs saddr or daddr");
    while (nft_accept(p, ".")) {
        const struct nft_tok *k = nft_next(p);
        if (nft_tok_is(k, "iif"))
            d->iif = true;
        else if (nft_tok_is(k, "oif"))
            d->oif = true;
        else if (nft_tok_is(k, "mark"))
            d->mark = true;
        else
            return nft_error(p, k, "fib takes \". iif\", \". oif\" or \". mark\" here");
    }
    const struct nft_tok *r = nft_next(p);
    for (size_t i = 0; i < f->n; i++)
        if (r && nft_tok_is(r, f->sels[i].key)) {
            d->result = (uint8_t)i;
            struct nft_x *x = nft_x_new(p, NX_SEL);
            x->sel = &f->sels[i];
            x->dt = x->sel->dt;
            x->len = x->sel->len;
            x->sdata = d;
            *out = x;
            return 0;
        }
    return nft_error(p, r, "fib gives oif, oifname or type");
}

const struct nft_sel_family nft_fib_family = {"fib", fib_sels, ARRAY_SIZE(fib_sels), fib_parse};
