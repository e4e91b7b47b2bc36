/*
 * xt_cgroup.c - `-m cgroup --path PATH | --cgroup CLASSID`: the cgroup v2
 * path or net_cls classid of the sending socket (net/netfilter/xt_cgroup.c,
 * revision 2 as iptables 1.8.9 sends it; userspace libxt_cgroup.c).
 *
 * The kernel wants exactly one of the two, and only on the local hooks
 * where a socket is known (INPUT, OUTPUT, POSTROUTING). It also resolves
 * the path and refuses one that does not exist on the machine: offline
 * that cannot be checked, so a path is taken as given.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>

struct cgroup_data {
    const char *path;
    uint32_t classid;
};

enum { O_PATH, O_CLASSID };

static int cgroup_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (ext_has(e, O_PATH) == ext_has(e, O_CLASSID))
        return ext_error(p, "cgroup: exactly one of --path and --cgroup is needed (the kernel "
                            "refuses the rule: Invalid argument)");
    return 0;
}

static const struct ext_opt cgroup_opts[] = {
    {"path", ARG_QSTRING, O_PATH, EXT_OPT_INVERT, .off = offsetof(struct cgroup_data, path),
     .max = 4095},
    {"cgroup", ARG_U32, O_CLASSID, EXT_OPT_INVERT, .off = offsetof(struct cgroup_data, classid)},
};

/* cgroup_mt_v2(): no full socket on the packet, no match (negated or
 * not); else the socket's cgroup v2 path (a descendant of --path) or
 * net_cls classid. A forwarded packet has no socket. A locally generated
 * one has its sender's; which cgroup that is, ipt-sim cannot know. On
 * INPUT skb->sk is set only by early demux (tcp_v4_early_demux and the UDP
 * one find established or connected sockets only): a TCP SYN has none. */
static int cgroup_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct cgroup_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    bool local_out = c->hook == IPT_HOOK_OUTPUT || (c->hook == IPT_HOOK_POSTROUTING && !c->iif);
    bool input = c->hook == IPT_HOOK_INPUT;
    if (!local_out && !input)
        return 0;
    if (input && p->proto == 6 && (p->tcp_flags & (TCPF_SYN | TCPF_ACK)) == TCPF_SYN)
        return 0;
    char what[4200];
    const char *sock =
        local_out ? "the sending socket" : "early demux found the receiving socket and it";
    if (ext_has(e, O_PATH))
        snprintf(what, sizeof(what), "%s is %sin cgroup %s", sock, ext_inv(e, O_PATH) ? "not " : "",
                 d->path);
    else
        snprintf(what, sizeof(what), "%s %s net_cls classid %u", sock,
                 ext_inv(e, O_CLASSID) ? "does not have" : "has", d->classid);
    return sim_decide(c, what, -1);
}

const struct ext_ops ext_cgroup = {
    .name = "cgroup",
    .kind = EXT_MATCH,
    .size = sizeof(struct cgroup_data),
    EXT_OPTS(cgroup_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_INPUT) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |
             IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .check = cgroup_check,
    .match = cgroup_match,
};
