/*
 * nft_numgen.c - `numgen random|inc mod N [offset M]` (kernel
 * nft_numgen.c). The simulator cannot know the number: it forks into N
 * branches, each with probability 1/N, as -m statistic does.
 */
#include "nft_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct numgen_data {
    bool inc;
    uint32_t mod, offset;
};

static int numgen_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct numgen_data *d = x->sdata;
    uint32_t v = d->mod - 1;
    for (uint32_t i = 0; i + 1 < d->mod; i++) {
        char what[96];
        snprintf(what, sizeof(what), "numgen %s mod %u gave %u", d->inc ? "inc" : "random", d->mod,
                 i + d->offset);
        if (sim_decide(c, what, 1.0 / (double)(d->mod - i))) {
            v = i;
            break;
        }
    }
    nft_val_set_u64(out, 4, v + d->offset);
    return 1;
}

static void numgen_print(struct strbuf *b, const struct nft_x *x)
{
    const struct numgen_data *d = x->sdata;
    sb_printf(b, "numgen %s mod %u", d->inc ? "inc" : "random", d->mod);
    if (d->offset)
        sb_printf(b, " offset %u", d->offset);
}

static const struct nft_sel numgen_sels[] = {
    {"numgen", NULL, &nft_dt_integer, 4, .eval = numgen_eval, .print = numgen_print},
};

static int parse_u32(struct nft_parse *p, const char *what, uint32_t min, uint32_t *out)
{
    const struct nft_tok *t = nft_next(p);
    char *end;
    unsigned long v = t ? strtoul(t->text, &end, 0) : 0;
    if (!t || *end || !*t->text || v < min || v > 0xffffffffUL)
        return nft_error(p, t, "%s needs a number%s", what, min ? " above 0" : "");
    *out = (uint32_t)v;
    return 0;
}

static int numgen_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    struct numgen_data *d = nft_alloc(p, sizeof(*d));
    const struct nft_tok *t = nft_next(p);
    if (nft_tok_is(t, "inc"))
        d->inc = true;
    else if (!nft_tok_is(t, "random"))
        return nft_error(p, t, "numgen is \"random\" or \"inc\"");
    if (!nft_accept(p, "mod"))
        return nft_error(p, nft_peek(p), "numgen needs \"mod N\"");
    if (parse_u32(p, "mod", 1, &d->mod) < 0)
        return -1;
    if (nft_accept(p, "offset") && parse_u32(p, "offset", 0, &d->offset) < 0)
        return -1;
    struct nft_x *x = nft_x_new(p, NX_SEL);
    x->sel = &f->sels[0];
    x->dt = &nft_dt_integer;
    x->len = 4;
    x->sdata = d;
    *out = x;
    return 0;
}

const struct nft_sel_family nft_numgen_family = {"numgen", numgen_sels, 1, numgen_parse};

/* ---- jhash / symhash (kernel nft_hash.c) ----
 * The hash of the packet's fields is deterministic in the kernel but
 * ipt-sim does not compute it: it forks like numgen. */

struct hash_data {
    bool sym;
    struct nft_x *expr; /* jhash: the hashed expression */
    uint32_t mod, seed, offset;
    bool has_seed;
};

static int hash_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out)
{
    const struct hash_data *d = x->sdata;
    uint32_t v = d->mod - 1;
    for (uint32_t i = 0; i + 1 < d->mod; i++) {
        char what[96];
        snprintf(what, sizeof(what), "%s mod %u gave %u (ipt-sim does not compute the hash)",
                 d->sym ? "symhash" : "jhash", d->mod, i + d->offset);
        if (sim_decide(c, what, 1.0 / (double)(d->mod - i))) {
            v = i;
            break;
        }
    }
    nft_val_set_u64(out, 4, v + d->offset);
    return 1;
}

static void hash_print(struct strbuf *b, const struct nft_x *x)
{
    const struct hash_data *d = x->sdata;
    if (d->sym) {
        sb_printf(b, "symhash mod %u", d->mod);
    } else {
        sb_puts(b, "jhash ");
        nft_x_print(b, d->expr);
        sb_printf(b, " mod %u", d->mod);
        if (d->has_seed)
            sb_printf(b, " seed 0x%x", d->seed);
    }
    if (d->offset)
        sb_printf(b, " offset %u", d->offset);
}

static const struct nft_sel jhash_sels[] = {
    {"jhash", NULL, &nft_dt_integer, 4, .eval = hash_eval, .print = hash_print},
};
static const struct nft_sel symhash_sels[] = {
    {"symhash", NULL, &nft_dt_integer, 4, .eval = hash_eval, .print = hash_print},
};

static int hash_parse(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out)
{
    struct hash_data *d = nft_alloc(p, sizeof(*d));
    d->sym = !strcmp(f->name, "symhash");
    if (!d->sym) {
        /* the hashed expression: a selector or a concatenation */
        d->expr = nft_parse_lhs(p);
        if (!d->expr)
            return -1;
    }
    if (!nft_accept(p, "mod"))
        return nft_error(p, nft_peek(p), "%s needs \"mod N\"", f->name);
    if (parse_u32(p, "mod", 1, &d->mod) < 0)
        return -1;
    for (;;) {
        if (!d->sym && nft_accept(p, "seed")) {
            if (parse_u32(p, "seed", 0, &d->seed) < 0)
                return -1;
            d->has_seed = true;
        } else if (nft_accept(p, "offset")) {
            if (parse_u32(p, "offset", 0, &d->offset) < 0)
                return -1;
        } else {
            break;
        }
    }
    struct nft_x *x = nft_x_new(p, NX_SEL);
    x->sel = &f->sels[0];
    x->dt = &nft_dt_integer;
    x->len = 4;
    x->sdata = d;
    *out = x;
    return 0;
}

const struct nft_sel_family nft_jhash_family = {"jhash", jhash_sels, 1, hash_parse};
const struct nft_sel_family nft_symhash_family = {"symhash", symhash_sels, 1, hash_parse};
