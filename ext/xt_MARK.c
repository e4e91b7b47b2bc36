/*
 * xt_MARK.c - `-j MARK`: change the packet's nfmark (net/netfilter/xt_mark.c,
 * revision 2: mark = (mark & ~mask) ^ value, any table and hook). iptables
 * (libxt_MARK.c) turns every spelling into that value/mask pair and saves it
 * as `--set-xmark VALUE/MASK`. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

struct mark_data {
    uint32_t mark, mask;
};

enum { O_SET_XMARK, O_SET_MARK, O_AND_MARK, O_OR_MARK, O_XOR_MARK };
#define F_OP_ANY 0x1fu

static int parse_mark(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct mark_data *d = e->data;
    uint32_t other = e->set & F_OP_ANY & ~(1u << o->id);
    if (other)
        return ext_error_opt(p,
                             "MARK: --%s cannot be used together with another "
                             "--set-xmark/--set-mark/--and-mark/--or-mark/--xor-mark",
                             o->name);
    struct ext_markmask mm;
    uint64_t v = 0;
    if (o->id == O_SET_XMARK || o->id == O_SET_MARK) {
        if (ext_parse_markmask(p, argv[0], &mm))
            return -1;
    } else if (ext_parse_uint(p, argv[0], 0, 0xffffffffu, &v)) {
        return -1;
    }
    switch (o->id) {
    case O_SET_XMARK:
        d->mark = mm.val;
        d->mask = mm.mask;
        break;
    case O_SET_MARK: /* zero the masked bits, then set: xmark with mask|value */
        d->mark = mm.val;
        d->mask = mm.val | mm.mask;
        break;
    case O_AND_MARK:
        d->mark = 0;
        d->mask = ~(uint32_t)v;
        break;
    case O_OR_MARK:
        d->mark = d->mask = (uint32_t)v;
        break;
    case O_XOR_MARK:
        d->mark = (uint32_t)v;
        d->mask = 0;
        break;
    }
    return 0;
}

static const struct ext_opt mark_opts[] = {
    {"set-xmark", ARG_CUSTOM, O_SET_XMARK, 0, .parse = parse_mark},
    {"set-mark", ARG_CUSTOM, O_SET_MARK, 0, .parse = parse_mark},
    {"and-mark", ARG_CUSTOM, O_AND_MARK, 0, .parse = parse_mark},
    {"or-mark", ARG_CUSTOM, O_OR_MARK, 0, .parse = parse_mark},
    {"xor-mark", ARG_CUSTOM, O_XOR_MARK, 0, .parse = parse_mark},
};

static int mark_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!(e->set & F_OP_ANY))
        return ext_error(p, "MARK: one of --set-xmark, --set-mark, --and-mark, --or-mark, "
                            "--xor-mark is required");
    return 0;
}

static void mark_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct mark_data *d = e->data;
    sb_printf(b, " --set-xmark 0x%x/0x%x", d->mark, d->mask);
}

/* mark_tg(): every spelling is stored as --set-xmark */
static int mark_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct mark_data *d = e->data;
    c->pkt->mark = (c->pkt->mark & ~d->mask) ^ d->mark;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_MARK = {
    .name = "MARK",
    .kind = EXT_TARGET,
    .size = sizeof(struct mark_data),
    EXT_OPTS(mark_opts),
    .check = mark_check,
    .save_opts = mark_save_opts,
    .target = mark_target,
};
