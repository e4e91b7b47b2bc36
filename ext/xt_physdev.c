/*
 * xt_physdev.c - `-m physdev`: the bridge ports a bridged packet came in
 * on / goes out of (net/netfilter/xt_physdev.c).
 *
 * The simulator routes packets and never bridges them, so a packet has at
 * most an in port (when it reached IP through a bridge with br_netfilter)
 * and never an out port.
 *
 * iptables-save prints --physdev-is-in before --physdev-in and
 * --physdev-is-out before --physdev-out (libxt_physdev.c physdev_save).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

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
    return 0;
}

/* physdev_mt_check(): in OUTPUT the output port is not known yet unless
 * the rule also requires a bridged packet. */
static uint32_t physdev_hooks_for(const struct ipt_expr *e)
{
    bool out = ext_has(e, O_OUT) || ext_has(e, O_IS_OUT);
    bool bridged = ext_has(e, O_IS_BRIDGED) && !ext_inv(e, O_IS_BRIDGED);
    if (out && !bridged)
        return IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |
               IPT_HOOK_BIT(IPT_HOOK_FORWARD) | IPT_HOOK_BIT(IPT_HOOK_POSTROUTING);
    return 0;
}

/* physdev_mt() for a packet without bridge information (not bridged, or
 * routed after arriving on a bridge without br_netfilter): each option
 * given matches only when negated. */
static bool physdev_unbridged(const struct ipt_expr *e)
{
    for (unsigned id = O_IN; id <= O_IS_BRIDGED; id++)
        if (ext_has(e, id) && !ext_inv(e, id))
            return false;
    return true;
}

/* physdev_mt() for a routed packet that came in through a bridge port
 * with br_netfilter (bridge-nf-call-iptables = 1): it has an in port but
 * no out port, since ipt-sim's packets are routed, never bridged. An
 * --physdev-out test with no out port matches, negated or not, as in the
 * kernel. `port_matches` answers --physdev-in. */
static bool physdev_routed_from_bridge(const struct ipt_expr *e, bool port_matches)
{
    if (ext_has(e, O_IS_BRIDGED) && !ext_inv(e, O_IS_BRIDGED))
        return false; /* no out port */
    if (ext_has(e, O_IS_IN) && ext_inv(e, O_IS_IN))
        return false;
    if (ext_has(e, O_IS_OUT) && !ext_inv(e, O_IS_OUT))
        return false;
    if (ext_has(e, O_IN) && port_matches == ext_inv(e, O_IN))
        return false;
    return true;
}

/* ipt-sim does not model bridge ports: whether the packet carries bridge
 * information (it came in on a bridge port with br_netfilter loaded) and
 * which port it was are forks, asked only when they change the answer.
 * Locally generated packets never carry it. */
static int physdev_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct physdev_data *d = e->data;
    bool plain = physdev_unbridged(e);
    if (!c->iif || !strcmp(c->iif, "lo"))
        return plain;
    bool port_yes = physdev_routed_from_bridge(e, true);
    bool port_no = physdev_routed_from_bridge(e, false);
    if (plain == port_yes && plain == port_no)
        return plain;
    char what[160];
    snprintf(what, sizeof(what),
             "the packet came in on %s through a bridge port, with br_netfilter "
             "(bridge-nf-call-ip%stables = 1)",
             c->iif, c->family == IPT_FAM_IPV6 ? "6" : "");
    if (!sim_decide(c, what, -1))
        return plain;
    if (port_yes == port_no)
        return port_yes;
    snprintf(what, sizeof(what), "the bridge port it came in through is %s%s", d->in,
             d->in[strlen(d->in) - 1] == '+' ? " (a prefix)" : "");
    return sim_decide(c, what, -1) ? port_yes : port_no;
}

const struct ext_ops ext_physdev = {
    .name = "physdev",
    .kind = EXT_MATCH,
    .size = sizeof(struct physdev_data),
    EXT_OPTS(physdev_opts),
    .hooks_for = physdev_hooks_for,
    .check = physdev_check,
    .match = physdev_match,
};
