/*
 * test_net.c - addresses and prefixes as iptables parses and prints them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/model.h"
#include "iptsim/net.h"

static const char *fmt(int fam, const char *in)
{
    static char buf[128];
    struct ipt_net n;
    const char *err = net_parse(fam, in, &n);
    if (err)
        return err;
    net_format(&n, buf, sizeof(buf));
    return buf;
}

static void test_ipv4(void **state)
{
    (void)state;
    assert_string_equal(fmt(IPT_FAM_IPV4, "10.1.2.3/8"), "10.0.0.0/8");
    assert_string_equal(fmt(IPT_FAM_IPV4, "1.2.3.4"), "1.2.3.4/32");
    assert_string_equal(fmt(IPT_FAM_IPV4, "10.1"), "10.1.0.0/32");
    assert_string_equal(fmt(IPT_FAM_IPV4, "1.2.3.4/255.0.255.0"), "1.0.3.0/255.0.255.0");
    assert_string_equal(fmt(IPT_FAM_IPV4, "1.2.3.4/255.255.0.0"), "1.2.0.0/16");
    assert_string_equal(fmt(IPT_FAM_IPV4, "0.0.0.0/0"), "0.0.0.0/0");
    assert_string_equal(fmt(IPT_FAM_IPV4, "1.2.3.256"),
                        "invalid address (host names are not resolved offline)");
    assert_string_equal(fmt(IPT_FAM_IPV4, "1.2.3.4/33"), "prefix length must be 0-32");
    assert_string_equal(fmt(IPT_FAM_IPV4, "::1"), "an IPv6 address in an IPv4 (iptables) rule");
}

static void test_ipv6(void **state)
{
    (void)state;
    assert_string_equal(fmt(IPT_FAM_IPV6, "2001:db8::1/64"), "2001:db8::/64");
    assert_string_equal(fmt(IPT_FAM_IPV6, "::1"), "::1/128");
    assert_string_equal(fmt(IPT_FAM_IPV6, "1.2.3.4"), "an IPv4 address in an IPv6 (ip6tables) rule");
}

static void test_contains(void **state)
{
    (void)state;
    struct ipt_net n;
    uint8_t a[16];
    assert_null(net_parse(IPT_FAM_IPV4, "172.17.0.0/16", &n));
    assert_true(addr_parse(IPT_FAM_IPV4, "172.17.0.2", a));
    assert_true(net_contains(&n, a));
    assert_true(addr_parse(IPT_FAM_IPV4, "172.18.0.2", a));
    assert_false(net_contains(&n, a));
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(proto_by_name("TCP"), 6);
    assert_int_equal(proto_by_name("gre"), 47);
    assert_int_equal(proto_by_name("nope"), -1);
    assert_string_equal(proto_save_name(47), "gre");
    assert_string_equal(proto_save_name(58), "ipv6-icmp");
    assert_int_equal(service_by_name("ssh", "tcp"), 22);
    assert_int_equal(service_by_name("domain", "udp"), 53);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_contains),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
