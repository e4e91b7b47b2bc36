/*
 * xt_physdev.c - `-m physdev`: the bridge ports a bridged packet came in
 * on / goes out of (net/netfilter/xt_physdev.c).
 *
 * iptables-save prints --physdev-is-in before --physdev-in and
 * --physdev-is-out before --physdev-out (libxt_physdev.c physdev_save).
 */
#include "iptsim/ext.h"

#include <string.h>

struct physdev_data {
    const char *in, *out; /* interned */
};

enum { O_IN, O_OUT, O_IS_IN, O_IS_OUT, O_IS_BRIDGED };

static const struct ext_opt physdev_opts[] = {
    {"physdev-is-in", ARG_NONE, O_IS_IN, EXT_OPT_INVERT},
    {"physdev-in", ARG_IFACE, O_IN, EXT_OPT_INVERT, .off = offsetof(struct physdev_data, in)},
    {"physdev-is-out", ARG_NONE, O_IS_OUT, EXT_OPT_INVERT},
    {"physdev-out", ARG_IFACE, O_OUT, EXT_OPT_INVERT, .off = offsetof(struct physdev_data, out)},
    {"physdev-is-bridged", ARG_NONE, O_IS_BRIDGED, EXT_OPT_INVERT},
};

static int physdev_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "physdev: no physdev option specified");
    /* physdev_mt_check(): in OUTPUT the output port is not known yet
     * unless the rule also requires a bridged packet. Only the built-in
     * chain is checked here; a user chain's hooks are known later. */
    bool out = ext_has(e, O_OUT) || ext_has(e, O_IS_OUT);
    bool bridged = ext_has(e, O_IS_BRIDGED) && !ext_inv(e, O_IS_BRIDGED);
    if (out && !bridged && hook_from_name(p->chain) == IPT_HOOK_OUTPUT)
        return ext_error(p, "physdev: --physdev-out and --physdev-is-out are only supported "
                            "in the FORWARD and POSTROUTING chains with bridged traffic (add "
                            "--physdev-is-bridged; the kernel refuses: Invalid argument)");
    return 0;
}

const struct ext_ops ext_physdev = {
    .name = "physdev",
    .kind = EXT_MATCH,
    .size = sizeof(struct physdev_data),
    EXT_OPTS(physdev_opts),
    .check = physdev_check,
};
