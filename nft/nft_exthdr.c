/*
 * nft_exthdr.c - TCP options (`tcp option maxseg size`, kernel
 * nft_exthdr.c with NFT_EXTHDR_OP_TCPOPT; nftables src/tcpopt.c for the
 * names). ipt-sim's packets carry no TCP options: a TCP packet's options
 * are unknown (the simulation forks), any other packet has none (the rule
 * does not match, as the kernel's implicit `meta l4proto tcp`).
 * `tcp option maxseg size set rt mtu` (MSS clamping) is noted, not modelled.
 */
#include "nft_int.h"

#include <string.h>

static int tcpopt_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    (void)x, (void)out;
    if (c->pkt->proto != 6 || c->pkt->fragment)
        return 0;
    return -1;
}

#define T(k, dt, len)                                                                              \
    {                                                                                              \
        "tcp option", k, &dt, len, .l4 = 6, .eval = tcpopt_eval                                    \
    }

/* `tcp option NAME FIELD`; NAME alone with exists/missing */
static const struct nft_sel tcpopt_sels[] = {
    T("eol", nft_dt_boolean, 1),
    T("nop", nft_dt_boolean, 1),
    T("maxseg", nft_dt_boolean, 1),
    T("maxseg length", nft_dt_integer, 1),
    T("maxseg size", nft_dt_integer, 2),
    T("window", nft_dt_boolean, 1),
    T("window length", nft_dt_integer, 1),
    T("window count", nft_dt_integer, 1),
    T("sack-perm", nft_dt_boolean, 1),
    T("sack-perm length", nft_dt_integer, 1),
    T("sack", nft_dt_boolean, 1),
    T("sack length", nft_dt_integer, 1),
    T("sack left", nft_dt_integer, 4),
    T("sack right", nft_dt_integer, 4),
    T("sack0 left", nft_dt_integer, 4),
    T("sack0 right", nft_dt_integer, 4),
    T("sack1 left", nft_dt_integer, 4),
    T("sack1 right", nft_dt_integer, 4),
    T("sack2 left", nft_dt_integer, 4),
    T("sack2 right", nft_dt_integer, 4),
    T("sack3 left", nft_dt_integer, 4),
    T("sack3 right", nft_dt_integer, 4),
    T("timestamp", nft_dt_boolean, 1),
    T("timestamp length", nft_dt_integer, 1),
    T("timestamp tsval", nft_dt_integer, 4),
    T("timestamp tsecr", nft_dt_integer, 4),
    T("mptcp", nft_dt_boolean, 1),
    T("mptcp subtype", nft_dt_integer, 1),
};

/* After `tcp option`: NAME [FIELD]. */
static int tcpopt_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    const struct nft_tok *n = nft_next(p);
    if (!n || n->kind != NFT_TOK_WORD)
        return nft_error(p, n,
                         "\"tcp option\" needs an option name (maxseg, window, sack-perm, "
                         "sack, timestamp, mptcp, ...)");
    const char *name = nft_tok_is(n, "sack-permitted") ? "sack-perm" : n->text;
    const struct nft_sel *base = NULL, *field = NULL;
    const struct nft_tok *k = nft_peek(p);
    char key[64];
    for (size_t i = 0; i < f->n; i++) {
        if (!strcmp(f->sels[i].key, name))
            base = &f->sels[i];
        if (k && k->kind == NFT_TOK_WORD) {
            snprintf(key, sizeof(key), "%s %s", name, k->text);
            if (!strcmp(f->sels[i].key, key))
                field = &f->sels[i];
        }
    }
    if (!base)
        return nft_error(p, n, "unknown TCP option \"%s\"", n->text);
    if (field)
        p->pos++;
    const struct nft_sel *s = field ? field : base;
    struct nft_x *x = nft_x_new(p, NX_SEL);
    x->sel = s;
    x->dt = s->dt;
    x->len = s->len;
    *out = x;
    return 0;
}

const struct nft_sel_family nft_tcpopt_family = {"tcp option", tcpopt_sels, ARRAY_SIZE(tcpopt_sels),
                                                 tcpopt_parse};
