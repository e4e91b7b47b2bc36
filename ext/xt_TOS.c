/*
 * xt_TOS.c - `-j TOS`: rewrite the IPv4 TOS / IPv6 traffic class byte as
 * tos = (tos & ~mask) ^ value (net/netfilter/xt_DSCP.c tos_tg, revision 1:
 * mangle table; iptables libxt_TOS.c). Every spelling is saved as
 * `--set-tos 0xVV/0xMM`. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdlib.h>
#include <strings.h>

struct tos_data {
    uint8_t value, mask;
};

enum { O_SET_TOS, O_AND_TOS, O_OR_TOS, O_XOR_TOS };

/* xtables' tos_symbol_names; a symbolic name leaves the precedence bits alone
 */
static const struct {
    const char *name;
    uint8_t value;
} tos_names[] = {
    {"Minimize-Delay", 0x10}, {"Maximize-Throughput", 0x08}, {"Maximize-Reliability", 0x04},
    {"Minimize-Cost", 0x02},  {"Normal-Service", 0x00},
};

/* xtables_strtoui(s, &end, ..., 0, 255) */
static bool lead_u8(const char *s, char **end, unsigned *out)
{
    const char *q = s;
    while (*q == ' ' || *q == '\t')
        q++;
    if (*q == '-')
        return false;
    errno = 0;
    unsigned long v = strtoul(s, end, 0);
    if (*end == s || errno || v > 255)
        return false;
    *out = (unsigned)v;
    return true;
}

/* xtopt_parse_tosmask(): VALUE[/MASK] in numbers, or a symbolic name */
static int parse_tosmask(struct ext_parse *p, const char *s, struct tos_data *d)
{
    char *end;
    unsigned v, m = 0xff;
    if (lead_u8(s, &end, &v)) {
        if (*end == '/') {
            const char *q = end + 1;
            if (!lead_u8(q, &end, &m))
                return ext_error(p, "illegal TOS value/mask \"%s\"", s);
        }
        if (*end)
            return ext_error(p, "illegal TOS value/mask \"%s\"", s);
        d->value = (uint8_t)v;
        d->mask = (uint8_t)m;
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(tos_names); i++)
        if (strcasecmp(s, tos_names[i].name) == 0) {
            d->value = tos_names[i].value;
            d->mask = 0x3f;
            return 0;
        }
    return ext_error(p,
                     "TOS symbolic name \"%s\" is unknown (a number 0-255[/mask], "
                     "Minimize-Delay, Maximize-Throughput, Maximize-Reliability, "
                     "Minimize-Cost, Normal-Service)",
                     s);
}

static int parse_tos(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct tos_data *d = e->data;
    if (e->set & ~(1u << o->id))
        return ext_error_opt(p, "TOS: only one of --set-tos, --and-tos, --or-tos, --xor-tos");
    if (o->id == O_SET_TOS)
        return parse_tosmask(p, argv[0], d);
    uint64_t v;
    if (ext_parse_uint(p, argv[0], 0, 255, &v))
        return -1;
    uint8_t bits = (uint8_t)v;
    switch (o->id) {
    case O_AND_TOS:
        d->value = 0;
        d->mask = (uint8_t)~bits;
        break;
    case O_OR_TOS:
        d->value = d->mask = bits;
        break;
    case O_XOR_TOS:
        d->value = bits;
        d->mask = 0;
        break;
    }
    return 0;
}

static const struct ext_opt tos_opts[] = {
    {"set-tos", ARG_CUSTOM, O_SET_TOS, 0, .parse = parse_tos},
    {"and-tos", ARG_CUSTOM, O_AND_TOS, 0, .parse = parse_tos},
    {"or-tos", ARG_CUSTOM, O_OR_TOS, 0, .parse = parse_tos},
    {"xor-tos", ARG_CUSTOM, O_XOR_TOS, 0, .parse = parse_tos},
};

static int tos_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "TOS: an action is required (--set-tos, --and-tos, --or-tos or "
                            "--xor-tos)");
    return 0;
}

static void tos_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct tos_data *d = e->data;
    sb_printf(b, " --set-tos 0x%02x/0x%02x", d->value, d->mask);
}

/* tos_tg() / tos_tg6() in net/netfilter/xt_DSCP.c */
static int tos_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct tos_data *d = e->data;
    c->pkt->tos = (uint8_t)((c->pkt->tos & ~d->mask) ^ d->value);
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_TOS = {
    .name = "TOS",
    .kind = EXT_TARGET,
    .size = sizeof(struct tos_data),
    EXT_OPTS(tos_opts),
    .table = "mangle",
    .check = tos_check,
    .save_opts = tos_save_opts,
    .target = tos_target,
};
