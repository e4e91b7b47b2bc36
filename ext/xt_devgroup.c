/*
 * xt_devgroup.c - `-m devgroup --src-group G --dst-group G`: the group of
 * the input / output device (net/netfilter/xt_devgroup.c; userspace
 * libxt_devgroup.c).
 *
 * A group is VALUE[/MASK] or a name of /etc/iproute2/group; offline only
 * the stock "default" (0) is known. iptables-save prints the name when the
 * mask is all ones and the value has one, else 0x%x[/0x%x].
 *
 * The kernel's checkentry ties each option to hooks: the input device
 * exists only on PREROUTING/INPUT/FORWARD, the output device only on
 * FORWARD/OUTPUT/POSTROUTING. ext_ops.hooks is one mask for the whole
 * extension, so devgroup_check() enforces it for rules in built-in chains.
 */
#include "iptsim/ext.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct devgroup_data {
    struct ext_markmask src, dst;
};

enum { O_SRC, O_DST };

/* xtables_parse_val_mask() with the iproute2 group map */
static int parse_group(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct devgroup_data *d = e->data;
    struct ext_markmask *g = o->id == O_SRC ? &d->src : &d->dst;
    const char *s = argv[0];
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s || errno || v > 0xffffffffu || (*end && *end != '/')) {
        if (strcmp(s, "default") == 0) {
            g->val = 0;
            g->mask = 0xffffffffu;
            return 0;
        }
        return ext_error(p,
                         "could not map name \"%s\" to a device group for --%s (offline "
                         "only \"default\" is known; write the number)",
                         s, o->name);
    }
    g->val = (uint32_t)v;
    g->mask = 0xffffffffu;
    if (*end == '/') {
        const char *m = end + 1;
        unsigned long long mk = strtoull(m, &end, 0);
        if (end == m || *end || errno || mk > 0xffffffffu)
            return ext_error(p, "bad integer value \"%s\" for --%s (VALUE[/MASK])", s, o->name);
        g->mask = (uint32_t)mk;
    }
    return 0;
}

static void print_group(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const struct devgroup_data *d = e->data;
    const struct ext_markmask *g = o->id == O_SRC ? &d->src : &d->dst;
    if (g->mask != 0xffffffffu)
        sb_printf(b, " 0x%x/0x%x", g->val, g->mask);
    else if (g->val == 0)
        sb_puts(b, " default");
    else
        sb_printf(b, " 0x%x", g->val);
}

static int devgroup_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!ext_has(e, O_SRC) && !ext_has(e, O_DST))
        return ext_error(p, "devgroup match: you must specify either --src-group or --dst-group");
    struct ipt_table *t = ruleset_find_table(p->rs, p->family, p->table);
    struct ipt_chain *c = t ? table_find_chain(t, p->chain) : NULL;
    if (!c || !c->base)
        return 0;
    uint32_t in = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |
                  IPT_HOOK_BIT(IPT_HOOK_FORWARD);
    uint32_t out = IPT_HOOK_BIT(IPT_HOOK_FORWARD) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |
                   IPT_HOOK_BIT(IPT_HOOK_POSTROUTING);
    if (ext_has(e, O_SRC) && !(in & IPT_HOOK_BIT(c->hook)))
        return ext_error(p,
                         "--src-group needs an input device: only valid in PREROUTING, "
                         "INPUT and FORWARD, not %s (the kernel refuses the rule)",
                         c->name);
    if (ext_has(e, O_DST) && !(out & IPT_HOOK_BIT(c->hook)))
        return ext_error(p,
                         "--dst-group needs an output device: only valid in FORWARD, "
                         "OUTPUT and POSTROUTING, not %s (the kernel refuses the rule)",
                         c->name);
    return 0;
}

static const struct ext_opt devgroup_opts[] = {
    {"src-group", ARG_CUSTOM, O_SRC, EXT_OPT_INVERT, .parse = parse_group, .print = print_group},
    {"dst-group", ARG_CUSTOM, O_DST, EXT_OPT_INVERT, .parse = parse_group, .print = print_group},
};

const struct ext_ops ext_devgroup = {
    .name = "devgroup",
    .kind = EXT_MATCH,
    .size = sizeof(struct devgroup_data),
    EXT_OPTS(devgroup_opts),
    .check = devgroup_check,
};
