/*
 * xt_rt.c - `-m rt` (net/ipv6/netfilter/ip6t_rt.c): the IPv6 Routing
 * extension header: type, segments left, length, and for type 0 the
 * reserved field and the address list.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <string.h>

#define RT_HOPS 16 /* IP6T_RT_HOPS */

struct rt_data {
    uint32_t type;
    uint32_t segsleft[2];
    uint32_t hdrlen;
    uint8_t addrs[RT_HOPS][16];
    uint8_t naddrs;
};

enum { O_TYPE, O_SEGSLEFT, O_LEN, O_RES, O_ADDRS, O_NOTSTRICT };

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

static void rt_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct rt_data)->segsleft[1] = UINT32_MAX;
}

static int parse_segsleft(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                          char **argv)
{
    return parse_rc32(p, o->name, argv[0], EXT_DATA(e, struct rt_data)->segsleft);
}

/* libip6t_rt.c: the type-0 options must follow an un-negated --rt-type 0 */
static bool type0(const struct ipt_expr *e)
{
    return ext_has(e, O_TYPE) && !ext_inv(e, O_TYPE) && EXT_CDATA(e, struct rt_data)->type == 0;
}

static int parse_res(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    (void)argv;
    if (!type0(e))
        return ext_error_opt(p, "`--rt-type 0' required before `--rt-0-res'");
    return 0;
}

static int parse_addrs(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    struct rt_data *d = e->data;
    if (!type0(e))
        return ext_error_opt(p, "`--rt-type 0' required before `--rt-0-addrs'");
    char buf[2048];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *cp = buf;
    unsigned i = 0;
    for (; cp && i < RT_HOPS; i++) {
        char *next = strchr(cp, ',');
        if (next)
            *next++ = 0;
        if (inet_pton(AF_INET6, cp, d->addrs[i]) != 1)
            return ext_error(p, "bad address: %s", cp);
        cp = next;
    }
    if (cp)
        return ext_error(p, "too many addresses specified (at most %d)", RT_HOPS);
    d->naddrs = (uint8_t)i;
    return 0;
}

static int parse_notstrict(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                           char **argv)
{
    (void)o;
    (void)argv;
    if (!ext_has(e, O_ADDRS))
        return ext_error_opt(p, "`--rt-0-addr ...' required before `--rt-0-not-strict'");
    return 0;
}

#define R(f) .off = offsetof(struct rt_data, f)
static const struct ext_opt rt_opts[] = {
    {"rt-type", ARG_U32, O_TYPE, EXT_OPT_INVERT, R(type)},
    {"rt-segsleft", ARG_CUSTOM, O_SEGSLEFT, EXT_OPT_INVERT, R(segsleft), .parse = parse_segsleft},
    {"rt-len", ARG_U32, O_LEN, EXT_OPT_INVERT, R(hdrlen)},
    {"rt-0-res", ARG_NONE, O_RES, 0, .parse = parse_res},
    {"rt-0-addrs", ARG_CUSTOM, O_ADDRS, 0, R(addrs), .parse = parse_addrs},
    {"rt-0-not-strict", ARG_NONE, O_NOTSTRICT, 0, .parse = parse_notstrict},
};
#undef R

static void rt_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct rt_data *d = e->data;
    if (ext_has(e, O_TYPE))
        sb_printf(b, "%s --rt-type %u", ext_inv(e, O_TYPE) ? " !" : "", d->type);
    print_rc32(b, "rt-segsleft", d->segsleft, ext_inv(e, O_SEGSLEFT));
    if (ext_has(e, O_LEN))
        sb_printf(b, "%s --rt-len %u", ext_inv(e, O_LEN) ? " !" : "", d->hdrlen);
    if (ext_has(e, O_RES))
        sb_puts(b, " --rt-0-res");
    if (ext_has(e, O_ADDRS)) {
        sb_puts(b, " --rt-0-addrs ");
        for (unsigned i = 0; i < d->naddrs; i++) {
            char buf[INET6_ADDRSTRLEN];
            inet_ntop(AF_INET6, d->addrs[i], buf, sizeof(buf));
            sb_printf(b, "%s%s", i ? "," : "", buf);
        }
    }
    if (ext_has(e, O_NOTSTRICT))
        sb_puts(b, " --rt-0-not-strict");
}

/* rt_mt6() (net/ipv6/netfilter/ip6t_rt.c): ipv6_find_hdr() must find a
 * Routing header, or the match fails whatever its options and their '!'.
 * The simulator's packets carry no extension headers; a packet whose next
 * header is 43 has one, with contents ipt-sim does not know. */
static int rt_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    if (c->pkt->proto != 43)
        return 0; /* -ENOENT */
    struct strbuf t;
    sb_init(&t);
    sb_puts(&t, "the packet's Routing header satisfies -m rt");
    rt_save_opts(&t, c->rule, e);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_rt = {
    .name = "rt",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct rt_data),
    EXT_OPTS(rt_opts),
    .init = rt_init,
    .save_opts = rt_save_opts,
    .match = rt_match,
};
