/*
 * xt_AUDIT.c - `-j AUDIT --type accept|drop|reject`: write an audit record
 * for the packet (net/netfilter/xt_AUDIT.c; iptables libxt_AUDIT.c). Not
 * terminal: the type only labels the record.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <strings.h>

struct audit_data {
    uint8_t type;
};

enum { O_TYPE };

static const char *const audit_types[] = {"accept", "drop", "reject"};

static int parse_type(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    for (size_t i = 0; i < ARRAY_SIZE(audit_types); i++)
        if (strcasecmp(argv[0], audit_types[i]) == 0) {
            EXT_DATA(e, struct audit_data)->type = (uint8_t)i;
            return 0;
        }
    return ext_error(p, "bad action type value \"%s\" (accept, drop or reject)", argv[0]);
}

static void print_type(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    sb_printf(b, " %s", audit_types[EXT_CDATA(e, struct audit_data)->type]);
}

static const struct ext_opt audit_opts[] = {
    {"type", ARG_CUSTOM, O_TYPE, EXT_OPT_MAND, .parse = parse_type, .print = print_type},
};

/* Logs, counts or rewrites what no rule or routing decision looks at:
 * the walk goes on (XT_CONTINUE). */
static int continue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_AUDIT = {
    .name = "AUDIT",
    .kind = EXT_TARGET,
    .size = sizeof(struct audit_data),
    EXT_OPTS(audit_opts),
    .target = continue_target,
};
