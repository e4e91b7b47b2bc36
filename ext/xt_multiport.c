/*
 * xt_multiport.c - `-m multiport --sports|--dports|--ports LIST`: up to 15
 * ports, a range PORT:PORT taking two of them (net/netfilter/xt_multiport.c
 * revision 1; userspace libxt_multiport.c).
 *
 * iptables checks the protocol when it reads the option (check_proto()):
 * `-p` must come first and be tcp, udp, udplite, sctp or dccp, not negated;
 * service names are looked up for that protocol.
 */
#include "iptsim/ext.h"
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MULTI_PORTS 15 /* XT_MULTI_PORTS */

enum mp_dir { MP_SRC, MP_DST, MP_ANY };

struct multiport_data {
    uint8_t dir;
    uint8_t count;
    uint16_t ports[MULTI_PORTS];
    uint8_t pflags[MULTI_PORTS]; /* 1: ports[i]:ports[i+1] is a range */
};

enum { O_PORTS };

static int parse_port(struct ext_parse *p, const char *s, const char *proto, uint16_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (end != s && !*end && !errno && v <= 65535) {
        *out = (uint16_t)v;
        return 0;
    }
    int port = service_by_name(s, proto);
    if (port < 0)
        return ext_error(p, "invalid port/service \"%s\" specified", s);
    *out = (uint16_t)port;
    return 0;
}

/* libxt_multiport.c parse_multi_ports_v1() */
static int parse_ports(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct multiport_data *d = e->data;
    static const uint16_t ok[] = {6, 17, 136, 132, 33};
    bool proto_ok = false;
    for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
        proto_ok |= p->proto == ok[i];
    if (!p->proto)
        return ext_error_opt(p, "multiport needs \"-p tcp\", \"-p udp\", \"-p udplite\", "
                                "\"-p sctp\" or \"-p dccp\" before it");
    if (!proto_ok || p->proto_inv)
        return ext_error_opt(p, "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP "
                                "(and not with a negated -p)");
    const char *proto = proto_save_name(p->proto);
    d->dir = strcmp(o->name, "ports") == 0                                            ? MP_ANY
             : strcmp(o->name, "sports") == 0 || strcmp(o->name, "source-ports") == 0 ? MP_SRC
                                                                                      : MP_DST;
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *cp = buf, *next;
    unsigned i;
    for (i = 0; cp && i < MULTI_PORTS; cp = next, i++) {
        next = strchr(cp, ',');
        if (next)
            *next++ = 0;
        char *range = strchr(cp, ':');
        if (range) {
            if (i == MULTI_PORTS - 1)
                return ext_error(p,
                                 "too many ports specified (at most %d, a range counts "
                                 "two)",
                                 MULTI_PORTS);
            *range++ = 0;
        }
        if (parse_port(p, cp, proto, &d->ports[i]))
            return -1;
        if (range) {
            d->pflags[i] = 1;
            if (parse_port(p, range, proto, &d->ports[++i]))
                return -1;
            if (d->ports[i - 1] >= d->ports[i])
                return ext_error(p,
                                 "invalid port range %u:%u (the first port must be below "
                                 "the last)",
                                 d->ports[i - 1], d->ports[i]);
        }
    }
    if (cp)
        return ext_error(p, "too many ports specified (at most %d, a range counts two)",
                         MULTI_PORTS);
    d->count = (uint8_t)i;
    return 0;
}

static int multiport_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!ext_has(e, O_PORTS))
        return ext_error(p, "multiport expects an option: --sports, --dports or --ports");
    return 0;
}

static void multiport_save_opts(struct strbuf *b, const struct ipt_rule *r,
                                const struct ipt_expr *e)
{
    (void)r;
    const struct multiport_data *d = e->data;
    static const char *const names[] = {"sports", "dports", "ports"};
    sb_printf(b, "%s --%s ", ext_inv(e, O_PORTS) ? " !" : "", names[d->dir]);
    for (unsigned i = 0; i < d->count; i++) {
        sb_printf(b, "%s%u", i ? "," : "", d->ports[i]);
        if (d->pflags[i] && i + 1 < d->count)
            sb_printf(b, ":%u", d->ports[++i]);
    }
}

/* All spellings share one id: "cannot be used together". */
static const struct ext_opt multiport_opts[] = {
    {"source-ports", ARG_CUSTOM, O_PORTS, EXT_OPT_INVERT, .parse = parse_ports},
    {"sports", ARG_CUSTOM, O_PORTS, EXT_OPT_INVERT, .parse = parse_ports},
    {"destination-ports", ARG_CUSTOM, O_PORTS, EXT_OPT_INVERT, .parse = parse_ports},
    {"dports", ARG_CUSTOM, O_PORTS, EXT_OPT_INVERT, .parse = parse_ports},
    {"ports", ARG_CUSTOM, O_PORTS, EXT_OPT_INVERT, .parse = parse_ports},
};

/* ports_match_v1() in net/netfilter/xt_multiport.c */
static int multiport_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct multiport_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    if (p->fragment)
        return 0;
    if (p->proto != 6 && p->proto != 17 && p->proto != 136 && p->proto != 132 && p->proto != 33)
        return 0;
    bool hit = false;
    for (unsigned i = 0; i < d->count && !hit; i++) {
        uint16_t lo = d->ports[i], hi = lo;
        if (d->pflags[i] && i + 1 < d->count)
            hi = d->ports[++i];
        bool s = p->sport >= lo && p->sport <= hi;
        bool t = p->dport >= lo && p->dport <= hi;
        hit = d->dir == MP_SRC ? s : d->dir == MP_DST ? t : (s || t);
    }
    return hit != ext_inv(e, O_PORTS);
}

const struct ext_ops ext_multiport = {
    .name = "multiport",
    .kind = EXT_MATCH,
    .size = sizeof(struct multiport_data),
    EXT_OPTS(multiport_opts),
    .check = multiport_check,
    .save_opts = multiport_save_opts,
    .match = multiport_match,
};

/* For analysis (analysis.h): the port list as ranges. */
void ext_multiport_ports(const struct ipt_expr *e, struct an_ports *out)
{
    const struct multiport_data *d = e->data;
    memset(out, 0, sizeof(*out));
    struct ext_range16 *v = d->dir == MP_SRC ? out->src : out->dst;
    uint8_t n = 0;
    for (unsigned i = 0; i < d->count; i++) {
        uint16_t lo = d->ports[i], hi = lo;
        if (d->pflags[i] && i + 1 < d->count)
            hi = d->ports[++i];
        v[n].lo = lo;
        v[n].hi = hi;
        n++;
    }
    if (d->dir == MP_SRC) {
        out->nsrc = n;
        out->src_inv = ext_inv(e, O_PORTS);
    } else {
        out->ndst = n;
        out->dst_inv = ext_inv(e, O_PORTS);
        out->either = d->dir == MP_ANY;
    }
}
