/*
 * xt_u32.c - `-m u32 --u32 TESTS` (net/netfilter/xt_u32.c): tests on 32-bit
 * words read at computed packet offsets.
 *
 * The expression is parsed as libxt_u32.c u32_parse does (at most 10 tests,
 * 10 numbers per location, 10 value ranges per test) and kept in parsed
 * form: iptables-save prints it back normalised, every number in hex.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define U32_MAXSIZE 10 /* XT_U32_MAXSIZE */

enum { U32_AND, U32_LEFTSH, U32_RIGHTSH, U32_AT };

struct u32_test {
    struct {
        uint32_t number;
        uint8_t nextop;
    } location[U32_MAXSIZE + 1];
    struct {
        uint32_t min, max;
    } value[U32_MAXSIZE + 1];
    uint8_t nnums, nvalues;
};

struct u32_data {
    struct u32_test tests[U32_MAXSIZE + 1];
    uint8_t ntests;
};

enum { O_U32 };

static int u32_number(struct ext_parse *p, const char *start, const char **s, uint32_t *out)
{
    char *end;
    const char *q = *s;
    while (isspace((unsigned char)*q))
        q++;
    errno = 0;
    unsigned long long v = *q == '-' ? ULLONG_MAX : strtoull(q, &end, 0);
    if (*q == '-' || end == q || errno || v > UINT32_MAX)
        return ext_error(p, "u32: at char %d: not a number or out of range", (int)(*s - start));
    *out = (uint32_t)v;
    *s = end;
    return 0;
}

static int parse_u32(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct u32_data *d = e->data;
    const char *start = argv[0], *arg = start;
    unsigned testind = 0, locind = 0, valind = 0;
    struct u32_test *ct = &d->tests[0];
    int state = 0; /* 0: location, 1: values */
#define AT ((int)(arg - start))
    for (;;) {
        while (isspace((unsigned char)*arg))
            arg++;
        if (*arg == 0) {
            if (state == 0)
                return ext_error(p, "u32: abrupt end of input after location specifier");
            if (valind == 0)
                return ext_error(p, "u32: test ended with no value specified");
            ct->nnums = (uint8_t)locind;
            ct->nvalues = (uint8_t)valind;
            d->ntests = (uint8_t)++testind;
            if (testind > U32_MAXSIZE)
                return ext_error(p, "u32: at char %d: too many \"&&\"s", AT);
            return 0;
        }
        if (state == 0) {
            if (*arg == '=') {
                if (locind == 0)
                    return ext_error(p, "u32: at char %d: location spec missing", AT);
                arg++;
                state = 1;
                continue;
            }
            if (locind != 0) {
                uint8_t op;
                if (*arg == '&') {
                    op = U32_AND;
                } else if (*arg == '<') {
                    if (*++arg != '<')
                        return ext_error(p, "u32: at char %d: a second '<' was expected", AT);
                    op = U32_LEFTSH;
                } else if (*arg == '>') {
                    if (*++arg != '>')
                        return ext_error(p, "u32: at char %d: a second '>' was expected", AT);
                    op = U32_RIGHTSH;
                } else if (*arg == '@') {
                    op = U32_AT;
                } else {
                    return ext_error(p, "u32: at char %d: operator expected", AT);
                }
                ct->location[locind].nextop = op;
                arg++;
            }
            if (u32_number(p, start, &arg, &ct->location[locind].number))
                return -1;
            if (++locind > U32_MAXSIZE)
                return ext_error(p, "u32: at char %d: too many operators", AT);
        } else if (*arg == '&') {
            if (*++arg != '&')
                return ext_error(p, "u32: at char %d: a second '&' was expected", AT);
            ct->nnums = (uint8_t)locind;
            ct->nvalues = (uint8_t)valind;
            ct = &d->tests[++testind];
            if (testind > U32_MAXSIZE)
                return ext_error(p, "u32: at char %d: too many \"&&\"s", AT);
            arg++;
            state = 0;
            locind = valind = 0;
        } else {
            if (valind > 0) {
                if (*arg != ',')
                    return ext_error(p, "u32: at char %d: expected \",\" or \"&&\"", AT);
                arg++;
            }
            if (u32_number(p, start, &arg, &ct->value[valind].min))
                return -1;
            while (isspace((unsigned char)*arg))
                arg++;
            if (*arg == ':') {
                arg++;
                if (u32_number(p, start, &arg, &ct->value[valind].max))
                    return -1;
            } else {
                ct->value[valind].max = ct->value[valind].min;
            }
            if (++valind > U32_MAXSIZE)
                return ext_error(p, "u32: at char %d: too many \",\"s", AT);
        }
    }
#undef AT
}

static void print_u32(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    static const char *const ops[] = {"&", "<<", ">>", "@"};
    const struct u32_data *d = e->data;
    sb_puts(b, " \"");
    for (unsigned t = 0; t < d->ntests; t++) {
        const struct u32_test *ct = &d->tests[t];
        if (t)
            sb_puts(b, "&&");
        sb_printf(b, "0x%x", ct->location[0].number);
        for (unsigned i = 1; i < ct->nnums; i++)
            sb_printf(b, "%s0x%x", ops[ct->location[i].nextop], ct->location[i].number);
        sb_putc(b, '=');
        for (unsigned i = 0; i < ct->nvalues; i++) {
            sb_printf(b, "%s0x%x", i ? "," : "", ct->value[i].min);
            if (ct->value[i].min != ct->value[i].max)
                sb_printf(b, ":0x%x", ct->value[i].max);
        }
    }
    sb_putc(b, '"');
}

static const struct ext_opt u32_opts[] = {
    {"u32", ARG_CUSTOM, O_U32, EXT_OPT_INVERT | EXT_OPT_MAND, .off = 0, .parse = parse_u32,
     .print = print_u32},
};

static int u32_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct u32_data *d = e->data;
    /* u32_mt_checkentry() refuses shifts of 32 bits or more */
    for (unsigned t = 0; t < d->ntests; t++)
        for (unsigned i = 1; i < d->tests[t].nnums; i++)
            if (d->tests[t].location[i].nextop != U32_AND &&
                d->tests[t].location[i].nextop != U32_AT && d->tests[t].location[i].number >= 32)
                return ext_error(p,
                                 "u32: shift by %u bits (at most 31): the kernel refuses the "
                                 "rule (Invalid argument)",
                                 d->tests[t].location[i].number);
    return 0;
}

/* ---- simulation ----
 *
 * The packet as bytes, each known or not: what the simulator knows of the
 * IP header (no IP options: IHL 5; not a fragment unless the packet is a
 * non-first one; the identification, DF bit, checksum and IPv6 flow label
 * unknown) and of the transport header's fixed part (ports, TCP flags,
 * UDP length, ICMP type and code). Sequence numbers, TCP options, window,
 * checksums and the payload are unknown. p->len is the packet's length.
 */
#define U32_PKT_MAX 128

struct u32_pkt {
    uint8_t b[U32_PKT_MAX];
    uint8_t known[U32_PKT_MAX];
    uint32_t len;
};

static void put(struct u32_pkt *k, unsigned off, uint8_t v, uint8_t known)
{
    if (off < U32_PKT_MAX) {
        k->b[off] = v & known;
        k->known[off] = known;
    }
}

static void put16(struct u32_pkt *k, unsigned off, uint16_t v)
{
    put(k, off, (uint8_t)(v >> 8), 0xff);
    put(k, off + 1, (uint8_t)v, 0xff);
}

static void build_pkt(const struct sim_ctx *c, struct u32_pkt *k)
{
    const struct sim_pkt *p = c->pkt;
    memset(k, 0, sizeof(*k));
    k->len = p->len;
    unsigned l4;
    if (c->family == IPT_FAM_IPV4) {
        put(k, 0, 0x45, 0xff);
        put(k, 1, p->tos, 0xff);
        put16(k, 2, p->len);
        /* 4-5 identification: unknown. 6-7: reserved bit 0, DF unknown, MF
         * and offset 0 unless a non-first fragment */
        put(k, 6, 0, p->fragment ? 0x80 : 0xbf);
        put(k, 7, 0, p->fragment ? 0 : 0xff);
        put(k, 8, p->ttl, 0xff);
        put(k, 9, p->proto, 0xff);
        for (unsigned i = 0; i < 4; i++) {
            put(k, 12 + i, p->src[i], 0xff);
            put(k, 16 + i, p->dst[i], 0xff);
        }
        l4 = 20;
        if (p->fragment)
            return; /* a non-first fragment has no transport header */
    } else {
        put(k, 0, (uint8_t)(0x60 | p->tos >> 4), 0xff);
        put(k, 1, (uint8_t)(p->tos << 4), 0xf0);
        put16(k, 4, (uint16_t)(p->len - 40));
        put(k, 6, p->proto, 0xff);
        put(k, 7, p->ttl, 0xff);
        for (unsigned i = 0; i < 16; i++) {
            put(k, 8 + i, p->src[i], 0xff);
            put(k, 24 + i, p->dst[i], 0xff);
        }
        l4 = 40;
    }
    switch (p->proto) {
    case 6: /* TCP */
        put16(k, l4, p->sport);
        put16(k, l4 + 2, p->dport);
        put(k, l4 + 13, p->tcp_flags, 0xff);
        break;
    case 17:  /* UDP */
    case 136: /* UDP-Lite: the same place holds the checksum coverage */
        put16(k, l4, p->sport);
        put16(k, l4 + 2, p->dport);
        if (p->proto == 17)
            put16(k, l4 + 4, (uint16_t)(p->len - l4));
        break;
    case 132: /* SCTP */
        put16(k, l4, p->sport);
        put16(k, l4 + 2, p->dport);
        break;
    case 1:
    case 58:
        put(k, l4, p->icmp_type, 0xff);
        put(k, l4 + 1, p->icmp_code, 0xff);
        break;
    }
    /* nothing past the packet's end */
    if (k->len < U32_PKT_MAX)
        memset(k->known + k->len, 0, U32_PKT_MAX - k->len);
}

/* A 32-bit word at pos: its value and which bits are known. */
static void read_word(const struct u32_pkt *k, uint32_t pos, uint32_t *val, uint32_t *known)
{
    *val = *known = 0;
    for (uint32_t i = 0; i < 4; i++) {
        uint32_t o = pos + i;
        uint8_t b = 0, m = 0;
        if (o < U32_PKT_MAX) {
            b = k->b[o];
            m = k->known[o];
        }
        *val = *val << 8 | b;
        *known = *known << 8 | m;
    }
}

/* One test of u32_match_it() (net/netfilter/xt_u32.c), tracking which bits
 * of the value are known: 1 or 0, or -1 when it depends on unknown bytes. */
static int u32_test(const struct u32_pkt *k, const struct u32_test *ct)
{
    uint32_t at = 0, pos = ct->location[0].number, val, known;
    if (k->len < 4 || pos > k->len - 4)
        return 0;
    read_word(k, pos, &val, &known);
    for (unsigned i = 1; i < ct->nnums; i++) {
        uint32_t number = ct->location[i].number;
        switch (ct->location[i].nextop) {
        case U32_AND:
            val &= number;
            known |= ~number; /* cleared bits are known zeros */
            break;
        case U32_LEFTSH:
            if (number >= 32) { /* refused by the check; kept defined */
                val = 0, known = UINT32_MAX;
                break;
            }
            val <<= number;
            known = known << number | ((1u << number) - 1);
            break;
        case U32_RIGHTSH:
            if (number >= 32) {
                val = 0, known = UINT32_MAX;
                break;
            }
            val >>= number;
            known = known >> number | ~(UINT32_MAX >> number);
            break;
        case U32_AT:
            if (known != UINT32_MAX)
                return -1; /* an offset ipt-sim does not know */
            if (at + val < at)
                return 0;
            at += val;
            pos = number;
            if (at + 4 < at || k->len < at + 4 || pos > k->len - at - 4)
                return 0;
            read_word(k, at + pos, &val, &known);
            break;
        }
    }
    /* the values the unknown bits allow lie in [lo, hi] */
    uint32_t lo = val & known, hi = val | ~known;
    bool maybe = false;
    for (unsigned i = 0; i < ct->nvalues; i++) {
        uint32_t min = ct->value[i].min, max = ct->value[i].max;
        if (min <= lo && hi <= max)
            return 1;
        if (min <= hi && lo <= max)
            maybe = true;
    }
    return maybe ? -1 : 0;
}

/* u32_mt(): every test must hold; '!' inverts the whole answer. */
static int u32_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct u32_data *d = e->data;
    bool inv = ext_inv(e, O_U32);
    struct u32_pkt k;
    build_pkt(c, &k);
    int m = 1;
    for (unsigned t = 0; t < d->ntests && m != 0; t++) {
        int r = u32_test(&k, &d->tests[t]);
        if (r == 0 || (r < 0 && m > 0))
            m = r;
    }
    if (m >= 0)
        return m != inv;
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "the packet's bytes %s --u32", inv ? "fail" : "satisfy");
    print_u32(&t, e, NULL);
    sb_puts(&t, " (they include bytes ipt-sim does not know)");
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_u32 = {
    .name = "u32",
    .kind = EXT_MATCH,
    .size = sizeof(struct u32_data),
    EXT_OPTS(u32_opts),
    .check = u32_check,
    .match = u32_match,
};
