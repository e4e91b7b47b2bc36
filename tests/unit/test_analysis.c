/*
 * test_analysis.c - the packet-set algebra (analysis/cube.c): subtract,
 * intersect, union and compaction agree with point membership on random
 * sets, results stay disjoint, and a rule's set (analysis/rules.c) holds
 * exactly the packets the rule matches on its modelled fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/analysis.h"
#include "iptsim/parse.h"
#include "iptsim/sim.h"

struct pt {
    uint32_t src, dst, mark;
    uint16_t sp, dp;
    uint8_t proto, iif, oif, ct, st, dt;
};

static bool bit(const uint64_t *b, unsigned i)
{
    return (b[i / 64] >> (i % 64)) & 1;
}

static bool in_cube(const struct an_cube *c, const struct pt *p)
{
    return p->src >= c->src_lo && p->src <= c->src_hi && p->dst >= c->dst_lo &&
           p->dst <= c->dst_hi && p->sp >= c->sp_lo && p->sp <= c->sp_hi && p->dp >= c->dp_lo &&
           p->dp <= c->dp_hi && bit(c->proto, p->proto) && bit(c->iif, p->iif) &&
           bit(c->oif, p->oif) && ((c->ctstate >> p->ct) & 1) && ((c->src_type >> p->st) & 1) &&
           ((c->dst_type >> p->dt) & 1) && (p->mark & c->mark_mask) == c->mark_val;
}

static int count_in(const struct an_set *s, const struct pt *p)
{
    int n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += in_cube(&s->v[i], p);
    return n;
}

static uint32_t rnd(uint32_t n)
{
    return (uint32_t)rand() % n;
}

/* small domains so that random points hit the cubes' edges */
static void rand_range(uint32_t max, uint32_t *lo, uint32_t *hi)
{
    uint32_t a = rnd(max + 1), b = rnd(max + 1);
    if (rnd(4) == 0) {
        a = 0;
        b = max;
    }
    *lo = a < b ? a : b;
    *hi = a < b ? b : a;
}

static void rand_cube(const struct an_ctx *x, struct an_cube *c)
{
    an_cube_full(x, c);
    uint32_t lo, hi;
    rand_range(15, &lo, &hi);
    c->src_lo = lo, c->src_hi = hi;
    rand_range(15, &lo, &hi);
    c->dst_lo = lo, c->dst_hi = hi;
    rand_range(7, &lo, &hi);
    c->sp_lo = (uint16_t)lo, c->sp_hi = (uint16_t)hi;
    rand_range(7, &lo, &hi);
    c->dp_lo = (uint16_t)lo, c->dp_hi = (uint16_t)hi;
    if (rnd(2)) {
        memset(c->proto, 0, sizeof(c->proto));
        c->proto[0] = 1 + rnd(7);
    }
    if (rnd(2))
        c->ctstate = (uint8_t)(1 + rnd(31));
    if (rnd(3) == 0) {
        c->mark_mask = rnd(4);
        c->mark_val = rnd(4) & c->mark_mask;
    }
    if (rnd(3) == 0)
        c->iif[0] &= 1 + rnd(7);
}

static void rand_pt(struct pt *p)
{
    p->src = rnd(16), p->dst = rnd(16), p->sp = (uint16_t)rnd(8), p->dp = (uint16_t)rnd(8);
    p->proto = (uint8_t)rnd(3), p->iif = (uint8_t)rnd(3), p->oif = (uint8_t)rnd(3);
    p->ct = (uint8_t)rnd(5), p->st = (uint8_t)rnd(3), p->dt = (uint8_t)rnd(3);
    p->mark = rnd(4);
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

static void test_algebra_random(void **state)
{
    (void)state;
    struct ipt_ruleset *rs =
        load("*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -i a -o b+\nCOMMIT\n");
    struct an_ctx x;
    an_ctx_init(&x, rs, IPT_FAM_IPV4);
    assert_true(x.ifs.n >= 3);
    srand(7);
    for (int round = 0; round < 300; round++) {
        struct an_set a, b, r;
        an_set_init(&a);
        an_set_init(&b);
        an_set_init(&r);
        struct an_cube c;
        an_cube_full(&x, &c);
        an_set_push(&a, &c);
        /* a = full minus some cubes: disjoint by construction */
        for (int k = 0; k < 3; k++) {
            struct an_set one;
            an_set_init(&one);
            rand_cube(&x, &c);
            an_set_push(&one, &c);
            an_set_subtract(&x, &a, &one, false);
            an_set_free(&one);
        }
        for (int k = 0; k < 2; k++) {
            struct an_set one;
            an_set_init(&one);
            rand_cube(&x, &c);
            an_set_push(&one, &c);
            an_set_union(&x, &b, &one);
            an_set_free(&one);
        }
        struct an_set diff, comp;
        an_set_init(&diff);
        an_set_init(&comp);
        an_set_copy(&diff, &a);
        an_set_subtract(&x, &diff, &b, false);
        an_set_intersect(&a, &b, &r);
        an_set_copy(&comp, &diff);
        an_set_compact(&comp);
        assert_true(comp.n <= diff.n);
        for (int k = 0; k < 200; k++) {
            struct pt p;
            rand_pt(&p);
            int ina = count_in(&a, &p), inb = count_in(&b, &p);
            assert_true(ina <= 1 && inb <= 1); /* disjoint */
            assert_int_equal(count_in(&diff, &p), ina && !inb);
            assert_int_equal(count_in(&r, &p), ina && inb);
            assert_int_equal(count_in(&comp, &p), ina && !inb);
            assert_int_equal(an_set_empty(&diff), diff.n == 0);
        }
        an_set_free(&a);
        an_set_free(&b);
        an_set_free(&r);
        an_set_free(&diff);
        an_set_free(&comp);
    }
    ruleset_free(rs);
}

static void test_possible_subtract(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = load("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
    struct an_ctx x;
    an_ctx_init(&x, rs, IPT_FAM_IPV4);
    struct an_set a, b;
    an_set_init(&a);
    an_set_init(&b);
    struct an_cube c;
    an_cube_full(&x, &c);
    an_set_push(&a, &c);
    c.dp_lo = c.dp_hi = 22;
    an_set_push(&b, &c);
    an_set_subtract(&x, &a, &b, true);
    /* nothing removed; the part inside b is only possible */
    struct pt p = {.proto = 6, .dp = 22};
    assert_int_equal(count_in(&a, &p), 1);
    for (size_t i = 0; i < a.n; i++)
        assert_int_equal(a.v[i].possible, a.v[i].dp_lo == 22 && a.v[i].dp_hi == 22);
    assert_true(an_set_has_certain(&a));
    an_set_free(&a);
    an_set_free(&b);
    ruleset_free(rs);
}

static void test_rule_sets(void **state)
{
    (void)state;
    struct ipt_ruleset *rs =
        load("*filter\n:INPUT ACCEPT [0:0]\n"
             "-A INPUT ! -s 10.0.0.0/8 -p tcp -m multiport ! --dports 80,443 -j ACCEPT\n"
             "-A INPUT ! -i eth+ -j ACCEPT\n"
             "-A INPUT -p udp -m udp --sport 53 -m conntrack ! --ctstate NEW -m mark --mark "
             "0x4/0x4 -j ACCEPT\n"
             "-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -j DROP\n"
             "COMMIT\n");
    struct an_ctx x;
    an_ctx_init(&x, rs, IPT_FAM_IPV4);
    const struct ipt_table *t = ruleset_find_table(rs, IPT_FAM_IPV4, "filter");
    const struct ipt_chain *c = table_find_chain(t, "INPUT");
    struct an_set s;
    an_set_init(&s);
    bool um;
    /* rule 1 */
    assert_true(an_rule_set(&x, c->rules[0], &s, &um));
    assert_false(um);
    struct pt p = {.src = 0x0b000001, .proto = 6, .dp = 22};
    assert_int_equal(count_in(&s, &p), 1);
    p.dp = 443;
    assert_int_equal(count_in(&s, &p), 0);
    p.dp = 22, p.src = 0x0a010203;
    assert_int_equal(count_in(&s, &p), 0);
    p.src = 0x0b000001, p.proto = 17;
    assert_int_equal(count_in(&s, &p), 0);
    /* rule 3: states, mark */
    assert_true(an_rule_set(&x, c->rules[2], &s, &um));
    struct pt q = {.proto = 17, .sp = 53, .ct = CT_ESTABLISHED, .mark = 0x5};
    assert_int_equal(count_in(&s, &q), 1);
    q.ct = CT_NEW;
    assert_int_equal(count_in(&s, &q), 0);
    q.ct = CT_INVALID, q.mark = 0x3;
    assert_int_equal(count_in(&s, &q), 0);
    /* rule 4: TCP flags are not modelled */
    assert_true(an_rule_set(&x, c->rules[3], &s, &um));
    assert_true(um);
    an_set_free(&s);
    ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_algebra_random),
        cmocka_unit_test(test_possible_subtract),
        cmocka_unit_test(test_rule_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
