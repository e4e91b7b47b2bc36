/*
 * xt_CLASSIFY.c - `-j CLASSIFY --set-class MAJOR:MINOR`: set skb->priority
 * to pick a tc class (net/netfilter/xt_CLASSIFY.c: only where the packet
 * is about to be queued, LOCAL_OUT, FORWARD and POST_ROUTING). Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>

struct classify_data {
    uint32_t priority;
};

enum { O_SET_CLASS };

static int parse_class(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    /* libxt_CLASSIFY.c reads it with sscanf("%x:%x") and TC_H_MAKE(), so
     * hex digits, an optional 0x, and only the low 16 bits of each half. */
    unsigned int maj, min;
    if (sscanf(argv[0], "%x:%x", &maj, &min) != 2)
        return ext_error(p, "bad class value \"%s\" (MAJOR:MINOR in hex)", argv[0]);
    EXT_DATA(e, struct classify_data)->priority = ((maj << 16) & 0xffff0000u) | (min & 0xffffu);
    return 0;
}

static void print_class(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    uint32_t v = EXT_CDATA(e, struct classify_data)->priority;
    sb_printf(b, " %04x:%04x", v >> 16, v & 0xffffu);
}

static const struct ext_opt classify_opts[] = {
    {"set-class", ARG_CUSTOM, O_SET_CLASS, EXT_OPT_MAND, .parse = parse_class,
     .print = print_class},
};

/* Logs, counts or rewrites what no rule or routing decision looks at:
 * the walk goes on (XT_CONTINUE). */
static int continue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_CLASSIFY = {
    .name = "CLASSIFY",
    .kind = EXT_TARGET,
    .size = sizeof(struct classify_data),
    EXT_OPTS(classify_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_OUTPUT) | IPT_HOOK_BIT(IPT_HOOK_FORWARD) |
             IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .target = continue_target,
};
