/*
 * xt_u32.c - `-m u32 --u32 TESTS` (net/netfilter/xt_u32.c): tests on 32-bit
 * words read at computed packet offsets.
 *
 * The expression is parsed as libxt_u32.c u32_parse does (at most 10 tests,
 * 10 numbers per location, 10 value ranges per test) and kept in parsed
 * form: iptables-save prints it back normalised, every number in hex.
 */
#include "iptsim/ext.h"

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

const struct ext_ops ext_u32 = {
    .name = "u32",
    .kind = EXT_MATCH,
    .size = sizeof(struct u32_data),
    EXT_OPTS(u32_opts),
    .check = u32_check,
};
