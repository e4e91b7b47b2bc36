/*
 * xt_LOG.c - `-j LOG`: write the packet's headers to the kernel log
 * (net/netfilter/xt_LOG.c; iptables extensions/libxt_LOG.c). Not terminal:
 * the packet goes on to the next rule.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

struct log_data {
    uint8_t level;
    uint8_t flags; /* XT_LOG_* bits, as the option ids below */
    const char *prefix;
};

/* ids of the flags equal their XT_LOG_* bit
 * (include/uapi/linux/netfilter/xt_LOG.h) */
enum {
    O_TCPSEQ = 0,
    O_TCPOPT = 1,
    O_IPOPT = 2,
    O_UID = 3,
    O_MAC = 5,
    O_LEVEL = 6,
    O_PREFIX = 7,
};

#define LOG_DEFAULT_LEVEL 4  /* LOG_WARNING */
#define LOG_PREFIX_SIZE   30 /* struct xt_log_info.prefix[30] */

static void log_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct log_data)->level = LOG_DEFAULT_LEVEL;
}

static int parse_level(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    /* xtables' XTTYPE_SYSLOGLEVEL: a number 0-7 or one of these names
     * (exactly, case-sensitive: "warn", "err" and "DEBUG" are refused). */
    static const struct {
        const char *name;
        uint8_t level;
    } names[] = {{"alert", 1}, {"crit", 2},   {"debug", 7}, {"emerg", 0},  {"error", 3},
                 {"info", 6},  {"notice", 5}, {"panic", 0}, {"warning", 4}};
    const char *s = argv[0];
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (strcmp(s, names[i].name) == 0) {
            EXT_DATA(e, struct log_data)->level = names[i].level;
            return 0;
        }
    uint64_t v;
    while (*s == ' ' || *s == '\t') /* strtoul skips leading blanks */
        s++;
    if (*s < '0' || *s > '9' || ext_parse_uint(p, s, 0, 7, &v))
        return ext_error(p,
                         "log level \"%s\" unknown (0-7, emerg, alert, crit, error, "
                         "warning, notice, info, debug)",
                         argv[0]);
    EXT_DATA(e, struct log_data)->level = (uint8_t)v;
    return 0;
}

static int parse_prefix(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    const char *s = argv[0];
    if (!*s)
        return ext_error(p, "--log-prefix needs at least 1 character");
    if (strchr(s, '\n'))
        return ext_error(p, "newlines not allowed in --log-prefix");
    /* iptables copies at most 29 characters into the kernel's 30-byte field
     * and drops the rest without a word. */
    char buf[LOG_PREFIX_SIZE];
    size_t n = strlen(s);
    if (n >= LOG_PREFIX_SIZE) {
        ext_warn(p, "--log-prefix is cut to its first %d characters", LOG_PREFIX_SIZE - 1);
        n = LOG_PREFIX_SIZE - 1;
    }
    memcpy(buf, s, n);
    buf[n] = 0;
    EXT_DATA(e, struct log_data)->prefix = ruleset_intern(p->rs, buf);
    return 0;
}

static int parse_flag(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)p;
    (void)argv;
    EXT_DATA(e, struct log_data)->flags |= (uint8_t)(1u << o->id);
    return 0;
}

static const struct ext_opt log_opts[] = {
    {"log-level", ARG_CUSTOM, O_LEVEL, 0, .parse = parse_level},
    {"log-prefix", ARG_CUSTOM, O_PREFIX, 0, .parse = parse_prefix},
    {"log-tcp-sequence", ARG_NONE, O_TCPSEQ, 0, .parse = parse_flag},
    {"log-tcp-options", ARG_NONE, O_TCPOPT, 0, .parse = parse_flag},
    {"log-ip-options", ARG_NONE, O_IPOPT, 0, .parse = parse_flag},
    {"log-uid", ARG_NONE, O_UID, 0, .parse = parse_flag},
    {"log-macdecode", ARG_NONE, O_MAC, 0, .parse = parse_flag},
};

/* libxt_LOG.c LOG_save(): prefix, level unless the default, then flags in
 * bit order. */
static void log_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct log_data *d = e->data;
    if (d->prefix && *d->prefix) {
        sb_puts(b, " --log-prefix ");
        ext_print_string_quoted(b, d->prefix);
    }
    if (d->level != LOG_DEFAULT_LEVEL)
        sb_printf(b, " --log-level %u", d->level);
    static const struct {
        unsigned bit;
        const char *name;
    } flags[] = {{O_TCPSEQ, "log-tcp-sequence"},
                 {O_TCPOPT, "log-tcp-options"},
                 {O_IPOPT, "log-ip-options"},
                 {O_UID, "log-uid"},
                 {O_MAC, "log-macdecode"}};
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
        if (d->flags & (1u << flags[i].bit))
            sb_printf(b, " --%s", flags[i].name);
}

/* Logs, counts or rewrites what no rule or routing decision looks at:
 * the walk goes on (XT_CONTINUE). */
static int continue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return IPT_V_CONTINUE;
}

const struct ext_ops ext_LOG = {
    .name = "LOG",
    .kind = EXT_TARGET,
    .size = sizeof(struct log_data),
    EXT_OPTS(log_opts),
    .init = log_init,
    .save_opts = log_save_opts,
    .target = continue_target,
};
