/*
 * test_lexer.c - the iptables-save word rules (parser/ipt_lexer.l), which
 * follow iptables' add_param_to_argv(): quotes, escapes, columns; and the
 * hand-written splitter the loader runs (parser/ipt_lex.c) against the
 * flex scanner, on generated lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ipt_lex.h"

static struct ipt_line parse(struct ipt_lex *lx, const char *s)
{
    struct ipt_line l;
    ipt_parse_line(lx, s, strlen(s), &l);
    return l;
}

static void test_rule_words_and_columns(void **state)
{
    (void)state;
    struct ipt_lex lx = {0};
    struct ipt_line l = parse(&lx, "-A INPUT  -p tcp -j ACCEPT");
    assert_int_equal(l.kind, LINE_RULE);
    assert_int_equal(lx.nw, 6);
    assert_string_equal(ipt_lex_str(&lx, 1), "INPUT");
    assert_int_equal(lx.w[2].col, 11);
    assert_int_equal(lx.w[2].len, 2);
    ipt_lex_free(&lx);
}

static void test_quotes(void **state)
{
    (void)state;
    struct ipt_lex lx = {0};
    parse(&lx, "-A X --comment \"a b\" ab\"c d\" \"x\\\"y\\\\z\" \"\"");
    assert_int_equal(lx.nw, 7);
    assert_string_equal(ipt_lex_str(&lx, 3), "a b");
    assert_true(lx.w[3].quoted);
    assert_int_equal(lx.w[3].len, 5);
    assert_string_equal(ipt_lex_str(&lx, 4), "abc d");
    assert_string_equal(ipt_lex_str(&lx, 5), "x\"y\\z");
    assert_string_equal(ipt_lex_str(&lx, 6), "");
    ipt_lex_free(&lx);
}

static void test_closing_quote_ends_word(void **state)
{
    (void)state;
    struct ipt_lex lx = {0};
    parse(&lx, "-A X \"a\"b");
    assert_int_equal(lx.nw, 4);
    assert_string_equal(ipt_lex_str(&lx, 2), "a");
    assert_string_equal(ipt_lex_str(&lx, 3), "b");
    ipt_lex_free(&lx);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    struct ipt_lex lx = {0};
    parse(&lx, "-A X --comment \"open");
    assert_true(lx.unterminated);
    ipt_lex_free(&lx);
}

static void test_line_kinds(void **state)
{
    (void)state;
    struct ipt_lex lx = {0};
    assert_int_equal(parse(&lx, "*filter").kind, LINE_TABLE);
    assert_string_equal(ipt_lex_str(&lx, 0), "filter");
    assert_int_equal(parse(&lx, ":INPUT ACCEPT [1:2]").kind, LINE_CHAIN);
    assert_int_equal(lx.nw, 3);
    assert_int_equal(parse(&lx, "COMMIT").kind, LINE_COMMIT);
    assert_int_equal(parse(&lx, "# a comment").kind, LINE_EMPTY);
    assert_int_equal(parse(&lx, "").kind, LINE_EMPTY);
    struct ipt_line l = parse(&lx, "[5:300] -A INPUT -j DROP");
    assert_int_equal(l.kind, LINE_RULE);
    assert_int_equal(l.counters_word, 0);
    assert_int_equal(parse(&lx, ":INPUT ACCEPT [1:2] junk").kind, LINE_BAD);
    ipt_lex_free(&lx);
}

/* Found by the fuzzer: fast flex tables are 7-bit unless told otherwise,
 * and a byte >= 0x80 (a Latin-1 comment, UTF-8 in a --comment) aborted
 * the scanner. */
static void test_high_bytes(void **state)
{
    (void)state;
    struct ipt_lex lx = {0};
    assert_int_equal(parse(&lx, "# ipt\xc1"
                                "bles")
                         .kind,
                     LINE_EMPTY);
    struct ipt_line l = parse(&lx, "-A X -m comment --comment \"caf\xc3\xa9\" w\xff"
                                   "");
    assert_int_equal(l.kind, LINE_RULE);
    assert_string_equal(ipt_lex_str(&lx, 5), "caf\xc3\xa9"
                                             "");
    assert_string_equal(ipt_lex_str(&lx, 6), "w\xff");
    ipt_lex_free(&lx);
}

/* Both splitters on one line: the same tokens (kinds and the columns
 * errors point at), words, flags; and the same line kind and syntax error
 * whether the grammar sees every line or only the ones ipt_parse_line()
 * does not settle itself. */
static void same_as_flex(const char *s, size_t n)
{
    struct ipt_lex a = {0}, b = {0};
    struct ipt_line la, lb;
    ipt_parse_line(&a, s, n, &la);
    ipt_lex_tokens_flex(&b, s, n);
    ipt_parse_tokens(&b, &lb);
    if (a.ntok != b.ntok || a.nw != b.nw || a.eof_col != b.eof_col ||
        a.unterminated != b.unterminated || la.kind != lb.kind ||
        la.counters_word != lb.counters_word || la.err_col != lb.err_col ||
        (la.err == NULL) != (lb.err == NULL) || (la.err && strcmp(la.err, lb.err) != 0))
        fail_msg("line \"%.*s\": %zu/%zu tokens, %zu/%zu words, eof col %u/%u, kind %d/%d, "
                 "error col %u/%u",
                 (int)n, s, a.ntok, b.ntok, a.nw, b.nw, a.eof_col, b.eof_col, la.kind, lb.kind,
                 la.err_col, lb.err_col);
    for (size_t i = 0; i < a.ntok; i++)
        if (a.tok[i].kind != b.tok[i].kind || a.tok[i].col != b.tok[i].col)
            fail_msg("line \"%.*s\": token %zu is %d@%u, flex says %d@%u", (int)n, s, i,
                     a.tok[i].kind, a.tok[i].col, b.tok[i].kind, b.tok[i].col);
    for (size_t i = 0; i < a.nw; i++)
        if (a.w[i].col != b.w[i].col || a.w[i].len != b.w[i].len ||
            a.w[i].quoted != b.w[i].quoted || strcmp(ipt_lex_str(&a, i), ipt_lex_str(&b, i)))
            fail_msg("line \"%.*s\": word %zu is \"%s\" %u+%u, flex says \"%s\" %u+%u", (int)n, s,
                     i, ipt_lex_str(&a, i), a.w[i].col, a.w[i].len, ipt_lex_str(&b, i), b.w[i].col,
                     b.w[i].len);
    ipt_lex_free(&a);
    ipt_lex_free(&b);
}

static void test_splitter_matches_flex(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "",
        " ",
        "\t",
        "#",
        "  # x \"y",
        "*filter",
        "*fil\"ter x",
        "*",
        ":",
        ":A B [1:2]",
        ":A B [1:2] x",
        ":A [1:2]",
        ":A B C",
        "COMMIT",
        "COMMIT ",
        "COMMIT x",
        "COMMITx",
        "COMMIT\"x\"",
        " COMMIT",
        "[1:2]",
        "[1:2] ",
        "[1:2] -A X",
        "[1:2][3:4]",
        "[1:2]\"a\"",
        "[1:2] [3:4]",
        "[:2]",
        "[1:]",
        "-A X [1:2]",
        "a\"b",
        "a\"b\\",
        "a\"b\\\"",
        "\"\"\"\"",
        "\"a\"b",
        "x \"",
        "-A X -m comment --comment \"a \\\" b\" -j ACCEPT",
    };
    for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
        same_as_flex(fixed[i], strlen(fixed[i]));
    /* every shape from a small alphabet that hits each rule's edges */
    static const char alpha[] = {' ', '\t', '"', '\\', '#', '*', ':', '[', ']',
                                 '1', 'C',  'O', 'M',  'I', 'T', '-', 'x', (char)0xff};
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    char buf[24];
    for (int iter = 0; iter < 200000; iter++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        size_t n = seed % sizeof(buf);
        uint64_t r = seed;
        for (size_t k = 0; k < n; k++) {
            if (k % 12 == 0) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                r = seed;
            }
            buf[k] = alpha[(r & 0x1f) % sizeof(alpha)];
            r >>= 5;
        }
        /* often start like a real line */
        static const char *const starts[] = {"COMMIT", "[12:3]", "*f", ":C", "-A C"};
        if (iter % 3 == 0) {
            const char *st = starts[(seed >> 40) % ARRAY_SIZE(starts)];
            size_t sl = strlen(st) < n ? strlen(st) : n;
            memcpy(buf, st, sl);
        }
        same_as_flex(buf, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_words_and_columns),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_closing_quote_ends_word),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_line_kinds),
        cmocka_unit_test(test_high_bytes),
        cmocka_unit_test(test_splitter_matches_flex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
