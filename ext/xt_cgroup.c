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

const struct ext_ops ext_cgroup = {
    .name = "cgroup",
    .kind = EXT_MATCH,
    .size = sizeof(struct cgroup_data),
    EXT_OPTS(cgroup_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_INPUT) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT) |
             IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .check = cgroup_check,
};
