/*
 * test_lexer.c - the iptables-save word rules (parser/ipt_lexer.l), which
 * follow iptables' add_param_to_argv(): quotes, escapes, columns.
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
    assert_int_equal(parse(&lx, "# ipt\xc1" "bles").kind, LINE_EMPTY);
    struct ipt_line l = parse(&lx, "-A X -m comment --comment \"caf\xc3\xa9\" w\xff" "");
    assert_int_equal(l.kind, LINE_RULE);
    assert_string_equal(ipt_lex_str(&lx, 5), "caf\xc3\xa9" "");
    assert_string_equal(ipt_lex_str(&lx, 6), "w\xff");
    ipt_lex_free(&lx);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
