/*
 * xt_nfacct.c - `-m nfacct --nfacct-name NAME` (net/netfilter/xt_nfacct.c):
 * counts the packet in a named nfnetlink_acct object; always matches.
 *
 * The object must exist (`nfacct add NAME`) before the rule is loaded, or
 * the kernel refuses the rule with ENOENT. ipt-sim cannot see the kernel's
 * accounting objects, hence the warning on every use.
 */
#include "iptsim/ext.h"

#include <string.h>

#define NFACCT_NAME_MAX 32 /* with the NUL */

struct nfacct_data {
    const char *name;
};

enum { O_NAME };

static int parse_name(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    char buf[NFACCT_NAME_MAX];
    /* XTTYPE_STRING into char[32]: longer names are cut, not refused */
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    EXT_DATA(e, struct nfacct_data)->name = ruleset_intern(p->rs, buf);
    ext_warn(p,
             "nfacct object \"%s\" must exist before the rule is loaded (nfacct add %s), "
             "or the kernel refuses the rule",
             buf, buf);
    return 0;
}

static void nfacct_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    /* libxt_nfacct.c prints " --nfacct-name " and xtables_save_string()
     * adds its own blank: iptables-save really prints two. */
    sb_puts(b, " --nfacct-name  ");
    ext_print_string_quoted(b, EXT_CDATA(e, struct nfacct_data)->name);
}

static const struct ext_opt nfacct_opts[] = {
    {"nfacct-name", ARG_CUSTOM, O_NAME, EXT_OPT_MAND, .off = offsetof(struct nfacct_data, name),
     .parse = parse_name},
};

/* nfacct_mt() (net/netfilter/xt_nfacct.c) counts the packet and returns
 * nfnl_acct_overquota() != NFACCT_UNDERQUOTA: an object without a quota
 * (the usual kind, and what ipt-sim assumes: it cannot see the objects)
 * answers NFACCT_NO_QUOTA, so the match always holds. An object created
 * with a quota would match only once over it. */
static int nfacct_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return 1;
}

const struct ext_ops ext_nfacct = {
    .name = "nfacct",
    .kind = EXT_MATCH,
    .size = sizeof(struct nfacct_data),
    EXT_OPTS(nfacct_opts),
    .save_opts = nfacct_save_opts,
    .match = nfacct_match,
};
