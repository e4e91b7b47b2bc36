/*
 * test_limits.c - the loader's limits against hostile input (load_opts:
 * max_line, max_file_size, max_rules, max_chains, max_tables) and the fixed
 * limits of iptables-restore (251 words a rule line; counters saturating at
 * 2^64-1), through ruleset_load_buffer() and ruleset_load_file().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "iptsim/parse.h"

struct loaded {
    struct ipt_ruleset *rs;
    struct diags d;
    int rc;
};

static void load(struct loaded *l, const char *text, const struct load_opts *o)
{
    l->rs = ruleset_new();
    diags_init(&l->d);
    l->rc = ruleset_load_buffer(l->rs, &l->d, "t.rules", text, strlen(text), o);
}

static void unload(struct loaded *l)
{
    diags_free(&l->d);
    ruleset_free(l->rs);
}

/* Exactly one error, on `line`, saying `text`. */
static void assert_only_error(const struct loaded *l, unsigned line, const char *text)
{
    assert_int_equal(l->rc, -1);
    assert_int_equal(l->d.nerr, 1);
    for (size_t i = 0; i < l->d.n; i++) {
        if (l->d.v[i].sev != DIAG_ERROR)
            continue;
        if (!strstr(l->d.v[i].msg, text))
            fail_msg("error \"%s\" lacks \"%s\"", l->d.v[i].msg, text);
        assert_int_equal(l->d.v[i].loc.line, line);
        assert_true(l->d.v[i].loc.col >= 1);
    }
}

#define HDR "*filter\n:INPUT ACCEPT [0:0]\n"

static void test_rules(void **state)
{
    (void)state;
    struct load_opts o = {.max_rules = 2};
    struct loaded l;
    /* the third rule crosses it; reading stops, so no "no COMMIT" follows */
    load(&l, HDR "-A INPUT -j ACCEPT\n-A INPUT -j ACCEPT\n-A INPUT -j DROP\n-A INPUT -j X\n", &o);
    assert_only_error(&l, 5, "more than 2 rules");
    unload(&l);
    load(&l, HDR "-A INPUT -j ACCEPT\n-A INPUT -j ACCEPT\nCOMMIT\n", &o);
    assert_int_equal(l.rc, 0);
    unload(&l);
}

static void test_chains(void **state)
{
    (void)state;
    struct load_opts o = {.max_chains = 1};
    struct loaded l;
    /* built-in chains do not count; declaring one twice counts once */
    load(&l, HDR ":A - [0:0]\n:A - [0:0]\n:INPUT DROP [0:0]\nCOMMIT\n", &o);
    assert_int_equal(l.rc, 0);
    unload(&l);
    load(&l, HDR ":A - [0:0]\n:B - [0:0]\nCOMMIT\n", &o);
    assert_only_error(&l, 4, "more than 1 chains");
    unload(&l);
}

static void test_tables(void **state)
{
    (void)state;
    struct load_opts o = {.max_tables = 2};
    struct loaded l;
    load(&l, HDR "COMMIT\n*nat\nCOMMIT\n*mangle\nCOMMIT\n", &o);
    assert_only_error(&l, 6, "more than 2 table sections");
    unload(&l);
}

static void test_line(void **state)
{
    (void)state;
    struct load_opts o = {.max_line = 20};
    struct loaded l;
    load(&l, HDR "-A INPUT -p tcp -j ACCEPT\nCOMMIT\n", &o);
    assert_only_error(&l, 3, "line is 25 bytes long, over the limit of 20");
    unload(&l);
}

static void test_file_size_buffer(void **state)
{
    (void)state;
    struct load_opts o = {.max_file_size = 40};
    struct loaded l;
    /* "*filter\n" 8, ":INPUT ACCEPT [0:0]\n" 20: line 3 ends at byte 47 */
    load(&l, HDR "-A INPUT -j ACCEPT\nCOMMIT\n", &o);
    assert_only_error(&l, 3, "goes on past 40 bytes");
    unload(&l);
}

static void test_file_size_file(void **state)
{
    (void)state;
    char path[] = "/tmp/iptsim-limits-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = HDR "-A INPUT -j ACCEPT\nCOMMIT\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct load_opts o = {.max_file_size = 40};
    struct loaded l;
    l.rs = ruleset_new();
    diags_init(&l.d);
    /* a regular file over the limit is refused before it is read: no line */
    l.rc = ruleset_load_file(l.rs, &l.d, path, &o);
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.nerr, 1);
    assert_int_equal(l.d.v[0].loc.line, 0);
    assert_non_null(strstr(l.d.v[0].msg, "over the limit of 40"));
    unload(&l);
    /* within it, the same file loads */
    o.max_file_size = 1024;
    l.rs = ruleset_new();
    diags_init(&l.d);
    l.rc = ruleset_load_file(l.rs, &l.d, path, &o);
    assert_int_equal(l.rc, 0);
    unload(&l);
    unlink(path);
}

static void test_words(void **state)
{
    (void)state;
    /* 251 words load, 252 do not (iptables-restore 1.8.9, measured); the
     * [0:0] prefix is not a word of the rule */
    char buf[4096];
    for (int extra = 0; extra < 2; extra++) {
        size_t n = (size_t)snprintf(buf, sizeof(buf), HDR "[0:0] -A INPUT");
        for (int i = 0; i < 61; i++)
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, " -m comment --comment x");
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s ! -i eth0 -j ACCEPT\nCOMMIT\n",
                              extra ? " -s 1.2.3.4" : "");
        struct loaded l;
        load(&l, buf, NULL);
        if (extra) {
            assert_only_error(&l, 3, "more than the 251 iptables-restore takes");
        } else {
            /* ipt-sim's own limit of matches may refuse it; never for words */
            for (size_t i = 0; i < l.d.n; i++)
                assert_null(strstr(l.d.v[i].msg, "words"));
        }
        unload(&l);
    }
}

static void test_counters_saturate(void **state)
{
    (void)state;
    struct loaded l;
    load(&l,
         "*filter\n:INPUT ACCEPT [99999999999999999999:1]\n"
         "[18446744073709551616:0] -A INPUT -j ACCEPT\nCOMMIT\n",
         NULL);
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.d.nwarn, 2);
    assert_non_null(strstr(l.d.v[0].msg, "counter past 2^64-1"));
    unload(&l);
    /* 2^64-1 itself is fine */
    load(&l, HDR "[18446744073709551615:0] -A INPUT -j ACCEPT\nCOMMIT\n", NULL);
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.d.nwarn, 0);
    unload(&l);
}

static void test_unknown_format_located(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "# a comment\n\n  \x01\x02garbage\n", NULL);
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.d.v[0].loc.line, 3);
    assert_int_equal(l.d.v[0].loc.col, 3);
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_chains),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_line),
        cmocka_unit_test(test_file_size_buffer),
        cmocka_unit_test(test_file_size_file),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_counters_saturate),
        cmocka_unit_test(test_unknown_format_located),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
