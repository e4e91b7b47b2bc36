/*
 * xt_helper.c - `-m helper --helper NAME` (net/netfilter/xt_helper.c): the
 * connection's conntrack helper ("ftp", "sip", ...), or for "ftp-21" style
 * names the helper bound to that port.
 */
#include "iptsim/ext.h"

#include <string.h>

#define HELPER_NAME_MAX 30 /* char name[30] in struct xt_helper_info */

struct helper_data {
    const char *name;
};

enum { O_HELPER };

static int parse_helper(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    char buf[HELPER_NAME_MAX];
    /* XTTYPE_STRING with XTOPT_PUT cuts silently at 29 characters */
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    EXT_DATA(e, struct helper_data)->name = ruleset_intern(p->rs, buf);
    return 0;
}

/* xtables_save_string(): bare when only [A-Za-z0-9_-], else quoted with
 * '"', '\' and '\'' escaped. */
static void print_helper(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const char *s = EXT_CDATA(e, struct helper_data)->name;
    size_t n = strspn(s, "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    sb_putc(b, ' ');
    if (n > 0 && s[n] == 0) {
        sb_puts(b, s);
        return;
    }
    sb_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\' || *s == '\'')
            sb_putc(b, '\\');
        sb_putc(b, *s);
    }
    sb_putc(b, '"');
}

static const struct ext_opt helper_opts[] = {
    {"helper", ARG_CUSTOM, O_HELPER, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct helper_data, name), .parse = parse_helper, .print = print_helper},
};

const struct ext_ops ext_helper = {
    .name = "helper",
    .kind = EXT_MATCH,
    .size = sizeof(struct helper_data),
    EXT_OPTS(helper_opts),
};
