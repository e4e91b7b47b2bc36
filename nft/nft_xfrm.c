/*
 * nft_xfrm.c - `ipsec in|out [spnum N] reqid|spi|ip saddr|ip daddr|ip6
 * saddr|ip6 daddr` (kernel nft_xfrm.c): the IPsec state a packet was
 * decapsulated with or will be encapsulated by. ipt-sim's packets carry
 * no IPsec state: the kernel's NFT_BREAK, the rule does not match.
 */
#include "nft_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xfrm_data {
    bool out;
    uint8_t spnum;
};

static int xfrm_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    (void)c, (void)x, (void)out;
    return 0;
}

static void xfrm_print(struct strbuf *b, const struct nft_x *x)
{
    const struct xfrm_data *d = x->sdata;
    sb_printf(b, "ipsec %s", d->out ? "out" : "in");
    if (d->spnum)
        sb_printf(b, " spnum %u", d->spnum);
    sb_printf(b, " %s", x->sel->key);
}

#define X(k, dt, len)                                                                              \
    {                                                                                              \
        "ipsec", k, &dt, len, .eval = xfrm_eval, .print = xfrm_print                               \
    }
static const struct nft_sel xfrm_sels[] = {
    X("reqid", nft_dt_integer, 4), X("spi", nft_dt_integer, 4),     X("ip saddr", nft_dt_ipv4, 4),
    X("ip daddr", nft_dt_ipv4, 4), X("ip6 saddr", nft_dt_ipv6, 16), X("ip6 daddr", nft_dt_ipv6, 16),
};

static int xfrm_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    struct xfrm_data *d = nft_alloc(p, sizeof(*d));
    const struct nft_tok *dir = nft_next(p);
    if (!nft_tok_is(dir, "in") && !nft_tok_is(dir, "out"))
        return nft_error(p, dir, "\"ipsec\" is followed by \"in\" or \"out\"");
    d->out = nft_tok_is(dir, "out");
    if (nft_accept(p, "spnum")) {
        const struct nft_tok *n = nft_next(p);
        char *end;
        long v = n ? strtol(n->text, &end, 0) : -1;
        if (!n || *end || v < 0 || v > 255)
            return nft_error(p, n, "\"spnum\" needs a number from 0 to 255");
        d->spnum = (uint8_t)v;
    }
    const struct nft_tok *k = nft_next(p);
    char key[32] = "";
    if (k && (nft_tok_is(k, "ip") || nft_tok_is(k, "ip6"))) {
        const struct nft_tok *k2 = nft_next(p);
        snprintf(key, sizeof(key), "%s %s", k->text, k2 ? k2->text : "");
    } else if (k) {
        snprintf(key, sizeof(key), "%s", k->text);
    }
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->sels[i].key, key)) {
            struct nft_x *x = nft_x_new(p, NX_SEL);
            x->sel = &f->sels[i];
            x->dt = x->sel->dt;
            x->len = x->sel->len;
            x->sdata = d;
            *out = x;
            return 0;
        }
    return nft_error(p, k,
                     "unknown ipsec key (reqid, spi, ip saddr, ip daddr, ip6 saddr, "
                     "ip6 daddr)");
}

const struct nft_sel_family nft_xfrm_family = {"ipsec", xfrm_sels, ARRAY_SIZE(xfrm_sels),
                                               xfrm_parse};
