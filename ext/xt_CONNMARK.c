/*
 * xt_CONNMARK.c - `-j CONNMARK`: set the connection's mark, or copy it
 * between packet and connection (net/netfilter/xt_connmark.c, revision 2
 * with the shift options; iptables libxt_CONNMARK.c). Every set spelling is
 * saved as `--set-xmark V/M`; save/restore always print both masks. Options
 * apply in the order given (`--set-mark 1 --mask 3` differs from
 * `--mask 3 --set-mark 1`), as in iptables. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

struct connmark_data {
    uint8_t mode; /* XT_CONNMARK_SET / SAVE / RESTORE */
    uint8_t shift_dir;
    uint8_t shift_bits;
    uint32_t ctmark, ctmask, nfmask;
};

enum { MODE_SET, MODE_SAVE, MODE_RESTORE };
enum { SHIFT_LEFT, SHIFT_RIGHT };

enum {
    O_SET_XMARK,
    O_SET_MARK,
    O_AND_MARK,
    O_OR_MARK,
    O_XOR_MARK,
    O_SAVE_MARK,
    O_RESTORE_MARK,
    O_LEFT_SHIFT,
    O_RIGHT_SHIFT,
    O_CTMASK,
    O_NFMASK,
    O_MASK,
};
#define F_OP_ANY 0x7fu
#define F_MASK   (1u << O_MASK)
#define F_CTNF   ((1u << O_CTMASK) | (1u << O_NFMASK))

static void connmark_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct connmark_data *d = e->data;
    /* the defaults --save-mark/--restore-mark use without masks */
    d->ctmask = d->nfmask = 0xffffffffu;
}

static int parse_connmark(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                          char **argv)
{
    struct connmark_data *d = e->data;
    uint32_t bit = 1u << o->id;
    if ((bit & F_OP_ANY) && (e->set & F_OP_ANY & ~bit))
        return ext_error_opt(p, "CONNMARK: only one operation (--set-xmark, --set-mark, "
                                "--and-mark, --or-mark, --xor-mark, --save-mark, "
                                "--restore-mark) per rule");
    if ((bit & F_MASK) && (e->set & F_CTNF))
        return ext_error_opt(p, "CONNMARK: --mask cannot be used together with --ctmask or "
                                "--nfmask");
    if ((bit & F_CTNF) && (e->set & F_MASK))
        return ext_error_opt(p, "CONNMARK: --%s cannot be used together with --mask", o->name);
    struct ext_markmask mm;
    uint64_t v = 0;
    if (o->id == O_SET_XMARK || o->id == O_SET_MARK) {
        if (ext_parse_markmask(p, argv[0], &mm))
            return -1;
    } else if (o->id == O_LEFT_SHIFT || o->id == O_RIGHT_SHIFT) {
        if (ext_parse_uint(p, argv[0], 0, 32, &v))
            return -1;
    } else if (o->type != ARG_NONE && ext_parse_uint(p, argv[0], 0, 0xffffffffu, &v)) {
        return -1;
    }
    uint32_t u = (uint32_t)v;
    switch (o->id) {
    case O_SET_XMARK:
        d->mode = MODE_SET;
        d->ctmark = mm.val;
        d->ctmask = mm.mask;
        break;
    case O_SET_MARK:
        d->mode = MODE_SET;
        d->ctmark = mm.val;
        d->ctmask = mm.val | mm.mask;
        break;
    case O_AND_MARK:
        d->mode = MODE_SET;
        d->ctmark = 0;
        d->ctmask = ~u;
        break;
    case O_OR_MARK:
        d->mode = MODE_SET;
        d->ctmark = d->ctmask = u;
        break;
    case O_XOR_MARK:
        d->mode = MODE_SET;
        d->ctmark = u;
        d->ctmask = 0;
        break;
    case O_SAVE_MARK:
        d->mode = MODE_SAVE;
        break;
    case O_RESTORE_MARK:
        d->mode = MODE_RESTORE;
        break;
    case O_LEFT_SHIFT:
    case O_RIGHT_SHIFT:
        d->shift_dir = o->id == O_LEFT_SHIFT ? SHIFT_LEFT : SHIFT_RIGHT;
        d->shift_bits = (uint8_t)u;
        break;
    case O_CTMASK:
        d->ctmask = u;
        break;
    case O_NFMASK:
        d->nfmask = u;
        break;
    case O_MASK:
        d->ctmask = d->nfmask = u;
        break;
    }
    return 0;
}

#define OPT(n, t, id)                                                                              \
    {                                                                                              \
        n, t, id, 0, .parse = parse_connmark                                                       \
    }
static const struct ext_opt connmark_opts[] = {
    OPT("set-xmark", ARG_CUSTOM, O_SET_XMARK),
    OPT("set-mark", ARG_CUSTOM, O_SET_MARK),
    OPT("and-mark", ARG_CUSTOM, O_AND_MARK),
    OPT("or-mark", ARG_CUSTOM, O_OR_MARK),
    OPT("xor-mark", ARG_CUSTOM, O_XOR_MARK),
    OPT("save-mark", ARG_NONE, O_SAVE_MARK),
    OPT("restore-mark", ARG_NONE, O_RESTORE_MARK),
    OPT("left-shift-mark", ARG_CUSTOM, O_LEFT_SHIFT),
    OPT("right-shift-mark", ARG_CUSTOM, O_RIGHT_SHIFT),
    OPT("ctmask", ARG_CUSTOM, O_CTMASK),
    OPT("nfmask", ARG_CUSTOM, O_NFMASK),
    OPT("mask", ARG_CUSTOM, O_MASK),
};
#undef OPT

static int connmark_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!(e->set & F_OP_ANY))
        return ext_error(p, "CONNMARK target: no operation specified (--set-xmark, "
                            "--set-mark, --and-mark, --or-mark, --xor-mark, --save-mark or "
                            "--restore-mark)");
    /* the kernel shifts a 32-bit mark: 32 is refused (Invalid argument) */
    if (EXT_CDATA(e, struct connmark_data)->shift_bits > 31)
        return ext_error(p, "CONNMARK: a shift of 32 bits is refused by the kernel (at most "
                            "31)");
    return 0;
}

/* libxt_CONNMARK.c connmark_tg_save_v2() */
static void connmark_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct connmark_data *d = e->data;
    switch (d->mode) {
    case MODE_SET:
        sb_printf(b, " --set-xmark 0x%x/0x%x", d->ctmark, d->ctmask);
        break;
    case MODE_SAVE:
        sb_printf(b, " --save-mark --nfmask 0x%x --ctmask 0x%x", d->nfmask, d->ctmask);
        break;
    case MODE_RESTORE:
        sb_printf(b, " --restore-mark --nfmask 0x%x --ctmask 0x%x", d->nfmask, d->ctmask);
        break;
    }
    if (d->shift_bits)
        sb_printf(b, " --%s-shift-mark %u", d->shift_dir == SHIFT_RIGHT ? "right" : "left",
                  d->shift_bits);
}

/* connmark_tg_shift() in net/netfilter/xt_connmark.c */
static int connmark_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct connmark_data *d = e->data;
    struct ct_entry *ct = c->ct;
    if (!ct)
        return IPT_V_CONTINUE;
    uint32_t v;
    switch (d->mode) {
    case MODE_SET: /* the shift applies to the new mark as a whole */
        v = (ct->mark & ~d->ctmask) ^ d->ctmark;
        ct->mark = d->shift_dir == SHIFT_RIGHT ? v >> d->shift_bits : v << d->shift_bits;
        break;
    case MODE_SAVE:
        v = c->pkt->mark & d->nfmask;
        v = d->shift_dir == SHIFT_RIGHT ? v >> d->shift_bits : v << d->shift_bits;
        ct->mark = (ct->mark & ~d->ctmask) ^ v;
        break;
    case MODE_RESTORE:
        v = ct->mark & d->ctmask;
        v = d->shift_dir == SHIFT_RIGHT ? v >> d->shift_bits : v << d->shift_bits;
        c->pkt->mark = (c->pkt->mark & ~d->nfmask) ^ v;
        break;
    }
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_CONNMARK = {
    .name = "CONNMARK",
    .kind = EXT_TARGET,
    .size = sizeof(struct connmark_data),
    EXT_OPTS(connmark_opts),
    .init = connmark_init,
    .check = connmark_check,
    .save_opts = connmark_save_opts,
    .target = connmark_target,
};
