/*
 * test_nft_scan.c - the nft scanner (parser/nft_scanner.l): the word rules
 * of include/iptsim/nft.h, separators, locations and errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nft_scan.h"

struct scanned {
    struct arena a;
    struct diags d;
    struct nft_tok *t;
    size_t n;
    int rc;
};

static void scan(struct scanned *s, const char *text)
{
    arena_init(&s->a);
    diags_init(&s->d);
    uint32_t f = diags_add_file(&s->d, "t.nft");
    s->rc = nft_scan(&s->a, &s->d, f, text, strlen(text), &s->t, &s->n);
}

static void done(struct scanned *s)
{
    diags_free(&s->d);
    arena_free(&s->a);
}

/* "K:text" per token, space separated: W word, S string, P punct, R set
 * reference, V variable; a newline shows as P:\n */
static char *render(const struct scanned *s, char *buf, size_t cap)
{
    static const char kinds[] = "WSPRV";
    size_t off = 0;
    buf[0] = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *txt = nft_tok_is_newline(&s->t[i]) ? "\\n" : s->t[i].text;
        off += (size_t)snprintf(buf + off, cap - off, "%s%c:%s", i ? " " : "", kinds[s->t[i].kind],
                                txt);
    }
    return buf;
}

static void expect_tokens(const char *text, const char *want)
{
    struct scanned s;
    char buf[2048];
    scan(&s, text);
    assert_int_equal(s.rc, 0);
    assert_string_equal(render(&s, buf, sizeof(buf)), want);
    done(&s);
}

static void test_words(void **state)
{
    (void)state;
    expect_tokens("ip saddr 10.0.0.0/8 accept", "W:ip W:saddr W:10.0.0.0/8 W:accept");
    expect_tokens("1.2.3.4-1.2.3.9 80-90 fe80::1/64 00:11:22:33:44:55 0x10 -300",
                  "W:1.2.3.4-1.2.3.9 W:80-90 W:fe80::1/64 W:00:11:22:33:44:55 W:0x10 W:-300");
    expect_tokens("echo-request 10/second 1.2.3.4:80 *",
                  "W:echo-request W:10/second W:1.2.3.4:80 W:*");
}

static void test_punct(void **state)
{
    (void)state;
    /* runs of only . - / : are punctuation */
    expect_tokens("ip saddr . tcp dport", "W:ip W:saddr P:. W:tcp W:dport");
    expect_tokens("priority filter - 10", "W:priority W:filter P:- W:10");
    expect_tokens("tcp flags syn / syn,ack", "W:tcp W:flags W:syn P:/ W:syn P:, W:ack");
    expect_tokens("a :: b", "W:a P::: W:b");
    /* two-character operators, single characters otherwise */
    expect_tokens("a==b != <= >= << >> < > !x",
                  "W:a P:== W:b P:!= P:<= P:>= P:<< P:>> P:< P:> P:! W:x");
    expect_tokens("{a,b}=(c)&d|e^f~g+h", "P:{ W:a P:, W:b P:} P:= P:( W:c P:) P:& W:d P:| W:e "
                                         "P:^ W:f P:~ W:g P:+ W:h");
}

static void test_strings_refs_vars(void **state)
{
    (void)state;
    expect_tokens("comment \"hello world\" iifname \"eth*\"",
                  "W:comment S:hello world W:iifname S:eth*");
    expect_tokens("ip saddr @allowed_v4 jump $CHAIN", "W:ip W:saddr R:allowed_v4 W:jump V:CHAIN");
    expect_tokens("@nh,32,16", "R:nh P:, W:32 P:, W:16");
    expect_tokens("\"\"", "S:");
}

static void test_separators_comments(void **state)
{
    (void)state;
    expect_tokens("a; b\n# comment ; here\nc # trailing\n", "W:a P:; W:b P:\\n P:\\n W:c P:\\n");
    /* backslash-newline joins lines */
    expect_tokens("a \\\n  b\nc", "W:a W:b P:\\n W:c");
    expect_tokens("a\r\nb", "W:a P:\\n W:b");
}

static void test_locations(void **state)
{
    (void)state;
    struct scanned s;
    scan(&s, "table ip t {\n\tchain c { ip saddr . ip daddr \"x y\"\n}}");
    assert_int_equal(s.rc, 0);
    /* table */
    assert_int_equal(s.t[0].loc.line, 1);
    assert_int_equal(s.t[0].loc.col, 1);
    assert_int_equal(s.t[0].loc.len, 5);
    assert_true(s.t[0].space_before);
    /* { at column 12 */
    assert_true(nft_tok_is(&s.t[3], "{"));
    assert_int_equal(s.t[3].loc.col, 12);
    assert_true(nft_tok_is_newline(&s.t[4]));
    assert_int_equal(s.t[4].loc.col, 13);
    /* chain on line 2, column 2 (after a tab) */
    assert_true(nft_tok_is(&s.t[5], "chain"));
    assert_int_equal(s.t[5].loc.line, 2);
    assert_int_equal(s.t[5].loc.col, 2);
    /* the string: its loc spans the quotes */
    const struct nft_tok *str = &s.t[13];
    assert_int_equal(str->kind, NFT_TOK_STRING);
    assert_string_equal(str->text, "x y");
    assert_int_equal(str->loc.len, 5);
    /* space_before */
    assert_true(nft_tok_is(&s.t[16], "}"));
    assert_false(s.t[16].space_before);
    assert_int_equal(s.t[16].loc.line, 3);
    assert_int_equal(s.t[16].loc.col, 2);
    /* the file index */
    assert_int_equal(s.t[0].loc.file, 1);
    done(&s);
    /* a joined line goes on counting lines */
    scan(&s, "a \\\nb\nc");
    assert_int_equal(s.t[1].loc.line, 2);
    assert_int_equal(s.t[1].loc.col, 1);
    assert_int_equal(s.t[3].loc.line, 3);
    done(&s);
}

static void test_errors(void **state)
{
    (void)state;
    struct scanned s;
    scan(&s, "comment \"no end\nnext");
    assert_int_equal(s.rc, -1);
    assert_int_equal(s.d.nerr, 1);
    assert_int_equal(s.d.v[0].loc.line, 1);
    assert_int_equal(s.d.v[0].loc.col, 9);
    assert_string_equal(s.d.v[0].src_line, "comment \"no end");
    assert_non_null(strstr(s.d.v[0].msg, "unterminated string"));
    /* scanning goes on */
    assert_true(nft_tok_is(&s.t[s.n - 1], "next"));
    done(&s);
    const char nul[] = "a \0 b";
    arena_init(&s.a);
    diags_init(&s.d);
    uint32_t f = diags_add_file(&s.d, "t.nft");
    s.rc = nft_scan(&s.a, &s.d, f, nul, sizeof(nul) - 1, &s.t, &s.n);
    assert_int_equal(s.rc, -1);
    assert_int_equal(s.d.v[0].loc.col, 3);
    assert_int_equal(s.n, 2);
    done(&s);
}

static void test_lines(void **state)
{
    (void)state;
    const char *text = "one\ntwo\n\nfour";
    struct nft_lines l;
    nft_lines_init(&l, text, strlen(text));
    assert_ptr_equal(nft_lines_get(&l, 1), text);
    assert_ptr_equal(nft_lines_get(&l, 2), text + 4);
    assert_ptr_equal(nft_lines_get(&l, 4), text + 9);
    assert_null(nft_lines_get(&l, 5));
    assert_null(nft_lines_get(&l, 0));
    nft_lines_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_punct),
        cmocka_unit_test(test_strings_refs_vars),
        cmocka_unit_test(test_separators_comments),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
