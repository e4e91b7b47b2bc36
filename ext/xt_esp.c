/*
 * xt_esp.c - `-m esp --espspi N[:M]` (net/netfilter/xt_esp.c): the SPI of
 * an IPsec ESP packet. Registered with .proto = IPPROTO_ESP for both
 * families, so it needs -p esp.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct esp_data {
    uint32_t spis[2];
};

enum { O_ESPSPI };

/* xtables XTTYPE_UINT32RC: "N", "N:M", ":M" (0:M) or "N:" (N:max); the
 * kernel accepts N > M (the match then never matches). */
static int parse_rc32(struct ext_parse *p, const char *opt, const char *s, uint32_t out[2])
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", s);
    char *colon = strchr(buf, ':');
    if (colon) {
        *colon++ = 0;
        if (strchr(colon, ':'))
            return ext_error(p, "too many components for option \"--%s\" (max: 2)", opt);
    }
    uint64_t lo = 0, hi = UINT32_MAX;
    if ((buf[0] || !colon) && ext_parse_uint(p, buf, 0, UINT32_MAX, &lo))
        return -1;
    if (!colon)
        hi = lo;
    else if (*colon && ext_parse_uint(p, colon, 0, UINT32_MAX, &hi))
        return -1;
    out[0] = (uint32_t)lo;
    out[1] = (uint32_t)hi;
    return 0;
}

/* Prints " [!] --opt lo[:hi]" unless the range is the default 0:max, which
 * iptables-save leaves out even when negated. */
static void print_rc32(struct strbuf *b, const char *opt, const uint32_t r[2], bool inv)
{
    if (r[0] == 0 && r[1] == UINT32_MAX)
        return;
    sb_printf(b, "%s --%s %u", inv ? " !" : "", opt, r[0]);
    if (r[0] != r[1])
        sb_printf(b, ":%u", r[1]);
}

static void esp_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct esp_data)->spis[1] = UINT32_MAX;
}

static int parse_spis(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    return parse_rc32(p, o->name, argv[0], EXT_DATA(e, struct esp_data)->spis);
}

static const struct ext_opt esp_opts[] = {
    {"espspi", ARG_CUSTOM, O_ESPSPI, EXT_OPT_INVERT, .off = offsetof(struct esp_data, spis),
     .parse = parse_spis},
};

static void esp_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    print_rc32(b, "espspi", EXT_CDATA(e, struct esp_data)->spis, ext_inv(e, O_ESPSPI));
}

/* esp_mt() (net/netfilter/xt_esp.c): a non-first fragment never matches;
 * else the SPI must be in the range (with '!': outside it). The simulator's
 * ESP packets have an SPI it does not know: only a range that every SPI is
 * in (or none is) gives an answer. */
static int esp_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct esp_data *d = e->data;
    bool inv = ext_inv(e, O_ESPSPI);
    if (c->pkt->proto != 50 || c->pkt->fragment)
        return 0; /* needs -p esp: the rule header already refused it */
    if (d->spis[0] > d->spis[1])
        return inv;
    if (d->spis[0] == 0 && d->spis[1] == UINT32_MAX)
        return !inv;
    struct strbuf t;
    sb_init(&t);
    if (d->spis[1] == d->spis[0])
        sb_printf(&t, "the ESP packet's SPI is %s%u", inv ? "not " : "", d->spis[0]);
    else
        sb_printf(&t, "the ESP packet's SPI is %s %u:%u", inv ? "not in" : "in", d->spis[0],
                  d->spis[1]);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_esp = {
    .name = "esp",
    .kind = EXT_MATCH,
    .size = sizeof(struct esp_data),
    EXT_OPTS(esp_opts),
    .proto = 50,
    .init = esp_init,
    .save_opts = esp_save_opts,
    .match = esp_match,
};
