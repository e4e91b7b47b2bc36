/*
 * xt_NFLOG.c - `-j NFLOG`: hand the packet to a userspace logger over
 * nfnetlink_log (net/netfilter/xt_NFLOG.c; iptables libxt_NFLOG.c). Not
 * terminal. iptables-nft turns it into a native nft `log group` expression,
 * which is why the prefix keeps up to 127 characters here (NF_LOG_PREFIXLEN)
 * instead of xt_nflog_info's 63.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct nflog_data {
    uint16_t group;
    uint16_t threshold;
    uint32_t size;
    const char *prefix;
};

enum { O_GROUP, O_PREFIX, O_RANGE, O_SIZE, O_THRESHOLD };

#define NFLOG_PREFIX_MAX 127

static int parse_prefix(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    const char *s = argv[0];
    if (!*s)
        return ext_error(p, "--nflog-prefix needs at least 1 character");
    if (strchr(s, '\n'))
        return ext_error(p, "newlines not allowed in --nflog-prefix");
    char buf[NFLOG_PREFIX_MAX + 1];
    size_t n = strlen(s);
    if (n > NFLOG_PREFIX_MAX) {
        ext_warn(p, "--nflog-prefix is cut to its first %d characters", NFLOG_PREFIX_MAX);
        n = NFLOG_PREFIX_MAX;
    }
    memcpy(buf, s, n);
    buf[n] = 0;
    EXT_DATA(e, struct nflog_data)->prefix = ruleset_intern(p->rs, buf);
    return 0;
}

static int parse_range(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    uint64_t v;
    if (ext_parse_uint(p, argv[0], 0, 0xffffffffu, &v))
        return -1;
    if (ext_has(e, O_SIZE))
        return ext_error(p, "--nflog-range cannot be used together with --nflog-size");
    /* libxt_NFLOG.c: the value never reached the kernel; it is dropped */
    ext_warn(p, "--nflog-range has never worked and is no longer supported, please use "
                "--nflog-size instead");
    return 0;
}

static int parse_size(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    uint64_t v;
    if (ext_parse_uint(p, argv[0], 0, 0xffffffffu, &v))
        return -1;
    if (ext_has(e, O_RANGE))
        return ext_error(p, "--nflog-size cannot be used together with --nflog-range");
    EXT_DATA(e, struct nflog_data)->size = (uint32_t)v;
    return 0;
}

#define F(f) .off = offsetof(struct nflog_data, f)
static const struct ext_opt nflog_opts[] = {
    {"nflog-group", ARG_U16, O_GROUP, 0, F(group)},
    {"nflog-prefix", ARG_CUSTOM, O_PREFIX, 0, .parse = parse_prefix},
    {"nflog-range", ARG_CUSTOM, O_RANGE, 0, .parse = parse_range},
    {"nflog-size", ARG_CUSTOM, O_SIZE, 0, F(size), .parse = parse_size},
    {"nflog-threshold", ARG_U16, O_THRESHOLD, 0, F(threshold)},
};
#undef F

/* libxt_NFLOG.c NFLOG_save(): prefix, group unless 0, size when given,
 * threshold unless 0. */
static void nflog_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct nflog_data *d = e->data;
    if (d->prefix) {
        sb_puts(b, " --nflog-prefix ");
        ext_print_string_quoted(b, d->prefix);
    }
    if (d->group)
        sb_printf(b, " --nflog-group %u", d->group);
    if (ext_has(e, O_SIZE))
        sb_printf(b, " --nflog-size %u", d->size);
    if (d->threshold)
        sb_printf(b, " --nflog-threshold %u", d->threshold);
}

/* Logs, counts or rewrites what no rule or routing decision looks at:
 * the walk goes on (XT_CONTINUE). */
static int continue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_NFLOG = {
    .name = "NFLOG",
    .kind = EXT_TARGET,
    .size = sizeof(struct nflog_data),
    EXT_OPTS(nflog_opts),
    .save_opts = nflog_save_opts,
    .target = continue_target,
};
