/*
 * test_validate.c - what the kernel refuses when a table is committed
 * (parser/ipt_validate.c) and the loader's file-level checks. Each case
 * was first checked against iptables-restore in a namespace.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/parse.h"

struct loaded {
    struct ipt_ruleset *rs;
    struct diags d;
    int rc;
};

static void load(struct loaded *l, const char *text)
{
    l->rs = ruleset_new();
    diags_init(&l->d);
    l->rc = ruleset_load_buffer(l->rs, &l->d, "t.rules", text, strlen(text), NULL);
}

static void unload(struct loaded *l)
{
    diags_free(&l->d);
    ruleset_free(l->rs);
}

/* The first error: its line and whether its message contains `text`. */
static void assert_error(struct loaded *l, unsigned line, const char *text)
{
    for (size_t i = 0; i < l->d.n; i++) {
        if (l->d.v[i].sev != DIAG_ERROR)
            continue;
        if (!strstr(l->d.v[i].msg, text))
            fail_msg("error \"%s\" lacks \"%s\"", l->d.v[i].msg, text);
        assert_int_equal(l->d.v[i].loc.line, line);
        return;
    }
    fail_msg("no error; expected one containing \"%s\"", text);
}

static void test_clean_dump_loads(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:INPUT DROP [0:0]\n:X - [0:0]\n-A INPUT -j X\n-A X -j ACCEPT\nCOMMIT\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.d.nerr, 0);
    unload(&l);
}

static void test_loop(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n:Y - [0:0]\n"
             "-A X -j Y\n-A Y -j X\n-A INPUT -j X\nCOMMIT\n");
    assert_int_equal(l.rc, -1);
    assert_error(&l, 6, "chain loop");
    unload(&l);
}

static void test_self_jump_unreached(void **state)
{
    (void)state;
    struct loaded l;
    /* a loop nothing jumps into loads: the kernel checks loops from the
     * hooks (measured: iptables-restore and iptables-legacy-restore, 1.8.9,
     * accept this table) */
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n-A X -j X\nCOMMIT\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.d.nerr, 0);
    unload(&l);
    /* ... until a built-in chain reaches it */
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n-A X -j X\n-A INPUT -j X\nCOMMIT\n");
    assert_error(&l, 4, "chain loop X -> X");
    unload(&l);
}

static void test_target_hook(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:X - [0:0]\n"
             "-A POSTROUTING -j X\n-A X -j DNAT --to-destination 1.1.1.1\nCOMMIT\n");
    assert_error(&l, 6, "only valid in PREROUTING, OUTPUT");
    unload(&l);
}

static void test_target_table(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j DNAT --to-destination 1.1.1.1\nCOMMIT\n");
    assert_error(&l, 3, "only valid in the nat table");
    unload(&l);
}

static void test_iface_direction(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -o eth0 -j ACCEPT\nCOMMIT\n");
    assert_error(&l, 3, "can't use -o with INPUT");
    unload(&l);
}

static void test_jump_depth(void **state)
{
    (void)state;
    /* INPUT -> C0 -> ... -> C15: the 16th nested chain is refused */
    char buf[4096];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "*filter\n:INPUT ACCEPT [0:0]\n");
    for (int i = 0; i < 16; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, ":C%d - [0:0]\n", i);
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "-A INPUT -j C0\n");
    for (int i = 0; i < 15; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "-A C%d -j C%d\n", i, i + 1);
    snprintf(buf + n, sizeof(buf) - n, "COMMIT\n");
    struct loaded l;
    load(&l, buf);
    assert_error(&l, 34, "Too many links");
    unload(&l);
    /* the same with an unreachable self-loop X jumping into C0: the loop
     * does not count, and must not hide the depth */
    char *p = strstr(buf, "COMMIT\n");
    snprintf(p, sizeof(buf) - (size_t)(p - buf), ":X - [0:0]\n-A X -j X\n-A X -j C0\nCOMMIT\n");
    load(&l, buf);
    assert_error(&l, 34, "Too many links");
    assert_int_equal(l.d.nerr, 1);
    unload(&l);
}

static void test_missing_commit(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n");
    assert_error(&l, 1, "has no COMMIT");
    unload(&l);
}

static void test_chain_names(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:ACCEPT - [0:0]\nCOMMIT\n");
    assert_error(&l, 2, "clash with a target");
    unload(&l);
    load(&l, "*filter\n:abcdefghijabcdefghijabcdefghij - [0:0]\nCOMMIT\n");
    assert_error(&l, 2, "too long");
    unload(&l);
    load(&l, "*filter\n:-x - [0:0]\nCOMMIT\n");
    assert_error(&l, 2, "may not start with '-'");
    unload(&l);
}

static void test_crlf(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "# comment\r\n*filter\r\n:INPUT ACCEPT [0:0]\r\nCOMMIT\r\n");
    assert_error(&l, 2, "CRLF");
    unload(&l);
    struct load_opts o = {.lenient = true};
    l.rs = ruleset_new();
    diags_init(&l.d);
    const char *t = "*filter\r\n:INPUT DROP [0:0]\r\nCOMMIT\r\n";
    assert_int_equal(ruleset_load_buffer(l.rs, &l.d, "t", t, strlen(t), &o), 0);
    assert_int_equal(l.d.nwarn, 1);
    unload(&l);
}

static void test_jump_to_base_chain(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n-A X -g INPUT\nCOMMIT\n");
    assert_error(&l, 4, "only user-defined chains");
    unload(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_dump_loads),    cmocka_unit_test(test_loop),
        cmocka_unit_test(test_self_jump_unreached), cmocka_unit_test(test_target_hook),
        cmocka_unit_test(test_target_table),        cmocka_unit_test(test_iface_direction),
        cmocka_unit_test(test_jump_depth),          cmocka_unit_test(test_missing_commit),
        cmocka_unit_test(test_chain_names),         cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_jump_to_base_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
