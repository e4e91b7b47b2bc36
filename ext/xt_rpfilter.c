/*
 * xt_rpfilter.c - `-m rpfilter` (net/ipv4/netfilter/ipt_rpfilter.c,
 * net/ipv6/netfilter/ip6t_rpfilter.c): reverse-path filter, a route lookup
 * back to the packet's source.
 *
 * The lookup needs the packet before routing, so the kernel allows it only
 * in PREROUTING of the raw and mangle tables.
 */
#include "iptsim/ext.h"

#include <string.h>

enum { O_LOOSE, O_VALIDMARK, O_ACCEPT_LOCAL, O_INVERT };

/* No data: the flags are the option bits. */
static const struct ext_opt rpfilter_opts[] = {
    {"loose", ARG_NONE, O_LOOSE, 0},
    {"validmark", ARG_NONE, O_VALIDMARK, 0},
    {"accept-local", ARG_NONE, O_ACCEPT_LOCAL, 0},
    {"invert", ARG_NONE, O_INVERT, 0},
};

static int rpfilter_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)e;
    /* rpfilter_check(): "only valid in 'raw' or 'mangle' table" */
    if (strcmp(p->table, "raw") != 0 && strcmp(p->table, "mangle") != 0)
        return ext_error(p,
                         "rpfilter is only valid in the raw and mangle tables, not in %s: "
                         "the kernel refuses the rule",
                         p->table);
    return 0;
}

const struct ext_ops ext_rpfilter = {
    .name = "rpfilter",
    .kind = EXT_MATCH,
    .size = 0,
    EXT_OPTS(rpfilter_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING),
    .check = rpfilter_check,
};
