/*
 * xt_NAT.c - the NAT targets DNAT, SNAT, MASQUERADE and REDIRECT, which
 * iptables keeps together in extensions/libxt_NAT.c: one range syntax
 * `[addr[-addr]][:port[-port[/base]]]` and one save printer. Kernel side:
 * net/netfilter/xt_nat.c (DNAT: PREROUTING/OUTPUT, SNAT: POSTROUTING/INPUT),
 * xt_MASQUERADE.c (POSTROUTING), xt_REDIRECT.c (PREROUTING/OUTPUT), all in
 * the nat table. They end the packet's walk through the chain (NF_ACCEPT
 * after the mapping is set up), so they are terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NF_NAT_RANGE_* of include/uapi/linux/netfilter/nf_nat.h */
#define NAT_MAP_IPS      0x01
#define NAT_PROTO_SPEC   0x02
#define NAT_PROTO_RANDOM 0x04
#define NAT_PERSISTENT   0x08
#define NAT_RANDOM_FULLY 0x10
#define NAT_PROTO_OFFSET 0x20

struct nat_data {
    uint8_t family;
    uint8_t flags;
    uint16_t minport, maxport, baseport;
    uint8_t minaddr[16], maxaddr[16];
};

enum { O_TO_DEST, O_TO_SRC, O_TO_PORTS, O_RANDOM, O_RANDOM_FULLY, O_PERSISTENT };

static void nat_init(struct ext_parse *p, struct ipt_expr *e)
{
    EXT_DATA(e, struct nat_data)->family = (uint8_t)p->family;
}

/* xtables_strtoui(s, &end, ..., 0, 65535): a leading number in any base
 * strtoul takes; false when there is none or it is out of range. */
static bool lead_port(const char *s, const char **end, unsigned *out)
{
    const char *q = s;
    while (*q == ' ' || *q == '\t')
        q++;
    if (*q == '-' || *q == '+')
        return false;
    char *e;
    errno = 0;
    unsigned long v = strtoul(s, &e, 0);
    if (e == s || errno || v > 65535)
        return false;
    *end = e;
    *out = (unsigned)v;
    return true;
}

/* libxt_NAT.c parse_ports() */
static int parse_ports(struct ext_parse *p, struct nat_data *d, const char *arg)
{
    /* tcp, udp, sctp, dccp and (an old oddity kept by iptables) icmp; the
     * protocol counts even when negated. */
    uint16_t pr = p->proto;
    if (pr != 6 && pr != 17 && pr != 132 && pr != 33 && pr != 1)
        return ext_error(p, "a port needs \"-p tcp\", udp, sctp or dccp in the rule "
                            "(\"Need TCP, UDP, SCTP or DCCP with port specification\")");
    d->flags |= NAT_PROTO_SPEC;
    unsigned port, maxport, base;
    const char *end;
    if (!lead_port(arg, &end, &port)) {
        int sp = service_by_name(arg, NULL);
        if (sp < 0)
            return ext_error(p, "port \"%s\" not valid", arg);
        port = (unsigned)sp;
        end = "";
    }
    if (*end == 0) {
        d->minport = d->maxport = (uint16_t)port;
        return 0;
    }
    if (*end == ':')
        return ext_error(p, "invalid port:port syntax in \"%s\": use a dash", arg);
    if (*end != '-')
        return ext_error(p, "garbage after port value: \"%s\"", end);
    arg = end + 1;
    /* a range: no service names here */
    if (!lead_port(arg, &end, &maxport))
        return ext_error(p, "port \"%s\" not valid", arg);
    if (maxport < port)
        return ext_error(p, "port range \"%u-%u\" is backwards", port, maxport);
    d->minport = (uint16_t)port;
    d->maxport = (uint16_t)maxport;
    if (*end == 0)
        return 0;
    if (*end != '/')
        return ext_error(p, "garbage after port range: \"%s\"", end);
    arg = end + 1;
    if (!lead_port(arg, &end, &base) || base < 1) {
        int sp = service_by_name(arg, NULL);
        if (sp < 0)
            return ext_error(p, "port \"%s\" not valid", arg);
        base = (unsigned)sp;
    }
    d->flags |= NAT_PROTO_OFFSET;
    d->baseport = (uint16_t)base;
    return 0;
}

/* libxt_NAT.c parse_to(): "[addr[-addr]][:ports]", IPv6 addresses in
 * brackets when a port follows. */
static int parse_to(struct ext_parse *p, struct nat_data *d, const char *orig)
{
    char arg[256];
    if (strlen(orig) >= sizeof(arg))
        return ext_error(p, "bad address \"%s\"", orig);
    strcpy(arg, orig);
    char *start = strchr(arg, '['), *colon, *dash;
    if (!start) {
        start = arg;
        /* one colon is a port; more make an IPv6 address */
        colon = strchr(arg, ':');
        if (colon && strchr(colon + 1, ':'))
            colon = NULL;
    } else {
        start++;
        char *end = strchr(start, ']');
        if (!end || d->family == IPT_FAM_IPV4)
            return ext_error(p, "invalid address format \"%s\"", orig);
        *end = 0;
        colon = strchr(end + 1, ':');
    }
    if (colon) {
        if (parse_ports(p, d, colon + 1))
            return -1;
        if (colon == arg || colon == arg + 2) /* ":port" or "[]:port" */
            return 0;
        *colon = 0;
    }
    d->flags |= NAT_MAP_IPS;
    dash = strchr(start, '-');
    if (dash)
        *dash = 0;
    if (!addr_parse(d->family, start, d->minaddr))
        return ext_error(p, "bad IP address \"%s\"", start);
    if (dash) {
        if (!addr_parse(d->family, dash + 1, d->maxaddr))
            return ext_error(p, "bad IP address \"%s\"", dash + 1);
    } else {
        memcpy(d->maxaddr, d->minaddr, sizeof(d->maxaddr));
    }
    return 0;
}

static int parse_nat(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct nat_data *d = e->data;
    switch (o->id) {
    case O_TO_DEST:
    case O_TO_SRC:
        return parse_to(p, d, argv[0]);
    case O_TO_PORTS:
        return parse_ports(p, d, argv[0]);
    case O_RANDOM:
        d->flags |= NAT_PROTO_RANDOM;
        break;
    case O_RANDOM_FULLY:
        d->flags |= NAT_RANDOM_FULLY;
        break;
    case O_PERSISTENT:
        d->flags |= NAT_PERSISTENT;
        break;
    }
    return 0;
}

/* SNAT and MASQUERADE use the older range structs
 * (nf_nat_ipv4_multi_range_compat, nf_nat_range) that have no field for the
 * base port: the offset flag reaches the kernel, the base does not, and
 * iptables-save prints "/0". */
static int snat_check(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct nat_data)->baseport = 0;
    return 0;
}

/* REDIRECT's x6_fcheck (DNAT_fcheck) refuses the offset outright. */
static int redirect_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (EXT_CDATA(e, struct nat_data)->flags & NAT_PROTO_OFFSET)
        return ext_error(p, "REDIRECT: shifted portmap ranges (PORT-PORT/BASE) are not "
                            "supported");
    return 0;
}

/* libxt_NAT.c sprint_range() + __NAT_print() */
static void nat_print(struct strbuf *b, const struct nat_data *d, const char *opt, bool skip_colon)
{
    char buf[160] = "";
    size_t n = 0;
    bool v6 = d->family == IPT_FAM_IPV6;
    bool brackets = v6 && (d->flags & NAT_PROTO_SPEC);
    if (d->flags & NAT_MAP_IPS) {
        char a[64];
        if (brackets)
            buf[n++] = '[';
        addr_format(d->family, d->minaddr, a, sizeof(a));
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", a);
        if (memcmp(d->minaddr, d->maxaddr, 16)) {
            addr_format(d->family, d->maxaddr, a, sizeof(a));
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "-%s", a);
        }
        if (brackets)
            buf[n++] = ']';
        buf[n] = 0;
    }
    if (d->flags & NAT_PROTO_SPEC) {
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, ":%u", d->minport);
        if (d->maxport != d->minport)
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "-%u", d->maxport);
        if (d->flags & NAT_PROTO_OFFSET)
            snprintf(buf + n, sizeof(buf) - n, "/%u", d->baseport);
    }
    if (buf[0])
        sb_printf(b, " %s %s", opt, buf[0] == ':' && skip_colon ? buf + 1 : buf);
    if (d->flags & NAT_PROTO_RANDOM)
        sb_puts(b, " --random");
    if (d->flags & NAT_RANDOM_FULLY)
        sb_puts(b, " --random-fully");
    if (d->flags & NAT_PERSISTENT)
        sb_puts(b, " --persistent");
}

static void dnat_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    nat_print(b, e->data, "--to-destination", false);
}

static void snat_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    nat_print(b, e->data, "--to-source", false);
}

static void ports_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    nat_print(b, e->data, "--to-ports", true);
}

static const struct ext_opt dnat_opts[] = {
    {"to-destination", ARG_CUSTOM, O_TO_DEST, EXT_OPT_MAND, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
    {"persistent", ARG_NONE, O_PERSISTENT, 0, .parse = parse_nat},
};

static const struct ext_opt snat_opts[] = {
    {"to-source", ARG_CUSTOM, O_TO_SRC, EXT_OPT_MAND, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
    {"random-fully", ARG_NONE, O_RANDOM_FULLY, 0, .parse = parse_nat},
    {"persistent", ARG_NONE, O_PERSISTENT, 0, .parse = parse_nat},
};

static const struct ext_opt masquerade_opts[] = {
    {"to-ports", ARG_CUSTOM, O_TO_PORTS, 0, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
    {"random-fully", ARG_NONE, O_RANDOM_FULLY, 0, .parse = parse_nat},
};

static const struct ext_opt redirect_opts[] = {
    {"to-ports", ARG_CUSTOM, O_TO_PORTS, 0, .parse = parse_nat},
    {"random", ARG_NONE, O_RANDOM, 0, .parse = parse_nat},
};

/* The NAT targets (net/netfilter/xt_nat.c, xt_MASQUERADE.c,
 * xt_REDIRECT.c): each fills a range and lets the engine bind it to the
 * connection. They return NF_ACCEPT: the nat chain ends there. */
static void range_from(const struct nat_data *d, struct sim_nat_range *r)
{
    memset(r, 0, sizeof(*r));
    if (d->flags & NAT_MAP_IPS) {
        r->has_addr = true;
        memcpy(r->min_addr, d->minaddr, 16);
        memcpy(r->max_addr, d->maxaddr, 16);
    }
    if (d->flags & NAT_PROTO_SPEC) {
        r->has_port = true;
        r->min_port = d->minport;
        r->max_port = d->maxport;
    }
}

static int dnat_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct sim_nat_range r;
    range_from(e->data, &r);
    return sim_nat(c, true, &r);
}

static int snat_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct sim_nat_range r;
    range_from(e->data, &r);
    return sim_nat(c, false, &r);
}

static int masquerade_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct sim_nat_range r;
    range_from(e->data, &r);
    const struct host_addr *a = c->oif ? host_iface_addr(c->host, c->oif, c->family) : NULL;
    if (!a) {
        sim_ctx_note(c, "nat: MASQUERADE: %s has no address ipt-sim knows (give --iface); "
                        "the source is left as it is",
                     c->oif ? c->oif : "the output interface");
        return IPT_V_ACCEPT;
    }
    r.has_addr = true;
    memcpy(r.min_addr, a->a, 16);
    memcpy(r.max_addr, a->a, 16);
    return sim_nat(c, false, &r);
}

static int redirect_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct sim_nat_range r;
    range_from(e->data, &r);
    uint8_t lo[16] = {0};
    if (c->family == IPT_FAM_IPV4) {
        lo[0] = 127;
        lo[3] = 1;
    } else {
        lo[15] = 1;
    }
    const uint8_t *to = lo; /* OUTPUT: the loopback address */
    if (c->hook == IPT_HOOK_PREROUTING) {
        const struct host_addr *a = c->iif ? host_iface_addr(c->host, c->iif, c->family) : NULL;
        if (!a) {
            /* the kernel drops when the interface has no address */
            sim_ctx_note(c, "nat: REDIRECT: %s has no address: the kernel drops the packet",
                         c->iif ? c->iif : "the input interface");
            return IPT_V_DROP;
        }
        to = a->a;
    }
    r.has_addr = true;
    memcpy(r.min_addr, to, 16);
    memcpy(r.max_addr, to, 16);
    return sim_nat(c, true, &r);
}

const struct ext_ops ext_DNAT = {
    .name = "DNAT",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(dnat_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .terminal = true,
    .init = nat_init,
    .save_opts = dnat_save_opts,
    .target = dnat_target,
};

const struct ext_ops ext_SNAT = {
    .name = "SNAT",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(snat_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_POSTROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT),
    .terminal = true,
    .init = nat_init,
    .check = snat_check,
    .save_opts = snat_save_opts,
    .target = snat_target,
};

const struct ext_ops ext_MASQUERADE = {
    .name = "MASQUERADE",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(masquerade_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_POSTROUTING),
    .terminal = true,
    .init = nat_init,
    .check = snat_check,
    .save_opts = ports_save_opts,
    .target = masquerade_target,
};

const struct ext_ops ext_REDIRECT = {
    .name = "REDIRECT",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_data),
    EXT_OPTS(redirect_opts),
    .table = "nat",
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_OUTPUT),
    .terminal = true,
    .init = nat_init,
    .check = redirect_check,
    .save_opts = ports_save_opts,
    .target = redirect_target,
};
