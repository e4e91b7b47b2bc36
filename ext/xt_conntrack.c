/*
 * xt_conntrack.c - `-m conntrack` and its old alias `-m state`
 * (net/netfilter/xt_conntrack.c, revision 3; xt_state.c is served by the
 * same kernel code through XT_CONNTRACK_STATE_ALIAS, which is why both live
 * here).
 *
 * Formats follow iptables 1.8.9's libxt_conntrack.c as checked against the
 * kernel: states and statuses print in a fixed order whatever order they
 * were given in, --ctproto prints as a number, addresses keep their host
 * bits (the kernel masks at match time, not at load time) and a /32 (/128)
 * mask prints as nothing.
 */
#include "iptsim/ext.h"
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* XT_CONNTRACK_STATE_* bits (include/uapi/linux/netfilter/xt_conntrack.h) */
#define CT_S_INVALID     (1u << 0)
#define CT_S_NEW         (1u << 3) /* XT_CONNTRACK_STATE_BIT(IP_CT_NEW) */
#define CT_S_ESTABLISHED (1u << 1)
#define CT_S_RELATED     (1u << 2)
#define CT_S_UNTRACKED   (1u << 8)
#define CT_S_SNAT        (1u << 9)
#define CT_S_DNAT        (1u << 10)

/* IPS_* status bits (nf_conntrack_common.h) */
#define CT_ST_EXPECTED   (1u << 0)
#define CT_ST_SEEN_REPLY (1u << 1)
#define CT_ST_ASSURED    (1u << 2)
#define CT_ST_CONFIRMED  (1u << 3)

struct ct_addr {
    uint8_t addr[16];
    uint8_t mask[16];
    uint8_t plen;
};

struct ct_data {
    uint32_t state_mask;
    uint32_t status_mask;
    uint8_t l4proto;
    bool reply;                 /* --ctdir REPLY */
    uint8_t family;             /* the rule's, for printing addresses */
    struct ct_addr addr[4];     /* origsrc, origdst, replsrc, repldst */
    struct ext_range16 port[4]; /* the same order */
    struct ext_range32 expire;
};

enum {
    O_CTSTATE,
    O_CTPROTO,
    O_CTORIGSRC,
    O_CTORIGDST,
    O_CTREPLSRC,
    O_CTREPLDST,
    O_CTORIGSRCPORT,
    O_CTORIGDSTPORT,
    O_CTREPLSRCPORT,
    O_CTREPLDSTPORT,
    O_CTSTATUS,
    O_CTEXPIRE,
    O_CTDIR,
};

struct name_bit {
    const char *name;
    uint32_t bit;
};

/* Parse order matters: the match is by prefix (strncasecmp over the
 * length given), so "N" is NEW and "S" is SNAT, as in libxt_conntrack. */
static const struct name_bit ct_states[] = {
    {"INVALID", CT_S_INVALID},
    {"NEW", CT_S_NEW},
    {"ESTABLISHED", CT_S_ESTABLISHED},
    {"RELATED", CT_S_RELATED},
    {"UNTRACKED", CT_S_UNTRACKED},
    {"SNAT", CT_S_SNAT},
    {"DNAT", CT_S_DNAT},
};
/* Print order (print_state): not the parse order. */
static const struct name_bit ct_states_print[] = {
    {"INVALID", CT_S_INVALID},     {"NEW", CT_S_NEW},
    {"RELATED", CT_S_RELATED},     {"ESTABLISHED", CT_S_ESTABLISHED},
    {"UNTRACKED", CT_S_UNTRACKED}, {"SNAT", CT_S_SNAT},
    {"DNAT", CT_S_DNAT},
};
static const struct name_bit ct_statuses[] = {
    {"NONE", 0},
    {"EXPECTED", CT_ST_EXPECTED},
    {"SEEN_REPLY", CT_ST_SEEN_REPLY},
    {"ASSURED", CT_ST_ASSURED},
    {"CONFIRMED", CT_ST_CONFIRMED},
};

static bool lookup_prefix(const struct name_bit *t, size_t n, const char *s, size_t len,
                          uint32_t *mask)
{
    for (size_t i = 0; i < n; i++)
        if (strncasecmp(s, t[i].name, len) == 0) {
            *mask |= t[i].bit;
            return true;
        }
    return false;
}

/* A comma list of names. `what` names the option in messages; the state
 * match refuses a trailing comma with its own message. */
static int parse_list(struct ext_parse *p, const char *arg, const struct name_bit *t, size_t n,
                      const char *what, bool state_alias, uint32_t *mask)
{
    const char *comma;
    while ((comma = strchr(arg, ',')) != NULL) {
        if (comma == arg || !lookup_prefix(t, n, arg, (size_t)(comma - arg), mask))
            return ext_error(p, "bad %s \"%s\"", what, arg);
        arg = comma + 1;
    }
    if (!*arg && state_alias)
        return ext_error(p, "\"--state\" requires a list of states with no spaces, e.g. "
                            "ESTABLISHED,RELATED");
    if (!*arg || !lookup_prefix(t, n, arg, strlen(arg), mask))
        return ext_error(p, "bad %s \"%s\"", what, arg);
    return 0;
}

static void print_list(struct strbuf *b, const struct name_bit *t, size_t n, uint32_t mask)
{
    char sep = ' ';
    for (size_t i = 0; i < n; i++)
        if (t[i].bit && (mask & t[i].bit)) {
            sb_putc(b, sep);
            sb_puts(b, t[i].name);
            sep = ',';
        }
}

static int parse_state(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    return parse_list(p, argv[0], ct_states, ARRAY_SIZE(ct_states), "ctstate", false,
                      &EXT_DATA(e, struct ct_data)->state_mask);
}

static int parse_state_alias(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                             char **argv)
{
    (void)o;
    /* xt_state knows no SNAT/DNAT */
    return parse_list(p, argv[0], ct_states, 5, "state", true,
                      &EXT_DATA(e, struct ct_data)->state_mask);
}

static void print_state(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    print_list(b, ct_states_print, ARRAY_SIZE(ct_states_print),
               EXT_CDATA(e, struct ct_data)->state_mask);
}

static int parse_status(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    return parse_list(p, argv[0], ct_statuses, ARRAY_SIZE(ct_statuses), "ctstatus", false,
                      &EXT_DATA(e, struct ct_data)->status_mask);
}

static void print_status(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    uint32_t m = EXT_CDATA(e, struct ct_data)->status_mask;
    if (!m)
        sb_puts(b, " NONE");
    else
        print_list(b, ct_statuses, ARRAY_SIZE(ct_statuses), m);
}

static int parse_proto(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    /* xtables_parse_protocol(): a number 0-255 or a name ("all" is 0,
     * which iptables 1.8.9 accepts here). */
    const char *s = argv[0];
    int proto = -1;
    if (isdigit((unsigned char)*s)) {
        char *end;
        unsigned long v = strtoul(s, &end, 0);
        if (!*end && v <= 255)
            proto = (int)v;
    } else {
        proto = proto_by_name(s);
    }
    if (proto < 0)
        return ext_error(p, "unknown protocol \"%s\" specified", s);
    EXT_DATA(e, struct ct_data)->l4proto = (uint8_t)proto;
    return 0;
}

static void print_proto(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    sb_printf(b, " %u", EXT_CDATA(e, struct ct_data)->l4proto);
}

/* A prefix length of the mask, or -1 when the mask is not contiguous. */
static int mask_plen(const uint8_t *m, int len)
{
    int n = 0, i = 0;
    for (; i < len && m[i] == 0xff; i++)
        n += 8;
    if (i < len) {
        uint8_t x = m[i];
        while (x & 0x80) {
            n++;
            x = (uint8_t)(x << 1);
        }
        if (x)
            return -1;
        for (i++; i < len; i++)
            if (m[i])
                return -1;
    }
    return n;
}

static bool host_parse(int family, const char *s, uint8_t out[16])
{
    memset(out, 0, 16);
    if (family == IPT_FAM_IPV4) {
        /* getaddrinfo(AF_INET, numeric) takes inet_aton forms: "10.1",
         * "0x0a000001"; "localhost" is the one name every system has. */
        struct in_addr a;
        if (strcmp(s, "localhost") == 0)
            s = "127.0.0.1";
        if (!inet_aton(s, &a))
            return false;
        memcpy(out, &a, 4);
        return true;
    }
    if (strcmp(s, "localhost") == 0)
        s = "::1";
    return inet_pton(AF_INET6, s, out) == 1;
}

static int parse_addr(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct ct_addr *a = &EXT_DATA(e, struct ct_data)->addr[o->id - O_CTORIGSRC];
    int alen = addr_len(p->family), hlen = alen * 8;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash++ = 0;
    if (!host_parse(p->family, buf, a->addr))
        return ext_error(p, "bad address \"%s\" (ipt-sim does not resolve host names)", buf);
    memset(a->mask, 0, sizeof(a->mask));
    int plen = hlen;
    if (slash) {
        /* xtopt_parse_plenmask: a prefix length, else a dotted mask; a
         * mask that is not contiguous ends up as a host mask in 1.8.9. */
        char *end;
        unsigned long v = strtoul(slash, &end, 0);
        if (*slash && isdigit((unsigned char)*slash) && !*end && v <= (unsigned long)hlen) {
            plen = (int)v;
        } else {
            uint8_t m[16] = {0};
            bool ok;
            if (p->family == IPT_FAM_IPV4) {
                struct in_addr ma;
                ok = *slash && inet_aton(slash, &ma);
                if (ok)
                    memcpy(m, &ma, 4);
            } else {
                ok = inet_pton(AF_INET6, slash, m) == 1;
            }
            if (!ok)
                return ext_error(p,
                                 "bad value for option \"--%s\", neither a valid network "
                                 "mask nor valid CIDR (0-%d)",
                                 o->name, hlen);
            plen = mask_plen(m, alen);
            if (plen < 0)
                plen = hlen;
        }
    }
    a->plen = (uint8_t)plen;
    for (int i = 0; i < plen; i++)
        a->mask[i / 8] |= (uint8_t)(0x80 >> (i % 8));
    return 0;
}

static void print_addr(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const struct ct_addr *a = &EXT_CDATA(e, struct ct_data)->addr[o->id - O_CTORIGSRC];
    int family = EXT_CDATA(e, struct ct_data)->family;
    char buf[64];
    addr_format(family, a->addr, buf, sizeof(buf));
    sb_printf(b, " %s", buf);
    if (a->plen != addr_len(family) * 8)
        sb_printf(b, "/%u", a->plen);
}

/* xtables_getportbyname(): a number (any base), else a service name. */
static int port_value(struct ext_parse *p, const char *s, uint16_t *out)
{
    if (isdigit((unsigned char)*s)) {
        char *end;
        unsigned long v = strtoul(s, &end, 0);
        if (!*end && v <= 65535) {
            *out = (uint16_t)v;
            return 0;
        }
    } else {
        int port = service_by_name(s, NULL);
        if (port >= 0) {
            *out = (uint16_t)port;
            return 0;
        }
    }
    return ext_error(p, "port \"%s\" does not resolve to anything", s);
}

static int parse_port(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    /* XTTYPE_PORTRC: "a", "a:b", ":b", "a:"; 1.8.9 takes a reversed range */
    struct ext_range16 *r = &EXT_DATA(e, struct ct_data)->port[o->id - O_CTORIGSRCPORT];
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *colon = strchr(buf, ':');
    if (colon) {
        *colon++ = 0;
        if (strchr(colon, ':'))
            return ext_error(p, "too many components for option \"--%s\" (max: 2)", o->name);
    }
    r->lo = 0;
    r->hi = 65535;
    if (*buf && port_value(p, buf, &r->lo))
        return -1;
    if (!colon)
        r->hi = r->lo;
    else if (*colon && port_value(p, colon, &r->hi))
        return -1;
    return 0;
}

static void print_port(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const struct ext_range16 *r = &EXT_CDATA(e, struct ct_data)->port[o->id - O_CTORIGSRCPORT];
    if (r->hi == 0 || r->lo == r->hi)
        sb_printf(b, " %u", r->lo);
    else
        sb_printf(b, " %u:%u", r->lo, r->hi);
}

static int parse_expire(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    /* XTTYPE_UINT32RC: N or N:M; 1.8.9 takes a reversed range */
    struct ext_range32 *r = &EXT_DATA(e, struct ct_data)->expire;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *colon = strchr(buf, ':');
    if (colon)
        *colon++ = 0;
    uint64_t lo = 0, hi = UINT32_MAX;
    if (*buf || !colon) {
        const char *bad = buf + strspn(buf, "0123456789abcdefxABCDEFX");
        if (*bad)
            return ext_error(p,
                             "argument to \"--ctexpire\" has unexpected characters near "
                             "\"%s\"",
                             argv[0] + (bad - buf));
        if (ext_parse_uint(p, buf, 0, UINT32_MAX, &lo))
            return -1;
    }
    if (!colon)
        hi = lo;
    else if (*colon && ext_parse_uint(p, colon, 0, UINT32_MAX, &hi))
        return -1;
    r->lo = (uint32_t)lo;
    r->hi = (uint32_t)hi;
    return 0;
}

static void print_expire(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const struct ext_range32 *r = &EXT_CDATA(e, struct ct_data)->expire;
    if (r->lo == r->hi)
        sb_printf(b, " %u", r->lo);
    else
        sb_printf(b, " %u:%u", r->lo, r->hi);
}

static int parse_dir(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct ct_data *d = EXT_DATA(e, struct ct_data);
    if (strcasecmp(argv[0], "ORIGINAL") == 0)
        d->reply = false;
    else if (strcasecmp(argv[0], "REPLY") == 0)
        d->reply = true;
    else
        return ext_error(p, "bad value for \"--ctdir\" option: \"%s\" (ORIGINAL or REPLY)",
                         argv[0]);
    return 0;
}

static void print_dir(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    sb_puts(b, EXT_CDATA(e, struct ct_data)->reply ? " REPLY" : " ORIGINAL");
}

#define C(name, id, flags, pa, pr)                                                                 \
    {                                                                                              \
        name, ARG_CUSTOM, id, flags, .parse = pa, .print = pr                                      \
    }
/* conntrack_mt() in net/netfilter/xt_conntrack.c, revision 3.
 *
 * The state bit comes from ctinfo (ESTABLISHED and RELATED in either
 * direction give the same bit); the virtual SNAT/DNAT states come from
 * the connection's IPS_SRC_NAT/IPS_DST_NAT status. A packet without a
 * conntrack entry (INVALID, UNTRACKED) can match only --ctstate: with any
 * other option the kernel returns "match" only when --ctstate was given.
 * --ctstatus tests any of the named IPS_* bits (NONE names none, so it
 * never matches); EXPECTED is never set here (ipt-sim models no
 * expectations). --ctexpire forks. */
static bool ct_addr_match(const struct ct_addr *a, const uint8_t *x, int len)
{
    for (int i = 0; i < len; i++)
        if ((x[i] & a->mask[i]) != (a->addr[i] & a->mask[i]))
            return false;
    return true;
}

static int conntrack_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct ct_data *d = e->data;
    const struct ct_entry *ct = c->ct;
    if (ext_has(e, O_CTSTATE)) {
        uint32_t bit;
        switch (c->ctstate) {
        case CT_INVALID:
            bit = CT_S_INVALID;
            break;
        case CT_UNTRACKED:
            bit = CT_S_UNTRACKED;
            break;
        case CT_ESTABLISHED:
            bit = CT_S_ESTABLISHED;
            break;
        case CT_RELATED:
            bit = CT_S_RELATED;
            break;
        default:
            bit = CT_S_NEW;
        }
        if (ct && (ct->status & CT_STATUS_SNAT))
            bit |= CT_S_SNAT;
        if (ct && (ct->status & CT_STATUS_DNAT))
            bit |= CT_S_DNAT;
        if (((d->state_mask & bit) != 0) == ext_inv(e, O_CTSTATE))
            return 0;
    }
    if (!ct)
        return ext_has(e, O_CTSTATE);
    if (ext_has(e, O_CTDIR) && (c->ctdir == 0) == d->reply)
        return 0;
    if (ext_has(e, O_CTPROTO) && (ct->orig.proto == d->l4proto) == ext_inv(e, O_CTPROTO))
        return 0;
    int len = addr_len(ct->family);
    const uint8_t *addrs[4] = {ct->orig.src, ct->orig.dst, ct->reply.src, ct->reply.dst};
    const uint16_t ports[4] = {ct->orig.sport, ct->orig.dport, ct->reply.sport, ct->reply.dport};
    for (int i = 0; i < 4; i++) {
        if (ext_has(e, O_CTORIGSRC + i) &&
            ct_addr_match(&d->addr[i], addrs[i], len) == ext_inv(e, O_CTORIGSRC + i))
            return 0;
        if (ext_has(e, O_CTORIGSRCPORT + i) &&
            (ports[i] >= d->port[i].lo && ports[i] <= d->port[i].hi) ==
                ext_inv(e, O_CTORIGSRCPORT + i))
            return 0;
    }
    if (ext_has(e, O_CTSTATUS)) {
        uint32_t st = 0;
        if (ct->status & CT_STATUS_SEEN_REPLY)
            st |= CT_ST_SEEN_REPLY;
        if (ct->status & CT_STATUS_ASSURED)
            st |= CT_ST_ASSURED;
        if (ct->status & CT_STATUS_CONFIRMED)
            st |= CT_ST_CONFIRMED;
        if (((d->status_mask & st) != 0) == ext_inv(e, O_CTSTATUS))
            return 0;
    }
    if (ext_has(e, O_CTEXPIRE)) {
        /* nf_ct_expires(ct) / HZ: the time left depends on when the
         * connection last saw a packet, which ipt-sim does not model. */
        char what[128];
        if (d->expire.lo == d->expire.hi)
            snprintf(what, sizeof(what),
                     "the connection's remaining lifetime is %u seconds (--ctexpire)",
                     d->expire.lo);
        else
            snprintf(what, sizeof(what),
                     "the connection's remaining lifetime is %u to %u seconds (--ctexpire)",
                     d->expire.lo, d->expire.hi);
        return sim_decide(c, what, -1) != ext_inv(e, O_CTEXPIRE);
    }
    return 1;
}

static const struct ext_opt conntrack_opts[] = {
    C("ctstate", O_CTSTATE, EXT_OPT_INVERT, parse_state, print_state),
    C("ctproto", O_CTPROTO, EXT_OPT_INVERT, parse_proto, print_proto),
    C("ctorigsrc", O_CTORIGSRC, EXT_OPT_INVERT, parse_addr, print_addr),
    C("ctorigdst", O_CTORIGDST, EXT_OPT_INVERT, parse_addr, print_addr),
    C("ctreplsrc", O_CTREPLSRC, EXT_OPT_INVERT, parse_addr, print_addr),
    C("ctrepldst", O_CTREPLDST, EXT_OPT_INVERT, parse_addr, print_addr),
    C("ctorigsrcport", O_CTORIGSRCPORT, EXT_OPT_INVERT, parse_port, print_port),
    C("ctorigdstport", O_CTORIGDSTPORT, EXT_OPT_INVERT, parse_port, print_port),
    C("ctreplsrcport", O_CTREPLSRCPORT, EXT_OPT_INVERT, parse_port, print_port),
    C("ctrepldstport", O_CTREPLDSTPORT, EXT_OPT_INVERT, parse_port, print_port),
    C("ctstatus", O_CTSTATUS, EXT_OPT_INVERT, parse_status, print_status),
    C("ctexpire", O_CTEXPIRE, EXT_OPT_INVERT, parse_expire, print_expire),
    C("ctdir", O_CTDIR, 0, parse_dir, print_dir),
};

static const struct ext_opt state_opts[] = {
    C("state", O_CTSTATE, EXT_OPT_INVERT | EXT_OPT_MAND, parse_state_alias, print_state),
};
#undef C

static int conntrack_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (!e->set)
        return ext_error(p, "conntrack: at least one option is required");
    return 0;
}

static void ct_init(struct ext_parse *p, struct ipt_expr *e)
{
    EXT_DATA(e, struct ct_data)->family = (uint8_t)p->family;
}

const struct ext_ops ext_conntrack = {
    .name = "conntrack",
    .kind = EXT_MATCH,
    .size = sizeof(struct ct_data),
    EXT_OPTS(conntrack_opts),
    .init = ct_init,
    .check = conntrack_check,
    .match = conntrack_match,
};

const struct ext_ops ext_state = {
    .name = "state",
    .kind = EXT_MATCH,
    .size = sizeof(struct ct_data),
    EXT_OPTS(state_opts),
    .init = ct_init,
    .match = conntrack_match,
};

/* For analysis (analysis.h): --ctstate / --state as enum ct_state bits. */
bool ext_conntrack_states(const struct ipt_expr *e, uint8_t *states, bool *inv, bool *unmodelled)
{
    const struct ct_data *d = e->data;
    *unmodelled = (e->set & ~(1u << O_CTSTATE)) != 0;
    *states = 0;
    *inv = false;
    if (!ext_has(e, O_CTSTATE))
        return false;
    static const struct {
        uint32_t bit;
        int state;
    } map[] = {{CT_S_NEW, CT_NEW},
               {CT_S_ESTABLISHED, CT_ESTABLISHED},
               {CT_S_RELATED, CT_RELATED},
               {CT_S_INVALID, CT_INVALID},
               {CT_S_UNTRACKED, CT_UNTRACKED}};
    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (d->state_mask & map[i].bit)
            *states |= (uint8_t)(1u << map[i].state);
    if (d->state_mask & (CT_S_SNAT | CT_S_DNAT))
        *unmodelled = true;
    *inv = ext_inv(e, O_CTSTATE);
    return true;
}
