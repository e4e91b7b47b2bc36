/*
 * ipt_lex.h - the state shared by the iptables-save scanner (ipt_lexer.l),
 * the one-line grammar (ipt_parser.y) and the loader (ipt_load.c).
 *
 * The scanner collects the words of a line here, unquoted, with their
 * columns; the grammar checks the line's shape and tells the loader what
 * kind of line it is.
 */
#ifndef IPTSIM_IPT_LEX_H
#define IPTSIM_IPT_LEX_H

#include "iptsim/core.h"

struct ipt_word {
    size_t off;   /* into ipt_lex.text */
    uint32_t col; /* 1-based column of the word's first character */
    uint32_t len; /* source columns it spans (quotes included) */
    bool quoted;
};

struct ipt_lex {
    /* words of the current line */
    struct ipt_word *w;
    size_t nw, capw;
    struct strbuf text; /* word texts, NUL separated */
    /* scanner position */
    uint32_t col, next_col;
    uint32_t word_col;
    bool quoted, unterminated;
    void *scanner; /* the flex scanner, made on first use */
};

void ipt_lex_reset(struct ipt_lex *lx);
void ipt_lex_free(struct ipt_lex *lx);
void ipt_lex_word_start(struct ipt_lex *lx);
void ipt_lex_append(struct ipt_lex *lx, const char *s, size_t n);
void ipt_lex_word_end(struct ipt_lex *lx);
static inline const char *ipt_lex_str(const struct ipt_lex *lx, size_t i)
{
    return lx->text.s + lx->w[i].off;
}

/* What the grammar found on the line. */
enum ipt_line_kind {
    LINE_EMPTY,
    LINE_TABLE,   /* w[0] = table name */
    LINE_CHAIN,   /* w[0] = chain, w[1] = policy, w[2] = counters (optional) */
    LINE_COMMIT,
    LINE_RULE,    /* w[...] = argv; counters_word >= 0 if "[p:b]" led */
    LINE_BAD,
};

struct ipt_line {
    enum ipt_line_kind kind;
    int counters_word; /* index of a leading [p:b], or -1 */
    uint32_t err_col;  /* syntax error column (LINE_BAD) */
    const char *err;
};

/* Scans and parses one line (no newline in it). */
void ipt_parse_line(struct ipt_lex *lx, const char *line, size_t len, struct ipt_line *out);

#endif
