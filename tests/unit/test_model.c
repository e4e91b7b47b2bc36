/*
 * test_model.c - the memory-saving parts of the model and its toolbox:
 * keyed hash maps, packed arena strings, arena_reset, rules allocated with
 * their expressions and counters, chain counters in a side map, rule
 * arrays reused between chains, expression data shared between rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/ext.h"
#include "iptsim/parse.h"
#include "iptsim/report.h"

struct item {
    int id;
    const char *name;
};

static void test_strmap_modes(void **state)
{
    (void)state;
    enum { N = 5000 };
    static struct item items[N];
    static char names[N][16];
    struct strmap plain, keyed, set, zero;
    strmap_init(&plain);
    strmap_init_keyed(&keyed, offsetof(struct item, name));
    strmap_init_keyed(&set, STRMAP_KEY_IS_VAL);
    memset(&zero, 0, sizeof(zero)); /* all-zero is a plain empty map */
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof(names[i]), "KUBE-SEP-%05d", i);
        items[i] = (struct item){i, names[i]};
        strmap_put(&plain, names[i], &items[i]);
        strmap_put(&keyed, names[i], &items[i]);
        strmap_put(&set, names[i], names[i]);
        strmap_put(&zero, names[i], &items[i]);
    }
    assert_null(keyed.keys);
    assert_null(set.keys);
    assert_non_null(zero.keys);
    for (int i = 0; i < N; i++) {
        char key[16];
        snprintf(key, sizeof(key), "KUBE-SEP-%05d", i); /* another copy */
        assert_ptr_equal(strmap_get(&plain, key), &items[i]);
        assert_ptr_equal(strmap_get(&keyed, key), &items[i]);
        assert_ptr_equal(strmap_get(&set, key), names[i]);
        assert_ptr_equal(strmap_get(&zero, key), &items[i]);
    }
    assert_null(strmap_get(&keyed, "KUBE-SEP-99999"));
    assert_null(strmap_get(&set, ""));
    assert_int_equal(keyed.n, N);
    /* replacing keeps one entry */
    strmap_put(&keyed, names[7], &items[7]);
    assert_int_equal(keyed.n, N);
    /* freed, a keyed map stays keyed */
    strmap_free(&keyed);
    assert_null(strmap_get(&keyed, names[1]));
    strmap_put(&keyed, names[1], &items[1]);
    assert_null(keyed.keys);
    assert_ptr_equal(strmap_get(&keyed, "KUBE-SEP-00001"), &items[1]);
    strmap_free(&plain);
    strmap_free(&keyed);
    strmap_free(&set);
    strmap_free(&zero);
}

static void test_arena_strings_and_reset(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *s1 = arena_strdup(&a, "abc");
    char *s2 = arena_strdup(&a, "de");
    assert_string_equal(s1, "abc");
    assert_string_equal(s2, "de");
    assert_ptr_equal(s2, s1 + 4); /* packed, no alignment */
    uint64_t *p = arena_alloc(&a, sizeof(*p));
    assert_int_equal((uintptr_t)p % 8, 0);
    assert_int_equal(*p, 0);
    *p = 42;
    /* a block bigger than a quarter chunk, then small ones again */
    unsigned char *big = arena_alloc(&a, 200 * 1024);
    for (size_t i = 0; i < 200 * 1024; i++)
        assert_int_equal(big[i], 0);
    char *s3 = arena_strndup(&a, "xyzzy", 3);
    assert_string_equal(s3, "xyz");
    assert_int_equal(*p, 42);
    /* many chunks, then reset: memory handed out again is zeroed */
    for (int i = 0; i < 5000; i++)
        memset(arena_alloc(&a, 100), 0xab, 100);
    arena_reset(&a);
    assert_int_equal(a.used_total, 0);
    for (int i = 0; i < 3000; i++) {
        unsigned char *q = arena_alloc(&a, 100);
        for (int k = 0; k < 100; k++)
            assert_int_equal(q[k], 0);
    }
    arena_free(&a);
}

static struct ipt_table *filter_table(struct ipt_ruleset *rs)
{
    return ruleset_add_table(rs, IPT_FAM_IPV4, "filter", IPT_ORIGIN_XTABLES);
}

static void test_rule_layout_and_counters(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_rule *r = rule_new(rs);
    assert_false(r->has_counters);
    assert_null(rule_counters(r));
    assert_null(r->exprs);
    assert_null(r->target);

    r = rule_new_sized(rs, 3, true, true);
    assert_true(r->has_counters);
    assert_int_equal(r->nexprs, 3);
    assert_non_null(r->exprs);
    assert_ptr_equal(r->target, &r->exprs[3]);
    struct ipt_counters *c = rule_counters(r);
    assert_non_null(c);
    assert_int_equal(c->pkts, 0);
    c->pkts = 7;
    c->bytes = 99;
    for (int k = 0; k < 3; k++) {
        assert_null(r->exprs[k].ops);
        r->exprs[k].set = 0xffffffffu;
    }
    r->target->inv = 5;
    assert_int_equal(rule_counters(r)->pkts, 7);
    assert_int_equal(rule_counters(r)->bytes, 99);

    r = rule_new_sized(rs, 0, false, false);
    assert_null(r->exprs);
    assert_null(r->target);
    assert_null(rule_counters(r));
    r = rule_new_sized(rs, 0, true, false);
    assert_non_null(r->target);
    assert_int_equal(r->nexprs, 0);
    ruleset_free(rs);
}

static void test_chain_counters(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_table *t = filter_table(rs);
    struct ipt_chain *in = table_add_base_chain(t, "INPUT", IPT_HOOK_INPUT, 0);
    struct ipt_counters z = chain_counters(in);
    assert_int_equal(z.pkts, 0);
    assert_int_equal(z.bytes, 0);
    chain_set_counters(in, 0, 0); /* zero stores nothing */
    assert_int_equal(rs->nchain_counters, 0);
    enum { N = 3000 };
    struct ipt_chain *cs[N];
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof(name), "C%d", i);
        cs[i] = table_add_chain(t, name);
        if (i % 3)
            chain_set_counters(cs[i], (uint64_t)i, (uint64_t)i * 10 + UINT32_MAX);
    }
    chain_set_counters(in, 5, 6);
    chain_set_counters(cs[1], 0, 0); /* set back to zero */
    for (int i = 0; i < N; i++) {
        struct ipt_counters v = chain_counters(cs[i]);
        uint64_t want = (i % 3 && i != 1) ? (uint64_t)i : 0;
        assert_int_equal(v.pkts, want);
        assert_int_equal(v.bytes, want ? (uint64_t)i * 10 + UINT32_MAX : 0);
    }
    assert_int_equal(chain_counters(in).pkts, 5);
    assert_int_equal(chain_counters(in).bytes, 6);
    ruleset_free(rs);
}

/* Two chains filled in turns, then one chain with inserts: every array
 * that grows leaves its old one to the next chain of that size, and no
 * chain ever sees another's rules. */
static void test_rule_arrays(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_table *t = filter_table(rs);
    struct ipt_chain *a = table_add_chain(t, "A"), *b = table_add_chain(t, "B");
    enum { N = 700 };
    struct ipt_rule *ra[N], *rb[N];
    for (int i = 0; i < N; i++) {
        ra[i] = rule_new(rs);
        rb[i] = rule_new(rs);
        chain_insert_rule(a, ra[i], 0);
        if (i % 2 == 0)
            chain_insert_rule(b, rb[i], 0);
    }
    for (int i = 1; i < N; i += 2)
        chain_insert_rule(b, rb[i], 1); /* in front */
    assert_int_equal(a->nrules, N);
    assert_int_equal(b->nrules, N);
    for (int i = 0; i < N; i++) {
        assert_ptr_equal(a->rules[i], ra[i]);
        assert_ptr_equal(ra[i]->chain, a);
        assert_int_equal(rule_position(ra[i]), i + 1);
    }
    /* b: the odd ones in reverse, then the even ones in order */
    int k = 0;
    for (int i = N - 1; i >= 1; i -= 2)
        assert_ptr_equal(b->rules[k++], rb[i]);
    for (int i = 0; i < N; i += 2)
        assert_ptr_equal(b->rules[k++], rb[i]);
    /* a third chain reuses the arrays the first two left behind */
    struct ipt_chain *c = table_add_chain(t, "C");
    for (int i = 0; i < 64; i++)
        chain_insert_rule(c, rb[i], 0);
    for (int i = 0; i < 64; i++)
        assert_ptr_equal(c->rules[i], rb[i]);
    for (int i = 0; i < N; i++)
        assert_ptr_equal(a->rules[i], ra[i]);
    ruleset_free(rs);
}

static struct ipt_ruleset *load(const char *text)
{
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    int rc = ruleset_load_buffer(rs, &d, "t.rules", text, strlen(text), NULL);
    if (rc)
        diags_print(&d, stderr, false);
    assert_int_equal(rc, 0);
    diags_free(&d);
    return rs;
}

/* Rules whose expressions have the same bytes share them; the rest keep
 * their own, and each rule still prints as written. */
static void test_expression_data_shared(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = load("*filter\n"
                                  ":INPUT ACCEPT [0:0]\n"
                                  "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                                  "-A INPUT -p tcp -m tcp --dport 22 -j DROP\n"
                                  "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n"
                                  "-A INPUT -p udp -m udp --dport 22 -j ACCEPT\n"
                                  "COMMIT\n");
    struct ipt_chain *c = table_find_chain(rs->tables[0], "INPUT");
    assert_int_equal(c->nrules, 4);
    struct ipt_rule **r = c->rules;
    for (int i = 0; i < 4; i++)
        assert_int_equal(r[i]->nexprs, 2);
    assert_ptr_equal(r[0]->exprs[0].data, r[1]->exprs[0].data); /* -p tcp */
    assert_ptr_equal(r[0]->exprs[1].data, r[1]->exprs[1].data); /* --dport 22 */
    assert_ptr_equal(r[0]->exprs[0].data, r[2]->exprs[0].data);
    assert_ptr_not_equal(r[0]->exprs[1].data, r[2]->exprs[1].data); /* 22, 80 */
    assert_ptr_not_equal(r[0]->exprs[0].data, r[3]->exprs[0].data); /* tcp, udp */
    /* tcp and udp data have the same bytes but are different extensions */
    assert_ptr_not_equal(r[0]->exprs[1].ops, r[3]->exprs[1].ops);
    struct strbuf b;
    sb_init(&b);
    ruleset_save_xtables(&b, rs, IPT_FAM_IPV4, false);
    assert_non_null(strstr(b.s, "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\n"
                                "-A INPUT -p tcp -m tcp --dport 22 -j DROP\n"
                                "-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT\n"
                                "-A INPUT -p udp -m udp --dport 22 -j ACCEPT\n"));
    sb_free(&b);
    ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strmap_modes),
        cmocka_unit_test(test_arena_strings_and_reset),
        cmocka_unit_test(test_rule_layout_and_counters),
        cmocka_unit_test(test_chain_counters),
        cmocka_unit_test(test_rule_arrays),
        cmocka_unit_test(test_expression_data_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
