/*
 * xt_CT.c - `-j CT` (conntrack template: --notrack, --helper, --timeout,
 * --ctevents, --expevents, --zone*) and its alias `-j NOTRACK`
 * (net/netfilter/xt_CT.c, revision 2; iptables libxt_CT.c). Both are raw
 * table only and bound to PREROUTING/OUTPUT, where conntrack has not yet
 * looked at the packet. Not terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>
#include <strings.h>

/* XT_CT_* flags of include/uapi/linux/netfilter/xt_CT.h */
#define CT_NOTRACK   0x01
#define CT_ZONE_ORIG 0x04
#define CT_ZONE_REPL 0x08
#define CT_ZONE_MARK 0x10

struct ct_data {
    uint16_t flags;
    uint16_t zone;
    uint32_t ct_events, exp_events;
    const char *helper, *timeout;
};

enum { O_NOTRACK, O_HELPER, O_TIMEOUT, O_CTEVENTS, O_EXPEVENTS, O_ZONE_ORIG, O_ZONE_REPLY, O_ZONE };

struct ev_name {
    const char *name;
    uint8_t bit; /* IPCT_* / IPEXP_* */
};
static const struct ev_name ct_events[] = {
    {"new", 0},       {"related", 1}, {"destroy", 2}, {"reply", 3},      {"assured", 4},
    {"protoinfo", 5}, {"helper", 6},  {"mark", 7},    {"natseqinfo", 8}, {"secmark", 9},
};
static const struct ev_name exp_events[] = {{"new", 0}};

/* The helpers nf_conntrack registers, with the protocol each is bound to:
 * the kernel looks a helper up by name and the rule's -p, and refuses the
 * rule (ENOENT) when the pair does not exist. */
static const struct {
    const char *name;
    uint8_t tcp, udp;
} helpers[] = {
    {"ftp", 1, 0},        {"irc", 1, 0},  {"sane", 1, 0}, {"pptp", 1, 0},
    {"Q.931", 1, 0},      {"sip", 1, 1},  {"tftp", 0, 1}, {"amanda", 0, 1},
    {"netbios-ns", 0, 1}, {"snmp", 0, 1}, {"RAS", 0, 1},
};

static int parse_events(struct ext_parse *p, const struct ev_name *t, size_t n, const char *s,
                        uint32_t *out)
{
    /* a comma-separated list; an empty item is an unknown name, like strsep()
     * sees it */
    uint32_t mask = 0;
    const char *q = s;
    for (;;) {
        size_t len = strcspn(q, ",");
        size_t i;
        for (i = 0; i < n; i++)
            if (strlen(t[i].name) == len && strncmp(q, t[i].name, len) == 0)
                break;
        if (i == n)
            return ext_error(p, "unknown event type \"%.*s\"", (int)len, q);
        mask |= 1u << t[i].bit;
        if (!q[len])
            break;
        q += len + 1;
    }
    *out = mask;
    return 0;
}

static int parse_ct(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct ct_data *d = e->data;
    switch (o->id) {
    case O_NOTRACK:
        d->flags |= CT_NOTRACK;
        return 0;
    case O_HELPER:
    case O_TIMEOUT: {
        size_t max = o->id == O_HELPER ? 15 : 31; /* helper[16], timeout[32] */
        if (!*argv[0])
            return ext_error(p, "--%s needs a name", o->name);
        if (strlen(argv[0]) > max)
            return ext_error(p, "--%s name is longer than %zu characters", o->name, max);
        const char *s = ruleset_intern(p->rs, argv[0]);
        if (o->id == O_HELPER)
            d->helper = s;
        else
            d->timeout = s;
        return 0;
    }
    case O_CTEVENTS:
        return parse_events(p, ct_events, ARRAY_SIZE(ct_events), argv[0], &d->ct_events);
    case O_EXPEVENTS:
        return parse_events(p, exp_events, ARRAY_SIZE(exp_events), argv[0], &d->exp_events);
    default: /* the zones: libxt_CT.c ct_parse_zone_id() */
        if (o->id == O_ZONE_ORIG)
            d->flags |= CT_ZONE_ORIG;
        if (o->id == O_ZONE_REPLY)
            d->flags |= CT_ZONE_REPL;
        d->zone = 0;
        if (strcasecmp(argv[0], "mark") == 0) {
            d->flags |= CT_ZONE_MARK;
            return 0;
        }
        uint64_t v;
        if (ext_parse_uint(p, argv[0], 0, 65535, &v))
            return ext_error(p, "cannot parse \"%s\" as a zone ID (0-65535 or \"mark\")", argv[0]);
        d->zone = (uint16_t)v;
        return 0;
    }
}

static const struct ext_opt ct_opts[] = {
    {"notrack", ARG_NONE, O_NOTRACK, 0, .parse = parse_ct},
    {"helper", ARG_CUSTOM, O_HELPER, 0, .parse = parse_ct},
    {"timeout", ARG_CUSTOM, O_TIMEOUT, 0, .parse = parse_ct},
    {"ctevents", ARG_CUSTOM, O_CTEVENTS, 0, .parse = parse_ct},
    {"expevents", ARG_CUSTOM, O_EXPEVENTS, 0, .parse = parse_ct},
    {"zone-orig", ARG_CUSTOM, O_ZONE_ORIG, 0, .parse = parse_ct},
    {"zone-reply", ARG_CUSTOM, O_ZONE_REPLY, 0, .parse = parse_ct},
    {"zone", ARG_CUSTOM, O_ZONE, 0, .parse = parse_ct},
};

static int ct_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct ct_data *d = e->data;
    if (d->helper) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(helpers); i++)
            if (strcmp(helpers[i].name, d->helper) == 0)
                break;
        if (i == ARRAY_SIZE(helpers))
            return ext_error(p,
                             "CT: no conntrack helper \"%s\" (the kernel refuses the rule: "
                             "No such file or directory)",
                             d->helper);
        bool ok = !p->proto_inv &&
                  ((p->proto == 6 && helpers[i].tcp) || (p->proto == 17 && helpers[i].udp));
        if (!ok)
            return ext_error(p,
                             "CT --helper %s needs \"-p %s\" in the rule (the kernel looks "
                             "helpers up by protocol)",
                             d->helper, helpers[i].tcp ? "tcp" : "udp");
    }
    if (d->timeout)
        ext_warn(p,
                 "CT --timeout %s needs a timeout policy created beforehand (nfct add "
                 "timeout); the kernel refuses the rule without it",
                 d->timeout);
    return 0;
}

/* libxt_CT.c ct_save_v1() as used for revision 2 */
static void ct_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct ct_data *d = e->data;
    if (d->flags & CT_NOTRACK)
        sb_puts(b, " --notrack");
    if (d->helper)
        sb_printf(b, " --helper %s", d->helper);
    if (d->timeout)
        sb_printf(b, " --timeout %s", d->timeout);
    for (int k = 0; k < 2; k++) {
        uint32_t mask = k ? d->exp_events : d->ct_events;
        const struct ev_name *t = k ? exp_events : ct_events;
        size_t n = k ? ARRAY_SIZE(exp_events) : ARRAY_SIZE(ct_events);
        if (!mask)
            continue;
        sb_printf(b, " --%s ", k ? "expevents" : "ctevents");
        const char *sep = "";
        for (size_t i = 0; i < n; i++)
            if (mask & (1u << t[i].bit)) {
                sb_printf(b, "%s%s", sep, t[i].name);
                sep = ",";
            }
    }
    const char *dir = "";
    switch (d->flags & (CT_ZONE_ORIG | CT_ZONE_REPL)) {
    case CT_ZONE_ORIG:
        dir = "-orig";
        break;
    case CT_ZONE_REPL:
        dir = "-reply";
        break;
    }
    if (d->flags & CT_ZONE_MARK)
        sb_printf(b, " --zone%s mark", dir);
    else if (d->zone)
        sb_printf(b, " --zone%s %u", dir, d->zone);
}

/* xt_ct_target(): --notrack (and NOTRACK) leave the packet untracked;
 * helpers, zones and timeouts do not change its path here. */
static int ct_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    /* "Previously seen (loopback)? Ignore." */
    if (c->ct || c->notrack)
        return IPT_V_CONTINUE;
    if (strcmp(e->ops->name, "NOTRACK") == 0 || ext_has(e, O_NOTRACK)) {
        c->notrack = true;
        c->ctstate = CT_UNTRACKED; /* nf_ct_set(skb, NULL, IP_CT_UNTRACKED) */
    }
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_CT = {
    .name = "CT",
    .kind = EXT_TARGET,
    .size = sizeof(struct ct_data),
    EXT_OPTS(ct_opts),
    .table = "raw",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .check = ct_check,
    .save_opts = ct_save_opts,
    .target = ct_target,
};

/* `-j NOTRACK` is `-j CT --notrack` under its old name; iptables-save keeps
 * the name it was given. */
const struct ext_ops ext_NOTRACK = {
    .name = "NOTRACK",
    .kind = EXT_TARGET,
    .table = "raw",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .target = ct_target,
};
