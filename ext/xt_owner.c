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
#include "iptsim/sim.h"

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

static void describe_ids(struct strbuf *b, const char *what, const struct ext_range32 *r)
{
    if (r->lo == r->hi)
        sb_printf(b, "%s %u", what, r->lo);
    else
        sb_printf(b, "%s in %u-%u", what, r->lo, r->hi);
}

/* owner_mt() (revision 1). Without a socket the rule matches only when
 * every option given is negated ((match ^ invert) == 0; --suppl-groups
 * cannot be negated, so with it nothing matches): a forwarded packet in
 * POSTROUTING has no socket, so `! --uid-owner 0` matches it. A locally
 * generated packet has its sender's socket, whose owner ipt-sim cannot
 * know: one fork for the whole match, worded as what must hold. */
static int owner_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct owner_data *d = e->data;
    bool local_out = c->hook == IPT_HOOK_OUTPUT || (c->hook == IPT_HOOK_POSTROUTING && !c->iif);
    if (!local_out)
        return (e->set & ~e->inv) == 0;
    bool sock_inv = ext_has(e, O_SOCKET) && ext_inv(e, O_SOCKET);
    struct strbuf t;
    sb_init(&t);
    if (sock_inv) {
        /* a socket exists and ! --socket-exists: false; without one, the
         * other options must all be negated */
        if (e->set & ~e->inv) {
            sb_free(&t);
            return 0;
        }
        sb_puts(&t, "no local socket sent the packet (the kernel made it)");
    } else if ((e->set & ~e->inv) == 0) {
        /* all negated: matches without a socket too */
        sb_puts(&t, "the packet has no sending socket, or its owner has ");
    } else {
        sb_puts(&t, "the sending socket's owner has ");
    }
    if (!sock_inv) {
        bool any = false;
        if (ext_has(e, O_UID)) {
            describe_ids(&t, ext_inv(e, O_UID) ? "a uid other than" : "uid", &d->uid);
            any = true;
        }
        if (ext_has(e, O_GID)) {
            sb_puts(&t, any ? " and " : "");
            describe_ids(&t, ext_inv(e, O_GID) ? "a gid other than" : "gid", &d->gid);
            if (ext_has(e, O_SUPPL))
                sb_puts(&t, ext_inv(e, O_GID) ? " in its groups and supplementary groups"
                                              : " as its group or a supplementary group");
            any = true;
        }
        if (!any) {
            /* --socket-exists alone */
            sb_reset(&t);
            sb_puts(&t, "a local socket sent the packet (not the kernel itself)");
        }
    }
    bool m = sim_decide(c, t.s, -1);
    sb_free(&t);
    return m;
}

const struct ext_ops ext_owner = {
    .name = "owner",
    .kind = EXT_MATCH,
    .size = sizeof(struct owner_data),
    EXT_OPTS(owner_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_OUTPUT) | IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .check = owner_check,
    .match = owner_match,
};
