/*
 * xt_mac.c - `-m mac --mac-source XX:XX:XX:XX:XX:XX`: the Ethernet source
 * address (net/netfilter/xt_mac.c; userspace libxt_mac.c, parsed by
 * xtoptions.c xtopt_parse_ethermac()).
 *
 * The kernel allows it only where an incoming frame has a MAC header:
 * PREROUTING, INPUT and FORWARD. Each of the six fields is at most two hex
 * digits (an empty field is 0); saved lower case with two digits. A saved
 * ruleset anonymised as "XX:XX:..." is refused like iptables-restore does.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <string.h>

struct mac_data {
    uint8_t addr[6];
};

enum { O_SRC };

static int hexval(int c)
{
    if (isdigit(c))
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_mac(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct mac_data *d = e->data;
    const char *s = argv[0];
    while (isspace((unsigned char)*s)) /* strtoul skips leading blanks */
        s++;
    for (int i = 0; i < 6; i++) {
        unsigned v = 0;
        int n = 0;
        int h;
        while ((h = hexval((unsigned char)s[n])) >= 0 && n < 3) {
            v = v * 16 + (unsigned)h;
            n++;
        }
        if (n > 2 || s[n] != (i < 5 ? ':' : '\0'))
            return ext_error(p,
                             "invalid MAC address \"%s\" specified (six hex bytes, "
                             "XX:XX:XX:XX:XX:XX)",
                             argv[0]);
        d->addr[i] = (uint8_t)v;
        s += n + 1;
    }
    return 0;
}

static void print_mac(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    (void)o;
    const uint8_t *a = EXT_CDATA(e, struct mac_data)->addr;
    sb_printf(b, " %02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
}

static const struct ext_opt mac_opts[] = {
    {"mac-source", ARG_CUSTOM, O_SRC, EXT_OPT_INVERT | EXT_OPT_MAND, .parse = parse_mac,
     .print = print_mac},
};

/* mac_mt(): no match (negated or not) unless skb->dev is an Ethernet
 * device (ARPHRD_ETHER) with a MAC header; then the source address
 * compared. lo is ARPHRD_LOOPBACK, so a packet coming back in on lo never
 * matches. For other devices neither the link type nor the sender's MAC
 * address is known: a fork. */
static int mac_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const uint8_t *a = EXT_CDATA(e, struct mac_data)->addr;
    if (!c->iif || strcmp(c->iif, "lo") == 0)
        return 0;
    char what[160];
    snprintf(what, sizeof(what),
             "%s is an Ethernet device and the frame's source MAC address is %s"
             "%02x:%02x:%02x:%02x:%02x:%02x",
             c->iif, ext_inv(e, O_SRC) ? "not " : "", a[0], a[1], a[2], a[3], a[4], a[5]);
    return sim_decide(c, what, -1);
}

const struct ext_ops ext_mac = {
    .name = "mac",
    .kind = EXT_MATCH,
    .size = sizeof(struct mac_data),
    EXT_OPTS(mac_opts),
    .match = mac_match,
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT) |
             IPT_HOOK_BIT(IPT_HOOK_FORWARD),
};
