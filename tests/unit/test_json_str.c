/*
 * test_json_str.c - sb_json_str(): any bytes in, valid JSON (UTF-8) out.
 * A dump is not always UTF-8 (a comment in Latin-1, garbage), yet
 * `show --format json` and `trace --format json` must stay parseable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/core.h"

static void check(const char *in, const char *want)
{
    struct strbuf b;
    sb_init(&b);
    sb_json_str(&b, in);
    assert_string_equal(b.s, want);
    sb_free(&b);
}

static void test_plain(void **state)
{
    (void)state;
    check("a \"b\" \\ c\n\t\x01", "\"a \\\"b\\\" \\\\ c\\n\\t\\u0001\"");
}

static void test_valid_utf8_kept(void **state)
{
    (void)state;
    check("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5",
          "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5\"");
}

static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    /* stray bytes, a truncated sequence, an overlong '/', a surrogate,
     * past U+10FFFF */
    check("\xff\xfe", "\"\\ufffd\\ufffd\"");
    check("\xc3(", "\"\\ufffd(\"");
    check("\xe2\x82", "\"\\ufffd\\ufffd\"");
    check("\xc0\xaf", "\"\\ufffd\\ufffd\"");
    check("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
    check("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_valid_utf8_kept),
        cmocka_unit_test(test_invalid_utf8_replaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
