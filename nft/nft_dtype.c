/*
 * nft_dtype.c - nft's datatypes (nftables src/datatype.c, ct.c, meta.c,
 * proto.c): how a constant is written, how `nft list ruleset` prints it,
 * its symbolic names.
 */
#include "nft_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SYMS(t) .syms = (t), .nsyms = ARRAY_SIZE(t)

static const struct nft_sym ct_state_syms[] = {
    {"invalid", 1}, {"established", 2}, {"related", 4}, {"new", 8}, {"untracked", 64},
};
static const struct nft_sym ct_status_syms[] = {
    {"expected", 1}, {"seen-reply", 2}, {"assured", 4}, {"confirmed", 8},
    {"snat", 16},    {"dnat", 32},      {"dying", 512},
};
static const struct nft_sym ct_dir_syms[] = {{"original", 0}, {"reply", 1}};
static const struct nft_sym ct_event_syms[] = {
    {"new", 1},      {"related", 2},    {"destroy", 4},  {"reply", 8},
    {"assured", 16}, {"protoinfo", 32}, {"helper", 64},  {"mark", 128},
    {"seqadj", 256}, {"secmark", 512},  {"label", 1024},
};
static const struct nft_sym tcp_flag_syms[] = {
    {"fin", 1},  {"syn", 2},  {"rst", 4},  {"psh", 8},
    {"ack", 16}, {"urg", 32}, {"ecn", 64}, {"cwr", 128},
};
static const struct nft_sym pkttype_syms[] = {
    {"host", 0},
    {"broadcast", 1},
    {"multicast", 2},
    {"other", 3},
};
static const struct nft_sym nfproto_syms[] = {{"ipv4", 2}, {"ipv6", 10}};
static const struct nft_sym icmp_type_syms[] = {
    {"echo-reply", 0},           {"destination-unreachable", 3},
    {"source-quench", 4},        {"redirect", 5},
    {"echo-request", 8},         {"router-advertisement", 9},
    {"router-solicitation", 10}, {"time-exceeded", 11},
    {"parameter-problem", 12},   {"timestamp-request", 13},
    {"timestamp-reply", 14},     {"info-request", 15},
    {"info-reply", 16},          {"address-mask-request", 17},
    {"address-mask-reply", 18},
};
static const struct nft_sym icmpv6_type_syms[] = {
    {"destination-unreachable", 1},  {"packet-too-big", 2},         {"time-exceeded", 3},
    {"parameter-problem", 4},        {"echo-request", 128},         {"echo-reply", 129},
    {"mld-listener-query", 130},     {"mld-listener-report", 131},  {"mld-listener-done", 132},
    {"mld-listener-reduction", 132}, {"nd-router-solicit", 133},    {"nd-router-advert", 134},
    {"nd-neighbor-solicit", 135},    {"nd-neighbor-advert", 136},   {"nd-redirect", 137},
    {"router-renumbering", 138},     {"ind-neighbor-solicit", 141}, {"ind-neighbor-advert", 142},
    {"mld2-listener-report", 143},
};
static const struct nft_sym icmp_code_syms[] = {
    {"net-unreachable", 0},  {"host-unreachable", 1},  {"prot-unreachable", 2},
    {"port-unreachable", 3}, {"frag-needed", 4},       {"net-prohibited", 9},
    {"host-prohibited", 10}, {"admin-prohibited", 13},
};
static const struct nft_sym icmpv6_code_syms[] = {
    {"no-route", 0},         {"admin-prohibited", 1}, {"addr-unreachable", 3},
    {"port-unreachable", 4}, {"policy-fail", 5},      {"reject-route", 6},
};
static const struct nft_sym icmpx_code_syms[] = {
    {"no-route", 0},
    {"port-unreachable", 1},
    {"host-unreachable", 2},
    {"admin-prohibited", 3},
};
static const struct nft_sym fib_addrtype_syms[] = {
    {"unspec", 0},    {"unicast", 1},   {"local", 2},       {"broadcast", 3}, {"anycast", 4},
    {"multicast", 5}, {"blackhole", 6}, {"unreachable", 7}, {"prohibit", 8},
};
static const struct nft_sym ether_type_syms[] = {
    {"ip", 0x0800}, {"arp", 0x0806}, {"ip6", 0x86dd}, {"vlan", 0x8100}, {"8021ad", 0x88a8},
};
static const struct nft_sym dscp_syms[] = {
    {"cs0", 0},   {"cs1", 8},   {"cs2", 16},  {"cs3", 24},  {"cs4", 32},  {"cs5", 40},
    {"cs6", 48},  {"cs7", 56},  {"af11", 10}, {"af12", 12}, {"af13", 14}, {"af21", 18},
    {"af22", 20}, {"af23", 22}, {"af31", 26}, {"af32", 28}, {"af33", 30}, {"af41", 34},
    {"af42", 36}, {"af43", 38}, {"ef", 46},   {"va", 44},   {"lephb", 1}, {"le", 1},
};
static const struct nft_sym ecn_syms[] = {{"not-ect", 0}, {"ect1", 1}, {"ect0", 2}, {"ce", 3}};
static const struct nft_sym boolean_syms[] = {{"exists", 1}, {"missing", 0}};
static const struct nft_sym arp_op_syms[] = {
    {"request", 1},   {"reply", 2},   {"rrequest", 3}, {"rreply", 4},
    {"inrequest", 8}, {"inreply", 9}, {"nak", 10},
};
static const struct nft_sym day_syms[] = {
    {"Sunday", 0},   {"Monday", 1}, {"Tuesday", 2},  {"Wednesday", 3},
    {"Thursday", 4}, {"Friday", 5}, {"Saturday", 6},
};
static const struct nft_sym dccp_syms[] = {
    {"request", 0},  {"response", 1}, {"data", 2},  {"ack", 3},  {"dataack", 4},
    {"closereq", 5}, {"close", 6},    {"reset", 7}, {"sync", 8}, {"syncack", 9},
};
static const struct nft_sym ipsec_dir_syms[] = {{"in", 1}, {"out", 2}};

const struct nft_dtype nft_dt_integer = {"integer", "integer", DT_INT, 0, .delim = DELIM_16};
/* The value of a raw payload expression (`@th,160,128`): an integer nft
 * lists in hexadecimal without leading zeros, up to 128 bits. Not in
 * all_types. */
const struct nft_dtype nft_dt_rawint = {"integer", "integer", DT_INT, 0, .delim = DELIM_16};
const struct nft_dtype nft_dt_string = {"string", "string", DT_STRING, 0};
const struct nft_dtype nft_dt_ipv4 = {"ipv4_addr", "IPv4 address", DT_ADDR4, 4, .delim = DELIM_2};
const struct nft_dtype nft_dt_ipv6 = {"ipv6_addr", "IPv6 address", DT_ADDR6, 16};
const struct nft_dtype nft_dt_ether = {"ether_addr", "Ethernet address", DT_ETHER, 6};
const struct nft_dtype nft_dt_inet_service = {"inet_service", "internet network service", DT_INT, 2,
                                              .delim = DELIM_16};
const struct nft_dtype nft_dt_inet_proto = {"inet_proto",       "Internet protocol", DT_INT, 1,
                                            .print_syms = true, .delim = DELIM_16};
const struct nft_dtype nft_dt_ifname = {"ifname", "network interface name", DT_STRING, 16};
const struct nft_dtype nft_dt_mark = {"mark", "packet mark", DT_INT,
                                      4,      .hex = true,   .delim = DELIM_16};
const struct nft_dtype nft_dt_ct_state = {
    "ct_state",      "conntrack state",  DT_INT,           4,
    .bitmask = true, .print_syms = true, .delim = DELIM_2, SYMS(ct_state_syms)};
const struct nft_dtype nft_dt_ct_status = {
    "ct_status",     "conntrack status", DT_INT,           4,
    .bitmask = true, .print_syms = true, .delim = DELIM_2, SYMS(ct_status_syms)};
const struct nft_dtype nft_dt_ct_dir = {
    "ct_dir",           "conntrack direction", DT_INT,           1,
    .print_syms = true, .delim = DELIM_16,     SYMS(ct_dir_syms)};
const struct nft_dtype nft_dt_ct_event = {
    "ct_event",         "conntrack event bits", DT_INT, 4, .bitmask = true,
    .print_syms = true, SYMS(ct_event_syms)};
const struct nft_dtype nft_dt_icmp_type = {"icmp_type", "ICMP type",        DT_INT,
                                           1,           .print_syms = true, SYMS(icmp_type_syms)};
const struct nft_dtype nft_dt_icmp_code = {"icmp_code", "icmp code",        DT_INT,
                                           1,           .print_syms = true, SYMS(icmp_code_syms)};
const struct nft_dtype nft_dt_icmpv6_type = {"icmpv6_type",      "ICMPv6 type",         DT_INT, 1,
                                             .print_syms = true, SYMS(icmpv6_type_syms)};
const struct nft_dtype nft_dt_icmpv6_code = {"icmpv6_code",      "icmpv6 code",         DT_INT, 1,
                                             .print_syms = true, SYMS(icmpv6_code_syms)};
const struct nft_dtype nft_dt_icmpx_code = {"icmpx_code",       "icmpx code",         DT_INT, 1,
                                            .print_syms = true, SYMS(icmpx_code_syms)};
const struct nft_dtype nft_dt_tcp_flag = {
    "tcp_flag",        "TCP flag",         DT_INT, 1, .bitmask = true, .print_syms = true,
    .delim = DELIM_16, SYMS(tcp_flag_syms)};
const struct nft_dtype nft_dt_pkttype = {
    "pkt_type", "packet type", DT_INT, 1, .print_syms = true, .delim = DELIM_2, SYMS(pkttype_syms)};
const struct nft_dtype nft_dt_fib_addrtype = {"fib_addrtype",     "fib address type",     DT_INT, 4,
                                              .print_syms = true, SYMS(fib_addrtype_syms)};
const struct nft_dtype nft_dt_nf_proto = {
    "nf_proto",        "netfilter protocol", DT_INT, 1, .print_syms = true,
    .delim = DELIM_16, SYMS(nfproto_syms)};
const struct nft_dtype nft_dt_verdict = {"verdict", "netfilter verdict", DT_VERDICT, 4};
const struct nft_dtype nft_dt_ifindex = {"iface_index", "network interface index", DT_IFINDEX, 16,
                                         .delim = DELIM_16};
const struct nft_dtype nft_dt_uid = {"uid", "user ID", DT_INT, 4, .delim = DELIM_16};
const struct nft_dtype nft_dt_gid = {"gid", "group ID", DT_INT, 4, .delim = DELIM_16};
const struct nft_dtype nft_dt_ether_type = {"ether_type",       "Ethernet protocol",  DT_INT, 2,
                                            .print_syms = true, SYMS(ether_type_syms)};
const struct nft_dtype nft_dt_dscp = {
    "dscp", "Differentiated Services Code Point", DT_INT, 1, .print_syms = true, SYMS(dscp_syms)};
const struct nft_dtype nft_dt_ecn = {
    "ecn", "Explicit Congestion Notification", DT_INT, 1, .print_syms = true, SYMS(ecn_syms)};
const struct nft_dtype nft_dt_tc_handle = {"classid", "TC classid", DT_PRIO, 4};
const struct nft_dtype nft_dt_boolean = {"boolean", "boolean type",     DT_INT,
                                         1,         .print_syms = true, SYMS(boolean_syms)};
const struct nft_dtype nft_dt_ct_label = {"ct_label", "conntrack label", DT_INT, 16};
const struct nft_dtype nft_dt_realm = {"realm", "Routing Realm", DT_INT, 4};
const struct nft_dtype nft_dt_devgroup = {"devgroup", "device group", DT_INT, 4};
const struct nft_dtype nft_dt_arp_op = {"arp_op",           "ARP operation",   DT_INT,           2,
                                        .print_syms = true, .delim = DELIM_16, SYMS(arp_op_syms)};
const struct nft_dtype nft_dt_ifkind_type = {"iface_type", "network interface type", DT_INT, 2};
const struct nft_dtype nft_dt_time = {"time", "Relative time", DT_INT, 8};
const struct nft_dtype nft_dt_day = {"day", "Day of week",      DT_INT,
                                     1,     .print_syms = true, SYMS(day_syms)};
/* `meta time`'s absolute date (nft's date_type): not in all_types, a set
 * of `type time` keeps the relative time. */
const struct nft_dtype nft_dt_date = {"time", "Date", DT_DATE, 8};
const struct nft_dtype nft_dt_hour = {"hour", "Hour of day", DT_HOUR, 4};
const struct nft_dtype nft_dt_ipsec_dir = {"ipsec_dir", "IPsec direction",  DT_INT,
                                           1,           .print_syms = true, SYMS(ipsec_dir_syms)};
const struct nft_dtype nft_dt_counter_obj = {"counter", "counter", DT_STRING, 16};
const struct nft_dtype nft_dt_quota_obj = {"quota", "quota", DT_STRING, 16};
const struct nft_dtype nft_dt_limit_obj = {"limit", "limit", DT_STRING, 16};
const struct nft_dtype nft_dt_synproxy_obj = {"synproxy", "synproxy", DT_STRING, 16};
const struct nft_dtype nft_dt_dccp_pkttype = {"dccp_pkttype",     "DCCP packet type", DT_INT, 1,
                                              .print_syms = true, SYMS(dccp_syms)};

static const struct nft_dtype *const all_types[] = {
    &nft_dt_integer,      &nft_dt_string,       &nft_dt_ipv4,       &nft_dt_ipv6,
    &nft_dt_ether,        &nft_dt_inet_service, &nft_dt_inet_proto, &nft_dt_ifname,
    &nft_dt_mark,         &nft_dt_ct_state,     &nft_dt_ct_status,  &nft_dt_ct_dir,
    &nft_dt_ct_event,     &nft_dt_icmp_type,    &nft_dt_icmp_code,  &nft_dt_icmpv6_type,
    &nft_dt_icmpv6_code,  &nft_dt_icmpx_code,   &nft_dt_tcp_flag,   &nft_dt_pkttype,
    &nft_dt_fib_addrtype, &nft_dt_nf_proto,     &nft_dt_verdict,    &nft_dt_ifindex,
    &nft_dt_uid,          &nft_dt_gid,          &nft_dt_ether_type, &nft_dt_dscp,
    &nft_dt_ecn,          &nft_dt_tc_handle,    &nft_dt_boolean,    &nft_dt_ct_label,
    &nft_dt_realm,        &nft_dt_devgroup,     &nft_dt_arp_op,     &nft_dt_ifkind_type,
    &nft_dt_time,         &nft_dt_day,          &nft_dt_hour,       &nft_dt_ipsec_dir,
    &nft_dt_counter_obj,  &nft_dt_quota_obj,    &nft_dt_limit_obj,  &nft_dt_dccp_pkttype,
    &nft_dt_synproxy_obj,
};

const struct nft_dtype *nft_dtype_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(all_types); i++)
        if (!strcmp(all_types[i]->name, name))
            return all_types[i];
    return NULL;
}

uint64_t nft_val_u64(const struct nft_val *v)
{
    uint64_t x = 0;
    for (unsigned i = 0; i < v->len && i < 8; i++)
        x = x << 8 | v->b[v->len > 8 ? v->len - 8 + i : i];
    return x;
}

void nft_val_set_u64(struct nft_val *v, uint8_t len, uint64_t x)
{
    memset(v, 0, sizeof(*v));
    v->len = len;
    for (int i = len - 1; i >= 0 && x; i--, x >>= 8)
        v->b[i] = (uint8_t)x;
}

static bool parse_number(const char *s, uint64_t *out)
{
    if (!*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (*end || errno)
        return false;
    *out = v;
    return true;
}

/* 0x... of up to len bytes, right-aligned. */
static const char *parse_big_hex(uint8_t len, const char *s, struct nft_val *out)
{
    if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
        return "not a number";
    s += 2;
    size_t n = strlen(s);
    if (!n)
        return "not a number";
    while (n > 1 && *s == '0')
        s++, n--;
    if (n > (size_t)len * 2)
        return "value out of range";
    memset(out->b, 0, sizeof(out->b));
    out->len = len;
    for (size_t i = 0; i < n; i++) {
        char ch = s[n - 1 - i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return "not a number";
        out->b[len - 1 - i / 2] |= (uint8_t)(i % 2 ? d << 4 : d);
    }
    return NULL;
}

static const char *parse_int(const struct nft_dtype *dt, uint8_t len, const char *s,
                             struct nft_val *out)
{
    if (len > 8)
        return parse_big_hex(len, s, out);
    uint64_t v = 0;
    bool found = false;
    for (size_t i = 0; i < dt->nsyms && !found; i++)
        if (!strcmp(dt->syms[i].name, s)) {
            v = dt->syms[i].v;
            found = true;
        }
    if (!found && dt == &nft_dt_inet_service) {
        int port = service_by_name(s, "tcp");
        if (port < 0)
            port = service_by_name(s, "udp");
        if (port >= 0) {
            v = (uint64_t)port;
            found = true;
        }
    }
    if (!found && dt == &nft_dt_inet_proto && !parse_number(s, &v)) {
        int pr = proto_by_name(s);
        if (pr >= 0) {
            v = (uint64_t)pr;
            found = true;
        }
    }
    if (!found && dt == &nft_dt_tc_handle) {
        if (!strcmp(s, "root")) {
            v = 0xffffffffu;
            found = true;
        } else if (!strcmp(s, "none")) {
            found = true;
        }
    }
    if (!found && !parse_number(s, &v)) {
        if (dt->nsyms || dt == &nft_dt_inet_service || dt == &nft_dt_inet_proto)
            return "neither a known name nor a number";
        return "not a number";
    }
    if (len < 8 && v >> (8 * len))
        return "value out of range";
    nft_val_set_u64(out, len, v);
    return NULL;
}

/* `meta time "2022-05-30 21:51:23"` (also without seconds, or a date
 * alone), or a number of seconds since the epoch. nft reads the date in
 * its local time zone and lists it in the same one; ipt-sim, offline,
 * reads and prints UTC (the same listing when nft runs in UTC). */
static const char *parse_date(const char *s, struct nft_val *out)
{
    uint64_t secs;
    if (!parse_number(s, &secs)) {
        int y, mo, d, h = 0, mi = 0, sec = 0;
        char c;
        int n = sscanf(s, "%d-%d-%d %d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec, &c);
        if (n != 3 && n != 5 && n != 6)
            return "expected a date like \"2022-05-30 21:51:23\"";
        if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 ||
            h < 0 || mi < 0 || sec < 0)
            return "expected a date like \"2022-05-30 21:51:23\" (from 1970 on)";
        struct tm tm = {.tm_year = y - 1900,
                        .tm_mon = mo - 1,
                        .tm_mday = d,
                        .tm_hour = h,
                        .tm_min = mi,
                        .tm_sec = sec};
        time_t t = timegm(&tm);
        if (t < 0)
            return "expected a date like \"2022-05-30 21:51:23\" (from 1970 on)";
        secs = (uint64_t)t;
    }
    if (secs > UINT64_MAX / 1000000000u)
        return "value out of range";
    nft_val_set_u64(out, 8, secs * 1000000000u);
    return NULL;
}

/* `meta hour "21:51:23"`, `"21:51"`, or seconds since midnight (`"7"`,
 * `3600`), as nft reads them. */
static const char *parse_hour(const char *s, struct nft_val *out)
{
    uint64_t secs;
    if (!parse_number(s, &secs)) {
        int h, mi, sec = 0;
        char c;
        int n = sscanf(s, "%d:%d:%d%c", &h, &mi, &sec, &c);
        if ((n != 2 && n != 3) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
            return "expected a time of day like \"21:51\" or \"21:51:23\"";
        secs = (uint64_t)h * 3600 + (uint64_t)mi * 60 + (uint64_t)sec;
    }
    if (secs >= 86400)
        return "a time of day is less than 24 hours";
    nft_val_set_u64(out, 4, secs);
    return NULL;
}

const char *nft_dt_parse(const struct nft_dtype *dt, uint8_t len, const struct nft_tok *t,
                         struct nft_val *out)
{
    const char *s = t->text;
    memset(out, 0, sizeof(*out));
    if (!len)
        len = dt->size ? dt->size : 4;
    out->len = len;
    /* a quoted symbol is the symbol: `meta l4proto { "icmp", "ipv6-icmp" }` */
    if (t->kind == NFT_TOK_STRING && !*s)
        return "an empty string is not a value of this type";
    switch (dt->kind) {
    case DT_STRING:
    case DT_IFINDEX: {
        size_t n = strlen(s);
        if (n >= len && !(dt == &nft_dt_string && n <= len))
            return "string too long";
        if (n && s[n - 1] == '*' && !(n >= 2 && s[n - 2] == '\\')) {
            out->wild = true;
            n--;
            memcpy(out->b, s, n);
            out->len = (uint8_t)n;
            return NULL;
        }
        memcpy(out->b, s, n);
        return NULL;
    }
    case DT_ADDR4:
        return addr_parse(IPT_FAM_IPV4, s, out->b) ? NULL : "expected an address like 192.0.2.1";
    case DT_ADDR6:
        return addr_parse(IPT_FAM_IPV6, s, out->b) ? NULL : "expected an address like 2001:db8::1";
    case DT_ETHER: {
        unsigned x[6];
        char c;
        if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &x[0], &x[1], &x[2], &x[3], &x[4], &x[5], &c) != 6)
            return "not an Ethernet address";
        for (int i = 0; i < 6; i++) {
            if (x[i] > 255)
                return "not an Ethernet address";
            out->b[i] = (uint8_t)x[i];
        }
        return NULL;
    }
    case DT_PRIO: {
        unsigned a, b;
        char c;
        if (sscanf(s, "%x:%x%c", &a, &b, &c) == 2 && a <= 0xffff && b <= 0xffff) {
            nft_val_set_u64(out, 4, (uint64_t)a << 16 | b);
            return NULL;
        }
        return parse_int(dt, 4, s, out);
    }
    case DT_VERDICT:
        return "a verdict is not a value here";
    case DT_DATE:
        return parse_date(s, out);
    case DT_HOUR:
        return parse_hour(s, out);
    default:
        if (t->kind == NFT_TOK_STRING && dt == &nft_dt_integer) {
            /* typeless string data (a ct helper name) */
            size_t n = strlen(s);
            if (n >= len)
                return "string too long";
            memcpy(out->b, s, n);
            return NULL;
        }
        return parse_int(dt, len, s, out);
    }
}

static const char *sym_name(const struct nft_dtype *dt, uint64_t v)
{
    for (size_t i = 0; i < dt->nsyms; i++)
        if (dt->syms[i].v == v)
            return dt->syms[i].name;
    return NULL;
}

void nft_dt_print(struct strbuf *b, const struct nft_dtype *dt, const struct nft_val *v)
{
    char buf[64];
    switch (dt->kind) {
    case DT_STRING:
    case DT_IFINDEX: {
        size_t n = strnlen((const char *)v->b, v->len);
        /* an interface index given as a number (`oif 0`) lists as one */
        bool digits = dt->kind == DT_IFINDEX && n && !v->wild;
        for (size_t i = 0; i < n && digits; i++)
            digits = v->b[i] >= '0' && v->b[i] <= '9';
        if (digits) {
            sb_putn(b, (const char *)v->b, n);
            return;
        }
        sb_putc(b, '"');
        sb_putn(b, (const char *)v->b, n);
        if (v->wild)
            sb_putc(b, '*');
        sb_putc(b, '"');
        return;
    }
    case DT_ADDR4:
        addr_format(IPT_FAM_IPV4, v->b, buf, sizeof(buf));
        sb_puts(b, buf);
        return;
    case DT_ADDR6:
        addr_format(IPT_FAM_IPV6, v->b, buf, sizeof(buf));
        sb_puts(b, buf);
        return;
    case DT_ETHER:
        sb_printf(b, "%02x:%02x:%02x:%02x:%02x:%02x", v->b[0], v->b[1], v->b[2], v->b[3], v->b[4],
                  v->b[5]);
        return;
    case DT_PRIO: {
        uint32_t x = (uint32_t)nft_val_u64(v);
        if (x == 0xffffffffu)
            sb_puts(b, "root");
        else if (x == 0)
            sb_puts(b, "none");
        else
            sb_printf(b, "%x:%x", x >> 16, x & 0xffff);
        return;
    }
    case DT_DATE: {
        time_t t = (time_t)(nft_val_u64(v) / 1000000000u);
        struct tm tm;
        if (!gmtime_r(&t, &tm))
            break;
        strftime(buf, sizeof(buf), "\"%Y-%m-%d %H:%M:%S\"", &tm);
        sb_puts(b, buf);
        return;
    }
    case DT_HOUR: {
        uint64_t x = nft_val_u64(v);
        if (x % 60)
            sb_printf(b, "\"%02u:%02u:%02u\"", (unsigned)(x / 3600), (unsigned)(x / 60 % 60),
                      (unsigned)(x % 60));
        else
            sb_printf(b, "\"%02u:%02u\"", (unsigned)(x / 3600), (unsigned)(x / 60 % 60));
        return;
    }
    default:
        break;
    }
    if (v->len > 8) {
        sb_puts(b, "0x");
        unsigned i = 0;
        if (dt == &nft_dt_rawint) { /* no leading zeros */
            while (i + 1 < v->len && !v->b[i])
                i++;
            sb_printf(b, "%x", v->b[i++]);
        }
        for (; i < v->len; i++)
            sb_printf(b, "%02x", v->b[i]);
        return;
    }
    uint64_t x = nft_val_u64(v);
    if (dt == &nft_dt_rawint) {
        sb_printf(b, "0x%llx", (unsigned long long)x);
        return;
    }
    if (dt->bitmask && dt->print_syms) {
        if (x == 0) {
            const char *n = sym_name(dt, 0);
            sb_puts(b, n ? n : "0x0");
            return;
        }
        bool first = true;
        uint64_t rest = x;
        for (size_t i = 0; i < dt->nsyms; i++)
            if (dt->syms[i].v && (x & dt->syms[i].v) == dt->syms[i].v && (rest & dt->syms[i].v)) {
                sb_printf(b, "%s%s", first ? "" : ",", dt->syms[i].name);
                rest &= ~dt->syms[i].v;
                first = false;
            }
        if (rest)
            sb_printf(b, "%s0x%llx", first ? "" : ",", (unsigned long long)rest);
        return;
    }
    if (dt->print_syms) {
        const char *n = sym_name(dt, x);
        if (!n && dt == &nft_dt_inet_proto)
            n = proto_save_name((int)x);
        if (n) {
            /* nft quotes the day of week: `meta day "Sunday"` */
            sb_printf(b, dt == &nft_dt_day ? "\"%s\"" : "%s", n);
            return;
        }
    }
    if (dt->hex)
        sb_printf(b, "0x%0*llx", v->len * 2, (unsigned long long)x);
    else
        sb_printf(b, "%llu", (unsigned long long)x);
}
