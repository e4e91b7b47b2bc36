/*
 * ipt_parser.y - the shape of one iptables-save line.
 *
 *   *TABLE
 *   :CHAIN POLICY [PKTS:BYTES]
 *   [PKTS:BYTES] -A CHAIN OPTIONS...        (any iptables command, really)
 *   COMMIT
 *
 * Comment lines never reach the grammar (the scanner drops them). The
 * loader settles the common shapes (a rule line, a table line) from the
 * token kinds alone and runs the grammar for the rest, so every syntax
 * error message comes from here. What the
 * words of a rule mean is not grammar: ipt_rule.c reads them like
 * iptables' getopt loop, per extension.
 */
%define api.pure full
%define api.prefix {ipt_yy}
%define api.value.type {int}
%define parse.error verbose
%param {struct ipt_lex *lx}
%parse-param {struct ipt_line *out}

%code requires {
#include "ipt_lex.h"
}

%code {
/* The tokens come from the line's token list (ipt_lex.c: ipt_yylex), in
 * the order and with the columns the flex scanner gives them. */
static void ipt_yyerror(struct ipt_lex *lx, struct ipt_line *out, const char *msg)
{
    out->kind = LINE_BAD;
    out->err_col = lx->col ? lx->col : 1;
    snprintf(lx->errbuf, sizeof(lx->errbuf), "%s", msg);
    out->err = lx->errbuf;
}
}

%token T_TABLE T_CHAIN T_COMMIT T_COUNTERS T_WORD

%%

line
    : %empty                       { out->kind = LINE_EMPTY; }
    | T_TABLE words                { out->kind = LINE_TABLE; }
    | T_CHAIN                      { out->kind = LINE_CHAIN; }
    | T_CHAIN T_WORD               { out->kind = LINE_CHAIN; }
    | T_CHAIN T_WORD T_COUNTERS    { out->kind = LINE_CHAIN; }
    | T_COMMIT                     { out->kind = LINE_COMMIT; }
    | T_COUNTERS T_WORD words      { out->kind = LINE_RULE; out->counters_word = 0; }
    | T_WORD words                 { out->kind = LINE_RULE; }
    ;

/* Rule words: counters-like text later on the line is just a word. */
words
    : %empty
    | words T_WORD
    | words T_COUNTERS
    ;

%%
