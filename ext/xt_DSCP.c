/*
 * xt_DSCP.c - `-j DSCP --set-dscp N | --set-dscp-class NAME`: rewrite the
 * DSCP bits of the TOS / traffic class byte (net/netfilter/xt_DSCP.c:
 * mangle table; iptables libxt_DSCP.c, saved as hex). Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <strings.h>

struct dscp_data {
    uint8_t dscp;
};

enum { O_SET_DSCP, O_SET_DSCP_CLASS };

/* iptables' dscp_helper.c class table */
static const struct {
    const char *name;
    uint8_t dscp;
} dscp_classes[] = {
    {"CS0", 0x00},  {"CS1", 0x08},  {"CS2", 0x10},  {"CS3", 0x18},  {"CS4", 0x20},  {"CS5", 0x28},
    {"CS6", 0x30},  {"CS7", 0x38},  {"BE", 0x00},   {"AF11", 0x0a}, {"AF12", 0x0c}, {"AF13", 0x0e},
    {"AF21", 0x12}, {"AF22", 0x14}, {"AF23", 0x16}, {"AF31", 0x1a}, {"AF32", 0x1c}, {"AF33", 0x1e},
    {"AF41", 0x22}, {"AF42", 0x24}, {"AF43", 0x26}, {"EF", 0x2e},
};

static int parse_dscp(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct dscp_data *d = e->data;
    if (e->set & ~(1u << o->id))
        return ext_error_opt(p, "DSCP: --set-dscp and --set-dscp-class cannot be used together");
    if (o->id == O_SET_DSCP) {
        uint64_t v;
        if (ext_parse_uint(p, argv[0], 0, 63, &v))
            return -1;
        d->dscp = (uint8_t)v;
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(dscp_classes); i++)
        if (strcasecmp(argv[0], dscp_classes[i].name) == 0) {
            d->dscp = dscp_classes[i].dscp;
            return 0;
        }
    return ext_error(p, "invalid DSCP class \"%s\" (CS0-CS7, BE, AF11-AF43, EF)", argv[0]);
}

static const struct ext_opt dscp_opts[] = {
    {"set-dscp", ARG_CUSTOM, O_SET_DSCP, 0, .parse = parse_dscp},
    {"set-dscp-class", ARG_CUSTOM, O_SET_DSCP_CLASS, 0, .parse = parse_dscp},
};

static int dscp_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "DSCP target: --set-dscp or --set-dscp-class is required");
    return 0;
}

static void dscp_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    sb_printf(b, " --set-dscp 0x%02x", EXT_CDATA(e, struct dscp_data)->dscp);
}

/* dscp_tg() / dscp_tg6(): the upper six bits of the TOS / traffic class
 * byte; the two ECN bits stay. */
static int dscp_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    uint8_t dscp = EXT_CDATA(e, struct dscp_data)->dscp;
    c->pkt->tos = (uint8_t)((c->pkt->tos & 0x03) | (dscp << 2));
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_DSCP = {
    .name = "DSCP",
    .kind = EXT_TARGET,
    .size = sizeof(struct dscp_data),
    EXT_OPTS(dscp_opts),
    .table = "mangle",
    .check = dscp_check,
    .save_opts = dscp_save_opts,
    .target = dscp_target,
};
