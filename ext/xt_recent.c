/*
 * xt_recent.c - `-m recent`: lists of recently seen addresses
 * (net/netfilter/xt_recent.c, revision 1).
 *
 * iptables-save always prints --name (default DEFAULT), --mask (default
 * all ones) and the side (--rsource by default); a name longer than 199
 * characters is cut to 199 (XT_RECENT_NAME_LEN with its NUL).
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <string.h>

#define RECENT_NAME_MAX 199

enum { OP_SET = 1, OP_CHECK = 2, OP_UPDATE = 4, OP_REMOVE = 8 };

struct recent_data {
    uint8_t op; /* OP_* */
    bool rdest;
    uint8_t family;
    uint32_t seconds, hitcount;
    const char *name;
    uint8_t mask[16];
};

enum {
    O_SET,
    O_RCHECK,
    O_UPDATE,
    O_REMOVE,
    O_SECONDS,
    O_REAP,
    O_HITCOUNT,
    O_RTTL,
    O_NAME,
    O_MASK,
    O_RSOURCE,
    O_RDEST,
};

static int parse_op(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)argv;
    struct recent_data *d = e->data;
    static const char *const names[] = {"set", "rcheck", "update", "remove"};
    if (d->op)
        return ext_error_opt(p, "recent: --%s cannot be used together with --%s", o->name,
                             names[__builtin_ctz(d->op)]);
    d->op = (uint8_t)(1u << o->id);
    return 0;
}

static int parse_side(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)p;
    (void)argv;
    /* the last of --rsource / --rdest wins */
    EXT_DATA(e, struct recent_data)->rdest = o->id == O_RDEST;
    return 0;
}

static int parse_name(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    const char *s = argv[0];
    if (!*s)
        return ext_error(p, "recent: the list name is empty (the kernel refuses it: Invalid "
                            "argument)");
    if (strchr(s, '/'))
        return ext_error(p, "recent: a list name cannot contain '/' (it names a file in "
                            "/proc/net/xt_recent; the kernel refuses it: Invalid argument)");
    size_t n = strlen(s);
    EXT_DATA(e, struct recent_data)->name = ruleset_intern(
        p->rs, n > RECENT_NAME_MAX ? arena_strndup(&p->rs->arena, s, RECENT_NAME_MAX) : s);
    return 0;
}

static int parse_mask(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    uint8_t *m = EXT_DATA(e, struct recent_data)->mask;
    memset(m, 0, 16);
    if (p->family == IPT_FAM_IPV4) {
        struct in_addr a;
        if (inet_aton(argv[0], &a)) {
            memcpy(m, &a, 4);
            return 0;
        }
    } else if (inet_pton(AF_INET6, argv[0], m) == 1) {
        return 0;
    }
    return ext_error(p, "recent: bad mask \"%s\" (an address such as 255.255.255.0)", argv[0]);
}

static const struct ext_opt recent_opts[] = {
    {"set", ARG_NONE, O_SET, EXT_OPT_INVERT, .parse = parse_op},
    {"rcheck", ARG_NONE, O_RCHECK, EXT_OPT_INVERT, .parse = parse_op},
    {"update", ARG_NONE, O_UPDATE, EXT_OPT_INVERT, .parse = parse_op},
    {"remove", ARG_NONE, O_REMOVE, EXT_OPT_INVERT, .parse = parse_op},
    {"seconds", ARG_U32, O_SECONDS, 0, .off = offsetof(struct recent_data, seconds), .min = 1,
     .max = UINT32_MAX},
    {"reap", ARG_NONE, O_REAP, 0},
    {"hitcount", ARG_U32, O_HITCOUNT, 0, .off = offsetof(struct recent_data, hitcount)},
    {"rttl", ARG_NONE, O_RTTL, 0},
    {"name", ARG_CUSTOM, O_NAME, 0, .parse = parse_name},
    {"mask", ARG_CUSTOM, O_MASK, 0, .parse = parse_mask},
    {"rsource", ARG_NONE, O_RSOURCE, 0, .parse = parse_side},
    {"rdest", ARG_NONE, O_RDEST, 0, .parse = parse_side},
};

static void recent_init(struct ext_parse *p, struct ipt_expr *e)
{
    struct recent_data *d = e->data;
    d->family = (uint8_t)p->family;
    d->name = ruleset_intern(p->rs, "DEFAULT");
    memset(d->mask, 0xff, sizeof(d->mask));
}

static int recent_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct recent_data *d = e->data;
    if (!d->op)
        return ext_error(p, "recent: you must specify one of `--set', `--rcheck' `--update' "
                            "or `--remove'");
    if (ext_has(e, O_REAP) && !ext_has(e, O_SECONDS))
        return ext_error(p, "recent: option \"--reap\" also requires \"--seconds\"");
    if (ext_has(e, O_RTTL) && (d->op & (OP_SET | OP_REMOVE)))
        return ext_error(p, "recent: option \"--rttl\" cannot be used together with \"--%s\"",
                         d->op & OP_SET ? "set" : "remove");
    /* recent_mt_check(): --set and --remove take no conditions */
    if ((d->op & (OP_SET | OP_REMOVE)) && (d->seconds || d->hitcount || ext_has(e, O_REAP)))
        return ext_error(p, "recent: --seconds, --hitcount and --reap only go with --rcheck "
                            "or --update (the kernel refuses: Invalid argument)");
    return 0;
}

static void recent_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct recent_data *d = e->data;
    static const char *const ops[] = {"set", "rcheck", "update", "remove"};
    if (e->inv)
        sb_puts(b, " !");
    sb_printf(b, " --%s", ops[__builtin_ctz(d->op)]);
    if (d->seconds)
        sb_printf(b, " --seconds %u", d->seconds);
    if (ext_has(e, O_REAP))
        sb_puts(b, " --reap");
    if (d->hitcount)
        sb_printf(b, " --hitcount %u", d->hitcount);
    if (ext_has(e, O_RTTL))
        sb_puts(b, " --rttl");
    char buf[64];
    addr_format(d->family, d->mask, buf, sizeof(buf));
    sb_printf(b, " --name %s --mask %s %s", d->name, buf, d->rdest ? "--rdest" : "--rsource");
}

/* recent_mt(): --set always matches (it adds or refreshes the address:
 * with '!' it never matches); --rcheck and --update match when the
 * (masked) address is on the list, seen --hitcount times within
 * --seconds; --remove matches when the address was on the list. The
 * list's contents depend on earlier packets: a fork. */
static int recent_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct recent_data *d = e->data;
    bool inv = e->inv != 0;
    if (d->op & OP_SET)
        return !inv;
    uint8_t a[16] = {0};
    const uint8_t *x = d->rdest ? c->pkt->dst : c->pkt->src;
    int len = addr_len(c->family);
    bool masked = false;
    for (int i = 0; i < len; i++) {
        a[i] = x[i] & d->mask[i];
        masked = masked || d->mask[i] != 0xff;
    }
    char buf[64];
    addr_format(c->family, a, buf, sizeof(buf));
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "recent list %s holds %s (%s", d->name, buf, d->rdest ? "destination" : "source");
    if (masked) {
        char m[64];
        addr_format(c->family, d->mask, m, sizeof(m));
        sb_printf(&t, " under --mask %s", m);
    }
    sb_putc(&t, ')');
    if (d->op & OP_REMOVE) {
        sb_puts(&t, "; --remove takes it off");
    } else {
        /* a forwarded packet is compared with the TTL it had before
         * forwarding decremented it (an output device and no socket) */
        if (ext_has(e, O_RTTL))
            sb_printf(&t, ", recorded with TTL %u", c->pkt->ttl + (c->oif && c->iif ? 1 : 0));
        if (d->hitcount > 1)
            sb_printf(&t, ", seen at least %u times", d->hitcount);
        else
            sb_puts(&t, ", seen");
        if (d->seconds)
            sb_printf(&t, " in the last %u seconds", d->seconds);
    }
    bool on = sim_decide(c, t.s, -1);
    sb_free(&t);
    return on != inv;
}

const struct ext_ops ext_recent = {
    .name = "recent",
    .kind = EXT_MATCH,
    .size = sizeof(struct recent_data),
    EXT_OPTS(recent_opts),
    .init = recent_init,
    .check = recent_check,
    .save_opts = recent_save_opts,
    .match = recent_match,
};
