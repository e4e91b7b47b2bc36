/*
 * ipt_lex.c - word collection for the iptables-save scanner, and the entry
 * point that scans and parses one line (see ipt_lex.h).
 */
#include "ipt_lex.h"
#include "ipt_parser.h"
#define YYSTYPE IPT_YYSTYPE
#include "ipt_lexer.h"

#include <stdlib.h>
#include <string.h>

void ipt_lex_reset(struct ipt_lex *lx)
{
    lx->nw = 0;
    sb_reset(&lx->text);
    lx->col = 0;
    lx->next_col = 1;
    lx->quoted = false;
    lx->unterminated = false;
}

void ipt_lex_free(struct ipt_lex *lx)
{
    if (lx->scanner)
        ipt_yylex_destroy(lx->scanner);
    free(lx->w);
    sb_free(&lx->text);
    memset(lx, 0, sizeof(*lx));
}

void ipt_lex_word_start(struct ipt_lex *lx)
{
    if (lx->nw == lx->capw) {
        lx->capw = lx->capw ? lx->capw * 2 : 32;
        lx->w = xrealloc(lx->w, lx->capw * sizeof(*lx->w));
    }
    lx->w[lx->nw] = (struct ipt_word){.off = lx->text.len, .col = lx->col};
    lx->word_col = lx->col;
    lx->quoted = false;
}

void ipt_lex_append(struct ipt_lex *lx, const char *s, size_t n)
{
    sb_putn(&lx->text, s, n);
}

void ipt_lex_word_end(struct ipt_lex *lx)
{
    struct ipt_word *w = &lx->w[lx->nw++];
    w->len = lx->next_col - w->col;
    w->quoted = lx->quoted;
    sb_putc(&lx->text, 0); /* words are NUL-separated in lx->text */
}

void ipt_parse_line(struct ipt_lex *lx, const char *line, size_t len, struct ipt_line *out)
{
    ipt_lex_reset(lx);
    out->kind = LINE_EMPTY;
    out->counters_word = -1;
    out->err = NULL;
    out->err_col = 0;
    if (!lx->scanner)
        ipt_yylex_init_extra(lx, &lx->scanner);
    yyscan_t sc = lx->scanner;
    YY_BUFFER_STATE b = ipt_yy_scan_bytes(line, (int)len, sc);
    ipt_yyparse(sc, lx, out);
    ipt_yy_delete_buffer(b, sc);
}
