/*
 * test_ipset.c - reading `ipset save` output and the membership tests the
 * kernel makes (sim/ipset.c): set types and their dimensions, nets and
 * ranges, nomatch, family and dimension mismatches, list:set, what is
 * refused and what makes a set known only in part.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/sim.h"

static const char SAVE[] = "create allow hash:net family inet hashsize 1024 maxelem 65536\n"
                           "add allow 10.0.0.0/8\n"
                           "add allow 10.9.0.0/16 nomatch\n"
                           "add allow 192.0.2.10-192.0.2.20\n"
                           "create web hash:ip,port family inet\n"
                           "add web 203.0.113.5,tcp:443\n"
                           "add web 203.0.113.5,udp:53\n"
                           "add web 203.0.113.6,8000-8010\n"
                           "create v6 hash:ip family inet6\n"
                           "add v6 2001:db8::1\n"
                           "create ports bitmap:port range 0-1024\n"
                           "add ports 22\n"
                           "create lan hash:net,iface family inet\n"
                           "add lan 10.1.0.0/24,eth1\n"
                           "create all list:set size 8\n"
                           "add all v6\n"
                           "add all allow\n"
                           "create macs hash:mac\n"
                           "add macs 00:11:22:33:44:55\n";

static struct ipset_db db;
static struct diags dg;

static int setup(void **state)
{
    (void)state;
    memset(&db, 0, sizeof(db));
    diags_init(&dg);
    return ipset_load_buffer(&db, &dg, "sets.save", SAVE, sizeof(SAVE) - 1);
}

static int teardown(void **state)
{
    (void)state;
    ipset_db_free(&db);
    diags_free(&dg);
    return 0;
}

static struct sim_pkt pkt4(const char *src, const char *dst, int proto, int sport, int dport)
{
    struct sim_pkt p = {.family = IPT_FAM_IPV4, .proto = (uint8_t)proto};
    assert_true(addr_parse(IPT_FAM_IPV4, src, p.src));
    assert_true(addr_parse(IPT_FAM_IPV4, dst, p.dst));
    p.sport = (uint16_t)sport;
    p.dport = (uint16_t)dport;
    return p;
}

/* dims: "src", "dst,dst", ... */
static enum ipset_answer test(const char *set, const struct sim_pkt *p, const char *dims,
                              const char *iif, bool return_nomatch)
{
    struct ipset_query q = {
        .family = p->family, .pkt = p, .iif = iif, .return_nomatch = return_nomatch};
    for (const char *d = dims; *d; d += 3) {
        q.src[q.dim++] = strncmp(d, "src", 3) == 0;
        if (d[3] == ',')
            d++;
    }
    const struct ipset *s = ipset_find(&db, set);
    assert_non_null(s);
    char why[160];
    return ipset_test(&db, s, &q, why, sizeof(why));
}

static void test_load(void **state)
{
    (void)state;
    assert_int_equal(dg.nerr, 0);
    assert_int_equal(db.n, 7);
    const struct ipset *s = ipset_find(&db, "web");
    assert_non_null(s);
    assert_int_equal(s->ndim, 2);
    assert_int_equal(s->n, 3);
    assert_false(s->partial);
    assert_null(ipset_find(&db, "nope"));
}

static void test_net_and_nomatch(void **state)
{
    (void)state;
    struct sim_pkt p = pkt4("10.2.3.4", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("allow", &p, "src", NULL, false), IPSET_YES);
    assert_int_equal(test("allow", &p, "dst", NULL, false), IPSET_NO);
    /* the more specific nomatch entry wins, unless --return-nomatch */
    p = pkt4("10.9.1.1", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("allow", &p, "src", NULL, false), IPSET_NO);
    assert_int_equal(test("allow", &p, "src", NULL, true), IPSET_YES);
    /* a range: its ends are inside, the next address is not */
    p = pkt4("192.0.2.20", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("allow", &p, "src", NULL, false), IPSET_YES);
    p = pkt4("192.0.2.21", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("allow", &p, "src", NULL, false), IPSET_NO);
}

static void test_ports(void **state)
{
    (void)state;
    struct sim_pkt p = pkt4("198.51.100.1", "203.0.113.5", 6, 40000, 443);
    assert_int_equal(test("web", &p, "dst,dst", NULL, false), IPSET_YES);
    /* the protocol is part of the element */
    p = pkt4("198.51.100.1", "203.0.113.5", 17, 40000, 443);
    assert_int_equal(test("web", &p, "dst,dst", NULL, false), IPSET_NO);
    p = pkt4("198.51.100.1", "203.0.113.5", 17, 40000, 53);
    assert_int_equal(test("web", &p, "dst,dst", NULL, false), IPSET_YES);
    /* a port range without a protocol is tcp */
    p = pkt4("198.51.100.1", "203.0.113.6", 6, 40000, 8005);
    assert_int_equal(test("web", &p, "dst,dst", NULL, false), IPSET_YES);
    /* src,dst: the port comes from the source side */
    p = pkt4("198.51.100.1", "203.0.113.5", 6, 443, 40000);
    assert_int_equal(test("web", &p, "dst,src", NULL, false), IPSET_YES);
    /* fewer dimensions than the set's type: never a match (ip_set_test) */
    p = pkt4("198.51.100.1", "203.0.113.5", 6, 40000, 443);
    assert_int_equal(test("web", &p, "dst", NULL, false), IPSET_NO);
    p = pkt4("198.51.100.1", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("ports", &p, "dst", NULL, false), IPSET_YES);
}

static void test_family_iface_list_mac(void **state)
{
    (void)state;
    /* an inet6 set never holds an IPv4 packet */
    struct sim_pkt p = pkt4("10.2.3.4", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("v6", &p, "src", NULL, false), IPSET_NO);
    /* hash:net,iface: src means the input interface */
    p = pkt4("10.1.0.7", "192.0.2.1", 6, 40000, 22);
    assert_int_equal(test("lan", &p, "src,src", "eth1", false), IPSET_YES);
    assert_int_equal(test("lan", &p, "src,src", "eth0", false), IPSET_NO);
    /* list:set: any member */
    assert_int_equal(test("all", &p, "src", NULL, false), IPSET_YES);
    /* a MAC cannot be known for a simulated packet */
    assert_int_equal(test("macs", &p, "src", NULL, false), IPSET_UNKNOWN);
}

static void test_errors_and_partial(void **state)
{
    (void)state;
    struct ipset_db d2 = {0};
    struct diags g;
    diags_init(&g);
    static const char bad[] = "create a hash:ip\n"
                              "add b 1.2.3.4\n"
                              "create c hash:nope\n"
                              "add a 1.2.3.400\n"
                              "flush a\n";
    assert_int_equal(ipset_load_buffer(&d2, &g, "bad.save", bad, sizeof(bad) - 1), -1);
    assert_int_equal(g.nerr, 3); /* add to a missing set, unknown type, flush */
    assert_int_equal(g.nwarn, 1);
    assert_int_equal(g.v[0].loc.line, 2);
    assert_int_equal(g.v[0].loc.col, 5);
    assert_true(ipset_find(&d2, "a")->partial);
    /* a set known in part answers "unknown" for what it does not hold */
    struct sim_pkt p = pkt4("1.2.3.5", "192.0.2.1", 6, 40000, 22);
    struct ipset_query q = {.family = IPT_FAM_IPV4, .dim = 1, .src = {true}, .pkt = &p};
    char why[160];
    assert_int_equal(ipset_test(&d2, ipset_find(&d2, "a"), &q, why, sizeof(why)), IPSET_UNKNOWN);
    ipset_db_free(&d2);
    diags_free(&g);
}

static void test_assume(void **state)
{
    (void)state;
    struct ipset_db d2 = {0};
    char err[160];
    assert_null(ipset_assume(&d2, "bad=1.2.3.4,10.0.0.0/8", err, sizeof(err)));
    assert_non_null(ipset_assume(&d2, "bad=1.2.3.4", err, sizeof(err))); /* twice */
    assert_non_null(ipset_assume(&d2, "x=1.2.3.4,2001:db8::1", err, sizeof(err)));
    assert_non_null(ipset_assume(&d2, "noequals", err, sizeof(err)));
    assert_non_null(ipset_assume(&d2, "y=10.0.0.0/33", err, sizeof(err)));
    struct sim_pkt p = pkt4("10.200.0.1", "192.0.2.1", 6, 40000, 22);
    struct ipset_query q = {.family = IPT_FAM_IPV4, .dim = 1, .src = {true}, .pkt = &p};
    char why[160];
    assert_int_equal(ipset_test(&d2, ipset_find(&d2, "bad"), &q, why, sizeof(why)), IPSET_YES);
    q.src[0] = false;
    assert_int_equal(ipset_test(&d2, ipset_find(&d2, "bad"), &q, why, sizeof(why)), IPSET_NO);
    ipset_db_free(&d2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_net_and_nomatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family_iface_list_mac, setup, teardown),
        cmocka_unit_test(test_errors_and_partial),
        cmocka_unit_test(test_assume),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
