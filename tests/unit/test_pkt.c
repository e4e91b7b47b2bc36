/*
 * test_pkt.c - the packet spec language (sim/packet.c) and the host
 * options (sim/host.c): what they accept, what they default, and the
 * messages for what they refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/sim.h"

static const char *parse(const char *s, struct sim_pkt_spec *o)
{
    static char err[256];
    return sim_pkt_parse(s, o, err, sizeof(err));
}

static void test_defaults(void **state)
{
    (void)state;
    struct sim_pkt_spec s;
    assert_null(parse("tcp:1.1.1.1->2.2.2.2:7788 in=ppp0", &s));
    assert_int_equal(s.pkt.family, IPT_FAM_IPV4);
    assert_int_equal(s.pkt.proto, 6);
    assert_int_equal(s.pkt.sport, 40000);
    assert_false(s.sport_given);
    assert_int_equal(s.pkt.dport, 7788);
    assert_int_equal(s.pkt.tcp_flags, TCPF_SYN);
    assert_int_equal(s.pkt.ttl, 64);
    assert_int_equal(s.state, -1);
    assert_string_equal(s.in, "ppp0");
    assert_false(s.local);
}

static void test_options(void **state)
{
    (void)state;
    struct sim_pkt_spec s;
    assert_null(parse("udp:172.17.0.2:5353->8.8.8.8:53 local state=ESTABLISHED mark=0x4000 ttl=3",
                      &s));
    assert_true(s.local);
    assert_int_equal(s.pkt.sport, 5353);
    assert_int_equal(s.state, CT_ESTABLISHED);
    assert_int_equal(s.pkt.mark, 0x4000);
    assert_int_equal(s.pkt.ttl, 3);
    assert_null(parse("tcp:1.1.1.1->2.2.2.2:80 in=eth0 flags=ACK,PSH oow", &s));
    assert_int_equal(s.pkt.tcp_flags, TCPF_ACK | TCPF_PSH);
    assert_true(s.out_of_window);
}

static void test_ipv6_and_icmp(void **state)
{
    (void)state;
    struct sim_pkt_spec s;
    assert_null(parse("tcp:[2001:db8::1]:40000->[2001:db8::2]:443 in=eth0", &s));
    assert_int_equal(s.pkt.family, IPT_FAM_IPV6);
    assert_int_equal(s.pkt.dport, 443);
    assert_null(parse("icmp:10.0.0.1->10.0.0.2 in=eth0", &s));
    assert_int_equal(s.pkt.proto, 1);
    assert_int_equal(s.pkt.icmp_type, 8);
    assert_null(parse("icmpv6:2001:db8::1->2001:db8::2 in=eth0", &s));
    assert_int_equal(s.pkt.proto, 58);
    assert_int_equal(s.pkt.icmp_type, 128);
}

static void test_errors(void **state)
{
    (void)state;
    struct sim_pkt_spec s;
    const char *e;
    assert_non_null(e = parse("tcp:1.1.1.1->2.2.2.2", &s));
    assert_non_null(strstr(e, "needs a destination port"));
    assert_non_null(e = parse("tcp 1.1.1.1 2.2.2.2", &s));
    assert_non_null(strstr(e, "PROTO:SRC[:SPORT]->DST[:DPORT]"));
    assert_non_null(e = parse("tcp:1.1.1.300->2.2.2.2:80", &s));
    assert_non_null(strstr(e, "bad source address"));
    assert_non_null(e = parse("icmp:1.1.1.1:5->2.2.2.2", &s));
    assert_non_null(strstr(e, "has no ports"));
    assert_non_null(e = parse("tcp:1.1.1.1->2.2.2.2:80 state=BOGUS", &s));
    assert_non_null(strstr(e, "bad state"));
    assert_non_null(e = parse("tcp:1.1.1.1->2.2.2.2:80 colour=red", &s));
    assert_non_null(strstr(e, "unknown packet option"));
    assert_non_null(e = parse("tcp:1.1.1.1->[2001:db8::2]:80", &s));
    assert_non_null(strstr(e, "different families"));
    /* every message shows an example */
    assert_non_null(strstr(e, "example: tcp:"));
}

static void test_host(void **state)
{
    (void)state;
    struct host h;
    char err[256];
    host_init(&h);
    assert_null(host_add_iface_spec(&h, "eth0=203.0.113.2/24+2001:db8::2/64,docker0=172.17.0.1/16",
                                    err, sizeof(err)));
    assert_null(host_add_route_spec(&h, "default via 203.0.113.1", err, sizeof(err)));
    assert_null(host_set_sysctl(&h, "net.ipv4.ip_forward=0", err, sizeof(err)));
    assert_int_equal(h.ip_forward, 0);
    uint8_t a[16];
    assert_true(addr_parse(IPT_FAM_IPV4, "172.17.0.2", a));
    const struct host_route *r = host_route_lookup(&h, IPT_FAM_IPV4, a);
    assert_non_null(r);
    assert_string_equal(r->dev, "docker0");
    assert_true(addr_parse(IPT_FAM_IPV4, "8.8.8.8", a));
    r = host_route_lookup(&h, IPT_FAM_IPV4, a);
    assert_non_null(r);
    assert_string_equal(r->dev, "eth0");
    assert_true(addr_parse(IPT_FAM_IPV4, "203.0.113.2", a));
    assert_int_equal(host_addr_type(&h, IPT_FAM_IPV4, a), ADDRT_LOCAL);
    assert_true(addr_parse(IPT_FAM_IPV4, "172.17.255.255", a));
    assert_int_equal(host_addr_type(&h, IPT_FAM_IPV4, a), ADDRT_BROADCAST);
    const char *e = host_set_sysctl(&h, "net.ipv4.tcp_syncookies=1", err, sizeof(err));
    assert_non_null(e);
    assert_non_null(strstr(e, "unknown sysctl"));
    e = host_add_route_spec(&h, "10.0.0.0/8 via 192.0.2.1", err, sizeof(err));
    assert_non_null(e);
    assert_non_null(strstr(e, "needs \"dev IFACE\""));
    host_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults), cmocka_unit_test(test_options),
        cmocka_unit_test(test_ipv6_and_icmp), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
