/*
 * nft_osf.c - `osf [ttl loose|skip] name|version`: the passive OS
 * fingerprint of a TCP SYN (kernel nft_osf.c). ipt-sim has no fingerprint
 * database nor the packet's options: for a TCP packet the answer is
 * unknown (the simulation forks), any other packet has none (no match).
 */
#include "nft_int.h"

#include <string.h>

struct osf_data {
    const char *ttl; /* "loose", "skip" or NULL */
};

static int osf_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    (void)x, (void)out;
    if (c->pkt->proto != 6 || c->pkt->fragment)
        return 0;
    return -1;
}

static void osf_print(struct strbuf *b, const struct nft_x *x)
{
    const struct osf_data *d = x->sdata;
    sb_puts(b, "osf");
    if (d && d->ttl)
        sb_printf(b, " ttl %s", d->ttl);
    sb_printf(b, " %s", x->sel->key);
}

static const struct nft_sel osf_sels[] = {
    {"osf", "name", &nft_dt_string, 16, .eval = osf_eval, .print = osf_print},
    {"osf", "version", &nft_dt_string, 16, .eval = osf_eval, .print = osf_print},
};

static int osf_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    struct osf_data *d = nft_alloc(p, sizeof(*d));
    if (nft_accept(p, "ttl")) {
        const struct nft_tok *t = nft_next(p);
        if (!nft_tok_is(t, "loose") && !nft_tok_is(t, "skip"))
            return nft_error(p, t, "\"osf ttl\" is \"loose\" or \"skip\"");
        d->ttl = nft_tok_is(t, "loose") ? "loose" : "skip";
    }
    const struct nft_tok *k = nft_next(p);
    for (size_t i = 0; k && i < f->n; i++)
        if (nft_tok_is(k, f->sels[i].key)) {
            struct nft_x *x = nft_x_new(p, NX_SEL);
            x->sel = &f->sels[i];
            x->dt = x->sel->dt;
            x->len = x->sel->len;
            x->sdata = d;
            *out = x;
            return 0;
        }
    return nft_error(p, k, "\"osf\" gives \"name\" or \"version\"");
}

const struct nft_sel_family nft_osf_family = {"osf", osf_sels, ARRAY_SIZE(osf_sels), osf_parse};
