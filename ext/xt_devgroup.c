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
 * FORWARD/OUTPUT/POSTROUTING. The check sits in checkentry, which
 * nft_compat (nft_match_set_mtchk_param) hands the chain's hook only for a
 * base chain: a 6.18 kernel with iptables-nft 1.8.9 loads `--dst-group`
 * in a user-defined chain reached from INPUT, and devgroup_mt() then
 * dereferences the missing output device. Upstream now validates the
 * reachable hooks too (devgroup_mt_validate() via NFT_COMPAT_VALIDATE), as
 * iptables-legacy always did; devgroup_hooks() gives the loader that mask,
 * and devgroup_check() words the error for a rule in a built-in chain.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

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

#define IN_HOOKS                                                                                   \
    (IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |                            \
     IPT_HOOK_BIT(IPT_HOOK_FORWARD))
#define OUT_HOOKS                                                                                  \
    (IPT_HOOK_BIT(IPT_HOOK_FORWARD) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |                              \
     IPT_HOOK_BIT(IPT_HOOK_POSTROUTING))

/* devgroup_mt_validate() */
static uint32_t devgroup_hooks(const struct ipt_expr *e)
{
    uint32_t m = IN_HOOKS | OUT_HOOKS;
    if (ext_has(e, O_SRC))
        m &= IN_HOOKS;
    if (ext_has(e, O_DST))
        m &= OUT_HOOKS;
    return m;
}

static void describe_group(struct strbuf *b, const char *dev, const struct ext_markmask *g,
                           bool inv)
{
    sb_printf(b, "%s's device group", dev);
    if (g->mask != 0xffffffffu)
        sb_printf(b, " masked with 0x%x", g->mask);
    sb_printf(b, " %s 0x%x", inv ? "is not" : "is", g->val);
}

/* devgroup_mt(): (group ^ value) & mask, for the input device and then the
 * output device. The host description has no device groups: the answer is
 * a fork, unless the mask makes it certain. */
static int devgroup_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct devgroup_data *d = e->data;
    struct strbuf t;
    sb_init(&t);
    const struct {
        unsigned id;
        const char *dev;
        const struct ext_markmask *g;
    } sides[] = {{O_SRC, c->iif, &d->src}, {O_DST, c->oif, &d->dst}};
    for (size_t i = 0; i < ARRAY_SIZE(sides); i++) {
        if (!ext_has(e, sides[i].id))
            continue;
        bool inv = ext_inv(e, sides[i].id);
        if (!sides[i].dev) {
            /* only where the loader's hook check was skipped (see the top
             * of the file) */
            sim_ctx_note(c,
                         "devgroup: no %s device on this hook; the kernel's devgroup_mt() "
                         "dereferences the missing device (an oops); taken as no match",
                         sides[i].id == O_SRC ? "input" : "output");
            sb_free(&t);
            return 0;
        }
        if (!sides[i].g->mask) {
            /* every group matches a zero mask */
            if (inv) {
                sb_free(&t);
                return 0;
            }
            continue;
        }
        if (t.len)
            sb_puts(&t, " and ");
        describe_group(&t, sides[i].dev, sides[i].g, inv);
    }
    bool m = !t.len || sim_decide(c, t.s, -1);
    sb_free(&t);
    return m;
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
    .hooks_for = devgroup_hooks,
    .match = devgroup_match,
};
