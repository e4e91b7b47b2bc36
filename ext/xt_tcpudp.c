/*
 * xt_tcpudp.c - `-p tcp -m tcp` and `-p udp -m udp`: ports, TCP flags and
 * TCP option kind (net/netfilter/xt_tcpudp.c; userspace libxt_tcp.c,
 * libxt_udp.c).
 *
 * The save form is iptables-nft 1.8.9's, which differs from the legacy
 * one: iptables/nft.c add_nft_tcp()/add_nft_udp() turn the match into
 * native payload expressions whenever they can and only fall back to the
 * xt "compat" match for an all-default match or (tcp) a --tcp-option. On
 * the way back iptables-save rebuilds a tcp/udp match from the payload
 * expressions, so whatever the native path did not emit is lost: a full
 * port range (even negated: the 1.8.9 bug fixed by "nft: Do not omit full
 * ranges if inverted") and a --tcp-flags with an empty mask vanish, and a
 * match of which nothing is left vanishes with its " -m tcp". The compat
 * path, on the other hand, reaches the kernel's checkentry, which refuses
 * it after `! -p tcp`.
 */
#include "iptsim/ext.h"
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tcpudp_data {
    struct ext_range16 spts, dpts;
    uint8_t option;   /* tcp: TCP option kind, 0 none */
    uint8_t flg_mask; /* tcp: --tcp-flags MASK */
    uint8_t flg_cmp;  /* tcp: --tcp-flags COMP */
};

enum { O_SPORT, O_DPORT, O_FLAGS, O_OPTION };

/* xtables_strtoui(s, NULL, ..., 0, max): strtoul base 0, whole string. */
static bool str_to_uint(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s || *end || errno == ERANGE || v > max)
        return false;
    *out = v;
    return true;
}

/* xtables_parse_port(): a number (any base) or a service name of proto. */
static int parse_port(struct ext_parse *p, const char *s, const char *proto, uint16_t *out)
{
    uint64_t v;
    if (str_to_uint(s, 65535, &v)) {
        *out = (uint16_t)v;
        return 0;
    }
    int port = service_by_name(s, proto);
    if (port < 0)
        return ext_error(p, "invalid port/service \"%s\" specified (0-65535 or a %s service name)",
                         s, proto);
    *out = (uint16_t)port;
    return 0;
}

/* libxt_tcp.c parse_tcp_ports(): "a", "a:b", ":b", "a:", ":". */
static int parse_ports(struct ext_parse *p, const char *s, const char *proto, struct ext_range16 *r)
{
    const char *colon = strchr(s, ':');
    if (!colon) {
        if (parse_port(p, s, proto, &r->lo))
            return -1;
        r->hi = r->lo;
        return 0;
    }
    char buf[256];
    size_t n = (size_t)(colon - s);
    if (n >= sizeof(buf))
        return ext_error(p, "invalid port/service \"%s\" specified", s);
    memcpy(buf, s, n);
    buf[n] = 0;
    r->lo = 0;
    r->hi = 65535;
    if (n && parse_port(p, buf, proto, &r->lo))
        return -1;
    if (colon[1] && parse_port(p, colon + 1, proto, &r->hi))
        return -1;
    if (r->lo > r->hi)
        return ext_error(p, "invalid portrange \"%s\" (min > max)", s);
    return 0;
}

static int parse_port_opt(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                          char **argv)
{
    struct tcpudp_data *d = e->data;
    return parse_ports(p, argv[0], e->ops->name, o->id == O_SPORT ? &d->spts : &d->dpts);
}

/* libxt_tcp.c tcp_flag_names, in the order print_tcpf() tries them. */
static const struct {
    const char *name;
    uint8_t flag;
} tcp_flags[] = {
    {"FIN", 0x01}, {"SYN", 0x02}, {"RST", 0x04}, {"PSH", 0x08},
    {"ACK", 0x10}, {"URG", 0x20}, {"ALL", 0x3f}, {"NONE", 0},
};

static int parse_tcp_flag_list(struct ext_parse *p, const char *s, uint8_t *out)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", s);
    *out = 0;
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(tcp_flags); i++)
            if (strcasecmp(tcp_flags[i].name, t) == 0)
                break;
        if (i == ARRAY_SIZE(tcp_flags))
            return ext_error(p, "unknown TCP flag \"%s\" (FIN SYN RST PSH ACK URG ALL NONE)", t);
        *out |= tcp_flags[i].flag;
    }
    return 0;
}

static int parse_tcp_flags(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                           char **argv)
{
    (void)o;
    struct tcpudp_data *d = e->data;
    if (argv[1][0] == '-' || argv[1][0] == '!')
        return ext_error_opt(p, "--tcp-flags requires two args: MASK COMP");
    if (parse_tcp_flag_list(p, argv[0], &d->flg_mask))
        return -1;
    return parse_tcp_flag_list(p, argv[1], &d->flg_cmp);
}

static int parse_syn(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)p;
    (void)o;
    (void)argv;
    /* --syn is --tcp-flags FIN,SYN,RST,ACK SYN */
    struct tcpudp_data *d = e->data;
    d->flg_mask = 0x17;
    d->flg_cmp = 0x02;
    return 0;
}

static int parse_tcp_option(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                            char **argv)
{
    (void)o;
    uint64_t v;
    if (!str_to_uint(argv[0], 255, &v) || v == 0)
        return ext_error(p, "bad TCP option \"%s\" (1-255)", argv[0]);
    EXT_DATA(e, struct tcpudp_data)->option = (uint8_t)v;
    return 0;
}

static void tcpudp_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct tcpudp_data *d = e->data;
    d->spts.hi = 65535;
    d->dpts.hi = 65535;
}

static bool full_range(const struct ext_range16 *r)
{
    return r->lo == 0 && r->hi == 65535;
}

/* nft.c tcp_all_zero()/udp_all_zero(): nothing but defaults. */
static bool all_zero(const struct ipt_expr *e)
{
    const struct tcpudp_data *d = e->data;
    return full_range(&d->spts) && full_range(&d->dpts) && !d->option && !d->flg_mask &&
           !d->flg_cmp && !e->inv;
}

/* add_nft_tcp(): the compat xt match is used (and checked by the kernel). */
static bool uses_compat(const struct ipt_expr *e)
{
    const struct tcpudp_data *d = e->data;
    return ext_inv(e, O_OPTION) || d->option || all_zero(e);
}

static int tcpudp_check(struct ext_parse *p, struct ipt_expr *e)
{
    const char *name = e->ops->name;
    uint16_t proto = strcmp(name, "tcp") == 0 ? 6 : 17;
    if (p->proto != proto)
        return ext_error(p, "%s match requires \"-p %s\" (iptables: \"%s match requires '-p %s'\")",
                         name, name, proto == 6 ? "TCP" : "UDP", name);
    if (p->proto_inv && uses_compat(e))
        /* the compat match reaches xt_check_match(), which refuses an
         * inverted protocol (EINVAL) */
        return ext_error(p,
                         "the kernel refuses this %s match after \"! -p %s\" (RULE_APPEND "
                         "failed: Invalid argument): give it a port or flag to match",
                         name, name);
    return 0;
}

static void print_range(struct strbuf *b, const char *opt, const struct ext_range16 *r, bool inv)
{
    sb_printf(b, "%s --%s ", inv ? " !" : "", opt);
    ext_print_portrange(b, r, ':');
}

static void print_tcpf(struct strbuf *b, uint8_t flags)
{
    bool have = false;
    while (flags) {
        size_t i = 0;
        while (!(flags & tcp_flags[i].flag))
            i++;
        sb_puts(b, have ? "," : "");
        sb_puts(b, tcp_flags[i].name);
        have = true;
        flags &= (uint8_t)~tcp_flags[i].flag;
    }
    if (!have)
        sb_puts(b, "NONE");
}

static void tcpudp_save(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct tcpudp_data *d = e->data;
    bool tcp = strcmp(e->ops->name, "tcp") == 0;
    bool compat = tcp ? uses_compat(e) : all_zero(e);
    /* what iptables-save finds again: libxt_tcp's save for the compat
     * match, the rebuilt match for the native one */
    bool sport = !full_range(&d->spts);
    bool dport = !full_range(&d->dpts);
    bool option = tcp && compat && (d->option || ext_inv(e, O_OPTION));
    bool flags = tcp && (d->flg_mask || (compat && ext_inv(e, O_FLAGS)));
    if (!compat && !sport && !dport && !flags)
        return;
    sb_printf(b, " -m %s", e->ops->name);
    if (sport)
        print_range(b, "sport", &d->spts, ext_inv(e, O_SPORT));
    if (dport)
        print_range(b, "dport", &d->dpts, ext_inv(e, O_DPORT));
    if (option)
        sb_printf(b, "%s --tcp-option %u", ext_inv(e, O_OPTION) ? " !" : "", d->option);
    if (flags) {
        sb_puts(b, ext_inv(e, O_FLAGS) ? " ! --tcp-flags " : " --tcp-flags ");
        print_tcpf(b, d->flg_mask);
        sb_putc(b, ' ');
        print_tcpf(b, d->flg_cmp);
    }
}

/* ---- simulation ----
 *
 * Two kernels' worth of semantics, as iptables-nft 1.8.9 loads the rule:
 *
 * - the compat path (uses_compat(): a --tcp-option, or nothing but
 *   defaults) is the xt match, tcp_mt()/udp_mt() in
 *   net/netfilter/xt_tcpudp.c: a later fragment never matches, ports are
 *   ranges, even a full one (so "! --dport 0:65535" never matches), flags
 *   are (flags & MASK) == COMP, and the option needs the TCP options,
 *   which a packet spec does not carry;
 * - the native path is what add_nft_tcp()/add_nft_udp()/add_nft_tcpudp()
 *   of iptables/nft.c 1.8.9 emit: raw transport-header payload matches
 *   (nft_payload_eval: none on a later fragment) without any protocol
 *   check of their own. What they leave out is not matched at all: a full
 *   port range even when negated, a --tcp-flags with an empty mask. A
 *   single source port and a single destination port negated together
 *   become one 32-bit "!=" on both ("nft: Do not combine inverted payload
 *   matches" fixed it in 1.8.10): the rule then matches unless both ports
 *   are equal. After `! -p tcp` the payload is read from whatever protocol
 *   the packet carries. */
static bool in_range(const struct ext_range16 *r, uint16_t port, bool inv)
{
    return (port >= r->lo && port <= r->hi) != inv;
}

static bool has_ports(uint8_t proto)
{
    /* source and destination port as the first two 16-bit words */
    return proto == 6 || proto == 17 || proto == 136 || proto == 132 || proto == 33;
}

/* port_match() of xt_tcpudp.c */
static int compat_match(struct sim_ctx *c, const struct ipt_expr *e, bool tcp)
{
    const struct tcpudp_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    if (!in_range(&d->spts, p->sport, ext_inv(e, O_SPORT)))
        return 0;
    if (!in_range(&d->dpts, p->dport, ext_inv(e, O_DPORT)))
        return 0;
    if (!tcp)
        return 1;
    if (((p->tcp_flags & d->flg_mask) == d->flg_cmp) == ext_inv(e, O_FLAGS))
        return 0;
    if (!d->option)
        return 1;
    static const char *const names[] = {"end of list",  "no-op",          "MSS",
                                        "window scale", "SACK permitted", "SACK",
                                        "echo",         "echo reply",     "timestamps"};
    char what[96];
    if (d->option < ARRAY_SIZE(names))
        snprintf(what, sizeof(what), "the TCP header %s option %u (%s)",
                 ext_inv(e, O_OPTION) ? "lacks" : "carries", d->option, names[d->option]);
    else
        snprintf(what, sizeof(what), "the TCP header %s option %u",
                 ext_inv(e, O_OPTION) ? "lacks" : "carries", d->option);
    return sim_decide(c, what, -1);
}

static void describe_ports(struct strbuf *b, const struct tcpudp_data *d, bool sinv, bool dinv,
                           bool combined)
{
    const struct {
        const char *what;
        const struct ext_range16 *r;
        bool inv;
    } v[] = {{"source port", &d->spts, sinv}, {"destination port", &d->dpts, dinv}};
    if (combined && sinv) {
        sb_printf(b, "(source port, destination port) is not (%u, %u)", d->spts.lo, d->dpts.lo);
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
        const struct ext_range16 *r = v[i].r;
        if (full_range(r))
            continue;
        if (b->len && b->s[b->len - 1] != ' ')
            sb_puts(b, " and ");
        if (r->lo == r->hi)
            sb_printf(b, "%s %s %u", v[i].what, v[i].inv ? "is not" : "is", r->lo);
        else
            sb_printf(b, "%s %s %u-%u", v[i].what, v[i].inv ? "is outside" : "is in", r->lo, r->hi);
    }
}

static int native_match(struct sim_ctx *c, const struct ipt_expr *e, bool tcp)
{
    const struct tcpudp_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    bool sinv = ext_inv(e, O_SPORT), dinv = ext_inv(e, O_DPORT);
    bool flags = tcp && d->flg_mask;
    bool ports = !full_range(&d->spts) || !full_range(&d->dpts);
    bool combined = d->spts.lo && d->spts.lo == d->spts.hi && d->dpts.lo &&
                    d->dpts.lo == d->dpts.hi && sinv == dinv;
    /* after `! -p tcp` the packet may be anything: UDP, SCTP, DCCP and
     * UDP-Lite keep their ports where TCP does, nothing but TCP has TCP's
     * flags byte */
    bool ports_known = has_ports(p->proto), flags_known = p->proto == 6;
    if (flags && flags_known && ((p->tcp_flags & d->flg_mask) == d->flg_cmp) == ext_inv(e, O_FLAGS))
        return 0;
    if (ports && ports_known) {
        if (combined) {
            /* one 32-bit compare of both ports */
            bool eq = p->sport == d->spts.lo && p->dport == d->dpts.lo;
            if (eq == sinv)
                return 0;
        } else if ((!full_range(&d->spts) && !in_range(&d->spts, p->sport, sinv)) ||
                   (!full_range(&d->dpts) && !in_range(&d->dpts, p->dport, dinv))) {
            return 0;
        }
    }
    if ((!flags || flags_known) && (!ports || ports_known))
        return 1;
    struct strbuf t;
    sb_init(&t);
    const char *pn = proto_save_name(p->proto);
    sb_printf(&t, "read as a %s header (iptables-nft does so after \"! -p %s\"), this ",
              tcp ? "TCP" : "UDP", e->ops->name);
    if (pn)
        sb_printf(&t, "%s packet's ", pn);
    else
        sb_printf(&t, "protocol %u packet's ", p->proto);
    size_t mark = t.len;
    if (ports && !ports_known)
        describe_ports(&t, d, sinv, dinv, combined);
    if (flags && !flags_known)
        sb_printf(&t, "%sflags byte & 0x%02x %s 0x%02x", t.len > mark ? " and " : "", d->flg_mask,
                  ext_inv(e, O_FLAGS) ? "!=" : "==", d->flg_cmp);
    bool m = sim_decide(c, t.s, -1);
    sb_free(&t);
    return m;
}

static int tcpudp_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    bool tcp = strcmp(e->ops->name, "tcp") == 0;
    if (c->pkt->fragment)
        return 0;
    if (tcp ? uses_compat(e) : all_zero(e))
        return compat_match(c, e, tcp);
    return native_match(c, e, tcp);
}

#define F(f) .off = offsetof(struct tcpudp_data, f)
static const struct ext_opt tcp_opts[] = {
    {"source-port", ARG_CUSTOM, O_SPORT, EXT_OPT_INVERT, F(spts), .parse = parse_port_opt},
    {"sport", ARG_CUSTOM, O_SPORT, EXT_OPT_INVERT, F(spts), .parse = parse_port_opt},
    {"destination-port", ARG_CUSTOM, O_DPORT, EXT_OPT_INVERT, F(dpts), .parse = parse_port_opt},
    {"dport", ARG_CUSTOM, O_DPORT, EXT_OPT_INVERT, F(dpts), .parse = parse_port_opt},
    /* --syn and --tcp-flags share an id: "Only one of `--syn' or
     * `--tcp-flags' allowed" */
    {"syn", ARG_NONE, O_FLAGS, EXT_OPT_INVERT, F(flg_mask), .parse = parse_syn},
    {"tcp-flags", ARG_CUSTOM, O_FLAGS, EXT_OPT_INVERT, .nargs = 2, F(flg_mask),
     .parse = parse_tcp_flags},
    {"tcp-option", ARG_CUSTOM, O_OPTION, EXT_OPT_INVERT, F(option), .parse = parse_tcp_option},
};

static const struct ext_opt udp_opts[] = {
    {"source-port", ARG_CUSTOM, O_SPORT, EXT_OPT_INVERT, F(spts), .parse = parse_port_opt},
    {"sport", ARG_CUSTOM, O_SPORT, EXT_OPT_INVERT, F(spts), .parse = parse_port_opt},
    {"destination-port", ARG_CUSTOM, O_DPORT, EXT_OPT_INVERT, F(dpts), .parse = parse_port_opt},
    {"dport", ARG_CUSTOM, O_DPORT, EXT_OPT_INVERT, F(dpts), .parse = parse_port_opt},
};
#undef F

/* .proto stays 0: iptables-nft accepts `! -p tcp -m tcp --dport 22` (the
 * native path never reaches the kernel's protocol check); tcpudp_check()
 * applies the real rules. */
const struct ext_ops ext_tcp = {
    .name = "tcp",
    .kind = EXT_MATCH,
    .size = sizeof(struct tcpudp_data),
    EXT_OPTS(tcp_opts),
    .init = tcpudp_init,
    .check = tcpudp_check,
    .save = tcpudp_save,
    .match = tcpudp_match,
};

const struct ext_ops ext_udp = {
    .name = "udp",
    .kind = EXT_MATCH,
    .size = sizeof(struct tcpudp_data),
    EXT_OPTS(udp_opts),
    .init = tcpudp_init,
    .check = tcpudp_check,
    .save = tcpudp_save,
    .match = tcpudp_match,
};

/* For analysis (analysis.h): the ports tested; flags and options are not
 * modelled, nor the iptables-nft "both ports negated" compare. */
void ext_tcpudp_ports(const struct ipt_expr *e, struct an_ports *out)
{
    const struct tcpudp_data *d = e->data;
    memset(out, 0, sizeof(*out));
    bool sinv = ext_inv(e, O_SPORT), dinv = ext_inv(e, O_DPORT);
    bool combined = d->spts.lo && d->spts.lo == d->spts.hi && d->dpts.lo &&
                    d->dpts.lo == d->dpts.hi && sinv && dinv;
    if (d->flg_mask || d->option || combined || (!strcmp(e->ops->name, "tcp") && uses_compat(e)))
        out->unmodelled = true;
    if (!full_range(&d->spts)) {
        out->nsrc = 1;
        out->src[0] = d->spts;
        out->src_inv = sinv;
    }
    if (!full_range(&d->dpts)) {
        out->ndst = 1;
        out->dst[0] = d->dpts;
        out->dst_inv = dinv;
    }
}
