/*
 * xt_statistic.c - `-m statistic --mode random|nth`
 * (net/netfilter/xt_statistic.c).
 *
 * The probability is stored as the kernel stores it, a fraction of 2^31,
 * and printed back with %.11f: "0.33333333333" comes back as
 * 0.33333333349. --every N is stored as N-1. Any '!' inverts the whole
 * match and prints after the mode, as libxt_statistic does.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

enum { MODE_RANDOM, MODE_NTH };

struct statistic_data {
    uint8_t mode;
    uint32_t probability; /* fraction of 0x80000000 */
    uint32_t every;       /* N-1 */
    uint32_t packet;
};

enum { O_MODE, O_PROBABILITY, O_EVERY, O_PACKET };

static int parse_mode(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct statistic_data *d = e->data;
    if (strcmp(argv[0], "random") == 0)
        d->mode = MODE_RANDOM;
    else if (strcmp(argv[0], "nth") == 0)
        d->mode = MODE_NTH;
    else
        return ext_error(p, "bad mode \"%s\" (random or nth)", argv[0]);
    return 0;
}

static int parse_probability(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                             char **argv)
{
    (void)o;
    char *end;
    double v = strtod(argv[0], &end);
    if (!*argv[0] || *end || !(v >= 0 && v <= 1))
        return ext_error(p, "statistic: bad value for option \"--probability\", or out of "
                            "range (0-1)");
    EXT_DATA(e, struct statistic_data)->probability =
        (uint32_t)(0x80000000 * v + 0.5) /* lround(), v >= 0 */;
    return 0;
}

static const struct ext_opt statistic_opts[] = {
    {"mode", ARG_CUSTOM, O_MODE, EXT_OPT_MAND, .parse = parse_mode},
    {"probability", ARG_CUSTOM, O_PROBABILITY, EXT_OPT_INVERT, .parse = parse_probability},
    {"every", ARG_U32, O_EVERY, EXT_OPT_INVERT, .off = offsetof(struct statistic_data, every),
     .min = 1, .max = UINT32_MAX},
    {"packet", ARG_U32, O_PACKET, 0, .off = offsetof(struct statistic_data, packet)},
};

static int statistic_check(struct ext_parse *p, struct ipt_expr *e)
{
    struct statistic_data *d = e->data;
    if (!ext_has(e, O_MODE))
        return 0; /* the mandatory-option check reports it */
    if (ext_has(e, O_PROBABILITY) && (ext_has(e, O_EVERY) || ext_has(e, O_PACKET)))
        return ext_error(p, "statistic: option \"--probability\" cannot be used together "
                            "with \"--every\" or \"--packet\"");
    if (d->mode == MODE_RANDOM && !ext_has(e, O_PROBABILITY))
        return ext_error(p, "statistic: --probability must be specified when using random "
                            "mode");
    if (d->mode == MODE_NTH && !ext_has(e, O_EVERY) && !ext_has(e, O_PACKET))
        return ext_error(p, "statistic: --every and --packet must be specified when using "
                            "nth mode");
    if (ext_has(e, O_EVERY) != ext_has(e, O_PACKET))
        return ext_error(p, "statistic: option \"--%s\" also requires \"--%s\"",
                         ext_has(e, O_EVERY) ? "every" : "packet",
                         ext_has(e, O_EVERY) ? "packet" : "every");
    if (ext_has(e, O_EVERY)) {
        d->every--;
        if (d->packet > d->every)
            return ext_error(p, "statistic: the --packet p must be 0 <= p <= n-1");
    }
    return 0;
}

static void statistic_save_opts(struct strbuf *b, const struct ipt_rule *r,
                                const struct ipt_expr *e)
{
    (void)r;
    const struct statistic_data *d = e->data;
    const char *inv = e->inv ? " !" : "";
    if (d->mode == MODE_RANDOM)
        sb_printf(b, " --mode random%s --probability %.11f", inv,
                  1.0 * d->probability / 0x80000000);
    else
        sb_printf(b, " --mode nth%s --every %u --packet %u", inv, d->every + 1, d->packet);
}

/* statistic_mt(): random mode picks a packet when a random 31-bit number
 * is below the rule's probability (a fraction of 2^31); nth mode picks
 * one packet in every N, counting from --packet, the count depending on
 * the traffic before: both are forks, with the chance that the packet is
 * picked. '!' (any of them, stored as XT_STATISTIC_INVERT) makes the rule
 * match the packets that are not picked; --assume statistic=pass means
 * "picked". */
static int statistic_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct statistic_data *d = e->data;
    char what[96];
    double p;
    if (d->mode == MODE_RANDOM) {
        p = (double)d->probability / 2147483648.0;
        snprintf(what, sizeof(what), "statistic --probability %.4f picked this packet", p);
    } else {
        p = 1.0 / ((double)d->every + 1.0);
        snprintf(what, sizeof(what), "statistic --every %u picked this packet", d->every + 1);
    }
    return sim_decide(c, what, p) != (e->inv != 0);
}

const struct ext_ops ext_statistic = {
    .name = "statistic",
    .kind = EXT_MATCH,
    .size = sizeof(struct statistic_data),
    EXT_OPTS(statistic_opts),
    .check = statistic_check,
    .save_opts = statistic_save_opts,
    .match = statistic_match,
};
