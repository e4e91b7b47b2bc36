/*
 * xt_TTL.c - `-j TTL` (IPv4 time to live) and `-j HL` (IPv6 hop limit):
 * set, decrement or increment it (net/netfilter/xt_HL.c, mangle table;
 * iptables libipt_TTL.c and libip6t_HL.c). Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

struct ttl_data {
    uint8_t mode; /* the option id given */
    uint8_t value;
};

enum { O_SET, O_DEC, O_INC };

static int parse_ttl(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct ttl_data *d = e->data;
    if (e->set & ~(1u << o->id))
        return ext_error_opt(p, "%s: only one of --%s-set, --%s-dec, --%s-inc", e->ops->name,
                             o->name[0] == 't' ? "ttl" : "hl", o->name[0] == 't' ? "ttl" : "hl",
                             o->name[0] == 't' ? "ttl" : "hl");
    uint64_t v;
    /* decrementing or incrementing by 0 is refused */
    if (ext_parse_uint(p, argv[0], o->id == O_SET ? 0 : 1, 255, &v))
        return -1;
    d->mode = o->id;
    d->value = (uint8_t)v;
    return 0;
}

static void print_value(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    sb_printf(b, " %u", EXT_CDATA(e, struct ttl_data)->value);
}

static const struct ext_opt ttl_opts[] = {
    {"ttl-set", ARG_CUSTOM, O_SET, 0, .parse = parse_ttl, .print = print_value},
    {"ttl-dec", ARG_CUSTOM, O_DEC, 0, .parse = parse_ttl, .print = print_value},
    {"ttl-inc", ARG_CUSTOM, O_INC, 0, .parse = parse_ttl, .print = print_value},
};

static const struct ext_opt hl_opts[] = {
    {"hl-set", ARG_CUSTOM, O_SET, 0, .parse = parse_ttl, .print = print_value},
    {"hl-dec", ARG_CUSTOM, O_DEC, 0, .parse = parse_ttl, .print = print_value},
    {"hl-inc", ARG_CUSTOM, O_INC, 0, .parse = parse_ttl, .print = print_value},
};

static int ttl_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "%s: you must specify an action (--%s-set, --%s-dec or --%s-inc)",
                         e->ops->name, e->ops->opts == ttl_opts ? "ttl" : "hl",
                         e->ops->opts == ttl_opts ? "ttl" : "hl",
                         e->ops->opts == ttl_opts ? "ttl" : "hl");
    return 0;
}

/* ttl_tg() / hl_tg6() in net/netfilter/xt_HL.c: set, or add and subtract
 * within 0..255. */
static int ttl_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct ttl_data *d = e->data;
    int v = c->pkt->ttl;
    switch (d->mode) {
    case O_SET:
        v = d->value;
        break;
    case O_INC:
        v += d->value;
        if (v > 255)
            v = 255;
        break;
    case O_DEC:
        v -= d->value;
        if (v < 0)
            v = 0;
        break;
    }
    c->pkt->ttl = (uint8_t)v;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_TTL = {
    .name = "TTL",
    .kind = EXT_TARGET,
    .families = 1u << IPT_FAM_IPV4,
    .size = sizeof(struct ttl_data),
    EXT_OPTS(ttl_opts),
    .table = "mangle",
    .check = ttl_check,
    .target = ttl_target,
};

const struct ext_ops ext_HL = {
    .name = "HL",
    .kind = EXT_TARGET,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct ttl_data),
    EXT_OPTS(hl_opts),
    .table = "mangle",
    .check = ttl_check,
    .target = ttl_target,
};
