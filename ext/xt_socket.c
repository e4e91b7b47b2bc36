/*
 * xt_socket.c - `-m socket` (net/netfilter/xt_socket.c): the packet belongs
 * to a local socket (transparent proxying). Revision 3 options.
 *
 * The socket lookup happens before the routing decision hands the packet to
 * the local stack, so the kernel allows it only in PREROUTING and INPUT.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>

enum { O_TRANSPARENT, O_NOWILDCARD, O_RESTORESKMARK };

/* No data: the flags are the option bits. Save order: libxt_socket.c
 * socket_mt_save_v3. */
static const struct ext_opt socket_opts[] = {
    {"transparent", ARG_NONE, O_TRANSPARENT, 0},
    {"nowildcard", ARG_NONE, O_NOWILDCARD, 0},
    {"restore-skmark", ARG_NONE, O_RESTORESKMARK, 0},
};

/* ICMP errors carry the header of the packet they answer: the socket
 * lookup uses that inner packet (extract_icmp4_fields / _icmp6_). */
static bool icmp_error(const struct sim_pkt *p)
{
    if (p->proto == 1)
        return p->icmp_type == 3 || p->icmp_type == 4 || p->icmp_type == 5 || p->icmp_type == 11 ||
               p->icmp_type == 12;
    return p->proto == 58 && p->icmp_type < 128;
}

/* socket_match() (net/netfilter/xt_socket.c): nf_sk_lookup_slow_v4/v6
 * look for a local socket by the packet's addresses and ports: an
 * established one, else a listener. Only TCP and UDP packets (and ICMP
 * errors about them) can have one; anything else never matches. Without
 * --nowildcard a listener bound to the wildcard address does not count;
 * --transparent wants IP_TRANSPARENT; --restore-skmark copies the socket's
 * mark to the packet.
 *
 * The sockets of the host are not part of what ipt-sim knows (a forwarded
 * packet can match too: a wildcard-free transparent listener is what
 * TPROXY setups look for), so the answer is a fork. */
static int socket_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct sim_pkt *p = c->pkt;
    bool error = icmp_error(p);
    if (p->proto != 6 && p->proto != 17 && !error)
        return 0;
    char dst[64], text[256];
    addr_format(c->family, p->dst, dst, sizeof(dst));
    if (error)
        snprintf(text, sizeof(text),
                 "a local%s socket owns the connection this ICMP error is about%s",
                 ext_has(e, O_TRANSPARENT) ? " transparent (IP_TRANSPARENT)" : "",
                 ext_has(e, O_NOWILDCARD) ? "" : " (not a listener on the wildcard address)");
    else
        snprintf(text, sizeof(text),
                 "a local%s socket owns this packet: connected to it, or listening on "
                 "%s%s%s:%u%s",
                 ext_has(e, O_TRANSPARENT) ? " transparent (IP_TRANSPARENT)" : "",
                 c->family == IPT_FAM_IPV6 ? "[" : "", dst, c->family == IPT_FAM_IPV6 ? "]" : "",
                 p->dport,
                 ext_has(e, O_NOWILDCARD) ? " or the wildcard address"
                                          : " (not the wildcard address)");
    bool yes = sim_decide(c, text, -1);
    if (yes && ext_has(e, O_RESTORESKMARK))
        sim_ctx_note(c,
                     "socket --restore-skmark: the packet now carries the socket's mark, "
                     "which ipt-sim does not know (0x%x is kept)",
                     p->mark);
    return yes;
}

const struct ext_ops ext_socket = {
    .name = "socket",
    .kind = EXT_MATCH,
    .size = 0,
    EXT_OPTS(socket_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT),
    .match = socket_match,
};
