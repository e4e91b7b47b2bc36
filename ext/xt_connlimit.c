/*
 * xt_connlimit.c - `-m connlimit` (net/netfilter/xt_connlimit.c): the number
 * of tracked connections from (or to) the packet's address, grouped by a
 * prefix, is above or up to a limit.
 *
 * iptables-save always prints the mask and --connlimit-saddr/-daddr, and
 * turns `! --connlimit-upto` into --connlimit-above (the kernel keeps one
 * "invert" flag: above = inverted upto).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

struct connlimit_data {
    uint32_t limit;
    uint8_t plen;
    bool above; /* XT_CONNLIMIT_INVERT */
};

enum { O_UPTO, O_ABOVE, O_MASK, O_SADDR, O_DADDR };

static int parse_limit(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct connlimit_data *d = e->data;
    uint64_t v;
    unsigned other = o->id == O_UPTO ? O_ABOVE : O_UPTO;
    if (ext_has(e, other))
        return ext_error_opt(p, "--connlimit-upto and --connlimit-above cannot be used together");
    if (ext_parse_uint(p, argv[0], 0, UINT32_MAX, &v))
        return -1;
    d->limit = (uint32_t)v;
    d->above = (o->id == O_ABOVE) != ext_inv(e, o->id);
    return 0;
}

/* xtables' XTTYPE_PLENMASK: a prefix length, else an address taken as a
 * mask (getaddrinfo, so "33" is 0.0.0.33). A mask that is not contiguous
 * ends up as a full-length prefix, which is what iptables-save shows. */
static int parse_plenmask(struct ext_parse *p, const char *s, uint8_t *plen)
{
    int max = p->family == IPT_FAM_IPV6 ? 128 : 32;
    char *end;
    if (*s && *s != '-' && *s != '+') {
        unsigned long v = strtoul(s, &end, 0);
        if (!*end && v <= (unsigned long)max) {
            *plen = (uint8_t)v;
            return 0;
        }
    }
    uint8_t a[16] = {0};
    bool ok = p->family == IPT_FAM_IPV6 ? inet_pton(AF_INET6, s, a) == 1
                                        : inet_aton(s, (struct in_addr *)(void *)a) != 0;
    if (!ok)
        return ext_error(p,
                         "bad mask \"%s\": neither a valid network mask nor valid CIDR "
                         "(0-%d)",
                         s, max);
    int n = 0;
    while (n < max && (a[n / 8] >> (7 - n % 8) & 1))
        n++;
    for (int k = n; k < max; k++)
        if (a[k / 8] >> (7 - k % 8) & 1)
            n = max;
    *plen = (uint8_t)n;
    return 0;
}

static int parse_mask(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    return parse_plenmask(p, argv[0], &EXT_DATA(e, struct connlimit_data)->plen);
}

static int parse_dir(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)argv;
    if (ext_has(e, o->id == O_SADDR ? O_DADDR : O_SADDR))
        return ext_error_opt(p, "--connlimit-saddr and --connlimit-daddr cannot be used together");
    return 0;
}

#define C(f) .off = offsetof(struct connlimit_data, f)
static const struct ext_opt connlimit_opts[] = {
    {"connlimit-upto", ARG_CUSTOM, O_UPTO, EXT_OPT_INVERT, C(limit), .parse = parse_limit},
    {"connlimit-above", ARG_CUSTOM, O_ABOVE, EXT_OPT_INVERT, C(limit), .parse = parse_limit},
    {"connlimit-mask", ARG_CUSTOM, O_MASK, 0, C(plen), .parse = parse_mask},
    {"connlimit-saddr", ARG_NONE, O_SADDR, 0, .parse = parse_dir},
    {"connlimit-daddr", ARG_NONE, O_DADDR, 0, .parse = parse_dir},
};
#undef C

static void connlimit_init(struct ext_parse *p, struct ipt_expr *e)
{
    EXT_DATA(e, struct connlimit_data)->plen = p->family == IPT_FAM_IPV6 ? 128 : 32;
}

static int connlimit_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!ext_has(e, O_UPTO) && !ext_has(e, O_ABOVE))
        return ext_error(p, "connlimit: you must specify \"--connlimit-above\" or "
                            "\"--connlimit-upto\"");
    return 0;
}

static void connlimit_save_opts(struct strbuf *b, const struct ipt_rule *r,
                                const struct ipt_expr *e)
{
    (void)r;
    const struct connlimit_data *d = e->data;
    sb_printf(b, " --connlimit-%s %u --connlimit-mask %u --connlimit-%s",
              d->above ? "above" : "upto", d->limit, d->plen,
              ext_has(e, O_DADDR) ? "daddr" : "saddr");
}

/* connlimit_mt() (net/netfilter/xt_connlimit.c): counts the tracked
 * connections whose source (or with --connlimit-daddr, destination)
 * address falls in the packet's address masked to the prefix, this
 * packet's connection included, and matches when the count is above the
 * limit (--connlimit-upto: when it is not). The host's other connections
 * are not part of what ipt-sim knows: a fork. */
static int connlimit_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct connlimit_data *d = e->data;
    bool daddr = ext_has(e, O_DADDR);
    uint8_t a[16];
    struct ipt_net n;
    net_from_prefix(c->family, daddr ? c->pkt->dst : c->pkt->src, d->plen, &n);
    for (int i = 0; i < 16; i++)
        a[i] = n.addr[i] & n.mask[i];
    char buf[64];
    addr_format(c->family, a, buf, sizeof(buf));
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "%s %u tracked connections (this one included) %s %s/%u",
              d->above ? "more than" : "at most", d->limit, daddr ? "go to" : "come from", buf,
              d->plen);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_connlimit = {
    .name = "connlimit",
    .kind = EXT_MATCH,
    .size = sizeof(struct connlimit_data),
    EXT_OPTS(connlimit_opts),
    .init = connlimit_init,
    .check = connlimit_check,
    .save_opts = connlimit_save_opts,
    .match = connlimit_match,
};
