/*
 * xt_mh.c - `-m mh --mh-type TYPE[:TYPE]` (net/ipv6/netfilter/ip6t_mh.c):
 * the Mobility Header message type. Registered with .proto = IPPROTO_MH.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mh_data {
    uint8_t types[2];
};

enum { O_TYPE };

static const struct {
    const char *name;
    uint8_t type;
} mh_names[] = {
    {"binding-refresh-request", 0},
    {"brr", 0},
    {"home-test-init", 1},
    {"hoti", 1},
    {"careof-test-init", 2},
    {"coti", 2},
    {"home-test", 3},
    {"hot", 3},
    {"careof-test", 4},
    {"cot", 4},
    {"binding-update", 5},
    {"bu", 5},
    {"binding-acknowledgement", 6},
    {"ba", 6},
    {"binding-error", 7},
    {"be", 7},
};

/* libip6t_mh.c name_to_type(): a case-insensitive prefix of a name (the
 * first one, unless a later one matches exactly), else a number 0-255. */
static int mh_type(struct ext_parse *p, const char *s, uint8_t *out)
{
    size_t n = strlen(s), match = ARRAY_SIZE(mh_names);
    for (size_t i = 0; i < ARRAY_SIZE(mh_names); i++)
        if (strncasecmp(mh_names[i].name, s, n) == 0 &&
            (match == ARRAY_SIZE(mh_names) || strlen(mh_names[i].name) == n))
            match = i;
    if (match != ARRAY_SIZE(mh_names)) {
        *out = mh_names[match].type;
        return 0;
    }
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    if (!*s || *end || *s == '-' || v > 255)
        return ext_error(p, "Invalid MH type `%s'", s);
    *out = (uint8_t)v;
    return 0;
}

static int parse_types(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    struct mh_data *d = e->data;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *colon = strchr(buf, ':');
    if (!colon) {
        if (mh_type(p, buf, &d->types[0]))
            return -1;
        d->types[1] = d->types[0];
        return 0;
    }
    *colon++ = 0;
    d->types[0] = 0;
    d->types[1] = 0xff;
    if (buf[0] && mh_type(p, buf, &d->types[0]))
        return -1;
    if (*colon && mh_type(p, colon, &d->types[1]))
        return -1;
    if (d->types[0] > d->types[1])
        return ext_error(p, "Invalid MH type range (min > max)");
    return 0;
}

static void mh_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct mh_data)->types[1] = 0xff;
}

static const struct ext_opt mh_opts[] = {
    {"mh-type", ARG_CUSTOM, O_TYPE, EXT_OPT_INVERT, .off = offsetof(struct mh_data, types),
     .parse = parse_types},
};

static void mh_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct mh_data *d = e->data;
    /* the full range 0:255 is left out, negated or not */
    if (d->types[0] == 0 && d->types[1] == 0xff)
        return;
    sb_printf(b, "%s --mh-type %u", ext_inv(e, O_TYPE) ? " !" : "", d->types[0]);
    if (d->types[0] != d->types[1])
        sb_printf(b, ":%u", d->types[1]);
}

/* mh_mt6() (net/ipv6/netfilter/ip6t_mh.c): a non-first fragment never
 * matches; else the message type must be in the range (with '!': outside
 * it). The simulator does not know a Mobility Header's type: only a range
 * that every type is in (or none is) gives an answer. */
static int mh_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct mh_data *d = e->data;
    bool inv = ext_inv(e, O_TYPE);
    if (c->pkt->proto != 135 || c->pkt->fragment)
        return 0;
    if (d->types[0] > d->types[1])
        return inv;
    if (d->types[0] == 0 && d->types[1] == 0xff)
        return !inv;
    struct strbuf t;
    sb_init(&t);
    if (d->types[1] == d->types[0])
        sb_printf(&t, "the Mobility Header's message type is %s%u", inv ? "not " : "", d->types[0]);
    else
        sb_printf(&t, "the Mobility Header's message type is %s %u:%u", inv ? "not in" : "in",
                  d->types[0], d->types[1]);
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_mh = {
    .name = "mh",
    .kind = EXT_MATCH,
    .families = 1u << IPT_FAM_IPV6,
    .size = sizeof(struct mh_data),
    EXT_OPTS(mh_opts),
    .proto = 135,
    .init = mh_init,
    .save_opts = mh_save_opts,
    .match = mh_match,
};
