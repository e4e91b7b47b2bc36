/*
 * xt_limit.c - `-m limit --limit RATE --limit-burst N`
 * (net/netfilter/xt_limit.c): a token bucket.
 *
 * The rate is kept as the kernel keeps it, the interval between packets
 * in 1/10000 s (XT_LIMIT_SCALE), so "3000/s" comes back as 3333/sec, as
 * iptables-save prints it. The default is 3/hour with a burst of 5; a
 * burst of 5 (or 0, which iptables-nft stores as the default) is not
 * printed.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LIMIT_SCALE 10000u
#define LIMIT_BURST 5u

struct limit_data {
    uint32_t avg; /* interval, 1/LIMIT_SCALE s */
    uint32_t burst;
};

enum { O_LIMIT, O_BURST };

/* parse_rate() of libxt_limit.c: N[/second|/minute|/hour|/day], any
 * prefix of the unit. */
static int parse_rate(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    const char *rate = argv[0], *slash = strchr(rate, '/');
    uint32_t mult = 1;
    if (slash) {
        const char *u = slash + 1;
        size_t n = strlen(u);
        if (!n)
            return ext_error(p, "bad rate \"%s\"", rate);
        if (strncasecmp(u, "second", n) == 0)
            mult = 1;
        else if (strncasecmp(u, "minute", n) == 0)
            mult = 60;
        else if (strncasecmp(u, "hour", n) == 0)
            mult = 60 * 60;
        else if (strncasecmp(u, "day", n) == 0)
            mult = 24 * 60 * 60;
        else
            return ext_error(p, "bad rate \"%s\"", rate);
    }
    uint32_t r = (uint32_t)atoi(rate); /* as libxt_limit: trailing junk ignored */
    if (!r)
        return ext_error(p, "bad rate \"%s\"", rate);
    uint64_t v = (uint64_t)LIMIT_SCALE * mult / r;
    if (v == 0)
        return ext_error(p, "rate too fast \"%s\" (at most %u/second)", rate, LIMIT_SCALE);
    EXT_DATA(e, struct limit_data)->avg = (uint32_t)v;
    return 0;
}

static void print_rate(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    static const struct {
        const char *name;
        uint32_t mult;
    } rates[] = {{"day", LIMIT_SCALE * 24 * 60 * 60},
                 {"hour", LIMIT_SCALE * 60 * 60},
                 {"min", LIMIT_SCALE * 60},
                 {"sec", LIMIT_SCALE}};
    uint32_t period = EXT_CDATA(e, struct limit_data)->avg;
    size_t i;
    for (i = 1; i < ARRAY_SIZE(rates); ++i)
        if (period > rates[i].mult || rates[i].mult / period < rates[i].mult % period)
            break;
    sb_printf(b, " %u/%s", rates[i - 1].mult / period, rates[i - 1].name);
}

static const struct ext_opt limit_opts[] = {
    {"limit", ARG_CUSTOM, O_LIMIT, 0, .parse = parse_rate, .print = print_rate},
    {"limit-burst", ARG_U32, O_BURST, EXT_OPT_NOSAVE, .off = offsetof(struct limit_data, burst),
     .min = 0, .max = 10000},
};

static void limit_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct limit_data *d = e->data;
    d->avg = LIMIT_SCALE * 60 * 60 / 3; /* 3/hour */
    d->burst = LIMIT_BURST;
}

static void limit_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct limit_data *d = e->data;
    sb_puts(b, " --limit");
    print_rate(b, e, NULL);
    if (d->burst != LIMIT_BURST && d->burst != 0)
        sb_printf(b, " --limit-burst %u", d->burst);
}

/* limit_mt(): a token bucket shared by every packet that reaches the
 * rule, full (burst packets) when the rule is loaded. Whether it has a
 * token left depends on the traffic before this packet: a fork. There is
 * no inversion. */
static int limit_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct limit_data *d = e->data;
    struct strbuf t;
    sb_init(&t);
    sb_puts(&t, "limit");
    print_rate(&t, e, NULL);
    sb_printf(&t, " burst %u: the packet is within the rate", d->burst ? d->burst : LIMIT_BURST);
    bool ok = sim_decide(c, t.s, -1);
    sb_free(&t);
    return ok;
}

const struct ext_ops ext_limit = {
    .name = "limit",
    .kind = EXT_MATCH,
    .size = sizeof(struct limit_data),
    EXT_OPTS(limit_opts),
    .init = limit_init,
    .save_opts = limit_save_opts,
    .match = limit_match,
};
