/*
 * net.h - addresses, prefixes, protocol and service names.
 *
 * Addresses are kept as 16 bytes in network order for both families (IPv4
 * in the first 4), so one set of helpers serves iptables and ip6tables.
 */
#ifndef IPTSIM_NET_H
#define IPTSIM_NET_H

#include "iptsim/core.h"

struct ipt_addr {
    uint8_t family; /* IPT_FAM_IPV4 / IPT_FAM_IPV6, 0 = unset */
    uint8_t a[16];
};

/* An address with a mask: "10.0.0.0/8", "1.0.3.0/255.0.255.0". */
struct ipt_net {
    uint8_t family;
    uint8_t plen; /* prefix length, or NET_PLEN_NONCONTIG */
    uint8_t addr[16];
    uint8_t mask[16];
};
#define NET_PLEN_NONCONTIG 0xff

int addr_len(int family); /* 4 or 16 */
/* Parses a literal address of the family (no names). true on success. */
bool addr_parse(int family, const char *s, uint8_t out[16]);
/* "1.2.3.4" / "2001:db8::1" */
void addr_format(int family, const uint8_t a[16], char *buf, size_t n);

/* Parses "addr", "addr/len", "addr/mask" as iptables does: the address is
 * masked. Returns NULL on success or a static message saying what is wrong. */
const char *net_parse(int family, const char *s, struct ipt_net *out);
/* iptables-save form: "10.0.0.0/8", "1.2.3.4/32", "1.0.3.0/255.0.255.0". */
void net_format(const struct ipt_net *n, char *buf, size_t n_buf);
bool net_is_any(const struct ipt_net *n); /* /0 */
bool net_contains(const struct ipt_net *n, const uint8_t a[16]);
/* Builds a prefix net of `plen` bits. */
void net_from_prefix(int family, const uint8_t a[16], int plen, struct ipt_net *out);

/* -p names: "tcp" -> 6. Returns -1 if unknown. Case-insensitive. */
int proto_by_name(const char *s);
/* iptables-save's name for a protocol number, or NULL (print the number). */
const char *proto_save_name(int proto);
/* Service name -> port for "tcp"/"udp"/... (NULL proto: any). -1 unknown. */
int service_by_name(const char *name, const char *proto);

#endif
