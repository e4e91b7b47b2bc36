/*
 * xt_hashlimit.c - `-m hashlimit`: a token bucket per address/port group
 * (net/netfilter/xt_hashlimit.c, revision 3).
 *
 * Rates are kept as the kernel keeps them (the interval between packets
 * in 1/1000000 s, or a byte cost for "NNkb/s"), so iptables-save's form
 * is computed back from them as libxt_hashlimit.c does: "1000b/s" comes
 * back as 992b/s. The burst is always printed for packet rates; the
 * htable expiry is printed only when it differs from the one implied by
 * the rate unit.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HL_SCALE             1000000ull /* XT_HASHLIMIT_SCALE_v2 */
#define HL_BURST             5
#define HL_BURST_MAX         1000000
#define HL_GCINTERVAL        1000
#define HL_BYTE_SHIFT        4
#define HL_BYTE_EXPIRE       15
#define HL_BYTE_EXPIRE_BURST 60

enum { M_SIP = 1, M_SPT = 2, M_DIP = 4, M_DPT = 8 };

struct hashlimit_data {
    uint8_t family;
    uint8_t mode; /* M_* */
    bool above, bytes, rate_match;
    uint8_t srcmask, dstmask;
    uint32_t mult; /* seconds of the rate unit */
    uint64_t avg, burst;
    uint32_t size, max, gc_interval, expire, interval;
    const char *name;
};

enum {
    O_UPTO,
    O_ABOVE,
    O_BURST,
    O_MODE,
    O_NAME,
    O_SIZE,
    O_MAX,
    O_GCINT,
    O_EXPIRE,
    O_SRCMASK,
    O_DSTMASK,
    O_RATEMATCH,
    O_INTERVAL,
};

static uint64_t cost_to_bytes(uint64_t cost)
{
    uint64_t r = cost ? UINT32_MAX / cost : UINT32_MAX;
    return (r - 1) << HL_BYTE_SHIFT;
}

static uint64_t bytes_to_cost(uint64_t bytes)
{
    uint32_t r = (uint32_t)(bytes >> HL_BYTE_SHIFT);
    return UINT32_MAX / ((uint64_t)r + 1);
}

static uint32_t unit_factor(char c)
{
    return c == 'm' ? 1024 * 1024 : c == 'k' ? 1024 : 1;
}

static int parse_limit(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct hashlimit_data *d = e->data;
    const char *rate = argv[0];
    bool inv = ext_inv(e, o->id);
    d->above = o->id == O_ABOVE ? !inv : inv;
    /* parse_bytes(): "N[k|m]b/s" */
    const char *b = strstr(rate, "b/s");
    if (b && b != rate) {
        uint64_t r = (uint64_t)atoll(rate);
        if (r) {
            uint64_t v = bytes_to_cost(r * unit_factor(b[-1]));
            if (!v)
                return ext_error(p, "rate too high \"%s\"", rate);
            d->avg = v;
            d->bytes = true;
            d->mult = HL_BYTE_EXPIRE;
            return 0;
        }
    }
    /* parse_rate(): N[/second|/minute|/hour|/day], unit prefixes allowed */
    const char *slash = strchr(rate, '/');
    d->mult = 1;
    if (slash) {
        const char *u = slash + 1;
        size_t n = strlen(u);
        if (!n)
            goto bad;
        if (strncasecmp(u, "second", n) == 0)
            d->mult = 1;
        else if (strncasecmp(u, "minute", n) == 0)
            d->mult = 60;
        else if (strncasecmp(u, "hour", n) == 0)
            d->mult = 60 * 60;
        else if (strncasecmp(u, "day", n) == 0)
            d->mult = 24 * 60 * 60;
        else
            goto bad;
    }
    uint64_t r = (uint64_t)atoll(rate);
    if (!r)
        goto bad;
    d->avg = HL_SCALE * d->mult / r;
    if (!d->avg)
        return ext_error(p, "rate too fast \"%s\" (at most %llu/second)", rate,
                         (unsigned long long)HL_SCALE);
    d->bytes = false;
    return 0;
bad:
    return ext_error(p, "hashlimit: bad value for \"--%s\" option: \"%s\"", o->name, rate);
}

static int parse_burst(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    /* xtables_strtoul() with an end pointer: a number, then k or m */
    const char *s = argv[0];
    char *end;
    if (!isdigit((unsigned char)*s))
        goto bad;
    unsigned long long v = strtoull(s, &end, 0);
    if (v < 1 || (!*end && v > HL_BURST_MAX))
        goto bad;
    EXT_DATA(e, struct hashlimit_data)->burst = v * unit_factor(*end);
    return 0;
bad:
    return ext_error(p, "bad value for option \"--hashlimit-burst\", or out of range (1-%u)",
                     HL_BURST_MAX);
}

static int parse_mode(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    static const struct {
        const char *name;
        uint8_t bit;
    } modes[] = {{"dstip", M_DIP}, {"srcip", M_SIP}, {"srcport", M_SPT}, {"dstport", M_DPT}};
    struct hashlimit_data *d = e->data;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",|", &save); t; t = strtok_r(NULL, ",|", &save)) {
        size_t i;
        for (i = 0; i < ARRAY_SIZE(modes); i++)
            if (strcmp(t, modes[i].name) == 0)
                break;
        if (i == ARRAY_SIZE(modes))
            return ext_error(p,
                             "hashlimit: bad value for \"--hashlimit-mode\" option: \"%s\" "
                             "(srcip, srcport, dstip, dstport)",
                             argv[0]);
        d->mode |= modes[i].bit;
    }
    return 0;
}

static int parse_plen(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    /* XTTYPE_PLEN: a prefix length, or a mask written as an address */
    struct hashlimit_data *d = e->data;
    int alen = addr_len(p->family), hlen = alen * 8;
    const char *s = argv[0];
    char *end;
    unsigned long v = strtoul(s, &end, 0);
    int plen = -1;
    if (isdigit((unsigned char)*s) && !*end && v <= (unsigned long)hlen) {
        plen = (int)v;
    } else {
        uint8_t m[16] = {0};
        bool ok = false;
        if (p->family == IPT_FAM_IPV4) {
            struct in_addr a;
            ok = inet_aton(s, &a);
            memcpy(m, &a, 4);
        } else {
            ok = inet_pton(AF_INET6, s, m) == 1;
        }
        if (!ok)
            return ext_error(p,
                             "hashlimit: bad value for option \"--%s\", neither a valid "
                             "network mask nor valid CIDR (0-%d)",
                             o->name, hlen);
        int n = 0, i = 0;
        for (; i < alen && m[i] == 0xff; i++)
            n += 8;
        if (i < alen) {
            uint8_t x = m[i];
            while (x & 0x80) {
                n++;
                x = (uint8_t)(x << 1);
            }
            bool rest = x != 0;
            for (i++; i < alen; i++)
                rest = rest || m[i];
            if (!rest)
                plen = n;
        } else {
            plen = n;
        }
        if (plen < 0)
            return ext_error(p,
                             "hashlimit: --%s %s is not a prefix length 0-%d (the kernel "
                             "refuses: Invalid argument)",
                             o->name, s, hlen);
    }
    if (o->id == O_SRCMASK)
        d->srcmask = (uint8_t)plen;
    else
        d->dstmask = (uint8_t)plen;
    return 0;
}

static int parse_name(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    if (!*argv[0])
        return ext_error(p, "hashlimit: --hashlimit-name needs at least 1 character");
    if (strchr(argv[0], '/'))
        return ext_error(p, "hashlimit: a name cannot contain '/' (it names a file in "
                            "/proc/net/ipt_hashlimit; the kernel refuses: Invalid argument)");
    EXT_DATA(e, struct hashlimit_data)->name = ruleset_intern(p->rs, argv[0]);
    return 0;
}

static int parse_interval(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                          char **argv)
{
    (void)o;
    int r = atoi(argv[0]);
    if (r <= 0)
        return ext_error(p,
                         "hashlimit: bad value for \"--hashlimit-rate-interval\" option: "
                         "\"%s\"",
                         argv[0]);
    EXT_DATA(e, struct hashlimit_data)->interval = (uint32_t)r;
    return 0;
}

#define U32(name, id, field)                                                                       \
    {                                                                                              \
        name, ARG_U32, id, 0, .off = offsetof(struct hashlimit_data, field)                        \
    }
static const struct ext_opt hashlimit_opts[] = {
    {"hashlimit-upto", ARG_CUSTOM, O_UPTO, EXT_OPT_INVERT, .parse = parse_limit},
    {"hashlimit-above", ARG_CUSTOM, O_ABOVE, EXT_OPT_INVERT, .parse = parse_limit},
    {"hashlimit", ARG_CUSTOM, O_UPTO, EXT_OPT_INVERT, .parse = parse_limit}, /* old name */
    {"hashlimit-srcmask", ARG_CUSTOM, O_SRCMASK, 0, .parse = parse_plen},
    {"hashlimit-dstmask", ARG_CUSTOM, O_DSTMASK, 0, .parse = parse_plen},
    {"hashlimit-burst", ARG_CUSTOM, O_BURST, 0, .parse = parse_burst},
    U32("hashlimit-htable-size", O_SIZE, size),
    U32("hashlimit-htable-max", O_MAX, max),
    U32("hashlimit-htable-gcinterval", O_GCINT, gc_interval),
    U32("hashlimit-htable-expire", O_EXPIRE, expire),
    {"hashlimit-mode", ARG_CUSTOM, O_MODE, 0, .parse = parse_mode},
    {"hashlimit-name", ARG_CUSTOM, O_NAME, EXT_OPT_MAND, .parse = parse_name},
    {"hashlimit-rate-match", ARG_NONE, O_RATEMATCH, 0},
    {"hashlimit-rate-interval", ARG_CUSTOM, O_INTERVAL, 0, .parse = parse_interval},
};
#undef U32

static void hashlimit_init(struct ext_parse *p, struct ipt_expr *e)
{
    struct hashlimit_data *d = e->data;
    d->family = (uint8_t)p->family;
    d->burst = HL_BURST;
    d->gc_interval = HL_GCINTERVAL;
    d->srcmask = d->dstmask = (uint8_t)(addr_len(p->family) * 8);
}

static int hashlimit_check(struct ext_parse *p, struct ipt_expr *e)
{
    struct hashlimit_data *d = e->data;
    if (ext_has(e, O_UPTO) && ext_has(e, O_ABOVE))
        return ext_error(p, "hashlimit: option \"--hashlimit-upto\" cannot be used together "
                            "with \"--hashlimit-above\"");
    if (!ext_has(e, O_UPTO) && !ext_has(e, O_ABOVE))
        return ext_error(p, "hashlimit: you have to specify --hashlimit-upto or "
                            "--hashlimit-above");
    if (!ext_has(e, O_EXPIRE))
        d->expire = d->mult * 1000;
    if (d->bytes) {
        uint64_t burst = 0;
        if (ext_has(e, O_BURST)) {
            uint64_t unit = cost_to_bytes(d->avg);
            if (unit == 0)
                unit = 1; /* a huge byte rate: found by the fuzzer (division by 0) */
            if (d->burst < unit)
                return ext_error(p, "hashlimit: burst cannot be smaller than %llub",
                                 (unsigned long long)unit);
            burst = (d->burst + unit - 1) / unit;
            if (!ext_has(e, O_EXPIRE))
                d->expire = HL_BYTE_EXPIRE_BURST * 1000;
        }
        d->burst = burst;
    } else if (d->burst > HL_BURST_MAX) {
        return ext_error(p,
                         "bad value for option \"--hashlimit-burst\", or out of range "
                         "(1-%u)",
                         HL_BURST_MAX);
    }
    if (ext_has(e, O_RATEMATCH)) {
        d->rate_match = true;
        if (!d->bytes)
            d->avg /= d->mult;
        if (d->interval == 0)
            d->interval = d->bytes ? 1 : d->mult;
    }
    /* hashlimit_mt_check_common() */
    if (d->gc_interval == 0 || d->expire == 0)
        return ext_error(p, "hashlimit: --hashlimit-htable-gcinterval and "
                            "--hashlimit-htable-expire must not be 0 (the kernel refuses: "
                            "Invalid argument)");
    return 0;
}

/* print_rate(): the largest unit that keeps the rate exact enough;
 * returns the unit in ms, the expiry iptables-save takes as default. */
static uint64_t print_rate(struct strbuf *b, uint64_t period)
{
    static const struct {
        const char *name;
        uint64_t mult;
    } rates[] = {{"day", HL_SCALE * 24 * 60 * 60},
                 {"hour", HL_SCALE * 60 * 60},
                 {"min", HL_SCALE * 60},
                 {"sec", HL_SCALE}};
    if (period == 0) {
        sb_puts(b, " inf");
        return 0;
    }
    size_t i;
    for (i = 1; i < ARRAY_SIZE(rates); ++i)
        if (period > rates[i].mult || rates[i].mult / period < rates[i].mult % period)
            break;
    sb_printf(b, " %llu/%s", (unsigned long long)(rates[i - 1].mult / period), rates[i - 1].name);
    return rates[i - 1].mult / HL_SCALE * 1000;
}

static uint64_t print_bytes(struct strbuf *b, uint64_t avg, uint64_t burst)
{
    static const struct {
        const char *name;
        uint32_t thresh;
    } units[] = {{"m", 1024 * 1024}, {"k", 1024}, {"", 1}};
    uint64_t r = cost_to_bytes(avg);
    size_t i;
    for (i = 0; i < ARRAY_SIZE(units) - 1; ++i)
        if (r >= units[i].thresh && bytes_to_cost(r & ~((uint64_t)units[i].thresh - 1)) == avg)
            break;
    sb_printf(b, " %llu%sb/s", (unsigned long long)(r / units[i].thresh), units[i].name);
    if (burst == 0)
        return HL_BYTE_EXPIRE * 1000;
    r *= burst;
    for (i = 0; i < ARRAY_SIZE(units) - 1; ++i)
        if (r >= units[i].thresh)
            break;
    sb_printf(b, " --hashlimit-burst %llu%sb", (unsigned long long)(r / units[i].thresh),
              units[i].name);
    return HL_BYTE_EXPIRE_BURST * 1000;
}

static void hashlimit_save_opts(struct strbuf *b, const struct ipt_rule *r,
                                const struct ipt_expr *e)
{
    (void)r;
    const struct hashlimit_data *d = e->data;
    uint64_t quantum;
    sb_puts(b, d->above ? " --hashlimit-above" : " --hashlimit-upto");
    if (d->bytes) {
        quantum = print_bytes(b, d->avg, d->burst);
    } else {
        quantum = print_rate(b, d->avg);
        sb_printf(b, " --hashlimit-burst %llu", (unsigned long long)d->burst);
    }
    if (d->mode) {
        static const struct {
            uint8_t bit;
            const char *name;
        } order[] = {{M_SIP, "srcip"}, {M_SPT, "srcport"}, {M_DIP, "dstip"}, {M_DPT, "dstport"}};
        char sep = ' ';
        sb_puts(b, " --hashlimit-mode");
        for (size_t i = 0; i < ARRAY_SIZE(order); i++)
            if (d->mode & order[i].bit) {
                sb_putc(b, sep);
                sb_puts(b, order[i].name);
                sep = ',';
            }
    }
    sb_printf(b, " --hashlimit-name %s", d->name);
    if (d->size)
        sb_printf(b, " --hashlimit-htable-size %u", d->size);
    if (d->max)
        sb_printf(b, " --hashlimit-htable-max %u", d->max);
    if (d->gc_interval != HL_GCINTERVAL)
        sb_printf(b, " --hashlimit-htable-gcinterval %u", d->gc_interval);
    if (d->expire != quantum)
        sb_printf(b, " --hashlimit-htable-expire %u", d->expire);
    unsigned dmask = (unsigned)addr_len(d->family) * 8;
    if (d->srcmask != dmask)
        sb_printf(b, " --hashlimit-srcmask %u", d->srcmask);
    if (d->dstmask != dmask)
        sb_printf(b, " --hashlimit-dstmask %u", d->dstmask);
    if (d->rate_match) {
        sb_puts(b, " --hashlimit-rate-match");
        if (d->interval != 1)
            sb_printf(b, " --hashlimit-rate-interval %u", d->interval);
    }
}

/* hashlimit_mt_common(): one token bucket per group of packets (the
 * fields of --hashlimit-mode, masked), each full when first seen. Whether
 * this packet's group has a token left depends on the traffic before it:
 * a fork. The question is always "within the rate" (so --assume
 * hashlimit=pass means the limiter lets the packet through); an
 * --hashlimit-above rule matches when the answer is no. */
static int hashlimit_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct hashlimit_data *d = e->data;
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "hashlimit %s", d->name);
    if (d->bytes) {
        struct strbuf r;
        sb_init(&r);
        print_bytes(&r, d->avg, d->burst);
        const char *opt = " --hashlimit-burst ";
        char *b = strstr(r.s, opt);
        if (b) {
            *b = 0;
            sb_printf(&t, "%s burst %s", r.s, b + strlen(opt));
        } else {
            sb_puts(&t, r.s);
        }
        sb_free(&r);
    } else {
        print_rate(&t, d->avg);
        sb_printf(&t, " burst %llu", (unsigned long long)d->burst);
    }
    if (d->rate_match)
        sb_printf(&t, " (rate-match over %u s)", d->interval);
    if (d->mode) {
        static const struct {
            uint8_t bit;
            const char *name;
        } order[] = {{M_SIP, "srcip"}, {M_SPT, "srcport"}, {M_DIP, "dstip"}, {M_DPT, "dstport"}};
        const struct sim_pkt *p = c->pkt;
        /* hashlimit_init_dst(): ports of a protocol without them are 0 */
        bool ports =
            p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 33 || p->proto == 136;
        char a[64];
        const char *sep = " for ";
        for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
            if (!(d->mode & order[i].bit))
                continue;
            sb_puts(&t, sep);
            sep = ", ";
            switch (order[i].bit) {
            case M_SIP:
            case M_DIP: {
                /* the group is the masked address (hashlimit_init_dst) */
                bool src = order[i].bit == M_SIP;
                unsigned plen = src ? d->srcmask : d->dstmask;
                struct ipt_net n;
                net_from_prefix(c->family, src ? p->src : p->dst, (int)plen, &n);
                addr_format(c->family, n.addr, a, sizeof(a));
                sb_printf(&t, "%s %s", src ? "srcip" : "dstip", a);
                if (plen != (unsigned)addr_len(c->family) * 8)
                    sb_printf(&t, "/%u", plen);
                break;
            }
            case M_SPT:
                sb_printf(&t, "srcport %u", ports ? p->sport : 0);
                break;
            default:
                sb_printf(&t, "dstport %u", ports ? p->dport : 0);
                break;
            }
        }
    } else {
        sb_puts(&t, " for all its packets");
    }
    sb_puts(&t, ": the packet is within the rate");
    bool within = sim_decide(c, t.s, -1);
    sb_free(&t);
    return within != d->above;
}

const struct ext_ops ext_hashlimit = {
    .name = "hashlimit",
    .kind = EXT_MATCH,
    .size = sizeof(struct hashlimit_data),
    EXT_OPTS(hashlimit_opts),
    .init = hashlimit_init,
    .check = hashlimit_check,
    .save_opts = hashlimit_save_opts,
    .match = hashlimit_match,
};
