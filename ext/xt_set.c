/*
 * xt_set.c - `-m set --match-set NAME src|dst[,...]` (net/netfilter/xt_set.c,
 * revision 4): membership in an ipset.
 *
 * The kernel refuses a set that does not exist when the rule is loaded;
 * ipt-sim reads rulesets without their ipsets, so any name is accepted
 * (the engine cannot know membership and forks). Counter conditions print
 * packets before bytes; `! --packets-eq` is the "not equal" test.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>

#define SET_NAME_MAX 31 /* IPSET_MAXNAMELEN with its NUL */
#define SET_DIM_MAX  6

enum { CNT_NONE, CNT_EQ, CNT_NE, CNT_LT, CNT_GT };

struct set_counter {
    uint8_t op;
    uint64_t value;
};

struct set_data {
    const char *name;
    uint8_t dim;
    uint8_t src; /* bit i: dimension i is src */
    struct set_counter packets, bytes;
};

enum {
    O_MATCH_SET,
    O_RETURN_NOMATCH,
    O_UPDATE_COUNTERS,
    O_UPDATE_SUBCOUNTERS,
    O_PACKETS_EQ,
    O_PACKETS_LT,
    O_PACKETS_GT,
    O_BYTES_EQ,
    O_BYTES_LT,
    O_BYTES_GT,
};

static int parse_match_set(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                           char **argv)
{
    struct set_data *d = e->data;
    if (strcmp(o->name, "set") == 0)
        ext_warn(p, "--set option deprecated, please use --match-set");
    if (strlen(argv[0]) > SET_NAME_MAX)
        return ext_error(p, "setname `%s' too long, max %d characters", argv[0], SET_NAME_MAX);
    if (argv[1][0] == '-' || argv[1][0] == '!')
        return ext_error(p, "--match-set requires two args: a set name and src/dst flags");
    d->name = ruleset_intern(p->rs, argv[0]);
    /* Said once per rule: the kernel would refuse the rule if the set is
     * missing when the ruleset is loaded, which ipt-sim cannot check. */
    ext_warn(p,
             "ipset \"%s\" must exist when this ruleset is loaded (the kernel refuses a "
             "rule naming a set that does not exist); give its contents to trace with "
             "--ipset FILE or --assume set:%s=..., or the simulation forks on this match",
             argv[0], argv[0]);
    /* parse_dirs(): each word starts with "src" or "dst" */
    const char *s = argv[1];
    for (;;) {
        if (d->dim == SET_DIM_MAX)
            return ext_error(p, "can't be more src/dst options than %d", SET_DIM_MAX);
        if (strncmp(s, "src", 3) == 0)
            d->src |= (uint8_t)(1u << d->dim);
        else if (strncmp(s, "dst", 3) != 0)
            return ext_error(p,
                             "you must specify (the comma separated list of) 'src' or "
                             "'dst', not \"%s\"",
                             argv[1]);
        d->dim++;
        const char *comma = strchr(s, ',');
        if (!comma)
            break;
        s = comma + 1;
    }
    return 0;
}

static void print_match_set(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const struct set_data *d = e->data;
    sb_printf(b, " %s", d->name);
    for (unsigned i = 0; i < d->dim; i++) {
        sb_putc(b, i ? ',' : ' ');
        sb_puts(b, d->src & (1u << i) ? "src" : "dst");
    }
}

static int parse_counter(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                         char **argv)
{
    struct set_data *d = e->data;
    bool bytes = o->id >= O_BYTES_EQ;
    struct set_counter *c = bytes ? &d->bytes : &d->packets;
    if (c->op != CNT_NONE)
        return ext_error_opt(p, "only one of the --%s-[eq|lt|gt] is allowed",
                             bytes ? "bytes" : "packets");
    if (ext_parse_uint(p, argv[0], 0, UINT64_MAX, &c->value))
        return -1;
    switch ((o->id - O_PACKETS_EQ) % 3) {
    case 0:
        c->op = ext_inv(e, o->id) ? CNT_NE : CNT_EQ;
        break;
    case 1:
        c->op = CNT_LT;
        break;
    default:
        c->op = CNT_GT;
        break;
    }
    return 0;
}

#define CNT(name, id, flags)                                                                       \
    {                                                                                              \
        name, ARG_CUSTOM, id, flags | EXT_OPT_NOSAVE, .parse = parse_counter                       \
    }
static const struct ext_opt set_opts[] = {
    {"match-set", ARG_CUSTOM, O_MATCH_SET, EXT_OPT_INVERT, .nargs = 2, .parse = parse_match_set,
     .print = print_match_set},
    {"set", ARG_CUSTOM, O_MATCH_SET, EXT_OPT_INVERT, .nargs = 2, .parse = parse_match_set,
     .print = print_match_set},
    {"return-nomatch", ARG_NONE, O_RETURN_NOMATCH, 0},
    {"update-counters", ARG_NONE, O_UPDATE_COUNTERS, EXT_OPT_INVERT},
    {"update-subcounters", ARG_NONE, O_UPDATE_SUBCOUNTERS, EXT_OPT_INVERT},
    CNT("packets-eq", O_PACKETS_EQ, EXT_OPT_INVERT),
    CNT("packets-lt", O_PACKETS_LT, 0),
    CNT("packets-gt", O_PACKETS_GT, 0),
    CNT("bytes-eq", O_BYTES_EQ, EXT_OPT_INVERT),
    CNT("bytes-lt", O_BYTES_LT, 0),
    CNT("bytes-gt", O_BYTES_GT, 0),
};
#undef CNT

static int set_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!ext_has(e, O_MATCH_SET))
        return ext_error(p, "set: you must specify `--match-set' with proper arguments");
    return 0;
}

static void print_counter(struct strbuf *b, const struct set_counter *c, const char *what)
{
    static const char *const ops[] = {"", "eq", "eq", "lt", "gt"};
    if (c->op != CNT_NONE)
        sb_printf(b, "%s --%s-%s %llu", c->op == CNT_NE ? " !" : "", what, ops[c->op],
                  (unsigned long long)c->value);
}

static void set_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct set_data *d = e->data;
    sb_puts(b, ext_inv(e, O_MATCH_SET) ? " ! --match-set" : " --match-set");
    print_match_set(b, e, NULL);
    if (ext_has(e, O_RETURN_NOMATCH))
        sb_puts(b, " --return-nomatch");
    /* only the negated forms change anything (skip the counter update) */
    if (ext_inv(e, O_UPDATE_COUNTERS))
        sb_puts(b, " ! --update-counters");
    if (ext_inv(e, O_UPDATE_SUBCOUNTERS))
        sb_puts(b, " ! --update-subcounters");
    print_counter(b, &d->packets, "packets");
    print_counter(b, &d->bytes, "bytes");
}

static void describe_counter(struct strbuf *b, const struct set_counter *c, const char *what)
{
    static const char *const ops[] = {"", "==", "!=", "<", ">"};
    if (c->op != CNT_NONE)
        sb_printf(b, " and its %s counter is %s %llu", what, ops[c->op],
                  (unsigned long long)c->value);
}

/* One dimension of the element the kernel looks up: the first is always
 * an address here (hash:ip, hash:net, hash:ip,port ...); a later one is a
 * port, an address or an interface depending on the set's type, which
 * ipt-sim does not know, so both readings are named. */
static void describe_dim(struct strbuf *b, const struct sim_ctx *c, bool src, bool first)
{
    const struct sim_pkt *p = c->pkt;
    char a[64];
    addr_format(c->family, src ? p->src : p->dst, a, sizeof(a));
    if (first) {
        sb_puts(b, a);
        return;
    }
    sb_printf(b, "%s %s", src ? "src" : "dst", a);
    const char *pn = proto_save_name(p->proto);
    if (p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 136)
        sb_printf(b, " or port %s:%u", pn ? pn : "?", src ? p->sport : p->dport);
    else if (p->proto == 1 || p->proto == 58)
        sb_printf(b, " or %s:%u/%u", p->proto == 1 ? "icmp" : "icmpv6", p->icmp_type, p->icmp_code);
}

/* set_match_v4(): ip_set_test() on the element built from the packet
 * (each dimension from its source or destination), the counter tests on
 * the entry found, then the inversion. The set's contents are unknown:
 * one fork per rule, naming the set and the element. */
static int set_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct set_data *d = e->data;
    /* contents given (--ipset, --assume set:NAME=...): look it up, unless
     * the rule tests the entry's counters, which change at run time */
    const struct ipset *s = c->host ? ipset_find(&c->host->ipsets, d->name) : NULL;
    if (s && d->packets.op == CNT_NONE && d->bytes.op == CNT_NONE) {
        struct ipset_query q = {.family = c->family,
                                .dim = d->dim,
                                .pkt = c->pkt,
                                .iif = c->iif,
                                .oif = c->oif,
                                .return_nomatch = ext_has(e, O_RETURN_NOMATCH)};
        for (unsigned i = 0; i < d->dim; i++)
            q.src[i] = d->src & (1u << i);
        char why[160];
        enum ipset_answer a = ipset_test(&c->host->ipsets, s, &q, why, sizeof(why));
        if (a != IPSET_UNKNOWN) {
            sim_ctx_note(c, "ipset %s: the packet is %sin the set: %s", d->name,
                         a == IPSET_YES ? "" : "not ", why);
            return (a == IPSET_YES) != ext_inv(e, O_MATCH_SET);
        }
    }
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "set %s contains ", d->name);
    for (unsigned i = 0; i < d->dim; i++) {
        if (i)
            sb_puts(&t, ", ");
        describe_dim(&t, c, d->src & (1u << i), i == 0);
    }
    sb_puts(&t, " (");
    for (unsigned i = 0; i < d->dim; i++)
        sb_printf(&t, "%s%s", i ? "," : "", d->src & (1u << i) ? "src" : "dst");
    sb_putc(&t, ')');
    describe_counter(&t, &d->packets, "packets");
    describe_counter(&t, &d->bytes, "bytes");
    if (ext_has(e, O_RETURN_NOMATCH))
        sb_puts(&t, " (with --return-nomatch, a nomatch entry counts as contained)");
    bool in = sim_decide(c, t.s, -1);
    sb_free(&t);
    return in != ext_inv(e, O_MATCH_SET);
}

const struct ext_ops ext_set = {
    .name = "set",
    .kind = EXT_MATCH,
    .size = sizeof(struct set_data),
    EXT_OPTS(set_opts),
    .check = set_check,
    .save_opts = set_save_opts,
    .match = set_match,
};
