/*
 * xt_ah.c - `-m ah`: the IPsec Authentication Header. Two kernel matches
 * share the name: net/ipv4/netfilter/ipt_ah.c (--ahspi only, needs -p ah)
 * and net/ipv6/netfilter/ip6t_ah.c (--ahspi, --ahlen, --ahres; finds the
 * header among the extension headers, so no -p).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct ah_data {
    uint32_t spis[2];
    uint32_t hdrlen;
};

enum { O_AHSPI, O_AHLEN, O_AHRES };

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

static void ah_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct ah_data)->spis[1] = UINT32_MAX;
}

static int parse_spis(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    return parse_rc32(p, o->name, argv[0], EXT_DATA(e, struct ah_data)->spis);
}

static int parse_v6only(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    if (p->family != IPT_FAM_IPV6)
        return ext_error_opt(p, "unknown option \"--%s\" (the IPv4 ah match has only --ahspi)",
                             o->name);
    if (o->id == O_AHLEN) {
        uint64_t v;
        if (ext_parse_uint(p, argv[0], 0, UINT32_MAX, &v))
            return -1;
        EXT_DATA(e, struct ah_data)->hdrlen = (uint32_t)v;
    }
    return 0;
}

static const struct ext_opt ah_opts[] = {
    {"ahspi", ARG_CUSTOM, O_AHSPI, EXT_OPT_INVERT, .off = offsetof(struct ah_data, spis),
     .parse = parse_spis},
    {"ahlen", ARG_CUSTOM, O_AHLEN, EXT_OPT_INVERT, .off = offsetof(struct ah_data, hdrlen),
     .parse = parse_v6only},
    {"ahres", ARG_NONE, O_AHRES, 0, .parse = parse_v6only},
};

static int ah_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)e;
    /* ipt_ah is registered with .proto = IPPROTO_AH */
    if (p->family == IPT_FAM_IPV4 && (p->proto != 51 || p->proto_inv))
        return ext_error(p, "the ah match needs \"-p ah\" in the same rule (the kernel refuses "
                            "the rule)");
    return 0;
}

static void ah_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct ah_data *d = e->data;
    print_rc32(b, "ahspi", d->spis, ext_inv(e, O_AHSPI));
    /* libip6t_ah.c: the length is printed when non-zero or negated */
    if (d->hdrlen != 0 || ext_inv(e, O_AHLEN))
        sb_printf(b, "%s --ahlen %u", ext_inv(e, O_AHLEN) ? " !" : "", d->hdrlen);
    if (ext_has(e, O_AHRES))
        sb_puts(b, " --ahres");
}

/* (spi in [lo, hi]) ^ inv for an SPI ipt-sim does not know: 1 or 0 when
 * every SPI gives the same answer, -1 otherwise. */
static int spi_unknown(uint32_t lo, uint32_t hi, bool inv)
{
    if (lo > hi)
        return inv;
    if (lo == 0 && hi == UINT32_MAX)
        return !inv;
    return -1;
}

/* IPv4: ah_mt() (net/ipv4/netfilter/ipt_ah.c): a non-first fragment never
 * matches; else the SPI range decides. IPv6: ah_mt6()
 * (net/ipv6/netfilter/ip6t_ah.c): ipv6_find_hdr() must find an AH header,
 * then the SPI range, the length (when non-zero: equal, or with '!' not)
 * and --ahres (the reserved field is zero) must all hold. The simulator's
 * packets carry no AH header unless their protocol is 51, and then its
 * fields are unknown. */
static int ah_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct ah_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    if (p->proto != 51)
        return 0; /* IPv4: needs -p ah; IPv6: -ENOENT */
    if (c->family == IPT_FAM_IPV4 && p->fragment)
        return 0;
    int m = spi_unknown(d->spis[0], d->spis[1], ext_inv(e, O_AHSPI));
    if (m == 0)
        return 0;
    if (c->family == IPT_FAM_IPV6 && (d->hdrlen != 0 || ext_has(e, O_AHRES)))
        m = -1;
    if (m >= 0)
        return m;
    struct strbuf t;
    sb_init(&t);
    sb_puts(&t, "the packet's AH header satisfies -m ah");
    ah_save_opts(&t, c->rule, e);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_ah = {
    .name = "ah",
    .kind = EXT_MATCH,
    .size = sizeof(struct ah_data),
    EXT_OPTS(ah_opts),
    .init = ah_init,
    .check = ah_check,
    .save_opts = ah_save_opts,
    .match = ah_match,
};
