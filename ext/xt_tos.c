/*
 * xt_tos.c - `-m tos --tos VALUE[/MASK]|NAME`: the IPv4 TOS byte or IPv6
 * traffic class (net/netfilter/xt_dscp.c tos_mt; userspace libxt_tos.c,
 * revision 1).
 *
 * A number gets the mask 0xff, a symbolic name (RFC 1349) the mask 0x3f;
 * iptables-save always prints both as 0x%02x/0x%02x.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdlib.h>
#include <strings.h>

struct tos_data {
    uint8_t value, mask;
};

enum { O_TOS };

static const struct {
    const char *name;
    uint8_t value;
} tos_names[] = {
    {"Minimize-Cost", 0x02},  {"Maximize-Reliability", 0x04}, {"Maximize-Throughput", 0x08},
    {"Minimize-Delay", 0x10}, {"Normal-Service", 0x00},
};

/* libxt_tos.c tos_parse_symbolic(): a number, or a name; a number that
 * does not fit is looked up as a name. */
static int parse_tos(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct tos_data *d = e->data;
    const char *s = argv[0];
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (end != s && !errno && v <= 0xff && (*end == 0 || *end == '/')) {
        d->value = (uint8_t)v;
        d->mask = 0xff;
        if (*end == '/') {
            const char *m = end + 1;
            unsigned long mk = strtoul(m, &end, 0);
            if (end == m || *end || errno || mk > 0xff)
                return ext_error(p, "illegal TOS value \"%s\" (VALUE[/MASK], 0-255)", s);
            d->mask = (uint8_t)mk;
        }
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(tos_names); i++)
        if (strcasecmp(tos_names[i].name, s) == 0) {
            d->value = tos_names[i].value;
            d->mask = 0x3f;
            return 0;
        }
    return ext_error(p,
                     "symbolic TOS name \"%s\" is unknown (Minimize-Delay, "
                     "Maximize-Throughput, Maximize-Reliability, Minimize-Cost, "
                     "Normal-Service, or VALUE[/MASK] 0-255)",
                     s);
}

static void print_tos(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const struct tos_data *d = e->data;
    sb_printf(b, " 0x%02x/0x%02x", d->value, d->mask);
}

static const struct ext_opt tos_opts[] = {
    {"tos", ARG_CUSTOM, O_TOS, EXT_OPT_INVERT | EXT_OPT_MAND, .parse = parse_tos,
     .print = print_tos},
};

/* tos_mt() in net/netfilter/xt_dscp.c: (TOS & mask) == value, on the
 * IPv4 TOS byte or the IPv6 traffic class alike. */
static int tos_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct tos_data *d = e->data;
    return ((c->pkt->tos & d->mask) == d->value) != ext_inv(e, O_TOS);
}

const struct ext_ops ext_tos = {
    .name = "tos",
    .kind = EXT_MATCH,
    .size = sizeof(struct tos_data),
    EXT_OPTS(tos_opts),
    .match = tos_match,
};
