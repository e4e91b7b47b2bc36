/*
 * xt_ttl.c - `-m ttl --ttl-eq/--ttl-lt/--ttl-gt N` (iptables) and
 * `-m hl --hl-eq/--hl-lt/--hl-gt N` (ip6tables): the IPv4 TTL / IPv6 hop
 * limit (net/netfilter/xt_hl.c; userspace libipt_ttl.c, libip6t_hl.c).
 *
 * Exactly one comparison; only the equality may be negated (it becomes the
 * kernel's NE mode, printed "! --ttl-eq").
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct ttl_data {
    uint8_t eq, lt, gt; /* the value of whichever option was given */
};

enum { O_EQ, O_LT, O_GT };

static int ttl_check(struct ext_parse *p, struct ipt_expr *e)
{
    const char *pfx = e->ops->name;
    unsigned n = ext_has(e, O_EQ) + ext_has(e, O_LT) + ext_has(e, O_GT);
    if (n == 0)
        return ext_error(p, "%s match: you must specify one of --%s-eq, --%s-lt, --%s-gt", pfx, pfx,
                         pfx, pfx);
    if (n > 1)
        return ext_error(p, "%s match: --%s-eq, --%s-lt and --%s-gt cannot be used together", pfx,
                         pfx, pfx, pfx);
    return 0;
}

#define T(f) .off = offsetof(struct ttl_data, f)
static const struct ext_opt ttl_opts[] = {
    {"ttl-eq", ARG_U8, O_EQ, EXT_OPT_INVERT, T(eq)},
    {"ttl-lt", ARG_U8, O_LT, 0, T(lt)},
    {"ttl-gt", ARG_U8, O_GT, 0, T(gt)},
    /* libipt_ttl's hidden alias of --ttl-eq */
    {"ttl", ARG_U8, O_EQ, EXT_OPT_INVERT, T(eq)},
};

static const struct ext_opt hl_opts[] = {
    {"hl-eq", ARG_U8, O_EQ, EXT_OPT_INVERT, T(eq)},
    {"hl-lt", ARG_U8, O_LT, 0, T(lt)},
    {"hl-gt", ARG_U8, O_GT, 0, T(gt)},
    /* libip6t_hl's hidden alias of --hl-eq */
    {"hl", ARG_U8, O_EQ, EXT_OPT_INVERT, T(eq)},
};
#undef T

/* ttl_mt() / hl_mt6() (net/ipv4/netfilter/ipt_ttl.c, xt_hl.c): EQ, NE
 * (a negated --ttl-eq), LT, GT against the header's TTL / hop limit as it
 * is at this hook. */
static int ttl_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct ttl_data *d = e->data;
    uint8_t ttl = c->pkt->ttl;
    if (ext_has(e, O_EQ))
        return (ttl == d->eq) != ext_inv(e, O_EQ);
    if (ext_has(e, O_LT))
        return ttl < d->lt;
    if (ext_has(e, O_GT))
        return ttl > d->gt;
    return 0;
}

const struct ext_ops ext_ttl = {
    .name = "ttl",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV4,
    .size = sizeof(struct ttl_data),
    EXT_OPTS(ttl_opts),
    .check = ttl_check,
    .match = ttl_match,
};

const struct ext_ops ext_hl = {
    .name = "hl",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct ttl_data),
    EXT_OPTS(hl_opts),
    .check = ttl_check,
    .match = ttl_match,
};
