/*
 * ipt_lex.c - the words and tokens of one iptables-save line, and the entry
 * point that scans and parses it (see ipt_lex.h).
 *
 * ipt_lex_tokens() is a hand-written splitter that gives exactly what the
 * flex scanner in ipt_lexer.l gives (tokens, words, columns, and the
 * scanner's column at each token, which syntax errors point at); the unit
 * test compares the two on generated lines. It writes into buffers sized
 * once per line instead of calling the scanner's per-character actions,
 * and ipt_parse_line() asks the grammar only about lines that are not
 * plainly a rule or a table line.
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
    lx->ntok = 0;
    lx->tokpos = 0;
    lx->eof_col = 0;
    lx->col = 0;
    lx->next_col = 1;
    lx->quoted = false;
    lx->unterminated = false;
}

void ipt_lex_free(struct ipt_lex *lx)
{
    if (lx->scanner)
        ipt_fxlex_destroy(lx->scanner);
    free(lx->w);
    free(lx->tok);
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

static void push_tok(struct ipt_lex *lx, int kind, uint32_t col)
{
    if (lx->ntok == lx->captok) {
        lx->captok = lx->captok ? lx->captok * 2 : 32;
        lx->tok = xrealloc(lx->tok, lx->captok * sizeof(*lx->tok));
    }
    lx->tok[lx->ntok++] = (struct ipt_tok){kind, col};
}

/* ---- the hand-written splitter ---- */

static inline bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "[" [0-9]+ ":" [0-9]+ "]", the whole of s[0..n) */
static bool is_counters(const char *s, size_t n)
{
    if (n < 5 || s[0] != '[' || s[n - 1] != ']')
        return false;
    size_t i = 1;
    while (i < n - 1 && is_digit(s[i]))
        i++;
    if (i == 1 || i >= n - 1 || s[i] != ':')
        return false;
    size_t j = ++i;
    while (i < n - 1 && is_digit(s[i]))
        i++;
    return i > j && i == n - 1;
}

/* Copies s[i..) up to a blank, a quote or len to out; returns where it
 * stopped. Eight bytes at a time: a byte equal to one of the three is a
 * zero byte after XOR, found with the classic has-zero-byte test (exact
 * for the lowest such byte, which is all we use). out has room for 8 bytes
 * more than the run (reserve()). */
static size_t copy_run(const char *s, size_t i, size_t len, char *out)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (i + 8 <= len) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        memcpy(out, &v, 8);
        uint64_t a = v ^ (ones * ' '), b = v ^ (ones * '\t'), c = v ^ (ones * '"');
        uint64_t m = ((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c);
        m &= highs;
        if (m)
            return i + (size_t)(__builtin_ctzll(m) >> 3);
        i += 8;
        out += 8;
    }
#endif
    while (i < len && !is_blank(s[i]) && s[i] != '"')
        *out++ = s[i++];
    return i;
}

/* Room for the words' texts of a line of len bytes: each word's text is at
 * most its source bytes plus a NUL, and words are at least one byte apart;
 * copy_run() writes up to 8 bytes past a word. */
static void reserve(struct ipt_lex *lx, size_t len)
{
    size_t need = 2 * len + 16;
    if (lx->text.cap < need) {
        lx->text.cap = need;
        lx->text.s = xrealloc(lx->text.s, need);
    }
}

/* A word from source bytes [start, end) (0-based) whose text is already at
 * lx->text.s[off..text.len), and its token. */
static inline void add_word(struct ipt_lex *lx, size_t off, size_t start, size_t end, bool quoted,
                            int kind, uint32_t tok_col)
{
    lx->text.s[lx->text.len++] = 0;
    if (lx->nw == lx->capw) {
        lx->capw = lx->capw ? lx->capw * 2 : 32;
        lx->w = xrealloc(lx->w, lx->capw * sizeof(*lx->w));
    }
    lx->w[lx->nw++] = (struct ipt_word){
        .off = off, .col = (uint32_t)start + 1, .len = (uint32_t)(end - start), .quoted = quoted};
    push_tok(lx, kind, tok_col);
}

void ipt_lex_tokens(struct ipt_lex *lx, const char *s, size_t len)
{
    ipt_lex_reset(lx);
    reserve(lx, len);
    char *text = lx->text.s;
    size_t i = 0;
    uint32_t last = 0; /* start (1-based) of the scanner's last pattern */
    if (len) {
        /* the rules anchored at the start of the line */
        size_t k = 0;
        while (k < len && is_blank(s[k]))
            k++;
        if (k < len && s[k] == '#') {
            lx->eof_col = 1; /* a comment line: one pattern, no token */
            return;
        }
        if (s[0] == '*' || s[0] == ':') {
            size_t e = 1;
            while (e < len && !is_blank(s[e]))
                e++;
            size_t off = lx->text.len;
            memcpy(text + off, s + 1, e - 1);
            lx->text.len += e - 1;
            add_word(lx, off, 0, e, false, s[0] == '*' ? T_TABLE : T_CHAIN, 1);
            last = 1;
            i = e;
        } else if (len >= 6 && memcmp(s, "COMMIT", 6) == 0 && (len == 6 || is_blank(s[6]))) {
            push_tok(lx, T_COMMIT, 1);
            last = 1;
            i = 6;
        }
    }
    while (i < len) {
        if (is_blank(s[i])) {
            last = (uint32_t)i + 1;
            while (i < len && is_blank(s[i]))
                i++;
            continue;
        }
        size_t st = i;
        size_t off = lx->text.len;
        i = copy_run(s, i, len, text + off);
        lx->text.len += i - st;
        last = (uint32_t)st + 1;
        if (i == len || s[i] != '"') {
            add_word(lx, off, st, i, false, is_counters(s + st, i - st) ? T_COUNTERS : T_WORD,
                     last);
            continue;
        }
        /* a quoted part: backslash escapes the next byte, the closing
         * quote ends the word */
        i++;
        for (;;) {
            if (i == len) {
                lx->unterminated = true;
                break;
            }
            char c = s[i];
            last = (uint32_t)i + 1;
            if (c == '"') {
                i++;
                break;
            }
            if (c == '\\') {
                text[lx->text.len++] = i + 1 < len ? s[i + 1] : '\\';
                i += i + 1 < len ? 2 : 1;
                continue;
            }
            size_t r = i;
            while (i < len && s[i] != '"' && s[i] != '\\')
                i++;
            memcpy(text + lx->text.len, s + r, i - r);
            lx->text.len += i - r;
        }
        add_word(lx, off, st, i, true, T_WORD, last);
    }
    lx->eof_col = last;
    lx->col = last;
    lx->next_col = (uint32_t)len + 1;
}

/* ---- the flex scanner, the reference ---- */

void ipt_lex_tokens_flex(struct ipt_lex *lx, const char *line, size_t len)
{
    ipt_lex_reset(lx);
    if (!lx->scanner)
        ipt_fxlex_init_extra(lx, &lx->scanner);
    yyscan_t sc = lx->scanner;
    YY_BUFFER_STATE b = ipt_fx_scan_bytes(line, (int)len, sc);
    IPT_YYSTYPE v;
    int t;
    while ((t = ipt_fxlex(&v, sc)) != 0)
        push_tok(lx, t, lx->col);
    lx->eof_col = lx->col;
    ipt_fx_delete_buffer(b, sc);
}

/* ---- the grammar ---- */

/* The grammar's scanner: the line's tokens again, setting lx->col where
 * the flex scanner would have it. */
int ipt_yylex(int *lval, struct ipt_lex *lx)
{
    *lval = 0;
    if (lx->tokpos == lx->ntok) {
        lx->col = lx->eof_col;
        return 0;
    }
    const struct ipt_tok *t = &lx->tok[lx->tokpos++];
    lx->col = t->col;
    return t->kind;
}

void ipt_parse_tokens(struct ipt_lex *lx, struct ipt_line *out)
{
    out->kind = LINE_EMPTY;
    out->counters_word = -1;
    out->err = NULL;
    out->err_col = 0;
    lx->tokpos = 0;
    ipt_yyparse(lx, out);
}

void ipt_parse_line(struct ipt_lex *lx, const char *line, size_t len, struct ipt_line *out)
{
    ipt_lex_tokens(lx, line, len);
    out->kind = LINE_EMPTY;
    out->counters_word = -1;
    out->err = NULL;
    out->err_col = 0;
    /* What the grammar accepts whatever follows (the other tokens can only
     * come first on a line): `T_WORD words`, `T_COUNTERS T_WORD words`,
     * `T_TABLE words`, and the empty line. */
    const struct ipt_tok *t = lx->tok;
    if (lx->ntok == 0)
        return;
    if (t[0].kind == T_WORD) {
        out->kind = LINE_RULE;
        return;
    }
    if (t[0].kind == T_COUNTERS && lx->ntok >= 2 && t[1].kind == T_WORD) {
        out->kind = LINE_RULE;
        out->counters_word = 0;
        return;
    }
    if (t[0].kind == T_TABLE) {
        out->kind = LINE_TABLE;
        return;
    }
    ipt_parse_tokens(lx, out);
}
