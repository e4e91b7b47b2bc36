/*
 * ipt_lex.h - the state shared by the iptables-save word splitter
 * (ipt_lex.c, specified by the flex scanner ipt_lexer.l), the one-line
 * grammar (ipt_parser.y) and the loader (ipt_load.c).
 *
 * The splitter collects the words of a line here, unquoted, with their
 * columns, and the line's tokens; ipt_parse_line() tells the loader what
 * kind of line it is (the grammar decides every line that is not plainly
 * a rule or a table line, and words every syntax error).
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

/* A token as the flex scanner returns it to the grammar. */
struct ipt_tok {
    int kind;     /* T_TABLE, ... (ipt_parser.h) */
    uint32_t col; /* the scanner's `col` when it returned the token: where
                   * its last pattern started (a closing quote, for a quoted
                   * word); syntax errors point there */
};

struct ipt_lex {
    /* words of the current line */
    struct ipt_word *w;
    size_t nw, capw;
    struct strbuf text; /* word texts, NUL separated */
    /* tokens of the current line, and the grammar's position in them */
    struct ipt_tok *tok;
    size_t ntok, captok, tokpos;
    uint32_t eof_col; /* the scanner's `col` at the end of the line */
    /* scanner position */
    uint32_t col, next_col;
    uint32_t word_col;
    bool quoted, unterminated;
    void *scanner; /* the flex scanner (ipt_lex_tokens_flex), made on first use */
    /* the grammar's last syntax error: bison's message buffer does not
     * outlive the parse */
    char errbuf[160];
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
    LINE_TABLE, /* w[0] = table name */
    LINE_CHAIN, /* w[0] = chain, w[1] = policy, w[2] = counters (optional) */
    LINE_COMMIT,
    LINE_RULE, /* w[...] = argv; counters_word >= 0 if "[p:b]" led */
    LINE_BAD,
};

struct ipt_line {
    enum ipt_line_kind kind;
    int counters_word; /* index of a leading [p:b], or -1 */
    uint32_t err_col;  /* syntax error column (LINE_BAD) */
    const char *err;   /* points into the ipt_lex: valid until its next line */
};

/* Scans and parses one line (no newline in it). */
void ipt_parse_line(struct ipt_lex *lx, const char *line, size_t len, struct ipt_line *out);

/* The pieces, for tests: split a line by hand (what ipt_parse_line does) or
 * with the flex scanner (the reference), filling words and tokens; then run
 * the grammar on the tokens whatever their shape. */
void ipt_lex_tokens(struct ipt_lex *lx, const char *line, size_t len);
void ipt_lex_tokens_flex(struct ipt_lex *lx, const char *line, size_t len);
void ipt_parse_tokens(struct ipt_lex *lx, struct ipt_line *out);
/* The grammar's scanner: the next token of lx->tok (the value is unused). */
int ipt_yylex(int *lval, struct ipt_lex *lx);

#endif
