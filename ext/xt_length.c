/*
 * xt_length.c - `-m length --length MIN[:MAX]`: the packet's length, IPv4
 * total length or IPv6 payload plus header (net/netfilter/xt_length.c;
 * userspace libxt_length.c, an XTTYPE_UINT16RC option).
 *
 * xtables' range parser fills an empty first field with 0 and an empty
 * second one with 65535 (so "" is 0 and ":" is 0:65535), and nobody checks
 * MIN <= MAX: "5:3" loads and never matches.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdlib.h>

struct length_data {
    struct ext_range32 len;
};

enum { O_LENGTH };

static int parse_length(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    const char *s = argv[0];
    uint32_t v[2] = {0, 0};
    int n = 0;
    for (const char *a = s;; n++) {
        char *end = (char *)a;
        if (n == 2)
            return ext_error(p, "too many values in --length \"%s\" (MIN[:MAX])", s);
        if (*a == 0 || *a == ':') {
            v[n] = n > 0 ? 65535 : 0;
        } else {
            errno = 0;
            unsigned long long x = strtoull(a, &end, 0);
            if (end == a || errno || x > 65535 || *a == '-')
                return ext_error(p, "bad value for --length near \"%s\" (0-65535)", a);
            if (*end && *end != ':')
                return ext_error(p, "--length \"%s\" has unexpected characters near \"%s\"", s,
                                 end);
            v[n] = (uint32_t)x;
        }
        if (*end == 0)
            break;
        a = end + 1;
    }
    struct length_data *d = e->data;
    d->len.lo = v[0];
    d->len.hi = n == 0 ? v[0] : v[1];
    return 0;
}

static const struct ext_opt length_opts[] = {
    {"length", ARG_RANGE32, O_LENGTH, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct length_data, len), .parse = parse_length},
};

/* length_mt() / length_mt6(): the IPv4 total length, or the IPv6 payload
 * length plus the 40-byte header, within [MIN, MAX] (a MIN above MAX
 * matches nothing). The packet's len is that whole-packet length. */
static int length_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct length_data *d = e->data;
    uint32_t len = c->pkt->len;
    return (len >= d->len.lo && len <= d->len.hi) != ext_inv(e, O_LENGTH);
}

const struct ext_ops ext_length = {
    .name = "length",
    .kind = EXT_MATCH,
    .size = sizeof(struct length_data),
    EXT_OPTS(length_opts),
    .match = length_match,
};
