/*
 * net.c - address, prefix, protocol and service helpers (include/iptsim/net.h).
 */
#include "iptsim/net.h"
#include "iptsim/model.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int addr_len(int family)
{
    return family == IPT_FAM_IPV6 ? 16 : 4;
}

bool addr_parse(int family, const char *s, uint8_t out[16])
{
    memset(out, 0, 16);
    if (family == IPT_FAM_IPV6)
        return inet_pton(AF_INET6, s, out) == 1;
    /* inet_pton refuses "10.1" and leading zeros, as iptables' own
     * xtables_numeric_to_ipaddr does not: it accepts 1 to 4 dotted parts,
     * each 0-255, the missing ones zero ("10.1" = 10.1.0.0). */
    int parts = 0;
    const char *p = s;
    while (*p) {
        if (parts == 4 || !isdigit((unsigned char)*p))
            return false;
        unsigned v = 0;
        const char *end = p;
        while (isdigit((unsigned char)*end) && end - p <= 3)
            v = v * 10 + (unsigned)(*end++ - '0');
        if (v > 255 || end - p > 3)
            return false;
        out[parts++] = (uint8_t)v;
        p = end;
        if (*p == '.') {
            p++;
            if (!*p)
                return false;
        } else if (*p) {
            return false;
        }
    }
    return parts > 0;
}

void addr_format(int family, const uint8_t a[16], char *buf, size_t n)
{
    if (!inet_ntop(family == IPT_FAM_IPV6 ? AF_INET6 : AF_INET, a, buf, (socklen_t)n))
        snprintf(buf, n, "?");
}

void net_from_prefix(int family, const uint8_t a[16], int plen, struct ipt_net *out)
{
    memset(out, 0, sizeof(*out));
    out->family = (uint8_t)family;
    out->plen = (uint8_t)plen;
    for (int i = 0; i < addr_len(family); i++) {
        int bits = plen - i * 8;
        out->mask[i] = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
        out->addr[i] = a[i] & out->mask[i];
    }
}

static int mask_to_plen(int family, const uint8_t m[16])
{
    int len = addr_len(family), plen = 0, i = 0;
    for (; i < len && m[i] == 0xff; i++)
        plen += 8;
    if (i < len) {
        uint8_t b = m[i];
        while (b & 0x80) {
            plen++;
            b = (uint8_t)(b << 1);
        }
        if (b)
            return NET_PLEN_NONCONTIG;
        for (i++; i < len; i++)
            if (m[i])
                return NET_PLEN_NONCONTIG;
    }
    return plen;
}

const char *net_parse(int family, const char *s, struct ipt_net *out)
{
    char buf[128];
    size_t n = strlen(s);
    if (n == 0)
        return "empty address";
    if (n >= sizeof(buf))
        return "address too long";
    memcpy(buf, s, n + 1);
    char *slash = strchr(buf, '/');
    int maxlen = addr_len(family) * 8;
    int plen = maxlen;
    uint8_t mask[16] = {0};
    bool have_mask = false;
    if (slash) {
        *slash++ = 0;
        if (!*slash)
            return "missing prefix length after '/'";
        bool digits = true;
        for (const char *q = slash; *q; q++)
            digits &= isdigit((unsigned char)*q) != 0;
        if (digits && strlen(slash) <= 3) {
            plen = atoi(slash);
            if (plen > maxlen)
                return family == IPT_FAM_IPV6 ? "prefix length must be 0-128"
                                              : "prefix length must be 0-32";
        } else {
            if (!addr_parse(family, slash, mask))
                return "invalid mask";
            have_mask = true;
        }
    }
    uint8_t a[16];
    if (!addr_parse(family, buf, a)) {
        if (family == IPT_FAM_IPV4 && strchr(buf, ':'))
            return "an IPv6 address in an IPv4 (iptables) rule";
        if (family == IPT_FAM_IPV6 && !strchr(buf, ':') && strchr(buf, '.'))
            return "an IPv4 address in an IPv6 (ip6tables) rule";
        return "invalid address (host names are not resolved offline)";
    }
    memset(out, 0, sizeof(*out));
    out->family = (uint8_t)family;
    if (have_mask) {
        memcpy(out->mask, mask, 16);
        out->plen = (uint8_t)mask_to_plen(family, mask);
        for (int i = 0; i < 16; i++)
            out->addr[i] = a[i] & mask[i];
    } else {
        net_from_prefix(family, a, plen, out);
    }
    return NULL;
}

void net_format(const struct ipt_net *n, char *buf, size_t nbuf)
{
    char a[64];
    addr_format(n->family, n->addr, a, sizeof(a));
    if (n->plen == NET_PLEN_NONCONTIG) {
        char m[64];
        addr_format(n->family, n->mask, m, sizeof(m));
        snprintf(buf, nbuf, "%s/%s", a, m);
    } else {
        snprintf(buf, nbuf, "%s/%u", a, n->plen);
    }
}

bool net_is_any(const struct ipt_net *n)
{
    for (int i = 0; i < 16; i++)
        if (n->mask[i])
            return false;
    return true;
}

bool net_contains(const struct ipt_net *n, const uint8_t a[16])
{
    for (int i = 0; i < addr_len(n->family); i++)
        if ((a[i] & n->mask[i]) != n->addr[i])
            return false;
    return true;
}

struct name_num {
    const char *name;
    int num;
};
static const struct name_num protocols[] = {
#include "protocols.inc"
};

int proto_by_name(const char *s)
{
    /* iptables' own names first (xtables_chain_protos), then netbase. */
    static const struct name_num xt[] = {{"tcp", 6},        {"sctp", 132}, {"udp", 17},
                                         {"udplite", 136},  {"icmp", 1},   {"icmpv6", 58},
                                         {"ipv6-icmp", 58}, {"esp", 50},   {"ah", 51},
                                         {"ipv6-mh", 135},  {"mh", 135},   {"all", 0}};
    for (size_t i = 0; i < ARRAY_SIZE(xt); i++)
        if (strcasecmp(xt[i].name, s) == 0)
            return xt[i].num;
    for (size_t i = 0; i < ARRAY_SIZE(protocols); i++)
        if (strcasecmp(protocols[i].name, s) == 0)
            return protocols[i].num;
    return -1;
}

const char *proto_save_name(int proto)
{
    /* What iptables-save prints for -p: the netbase name when there is one
     * (getprotobynumber: 135 is "mobility-header"), else iptables' own. */
    for (size_t i = 0; i < ARRAY_SIZE(protocols); i++)
        if (protocols[i].num == proto)
            return protocols[i].name;
    switch (proto) {
    case 58:
        return "ipv6-icmp";
    case 135:
        return "ipv6-mh";
    }
    return NULL;
}

struct service {
    const char *name;
    int port;
    const char *proto;
};
static const struct service services[] = {
#include "services.inc"
};

int service_by_name(const char *name, const char *proto)
{
    for (size_t i = 0; i < ARRAY_SIZE(services); i++)
        if (strcmp(services[i].name, name) == 0 &&
            (!proto || strcmp(services[i].proto, proto) == 0))
            return services[i].port;
    return -1;
}
