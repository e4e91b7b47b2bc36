/*
 * xt_iprange.c - `-m iprange --src-range A[-B] --dst-range A[-B]`
 * (net/netfilter/xt_iprange.c, revision 1).
 *
 * A single address is the range A-A and prints so. Addresses are literal
 * (xtables_numeric_to_ipaddr: "1.2.3" is 1.2.3.0, no hex, no names).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct iprange_data {
    uint8_t family;
    uint8_t src_min[16], src_max[16];
    uint8_t dst_min[16], dst_max[16];
};

enum { O_SRC_RANGE, O_DST_RANGE };

/* xtables_numeric_to_ipaddr(): 1 to 4 decimal parts, missing ones 0 */
static bool ip4_parse(const char *s, uint8_t out[16])
{
    memset(out, 0, 16);
    for (int i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)*s))
            return false;
        char *end;
        unsigned long v = strtoul(s, &end, 10);
        if (v > 255)
            return false;
        out[i] = (uint8_t)v;
        if (!*end)
            return true;
        if (*end != '.' || i == 3)
            return false;
        s = end + 1;
    }
    return false;
}

static bool addr_ok(int family, const char *s, uint8_t out[16])
{
    if (family == IPT_FAM_IPV4)
        return ip4_parse(s, out);
    memset(out, 0, 16);
    return inet_pton(AF_INET6, s, out) == 1;
}

static int parse_range(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct iprange_data *d = e->data;
    uint8_t *lo = o->id == O_SRC_RANGE ? d->src_min : d->dst_min;
    uint8_t *hi = o->id == O_SRC_RANGE ? d->src_max : d->dst_max;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *dash = strchr(buf, '-');
    if (dash)
        *dash++ = 0;
    const char *name = o->id == O_SRC_RANGE ? "--src-range" : "--dst-range";
    if (!addr_ok(p->family, buf, lo))
        return ext_error(p, "iprange: bad value for \"%s\" option: \"%s\"", name, buf);
    if (!dash)
        memcpy(hi, lo, 16);
    else if (!addr_ok(p->family, dash, hi))
        return ext_error(p, "iprange: bad value for \"%s\" option: \"%s\"", name, dash);
    if (memcmp(lo, hi, 16) > 0)
        ext_warn(p, "xt_iprange: range %s is reversed and will never match", argv[0]);
    return 0;
}

static void print_range(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const struct iprange_data *d = e->data;
    char lo[64], hi[64];
    addr_format(d->family, o->id == O_SRC_RANGE ? d->src_min : d->dst_min, lo, sizeof(lo));
    addr_format(d->family, o->id == O_SRC_RANGE ? d->src_max : d->dst_max, hi, sizeof(hi));
    sb_printf(b, " %s-%s", lo, hi);
}

static const struct ext_opt iprange_opts[] = {
    {"src-range", ARG_CUSTOM, O_SRC_RANGE, EXT_OPT_INVERT, .parse = parse_range,
     .print = print_range},
    {"dst-range", ARG_CUSTOM, O_DST_RANGE, EXT_OPT_INVERT, .parse = parse_range,
     .print = print_range},
};

static void iprange_init(struct ext_parse *p, struct ipt_expr *e)
{
    ((struct iprange_data *)e->data)->family = (uint8_t)p->family;
}

static int iprange_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "iprange match: you must specify `--src-range' or `--dst-range'");
    return 0;
}

/* iprange_mt4() / iprange_mt6(): inclusive ranges compared as unsigned
 * big-endian numbers (memcmp does that; IPv4 addresses fill the first
 * four bytes and the rest is zero). A reversed range matches nothing, or
 * everything when negated. */
static bool in_range(const uint8_t *a, const uint8_t *lo, const uint8_t *hi)
{
    return memcmp(a, lo, 16) >= 0 && memcmp(a, hi, 16) <= 0;
}

static int iprange_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct iprange_data *d = e->data;
    uint8_t src[16] = {0}, dst[16] = {0};
    int len = addr_len(c->family);
    memcpy(src, c->pkt->src, (size_t)len);
    memcpy(dst, c->pkt->dst, (size_t)len);
    if (ext_has(e, O_SRC_RANGE) && in_range(src, d->src_min, d->src_max) == ext_inv(e, O_SRC_RANGE))
        return 0;
    if (ext_has(e, O_DST_RANGE) && in_range(dst, d->dst_min, d->dst_max) == ext_inv(e, O_DST_RANGE))
        return 0;
    return 1;
}

const struct ext_ops ext_iprange = {
    .name = "iprange",
    .kind = EXT_MATCH,
    .size = sizeof(struct iprange_data),
    EXT_OPTS(iprange_opts),
    .init = iprange_init,
    .check = iprange_check,
    .match = iprange_match,
};
