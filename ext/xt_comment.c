/*
 * xt_comment.c - `-m comment --comment TEXT` (net/netfilter/xt_comment.c):
 * always matches; the text is shown in reports.
 */
#include "iptsim/ext.h"

#include <string.h>

struct comment_data {
    const char *text;
};

enum { O_COMMENT };

static int parse_comment(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                         char **argv)
{
    (void)o;
    /* XT_MAX_COMMENT_LEN is 256 with the NUL */
    if (strlen(argv[0]) > 255)
        return ext_error(p, "comment is longer than 255 characters");
    const char *s = ruleset_intern(p->rs, argv[0]);
    EXT_DATA(e, struct comment_data)->text = s;
    p->rule->comment = s;
    return 0;
}

static const struct ext_opt comment_opts[] = {
    {"comment", ARG_QSTRING, O_COMMENT, EXT_OPT_MAND, .off = offsetof(struct comment_data, text),
     .parse = parse_comment},
};

static int comment_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    (void)e;
    return 1;
}

const struct ext_ops ext_comment = {
    .name = "comment",
    .kind = EXT_MATCH,
    .size = sizeof(struct comment_data),
    EXT_OPTS(comment_opts),
    .match = comment_match,
};
