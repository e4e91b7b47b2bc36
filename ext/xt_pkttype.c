/*
 * xt_pkttype.c - `-m pkttype --pkt-type TYPE`: the link-layer class of the
 * packet, skb->pkt_type (net/netfilter/xt_pkttype.c; userspace
 * libxt_pkttype.c). Names are case-insensitive; "host", "bcast" and
 * "mcast" are aliases printed under their canonical names.
 */
#include "iptsim/ext.h"

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

const struct ext_ops ext_pkttype = {
    .name = "pkttype",
    .kind = EXT_MATCH,
    .size = sizeof(struct pkttype_data),
    EXT_OPTS(pkttype_opts),
};
