/*
 * xt_frag.c - `-m frag` (net/ipv6/netfilter/ip6t_frag.c): the IPv6 Fragment
 * extension header: identification, length, reserved bits, first/more/last
 * fragment.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct frag_data {
    uint32_t ids[2];
    uint32_t hdrlen;
};

enum { O_FRAGID, O_FRAGLEN, O_FRAGRES, O_FRAGFIRST, O_FRAGMORE, O_FRAGLAST };

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

static void frag_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct frag_data)->ids[1] = UINT32_MAX;
}

static int parse_ids(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    return parse_rc32(p, o->name, argv[0], EXT_DATA(e, struct frag_data)->ids);
}

static int parse_flag(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)argv;
    if ((o->id == O_FRAGMORE && ext_has(e, O_FRAGLAST)) ||
        (o->id == O_FRAGLAST && ext_has(e, O_FRAGMORE)))
        return ext_error_opt(p, "--fragmore and --fraglast cannot be used together");
    return 0;
}

static const struct ext_opt frag_opts[] = {
    {"fragid", ARG_CUSTOM, O_FRAGID, EXT_OPT_INVERT, .off = offsetof(struct frag_data, ids),
     .parse = parse_ids},
    {"fraglen", ARG_U32, O_FRAGLEN, EXT_OPT_INVERT, .off = offsetof(struct frag_data, hdrlen)},
    {"fragres", ARG_NONE, O_FRAGRES, 0},
    {"fragfirst", ARG_NONE, O_FRAGFIRST, 0},
    {"fragmore", ARG_NONE, O_FRAGMORE, 0, .parse = parse_flag},
    {"fraglast", ARG_NONE, O_FRAGLAST, 0, .parse = parse_flag},
};

static void frag_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct frag_data *d = e->data;
    print_rc32(b, "fragid", d->ids, ext_inv(e, O_FRAGID));
    if (ext_has(e, O_FRAGLEN))
        sb_printf(b, "%s --fraglen %u", ext_inv(e, O_FRAGLEN) ? " !" : "", d->hdrlen);
    static const char *const flags[] = {"fragres", "fragfirst", "fragmore", "fraglast"};
    for (unsigned i = 0; i < ARRAY_SIZE(flags); i++)
        if (ext_has(e, O_FRAGRES + i))
            sb_printf(b, " --%s", flags[i]);
}

/* (v in [lo, hi]) ^ inv for a value ipt-sim does not know: 1 or 0 when
 * every value gives the same answer, -1 otherwise. */
static int range_unknown(uint32_t lo, uint32_t hi, bool inv)
{
    if (lo > hi)
        return inv;
    if (lo == 0 && hi == UINT32_MAX)
        return !inv;
    return -1;
}

/* frag_mt6() (net/ipv6/netfilter/ip6t_frag.c). ipv6_find_hdr() must find a
 * Fragment header: the simulator's packets carry none, unless the packet is
 * a non-first fragment or its next header is 44 itself, and then its
 * identification, reserved bits and M flag are unknown. --fraglen is not
 * looked at by the kernel at all. */
static int frag_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct frag_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    if (p->proto != 44 && !p->fragment)
        return 0; /* -ENOENT: no Fragment header, no match */
    /* a non-first fragment has a non-zero offset: never --fragfirst */
    if (p->fragment && ext_has(e, O_FRAGFIRST))
        return 0;
    int m = range_unknown(d->ids[0], d->ids[1], ext_inv(e, O_FRAGID));
    if (m == 0)
        return 0;
    if (ext_has(e, O_FRAGRES) || ext_has(e, O_FRAGMORE) || ext_has(e, O_FRAGLAST) ||
        (ext_has(e, O_FRAGFIRST) && !p->fragment))
        m = -1;
    if (m >= 0)
        return m;
    struct strbuf t;
    sb_init(&t);
    sb_puts(&t, "the packet's Fragment header satisfies -m frag");
    frag_save_opts(&t, c->rule, e);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_frag = {
    .name = "frag",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct frag_data),
    EXT_OPTS(frag_opts),
    .init = frag_init,
    .save_opts = frag_save_opts,
    .match = frag_match,
};
