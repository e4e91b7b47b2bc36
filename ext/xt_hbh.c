/*
 * xt_hbh.c - `-m hbh` and `-m dst` (net/ipv6/netfilter/ip6t_hbh.c, one
 * kernel file for both): the IPv6 Hop-by-Hop and Destination Options
 * extension headers, their length and a list of option types[:lengths].
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define OPTS_MAX 16 /* IP6T_OPTS_OPTSNR */

struct opts_data {
    uint32_t hdrlen;
    uint16_t opts[OPTS_MAX]; /* type << 8 | length, 0xff: any length */
    uint8_t nopts;
};

enum { O_LEN, O_OPTS };

/* libip6t_hbh.c parse_opts_num(): strtoul base 0; the caller keeps 8 bits */
static int opts_num(struct ext_parse *p, const char *s, const char *what, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (end == s)
        return ext_error(p, "no valid digits in %s `%s'", what, s);
    if (v == ULONG_MAX && errno == ERANGE)
        return ext_error(p, "%s `%s' specified too big: would overflow", what, s);
    if (*end)
        return ext_error(p, "error parsing %s `%s'", what, s);
    *out = v;
    return 0;
}

static int parse_opts(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct opts_data *d = e->data;
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *cp = buf;
    unsigned i = 0;
    for (; cp && i < OPTS_MAX; i++) {
        char *next = strchr(cp, ',');
        if (next)
            *next++ = 0;
        char *range = strchr(cp, ':');
        if (range) {
            if (i == OPTS_MAX - 1)
                return ext_error(p, "too many ranges specified");
            *range++ = 0;
        }
        unsigned long v;
        if (opts_num(p, cp, "opt", &v))
            return -1;
        d->opts[i] = (uint16_t)((v & 0xff) << 8);
        if (range) {
            if (d->opts[i] == 0)
                return ext_error(p, "PAD0 has not got length");
            if (opts_num(p, range, "length", &v))
                return -1;
            d->opts[i] |= (uint16_t)(v & 0xff);
        } else {
            d->opts[i] |= 0xff;
        }
        cp = next;
    }
    if (cp)
        return ext_error(p, "too many options specified (at most %d)", OPTS_MAX);
    d->nopts = (uint8_t)i;
    return 0;
}

static void print_opts(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const struct opts_data *d = e->data;
    sb_putc(b, ' ');
    for (unsigned i = 0; i < d->nopts; i++) {
        sb_printf(b, "%s%u", i ? "," : "", d->opts[i] >> 8);
        if ((d->opts[i] & 0xff) != 0xff)
            sb_printf(b, ":%u", d->opts[i] & 0xff);
    }
}

static const struct ext_opt hbh_opts[] = {
    {"hbh-len", ARG_U32, O_LEN, EXT_OPT_INVERT, .off = offsetof(struct opts_data, hdrlen)},
    {"hbh-opts", ARG_CUSTOM, O_OPTS, 0, .off = offsetof(struct opts_data, opts),
     .parse = parse_opts, .print = print_opts},
};

static const struct ext_opt dst_opts[] = {
    {"dst-len", ARG_U32, O_LEN, EXT_OPT_INVERT, .off = offsetof(struct opts_data, hdrlen)},
    {"dst-opts", ARG_CUSTOM, O_OPTS, 0, .off = offsetof(struct opts_data, opts),
     .parse = parse_opts, .print = print_opts},
};

/* hbh_mt6() (net/ipv6/netfilter/ip6t_hbh.c): ipv6_find_hdr() must find
 * the Hop-by-Hop (0) or Destination Options (60) header, or the match
 * fails whatever its options and their '!'. The simulator's packets carry
 * no extension headers; a packet whose next header is that number has one,
 * with contents ipt-sim does not know. */
static int opts_match(struct sim_ctx *c, const struct ipt_expr *e, uint8_t nexthdr,
                      const char *what)
{
    if (c->pkt->proto != nexthdr)
        return 0; /* -ENOENT */
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "the packet's %s header satisfies -m %s", what, e->ops->name);
    ext_save_opts_generic(&t, c->rule, e);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

static int hbh_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    return opts_match(c, e, 0, "Hop-by-Hop Options");
}

static int dst_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    return opts_match(c, e, 60, "Destination Options");
}

const struct ext_ops ext_hbh = {
    .name = "hbh",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct opts_data),
    EXT_OPTS(hbh_opts),
    .match = hbh_match,
};

const struct ext_ops ext_dst = {
    .name = "dst",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct opts_data),
    EXT_OPTS(dst_opts),
    .match = dst_match,
};
