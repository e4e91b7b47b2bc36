/*
 * xt_pkttype.c - `-m pkttype --pkt-type TYPE`: the link-layer class of the
 * packet, skb->pkt_type (net/netfilter/xt_pkttype.c; userspace
 * libxt_pkttype.c). Names are case-insensitive; "host", "bcast" and
 * "mcast" are aliases printed under their canonical names.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <string.h>
#include <strings.h>

struct pkttype_data {
    uint8_t type; /* PACKET_HOST, PACKET_BROADCAST, ... (linux/if_packet.h) */
};

enum { O_TYPE };

/* canonical names first: the save form is the first entry of a type */
static const struct {
    const char *name;
    uint8_t type;
} pkt_types[] = {
    {"unicast", 0}, {"broadcast", 1}, {"multicast", 2}, {"otherhost", 3},
    {"bcast", 1},   {"mcast", 2},     {"host", 0},
};

static int parse_type(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    for (size_t i = 0; i < ARRAY_SIZE(pkt_types); i++)
        if (strcasecmp(pkt_types[i].name, argv[0]) == 0) {
            EXT_DATA(e, struct pkttype_data)->type = pkt_types[i].type;
            return 0;
        }
    return ext_error(p, "bad packet type \"%s\" (unicast, broadcast, multicast, otherhost)",
                     argv[0]);
}

static void print_type(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    uint8_t t = EXT_CDATA(e, struct pkttype_data)->type;
    for (size_t i = 0; i < ARRAY_SIZE(pkt_types); i++)
        if (pkt_types[i].type == t) {
            sb_printf(b, " %s", pkt_types[i].name);
            return;
        }
    sb_printf(b, " %u", t);
}

static const struct ext_opt pkttype_opts[] = {
    {"pkt-type", ARG_CUSTOM, O_TYPE, EXT_OPT_INVERT | EXT_OPT_MAND, .parse = parse_type,
     .print = print_type},
};

/* pkttype_mt(): skb->pkt_type, PACKET_LOOPBACK counted as multicast or
 * broadcast by address. Where the simulated packet gets its pkt_type:
 *
 * - locally generated (OUTPUT, and POSTROUTING without an input device):
 *   the socket's fresh skb is PACKET_HOST even for a broadcast or
 *   multicast send; the copy looped back to local listeners is not
 *   simulated;
 * - coming back in on lo: loopback_xmit() runs eth_type_trans() on lo's
 *   all-zero address, PACKET_HOST;
 * - received on an interface: eth_type_trans() classifies the frame's
 *   destination MAC. The packet spec has no MAC, so the IP destination
 *   stands for it: a broadcast address arrives in a broadcast frame, a
 *   multicast group in a multicast frame, anything else in a frame for
 *   this host. (The interface is taken to be Ethernet-like: a PPP link or
 *   an IP tunnel delivers everything as PACKET_HOST.) (PACKET_OTHERHOST frames are dropped by
 * ip_rcv before PREROUTING, and only PACKET_HOST packets are forwarded, so "otherhost" never
 * matches). */
static int pkttype_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    uint8_t want = EXT_CDATA(e, struct pkttype_data)->type;
    uint8_t type = 0; /* PACKET_HOST */
    bool local_out = c->hook == IPT_HOOK_OUTPUT || (c->hook == IPT_HOOK_POSTROUTING && !c->iif);
    if (!local_out && c->iif && strcmp(c->iif, "lo") != 0) {
        const uint8_t *d = sim_dst(c);
        static const uint8_t bcast[4] = {255, 255, 255, 255};
        bool v4 = c->family == IPT_FAM_IPV4;
        if (v4 ? (d[0] & 0xf0) == 0xe0 : d[0] == 0xff)
            type = 2; /* PACKET_MULTICAST */
        else if (v4 && (memcmp(d, bcast, 4) == 0 ||
                        (host_addr_type(c->host, c->family, d) == ADDRT_BROADCAST &&
                         (d[0] | d[1] | d[2] | d[3]) != 0)))
            type = 1; /* PACKET_BROADCAST (0.0.0.0 is no broadcast frame) */
    }
    return (type == want) != ext_inv(e, O_TYPE);
}

const struct ext_ops ext_pkttype = {
    .name = "pkttype",
    .kind = EXT_MATCH,
    .size = sizeof(struct pkttype_data),
    EXT_OPTS(pkttype_opts),
    .match = pkttype_match,
};
