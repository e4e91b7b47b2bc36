/*
 * xt_dscp.c - `-m dscp --dscp N | --dscp-class CLASS`: the DiffServ code
 * point, the upper six bits of the IPv4 TOS / IPv6 traffic class
 * (net/netfilter/xt_dscp.c dscp_mt; userspace libxt_dscp.c). A class name
 * is only a spelling of a number: iptables-save prints --dscp 0x%02x.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <strings.h>

struct dscp_data {
    uint8_t dscp;
};

enum { O_DSCP, O_CLASS };

/* libxt_dscp_helper.c ds_classes */
static const struct {
    const char *name;
    uint8_t dscp;
} dscp_classes[] = {
    {"CS0", 0x00},  {"CS1", 0x08},  {"CS2", 0x10},  {"CS3", 0x18},  {"CS4", 0x20},  {"CS5", 0x28},
    {"CS6", 0x30},  {"CS7", 0x38},  {"BE", 0x00},   {"AF11", 0x0a}, {"AF12", 0x0c}, {"AF13", 0x0e},
    {"AF21", 0x12}, {"AF22", 0x14}, {"AF23", 0x16}, {"AF31", 0x1a}, {"AF32", 0x1c}, {"AF33", 0x1e},
    {"AF41", 0x22}, {"AF42", 0x24}, {"AF43", 0x26}, {"EF", 0x2e},
};

static int parse_class(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    for (size_t i = 0; i < ARRAY_SIZE(dscp_classes); i++)
        if (strcasecmp(dscp_classes[i].name, argv[0]) == 0) {
            EXT_DATA(e, struct dscp_data)->dscp = dscp_classes[i].dscp;
            return 0;
        }
    return ext_error(p, "invalid DSCP class \"%s\" (CS0-CS7, BE, AF11-AF43, EF)", argv[0]);
}

static int dscp_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (ext_has(e, O_DSCP) && ext_has(e, O_CLASS))
        return ext_error(p, "dscp: --dscp cannot be used together with --dscp-class");
    if (!ext_has(e, O_DSCP) && !ext_has(e, O_CLASS))
        return ext_error(p, "DSCP match: parameter --dscp (or --dscp-class) is required");
    return 0;
}

static void dscp_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    bool inv = ext_inv(e, O_DSCP) || ext_inv(e, O_CLASS);
    sb_printf(b, "%s --dscp 0x%02x", inv ? " !" : "", EXT_CDATA(e, struct dscp_data)->dscp);
}

static const struct ext_opt dscp_opts[] = {
    {"dscp", ARG_U8, O_DSCP, EXT_OPT_INVERT, .off = offsetof(struct dscp_data, dscp), .max = 63},
    {"dscp-class", ARG_CUSTOM, O_CLASS, EXT_OPT_INVERT, .parse = parse_class},
};

/* dscp_mt() / dscp_mt6(): the upper six bits of the TOS / traffic class
 * (XT_DSCP_SHIFT 2) equal the code point. */
static int dscp_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    bool inv = ext_inv(e, O_DSCP) || ext_inv(e, O_CLASS);
    return ((c->pkt->tos >> 2) == EXT_CDATA(e, struct dscp_data)->dscp) != inv;
}

const struct ext_ops ext_dscp = {
    .name = "dscp",
    .kind = EXT_MATCH,
    .size = sizeof(struct dscp_data),
    EXT_OPTS(dscp_opts),
    .check = dscp_check,
    .save_opts = dscp_save_opts,
    .match = dscp_match,
};
