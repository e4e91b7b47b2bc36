/*
 * nft_log.c - `log [prefix "..."] [level L] [group N] [snaplen N]
 * [queue-threshold N] [flags ...]` (kernel nft_log.c; nftables
 * src/statement.c log_stmt_print). It logs: it always matches.
 */
#include "nft_int.h"

#include <stdlib.h>
#include <string.h>

struct log_data {
    const char *prefix, *level;
    uint8_t flags;                   /* LF_* */
    long group, snaplen, qthreshold; /* -1: not given */
};

/* the kernel's NF_LOG_* bits */
enum { LF_TCPSEQ = 0x01, LF_TCPOPT = 0x02, LF_IPOPT = 0x04, LF_UID = 0x08, LF_MACDECODE = 0x20 };
#define LF_ALL (LF_TCPSEQ | LF_TCPOPT | LF_IPOPT | LF_UID | LF_MACDECODE)

static int log_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct log_data *d = e->data;
    if (d->prefix)
        sim_ctx_note(c, "log: \"%s\"", d->prefix);
    return 1;
}

static void log_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct log_data *d = e->data;
    sb_puts(b, " log");
    if (d->prefix)
        sb_printf(b, " prefix \"%s\"", d->prefix);
    if (d->group >= 0)
        sb_printf(b, " group %ld", d->group);
    if (d->snaplen >= 0)
        sb_printf(b, " snaplen %ld", d->snaplen);
    if (d->qthreshold >= 0)
        sb_printf(b, " queue-threshold %ld", d->qthreshold);
    if (d->level && strcmp(d->level, "warn") && d->group < 0)
        sb_printf(b, " level %s", d->level);
    /* nft lists the flags by kind, whatever order and grouping they had */
    if (d->flags == LF_ALL) {
        sb_puts(b, " flags all");
        return;
    }
    if (d->flags & (LF_TCPSEQ | LF_TCPOPT))
        sb_printf(b, " flags tcp %s",
                  (d->flags & LF_TCPSEQ) && (d->flags & LF_TCPOPT) ? "sequence,options"
                  : d->flags & LF_TCPSEQ                           ? "sequence"
                                                                   : "options");
    if (d->flags & LF_IPOPT)
        sb_puts(b, " flags ip options");
    if (d->flags & LF_UID)
        sb_puts(b, " flags skuid");
    if (d->flags & LF_MACDECODE)
        sb_puts(b, " flags ether");
}

static const struct ext_ops log_ops = {
    .name = "nft_log",
    .kind = EXT_MATCH,
    .size = sizeof(struct log_data),
    .save = log_print,
    .match = log_match,
};

static int log_parse(struct nft_parse *p, struct nft_rb *rb)
{
    p->pos++;
    struct log_data *d = nft_alloc(p, sizeof(*d));
    d->group = d->snaplen = d->qthreshold = -1;
    static const char *const levels[] = {"emerg",  "alert", "crit",  "err",  "warn",
                                         "notice", "info",  "debug", "audit"};
    for (;;) {
        const struct nft_tok *t = nft_peek(p);
        if (nft_tok_is(t, "prefix")) {
            p->pos++;
            const struct nft_tok *v = nft_next(p);
            if (!v || (v->kind != NFT_TOK_STRING && v->kind != NFT_TOK_WORD))
                return nft_error(p, v, "\"log prefix\" needs a quoted text");
            if (strlen(v->text) > 127)
                return nft_error(p, v, "a log prefix has at most 127 characters");
            d->prefix = nft_strdup(p, v->text);
        } else if (nft_tok_is(t, "level")) {
            p->pos++;
            const struct nft_tok *v = nft_next(p);
            size_t i = 0;
            while (v && i < ARRAY_SIZE(levels) && !nft_tok_is(v, levels[i]))
                i++;
            if (!v || i == ARRAY_SIZE(levels))
                return nft_error(p, v,
                                 "unknown log level (emerg, alert, crit, err, warn, "
                                 "notice, info, debug, audit)");
            d->level = levels[i];
        } else if (nft_tok_is(t, "group") || nft_tok_is(t, "snaplen") ||
                   nft_tok_is(t, "queue-threshold")) {
            p->pos++;
            const struct nft_tok *v = nft_next(p);
            char *end;
            long n = v ? strtol(v->text, &end, 10) : -1;
            if (!v || *end || n < 0 || n > 65535)
                return nft_error(p, v, "\"log %s\" needs a number from 0 to 65535", t->text);
            if (nft_tok_is(t, "group"))
                d->group = n;
            else if (nft_tok_is(t, "snaplen"))
                d->snaplen = n;
            else
                d->qthreshold = n;
        } else if (nft_tok_is(t, "flags")) {
            /* `flags tcp sequence,options`, `flags ip options`, `flags skuid`,
             * `flags ether`, `flags all`; several `flags` add up */
            p->pos++;
            const struct nft_tok *v = nft_next(p);
            if (nft_tok_is(v, "tcp") || nft_tok_is(v, "ip")) {
                bool tcp = nft_tok_is(v, "tcp");
                do {
                    const struct nft_tok *w = nft_next(p);
                    if (nft_tok_is(w, "options"))
                        d->flags |= tcp ? LF_TCPOPT : LF_IPOPT;
                    else if (tcp && nft_tok_is(w, "sequence"))
                        d->flags |= LF_TCPSEQ;
                    else
                        return nft_error(p, w,
                                         tcp ? "expected \"sequence\" or \"options\" after "
                                               "\"flags tcp\""
                                             : "expected \"options\" after \"flags ip\"");
                } while (nft_accept(p, ","));
            } else if (nft_tok_is(v, "skuid")) {
                d->flags |= LF_UID;
            } else if (nft_tok_is(v, "ether")) {
                d->flags |= LF_MACDECODE;
            } else if (nft_tok_is(v, "all")) {
                d->flags |= LF_ALL;
            } else {
                return nft_error(p, v,
                                 "unknown log flag%s%s (tcp sequence|options, ip options, "
                                 "skuid, ether, all)",
                                 v ? " " : "", v ? v->text : "");
            }
        } else {
            break;
        }
    }
    nft_rb_add(p, rb, &log_ops, d);
    return 0;
}

const struct nft_stmt_desc nft_stmt_log = {"log", log_parse};
