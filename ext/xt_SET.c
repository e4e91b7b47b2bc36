/*
 * xt_SET.c - `-j SET`: add the packet's addresses/ports to an ipset, delete
 * them, or copy mark/priority/queue from a set entry (net/netfilter/xt_set.c,
 * revision 3; iptables libxt_SET.c). The sets live outside the ruleset
 * (ipset), so their existence is not checked here. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

#define SET_DIM_MAX 6 /* IPSET_DIM_MAX */

struct set_ref {
    const char *name; /* NULL: not given */
    uint8_t dim;
    uint8_t dirs; /* bit i: dimension i is "src" */
};

struct set_data {
    struct set_ref add, del, map;
    uint32_t timeout;
};

enum { O_ADD, O_DEL, O_EXIST, O_TIMEOUT, O_MAP, O_MAP_MARK, O_MAP_PRIO, O_MAP_QUEUE };

static int parse_set(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct set_data *d = e->data;
    struct set_ref *ref = o->id == O_ADD ? &d->add : o->id == O_DEL ? &d->del : &d->map;
    if (!*argv[0] || strlen(argv[0]) > 31) /* IPSET_MAXNAMELEN 32 */
        return ext_error(p, "set name \"%s\" must be 1 to 31 characters", argv[0]);
    uint8_t dim = 0, dirs = 0;
    const char *q = argv[1];
    for (;;) {
        size_t len = strcspn(q, ",");
        if (dim == SET_DIM_MAX)
            return ext_error(p, "more than %d src/dst flags in \"%s\"", SET_DIM_MAX, argv[1]);
        if (len == 3 && strncmp(q, "src", 3) == 0)
            dirs |= (uint8_t)(1u << dim);
        else if (!(len == 3 && strncmp(q, "dst", 3) == 0))
            return ext_error(p, "\"%s\": flags are a comma-separated list of src and dst", argv[1]);
        dim++;
        if (!q[len])
            break;
        q += len + 1;
    }
    ref->name = ruleset_intern(p->rs, argv[0]);
    ref->dim = dim;
    ref->dirs = dirs;
    return 0;
}

#define F(f) .off = offsetof(struct set_data, f)
static const struct ext_opt set_opts[] = {
    {"add-set", ARG_CUSTOM, O_ADD, 0, .nargs = 2, .parse = parse_set},
    {"del-set", ARG_CUSTOM, O_DEL, 0, .nargs = 2, .parse = parse_set},
    {"exist", ARG_NONE, O_EXIST, 0, .off = 0},
    {"timeout", ARG_U32, O_TIMEOUT, 0, F(timeout)},
    {"map-set", ARG_CUSTOM, O_MAP, 0, .nargs = 2, .parse = parse_set},
    {"map-mark", ARG_NONE, O_MAP_MARK, 0, .off = 0},
    {"map-prio", ARG_NONE, O_MAP_PRIO, 0, .off = 0},
    {"map-queue", ARG_NONE, O_MAP_QUEUE, 0, .off = 0},
};
#undef F

static int set_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!ext_has(e, O_ADD) && !ext_has(e, O_DEL) && !ext_has(e, O_MAP))
        return ext_error(p, "SET: one of --add-set, --del-set or --map-set is required");
    if (ext_has(e, O_EXIST) && !ext_has(e, O_ADD))
        return ext_error(p, "SET: --exist can be used with --add-set only");
    if (ext_has(e, O_TIMEOUT) && !ext_has(e, O_ADD))
        return ext_error(p, "SET: --timeout can be used with --add-set only");
    /* xt_set.c set_target_v3_checkentry() */
    if (ext_has(e, O_MAP)) {
        if (!ext_has(e, O_MAP_MARK) && !ext_has(e, O_MAP_PRIO) && !ext_has(e, O_MAP_QUEUE))
            return ext_error(p, "SET --map-set needs --map-mark, --map-prio or --map-queue");
        if (strcmp(p->table, "mangle") != 0)
            return ext_error(p, "SET --map-set is only usable in the mangle table (the kernel "
                                "refuses it)");
    }
    return 0;
}

/* set_target_v3_checkentry(): mapping a priority or a queue needs the
 * output path. */
static uint32_t set_hooks_for(const struct ipt_expr *e)
{
    if (!ext_has(e, O_MAP) || (!ext_has(e, O_MAP_PRIO) && !ext_has(e, O_MAP_QUEUE)))
        return 0;
    return IPT_HOOK_BIT(IPT_HOOK_FORWARD) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |
           IPT_HOOK_BIT(IPT_HOOK_POSTROUTING);
}

static void print_ref(struct strbuf *b, const char *opt, const struct set_ref *r)
{
    if (!r->name)
        return;
    sb_printf(b, " --%s %s ", opt, r->name);
    for (uint8_t i = 0; i < r->dim; i++)
        sb_printf(b, "%s%s", i ? "," : "", r->dirs & (1u << i) ? "src" : "dst");
}

/* libxt_SET.c set_target_save_v3() */
static void set_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct set_data *d = e->data;
    print_ref(b, "add-set", &d->add);
    print_ref(b, "del-set", &d->del);
    if (ext_has(e, O_EXIST))
        sb_puts(b, " --exist");
    if (ext_has(e, O_TIMEOUT))
        sb_printf(b, " --timeout %u", d->timeout);
    print_ref(b, "map-set", &d->map);
    if (ext_has(e, O_MAP_MARK))
        sb_puts(b, " --map-mark");
    if (ext_has(e, O_MAP_PRIO))
        sb_puts(b, " --map-prio");
    if (ext_has(e, O_MAP_QUEUE))
        sb_puts(b, " --map-queue");
}

/* set_target_v3(): adds to or deletes from sets whose contents ipt-sim
 * does not keep, and maps mark, priority or queue from an entry it cannot
 * see. Only the mark could change the packet's path; it is left as it is,
 * and the trace says so. XT_CONTINUE. */
static int set_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct set_data *d = e->data;
    if (d->add.name)
        sim_ctx_note(c,
                     "SET: the packet is added to ipset %s (ipt-sim does not keep set "
                     "contents; later set matches are asked)",
                     d->add.name);
    if (d->del.name)
        sim_ctx_note(c,
                     "SET: the packet is deleted from ipset %s (ipt-sim does not keep set "
                     "contents)",
                     d->del.name);
    if (d->map.name && ext_has(e, O_MAP_MARK))
        sim_ctx_note(c,
                     "SET --map-set %s --map-mark: if the set has an entry for the packet, "
                     "its skbmark replaces the mark; ipt-sim cannot see the set and leaves "
                     "the mark as it is",
                     d->map.name);
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_SET = {
    .name = "SET",
    .kind = EXT_TARGET,
    .size = sizeof(struct set_data),
    EXT_OPTS(set_opts),
    .hooks_for = set_hooks_for,
    .check = set_check,
    .save_opts = set_save_opts,
    .target = set_target,
};
