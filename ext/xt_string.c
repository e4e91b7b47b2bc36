/*
 * xt_string.c - `-m string` (net/netfilter/xt_string.c): a textsearch for a
 * byte pattern in the packet between two offsets.
 *
 * The pattern is bytes, not text: --hex-string may put NULs in it, so it is
 * kept with its length. iptables-save prints it back as --string when every
 * byte is printable and as --hex-string "|..|" otherwise, whichever option
 * was used (libxt_string.c string_save), so both options share one id.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define STRING_MAX_PATTERN 128 /* XT_STRING_MAX_PATTERN_SIZE */
#define STRING_MAX_ALGO    16  /* XT_STRING_MAX_ALGO_NAME_SIZE, with the NUL */

struct string_data {
    uint16_t from, to;
    char algo[STRING_MAX_ALGO];
    uint8_t pattern[STRING_MAX_PATTERN];
    uint8_t patlen;
};

enum { O_FROM, O_TO, O_ALGO, O_STRING, O_HEX_STRING, O_ICASE };

static void string_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    /* libxt_string.c string_init: search to the end of the packet */
    EXT_DATA(e, struct string_data)->to = UINT16_MAX;
}

static int parse_algo(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)p;
    (void)o;
    struct string_data *d = e->data;
    /* XTTYPE_STRING into char[16] silently truncates; the kernel then looks
     * the (truncated) name up with textsearch_prepare(). */
    snprintf(d->algo, sizeof(d->algo), "%s", argv[0]);
    return 0;
}

static int parse_plain(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    (void)o;
    struct string_data *d = e->data;
    size_t n = strlen(argv[0]);
    if (ext_has(e, O_HEX_STRING))
        return ext_error_opt(p, "--string cannot be used together with --hex-string");
    if (n > STRING_MAX_PATTERN)
        return ext_error(p, "STRING too long \"%s\" (at most %d bytes)", argv[0],
                         STRING_MAX_PATTERN);
    memcpy(d->pattern, argv[0], n);
    d->patlen = (uint8_t)n;
    return 0;
}

/* libxt_string.c parse_hex_string(), quirks included: text outside |..| is
 * copied, "\c" quotes one character outside hex blocks, one blank may follow
 * each hex byte, and the character right after a '|' is read in the new mode
 * without being re-examined as a '|' or '\'. */
static int parse_hex(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct string_data *d = e->data;
    const char *s = argv[0];
    size_t slen = strlen(s), i = 0;
    unsigned sindex = 0;
    bool hex = false, literal = false;
    if (ext_has(e, O_STRING))
        return ext_error_opt(p, "--hex-string cannot be used together with --string");
    if (slen == 0)
        return ext_error(p, "STRING must contain at least one char");
    while (i < slen) {
        if (sindex >= STRING_MAX_PATTERN)
            return ext_error(p, "STRING too long \"%s\" (at most %d bytes)", s, STRING_MAX_PATTERN);
        if (s[i] == '\\' && !hex) {
            literal = true;
        } else if (s[i] == '\\') {
            return ext_error(p, "Cannot include literals in hex data");
        } else if (s[i] == '|') {
            if (hex) {
                hex = false;
            } else {
                hex = true;
                while (s[i + 1] == ' ')
                    i++;
            }
            if (i + 1 >= slen)
                break;
            i++;
        }
        if (literal) {
            if (i + 1 >= slen)
                return ext_error(p, "Bad literal placement at end of string");
            d->pattern[sindex] = (uint8_t)s[i + 1];
            i += 2;
            literal = false;
        } else if (hex) {
            if (i + 1 >= slen)
                return ext_error(p, "Odd number of hex digits");
            if (i + 2 >= slen)
                return ext_error(p, "Invalid hex block (a hex block must end with '|')");
            for (int k = 0; k < 2; k++)
                if (!isxdigit((unsigned char)s[i + k]))
                    return ext_error(p, "Invalid hex char '%c'", s[i + k]);
            char tmp[3] = {s[i], s[i + 1], 0};
            d->pattern[sindex] = (uint8_t)strtoul(tmp, NULL, 16);
            i += s[i + 2] == ' ' ? 3 : 2;
        } else {
            d->pattern[sindex] = (uint8_t)s[i];
            i++;
        }
        sindex++;
    }
    d->patlen = (uint8_t)sindex;
    return 0;
}

#define S(f) .off = offsetof(struct string_data, f)
static const struct ext_opt string_opts[] = {
    {"from", ARG_U16, O_FROM, 0, S(from)},
    {"to", ARG_U16, O_TO, 0, S(to)},
    {"algo", ARG_CUSTOM, O_ALGO, EXT_OPT_MAND, S(algo), .parse = parse_algo},
    {"string", ARG_CUSTOM, O_STRING, EXT_OPT_INVERT, S(pattern), .parse = parse_plain},
    {"hex-string", ARG_CUSTOM, O_HEX_STRING, EXT_OPT_INVERT, S(pattern), .parse = parse_hex},
    {"icase", ARG_NONE, O_ICASE, 0},
};
#undef S

static int string_check(struct ext_parse *p, struct ipt_expr *e)
{
    const struct string_data *d = e->data;
    if (!ext_has(e, O_ALGO))
        return ext_error(p, "string: option --algo must be specified");
    if (!ext_has(e, O_STRING) && !ext_has(e, O_HEX_STRING))
        return ext_error(p, "string: STRING match needs --string or --hex-string");
    /* xt_string.c string_mt_check */
    if (d->from > d->to)
        return ext_error(p,
                         "string: --from %u is beyond --to %u: the kernel refuses the rule "
                         "(Invalid argument)",
                         d->from, d->to);
    if (d->patlen == 0)
        return ext_error(p, "string: the pattern is empty: the kernel refuses the rule "
                            "(Invalid argument)");
    /* textsearch algorithms the kernel offers; fsm needs a pattern format
     * the string match cannot give it and fails with EINVAL */
    if (strcmp(d->algo, "bm") != 0 && strcmp(d->algo, "kmp") != 0)
        return ext_error(p,
                         "string: unknown search algorithm \"%s\" (bm or kmp): the kernel "
                         "refuses the rule",
                         d->algo);
    return 0;
}

static void string_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct string_data *d = e->data;
    bool inv = ext_inv(e, O_STRING) || ext_inv(e, O_HEX_STRING);
    bool printable = true;
    for (unsigned i = 0; i < d->patlen; i++)
        if (!isprint(d->pattern[i]))
            printable = false;
    if (printable) {
        sb_puts(b, inv ? " ! --string \"" : " --string \"");
        for (unsigned i = 0; i < d->patlen; i++) {
            if (d->pattern[i] == '"' || d->pattern[i] == '\\')
                sb_putc(b, '\\');
            sb_putc(b, (char)d->pattern[i]);
        }
        sb_putc(b, '"');
    } else {
        sb_puts(b, inv ? " ! --hex-string \"|" : " --hex-string \"|");
        for (unsigned i = 0; i < d->patlen; i++)
            sb_printf(b, "%02x", d->pattern[i]);
        sb_puts(b, "|\"");
    }
    sb_printf(b, " --algo %s", d->algo);
    if (d->from != 0)
        sb_printf(b, " --from %u", d->from);
    if (d->to != UINT16_MAX)
        sb_printf(b, " --to %u", d->to);
    if (ext_has(e, O_ICASE))
        sb_puts(b, " --icase");
}

/* string_mt() (net/netfilter/xt_string.c): skb_find_text() searches the
 * bytes from --from up to, not including, --to (counted from the IP
 * header, and never past the packet's end) for the pattern, which must fit
 * in that window whole; '!' inverts the answer. A window too small for the
 * pattern never holds it. Otherwise the bytes (the payload above all) are
 * not part of what ipt-sim knows: a fork. */
static int string_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct string_data *d = e->data;
    bool inv = ext_inv(e, O_STRING) || ext_inv(e, O_HEX_STRING);
    unsigned end = d->to < c->pkt->len ? d->to : c->pkt->len;
    if (d->from >= end || end - d->from < d->patlen)
        return inv;
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "bytes %u to %u of the packet %s ", d->from, end - 1,
              inv ? "do not contain" : "contain");
    bool printable = true;
    for (unsigned i = 0; i < d->patlen; i++)
        if (!isprint(d->pattern[i]))
            printable = false;
    if (printable) {
        sb_putc(&t, '"');
        sb_putn(&t, (const char *)d->pattern, d->patlen);
        sb_putc(&t, '"');
    } else {
        sb_putc(&t, '|');
        for (unsigned i = 0; i < d->patlen; i++)
            sb_printf(&t, "%02x", d->pattern[i]);
        sb_putc(&t, '|');
    }
    if (ext_has(e, O_ICASE))
        sb_puts(&t, " (ignoring case)");
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_string = {
    .name = "string",
    .kind = EXT_MATCH,
    .size = sizeof(struct string_data),
    EXT_OPTS(string_opts),
    .init = string_init,
    .check = string_check,
    .save_opts = string_save_opts,
    .match = string_match,
};
