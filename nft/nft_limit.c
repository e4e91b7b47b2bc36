/*
 * nft_limit.c - `limit rate [over] N/unit [burst N packets|bytes]` and
 * `quota [over|until] N unit [used N unit]` (kernel nft_limit.c,
 * nft_quota.c). Whether the packet is within them depends on traffic
 * ipt-sim does not see: the simulation forks, as with -m limit.
 */
#include "nft_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct limit_data {
    bool over, bytes;
    uint64_t rate;
    const char *unit;  /* second, minute, ... */
    const char *runit; /* bytes, kbytes, mbytes (byte rates) */
    uint64_t burst;    /* 0: not given */
    const char *bunit; /* burst unit for byte limits */
};

static void limit_text(struct strbuf *b, const struct limit_data *d)
{
    sb_printf(b, "limit rate %s%llu", d->over ? "over " : "", (unsigned long long)d->rate);
    if (d->bytes)
        sb_printf(b, " %s", d->runit);
    sb_printf(b, "/%s", d->unit);
    if (d->bytes) {
        if (d->burst)
            sb_printf(b, " burst %llu %s", (unsigned long long)d->burst, d->bunit);
    } else if (d->burst && d->burst != 5) {
        sb_printf(b, " burst %llu packets", (unsigned long long)d->burst);
    }
}

static int limit_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct limit_data *d = e->data;
    struct strbuf t;
    sb_init(&t);
    limit_text(&t, d);
    sb_puts(&t, d->over ? ": the rate is over the limit" : ": the packet is within the limit");
    bool ok = sim_decide(c, t.s, -1);
    sb_free(&t);
    return ok;
}

static void limit_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    sb_putc(b, ' ');
    limit_text(b, e->data);
}

static const struct ext_ops limit_ops = {
    .name = "nft_limit",
    .kind = EXT_MATCH,
    .size = sizeof(struct limit_data),
    .save = limit_print,
    .match = limit_match,
};

static const char *const time_units[] = {"second", "minute", "hour", "day", "week"};
static const char *const byte_units[] = {"bytes", "kbytes", "mbytes", "gbytes"};

static const char *find_unit(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return v[i];
    return NULL;
}

static bool parse_num(const char *s, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-')
        return false;
    *out = strtoull(s, &end, 10);
    return !*end;
}

static int limit_parse(struct nft_parse *p, struct nft_rb *rb)
{
    p->pos++;
    struct limit_data *d = nft_alloc(p, sizeof(*d));
    if (!nft_accept(p, "rate"))
        return nft_error(p, nft_peek(p), "expected \"rate\" after \"limit\"");
    if (nft_accept(p, "over"))
        d->over = true;
    else
        nft_accept(p, "until");
    const struct nft_tok *t = nft_next(p);
    if (!t)
        return nft_error(p, NULL, "expected a rate such as 10/second");
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", t->text);
    char *slash = strchr(buf, '/');
    if (slash) { /* 10/second */
        *slash = 0;
        d->unit = find_unit(time_units, ARRAY_SIZE(time_units), slash + 1);
        if (!parse_num(buf, &d->rate) || !d->unit)
            return nft_error(p, t, "\"%s\" is not a rate such as 10/second", t->text);
    } else { /* 10 mbytes/second */
        const struct nft_tok *u = nft_next(p);
        if (!parse_num(buf, &d->rate) || !u)
            return nft_error(p, u ? u : t, "expected a rate such as 10/second or 1 mbytes/second");
        char ub[64];
        snprintf(ub, sizeof(ub), "%s", u->text);
        char *us = strchr(ub, '/');
        if (us)
            *us = 0;
        d->runit = find_unit(byte_units, ARRAY_SIZE(byte_units), ub);
        if (us)
            d->unit = find_unit(time_units, ARRAY_SIZE(time_units), us + 1);
        else if (nft_accept(p, "/") && nft_peek(p))
            d->unit = find_unit(time_units, ARRAY_SIZE(time_units), nft_next(p)->text);
        if (!d->runit || !d->unit)
            return nft_error(p, u, "\"%s\" is not a rate unit such as mbytes/second", u->text);
        d->bytes = true;
    }
    if (nft_accept(p, "burst")) {
        const struct nft_tok *n = nft_next(p);
        if (!n || !parse_num(n->text, &d->burst))
            return nft_error(p, n, "\"burst\" needs a number");
        const struct nft_tok *u = nft_peek(p);
        if (nft_tok_is(u, "packets")) {
            p->pos++;
            if (d->bytes)
                return nft_error(p, u, "a byte rate has a burst in bytes");
        } else if (u && find_unit(byte_units, ARRAY_SIZE(byte_units), u->text)) {
            p->pos++;
            d->bunit = find_unit(byte_units, ARRAY_SIZE(byte_units), u->text);
            if (!d->bytes)
                return nft_error(p, u, "a packet rate has a burst in packets");
        } else if (d->bytes) {
            d->bunit = "bytes";
        }
    }
    nft_rb_add(p, rb, &limit_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_limit = {"limit", limit_parse};

/* ---- quota ---- */

struct quota_data {
    bool over;
    uint64_t n, used;
    const char *unit, *uunit;
    const char *name; /* quota name NAME */
};

static void quota_text(struct strbuf *b, const struct quota_data *d)
{
    if (d->name) {
        sb_printf(b, "quota name \"%s\"", d->name);
        return;
    }
    sb_printf(b, "quota %s%llu %s", d->over ? "over " : "", (unsigned long long)d->n, d->unit);
    if (d->used)
        sb_printf(b, " used %llu %s", (unsigned long long)d->used, d->uunit);
}

static int quota_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct strbuf t;
    sb_init(&t);
    quota_text(&t, e->data);
    sb_puts(&t, " matched (it depends on the traffic already counted)");
    bool ok = sim_decide(c, t.s, -1);
    sb_free(&t);
    return ok;
}

static void quota_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    sb_putc(b, ' ');
    quota_text(b, e->data);
}

static const struct ext_ops quota_ops = {
    .name = "nft_quota",
    .kind = EXT_MATCH,
    .size = sizeof(struct quota_data),
    .save = quota_print,
    .match = quota_match,
};

static int quota_amount(struct nft_parse *p, uint64_t *n, const char **unit)
{
    const struct nft_tok *t = nft_next(p);
    if (!t || !parse_num(t->text, n))
        return nft_error(p, t, "expected an amount such as 100 mbytes");
    const struct nft_tok *u = nft_next(p);
    *unit = u ? find_unit(byte_units, ARRAY_SIZE(byte_units), u->text) : NULL;
    if (!*unit)
        return nft_error(p, u, "expected bytes, kbytes, mbytes or gbytes");
    return 0;
}

static int quota_parse(struct nft_parse *p, struct nft_rb *rb)
{
    p->pos++;
    struct quota_data *d = nft_alloc(p, sizeof(*d));
    if (nft_accept(p, "name")) {
        const struct nft_tok *t = nft_next(p);
        if (!t)
            return nft_error(p, NULL, "\"quota name\" needs the quota's name");
        d->name = nft_strdup(p, t->text);
    } else {
        if (nft_accept(p, "over"))
            d->over = true;
        else
            nft_accept(p, "until");
        if (quota_amount(p, &d->n, &d->unit) < 0)
            return -1;
        if (nft_accept(p, "used") && quota_amount(p, &d->used, &d->uunit) < 0)
            return -1;
    }
    nft_rb_add(p, rb, &quota_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_quota = {"quota", quota_parse};
