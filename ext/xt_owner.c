/*
 * xt_owner.c - `-m owner --uid-owner U --gid-owner G --socket-exists
 * --suppl-groups`: the local socket that sent the packet
 * (net/netfilter/xt_owner.c; userspace libxt_owner.c, revision 1).
 *
 * Only the locally generated path has a socket: the kernel allows OUTPUT
 * and POSTROUTING. iptables-restore resolves user and group names with
 * getpwnam()/getgrnam() on the machine it runs on, and iptables-save prints
 * numbers; offline only "root" (0 everywhere) can be resolved, any other
 * name is an error asking for the number.
 */
#include "iptsim/ext.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct owner_data {
    struct ext_range32 uid, gid;
};

enum { O_SOCKET, O_UID, O_GID, O_SUPPL };

/* owner_parse_range(): ID[-ID] or ID[:ID], at most 2^32-2 ((uid_t)-1 is
 * "invalid"). */
static int parse_id(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct owner_data *d = e->data;
    struct ext_range32 *r = o->id == O_UID ? &d->uid : &d->gid;
    const char *s = argv[0];
    if (strcmp(s, "root") == 0) {
        r->lo = r->hi = 0;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long lo = strtoull(s, &end, 0), hi;
    if (end == s || errno || lo > 0xfffffffeu || *s == '-') {
        if (*s && strspn(s, "0123456789-: ") != strlen(s))
            return ext_error(p,
                             "bad value for --%s: \"%s\" is a %s name, which ipt-sim cannot "
                             "resolve offline (only \"root\"); write the numeric id "
                             "iptables-save prints",
                             o->name, s, o->id == O_UID ? "user" : "group");
        return ext_error(p, "bad value for --%s: \"%s\" (ID or ID-ID, 0-4294967294)", o->name, s);
    }
    hi = lo;
    if (*end == '-' || *end == ':') {
        const char *h = end + 1;
        hi = strtoull(h, &end, 0);
        if (end == h || errno || hi > 0xfffffffeu || *h == '-')
            return ext_error(p, "bad value for --%s: \"%s\" (ID or ID-ID, 0-4294967294)", o->name,
                             s);
    }
    if (*end)
        return ext_error(p, "bad value for --%s: \"%s\" (ID or ID-ID, 0-4294967294)", o->name, s);
    r->lo = (uint32_t)lo;
    r->hi = (uint32_t)hi;
    return 0;
}

static int parse_suppl(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    (void)argv;
    if (!ext_has(e, O_GID))
        return ext_error_opt(p, "--suppl-groups needs --gid-owner before it");
    return 0;
}

static void print_id(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const struct owner_data *d = e->data;
    const struct ext_range32 *r = o->id == O_UID ? &d->uid : &d->gid;
    if (r->lo == r->hi)
        sb_printf(b, " %u", r->lo);
    else
        sb_printf(b, " %u-%u", r->lo, r->hi);
}

static int owner_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct owner_data *d = e->data;
    if (!ext_has(e, O_SOCKET) && !ext_has(e, O_UID) && !ext_has(e, O_GID))
        return ext_error(p, "owner: at least one of --uid-owner, --gid-owner or --socket-exists "
                            "is required");
    if ((ext_has(e, O_UID) && d->uid.lo > d->uid.hi) ||
        (ext_has(e, O_GID) && d->gid.lo > d->gid.hi))
        return ext_error(p, "owner: an id range whose first id is above the last (the kernel "
                            "refuses the rule: Invalid argument)");
    return 0;
}

/* libxt_owner.c owner_mt_save(): socket-exists, uid, gid, suppl-groups */
static const struct ext_opt owner_opts[] = {
    {"socket-exists", ARG_NONE, O_SOCKET, EXT_OPT_INVERT},
    {"uid-owner", ARG_CUSTOM, O_UID, EXT_OPT_INVERT, .parse = parse_id, .print = print_id},
    {"gid-owner", ARG_CUSTOM, O_GID, EXT_OPT_INVERT, .parse = parse_id, .print = print_id},
    {"suppl-groups", ARG_NONE, O_SUPPL, 0, .parse = parse_suppl},
};

const struct ext_ops ext_owner = {
    .name = "owner",
    .kind = EXT_MATCH,
    .size = sizeof(struct owner_data),
    EXT_OPTS(owner_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_OUTPUT) | IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .check = owner_check,
};
