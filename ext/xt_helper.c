/*
 * xt_helper.c - `-m helper --helper NAME` (net/netfilter/xt_helper.c): the
 * connection's conntrack helper ("ftp", "sip", ...), or for "ftp-21" style
 * names the helper bound to that port.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

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

static void print_helper(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    sb_putc(b, ' ');
    ext_print_string_quoted(b, EXT_CDATA(e, struct helper_data)->name);
}

static const struct ext_opt helper_opts[] = {
    {"helper", ARG_CUSTOM, O_HELPER, EXT_OPT_INVERT | EXT_OPT_MAND,
     .off = offsetof(struct helper_data, name), .parse = parse_helper, .print = print_helper},
};

/* helper_mt() (net/netfilter/xt_helper.c) looks at the helper of the
 * connection's *master*: only a connection set up from a helper's
 * expectation (the data connection of FTP, ...) has one. Then an empty name
 * matches any helper, else the helper's name must be a prefix of the given
 * one ("ftp" matches --helper ftp-21). Every other packet, including
 * untracked ones, gets the answer of '!': no match, or a match when negated.
 *
 * The simulator sets up no expectations: a connection it tracked from its
 * first packet has no master. Only a packet given as RELATED may belong to
 * an expected connection, and which helper expected it is unknown. */
static int helper_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const char *name = EXT_CDATA(e, struct helper_data)->name;
    bool inv = ext_inv(e, O_HELPER);
    if (!c->ct || c->ctstate != CT_RELATED)
        return inv;
    struct strbuf t;
    sb_init(&t);
    sb_printf(&t, "the connection was %sset up from an expectation of ", inv ? "not " : "");
    if (name[0])
        sb_printf(&t, "the \"%s\" conntrack helper", name);
    else
        sb_puts(&t, "a conntrack helper");
    bool yes = sim_decide(c, t.s, -1);
    sb_free(&t);
    return yes;
}

const struct ext_ops ext_helper = {
    .name = "helper",
    .kind = EXT_MATCH,
    .size = sizeof(struct helper_data),
    EXT_OPTS(helper_opts),
    .match = helper_match,
};
