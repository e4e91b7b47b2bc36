/*
 * xt_policy.c - `-m policy` (net/netfilter/xt_policy.c): the IPsec policy
 * that was applied on decapsulation (--dir in) or will be applied on
 * encapsulation (--dir out).
 *
 * The per-element options (--reqid ... --tunnel-dst) fill the current
 * element; --next starts the next one (at most XT_POLICY_MAX_ELEM = 4), as
 * libxt_policy.c does. Each option may appear once per element, so the
 * options are MULTI here and the element keeps its own "given" and
 * "negated" bits.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_MAX_ELEM 4

enum { PE_REQID = 1, PE_SPI = 2, PE_PROTO = 4, PE_MODE = 8, PE_SADDR = 16, PE_DADDR = 32 };
enum { MODE_TRANSPORT, MODE_TUNNEL };

struct policy_elem {
    uint8_t match, invert; /* PE_* */
    uint8_t proto, mode;
    uint32_t reqid, spi;
    uint8_t saddr[16], daddr[16];
    uint8_t splen, dplen;
};

struct policy_data {
    bool dir_out;
    bool none;
    uint8_t len; /* elements, after the check */
    uint8_t family;
    struct policy_elem pol[POLICY_MAX_ELEM];
};

enum { O_DIR, O_POL, O_STRICT, O_REQID, O_SPI, O_TUNNELSRC, O_TUNNELDST, O_PROTO, O_MODE, O_NEXT };

static int parse_dir(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct policy_data *d = e->data;
    if (strcmp(argv[0], "in") == 0)
        d->dir_out = false;
    else if (strcmp(argv[0], "out") == 0)
        d->dir_out = true;
    else
        return ext_error(p, "policy: invalid dir \"%s\" (in or out)", argv[0]);
    return 0;
}

static int parse_pol(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct policy_data *d = e->data;
    if (strcmp(argv[0], "none") == 0)
        d->none = true;
    else if (strcmp(argv[0], "ipsec") == 0)
        d->none = false;
    else
        return ext_error(p, "policy: invalid policy \"%s\" (none or ipsec)", argv[0]);
    return 0;
}

/* The element option being parsed: its bit, whether this occurrence is
 * negated (the shared inv bit is reset so that the next occurrence starts
 * clean), and refuses a second one in the same element. */
static struct policy_elem *elem_opt(struct ext_parse *p, struct ipt_expr *e,
                                    const struct ext_opt *o, uint8_t bit)
{
    struct policy_data *d = e->data;
    struct policy_elem *pe = &d->pol[d->len];
    bool inv = ext_inv(e, o->id);
    e->inv &= ~(1u << o->id);
    if (pe->match & bit) {
        ext_error_opt(p, "policy: double --%s option in one policy element (use --next)", o->name);
        return NULL;
    }
    pe->match |= bit;
    if (inv)
        pe->invert |= bit;
    return pe;
}

static int parse_u32(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    uint8_t bit = o->id == O_REQID ? PE_REQID : PE_SPI;
    struct policy_elem *pe = elem_opt(p, e, o, bit);
    uint64_t v;
    if (!pe || ext_parse_uint(p, argv[0], 0, UINT32_MAX, &v))
        return -1;
    if (bit == PE_REQID)
        pe->reqid = (uint32_t)v;
    else
        pe->spi = (uint32_t)v;
    return 0;
}

static int parse_proto(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct policy_elem *pe = elem_opt(p, e, o, PE_PROTO);
    if (!pe)
        return -1;
    /* xtables_parse_protocol(): a number or an /etc/protocols name or alias
     * (case matters) */
    static const struct {
        const char *name;
        uint8_t proto;
    } names[] = {{"esp", 50},      {"IPSEC-ESP", 50}, {"ah", 51},
                 {"IPSEC-AH", 51}, {"ipcomp", 108},   {"IPComp", 108}};
    const char *s = argv[0];
    int proto = -1;
    uint64_t v;
    if (*s >= '0' && *s <= '9') {
        if (ext_parse_uint(p, s, 0, 255, &v))
            return -1;
        proto = (int)v;
    } else {
        for (size_t i = 0; i < ARRAY_SIZE(names); i++)
            if (strcmp(s, names[i].name) == 0)
                proto = names[i].proto;
        /* proto_by_name() ignores case, getprotobyname() does not: the
         * /etc/protocols names are lower case */
        bool lower = true;
        for (const char *c = s; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                lower = false;
        if (proto < 0 && (!lower || proto_by_name(s) < 0))
            return ext_error(p, "unknown protocol \"%s\" specified", s);
    }
    if (proto != 50 && proto != 51 && proto != 108)
        return ext_error(p, "policy match: protocol must be ah/esp/ipcomp");
    pe->proto = (uint8_t)proto;
    return 0;
}

static int parse_mode(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    struct policy_elem *pe = elem_opt(p, e, o, PE_MODE);
    if (!pe)
        return -1;
    if (strcmp(argv[0], "transport") == 0)
        pe->mode = MODE_TRANSPORT;
    else if (strcmp(argv[0], "tunnel") == 0)
        pe->mode = MODE_TUNNEL;
    else
        return ext_error(p, "policy match: invalid mode \"%s\" (transport or tunnel)", argv[0]);
    return 0;
}

/* XTTYPE_HOSTMASK: address[/prefix-or-mask]. The address is kept as given
 * (not masked). A mask that is an address but not contiguous (including
 * "/33", read by getaddrinfo as 0.0.0.33) ends up as a full-length prefix,
 * as iptables-save shows. */
static int parse_addr(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    uint8_t bit = o->id == O_TUNNELSRC ? PE_SADDR : PE_DADDR;
    struct policy_elem *pe = elem_opt(p, e, o, bit);
    if (!pe)
        return -1;
    bool v6 = p->family == IPT_FAM_IPV6;
    int max = v6 ? 128 : 32;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *slash = strchr(buf, '/');
    if (slash)
        *slash++ = 0;
    uint8_t *a = bit == PE_SADDR ? pe->saddr : pe->daddr;
    bool ok =
        v6 ? inet_pton(AF_INET6, buf, a) == 1 : inet_aton(buf, (struct in_addr *)(void *)a) != 0;
    if (!ok)
        return ext_error(p,
                         "host/network \"%s\" not found (ipt-sim does not resolve names; "
                         "write the address)",
                         buf);
    int plen = max;
    if (slash) {
        char *end;
        unsigned long v = strtoul(slash, &end, 0);
        uint8_t m[16] = {0};
        if (*slash && *slash != '-' && *slash != '+' && !*end && v <= (unsigned long)max) {
            plen = (int)v;
        } else if (v6 ? inet_pton(AF_INET6, slash, m) == 1
                      : inet_aton(slash, (struct in_addr *)(void *)m) != 0) {
            plen = 0;
            while (plen < max && (m[plen / 8] >> (7 - plen % 8) & 1))
                plen++;
            for (int k = plen; k < max; k++)
                if (m[k / 8] >> (7 - k % 8) & 1)
                    plen = max;
        } else {
            return ext_error(p,
                             "policy: bad value for option \"--%s\", neither a valid "
                             "network mask nor valid CIDR (0-%d)",
                             o->name, max);
        }
    }
    if (bit == PE_SADDR)
        pe->splen = (uint8_t)plen;
    else
        pe->dplen = (uint8_t)plen;
    return 0;
}

static int parse_next(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    (void)argv;
    struct policy_data *d = e->data;
    if (++d->len == POLICY_MAX_ELEM)
        return ext_error_opt(p, "policy match: maximum policy depth reached (%d elements)",
                             POLICY_MAX_ELEM);
    return 0;
}

#define M(id, n, t, f, fn)                                                                         \
    {                                                                                              \
        n, t, id, f, .parse = fn                                                                   \
    }
static const struct ext_opt policy_opts[] = {
    M(O_DIR, "dir", ARG_CUSTOM, 0, parse_dir),
    M(O_POL, "pol", ARG_CUSTOM, 0, parse_pol),
    M(O_STRICT, "strict", ARG_NONE, 0, NULL),
    M(O_REQID, "reqid", ARG_CUSTOM, EXT_OPT_MULTI | EXT_OPT_INVERT, parse_u32),
    M(O_SPI, "spi", ARG_CUSTOM, EXT_OPT_MULTI | EXT_OPT_INVERT, parse_u32),
    M(O_TUNNELSRC, "tunnel-src", ARG_CUSTOM, EXT_OPT_MULTI | EXT_OPT_INVERT, parse_addr),
    M(O_TUNNELDST, "tunnel-dst", ARG_CUSTOM, EXT_OPT_MULTI | EXT_OPT_INVERT, parse_addr),
    M(O_PROTO, "proto", ARG_CUSTOM, EXT_OPT_MULTI | EXT_OPT_INVERT, parse_proto),
    M(O_MODE, "mode", ARG_CUSTOM, EXT_OPT_MULTI | EXT_OPT_INVERT, parse_mode),
    M(O_NEXT, "next", ARG_NONE, EXT_OPT_MULTI, parse_next),
};
#undef M

static int policy_check(struct ext_parse *p, struct ipt_expr *e)
{
    struct policy_data *d = e->data;
    bool strict = ext_has(e, O_STRICT);
    d->family = (uint8_t)p->family;
    if (!ext_has(e, O_DIR))
        return ext_error(p, "policy match: neither --dir in nor --dir out specified");
    if (ext_has(e, O_NEXT) && !strict)
        return ext_error(p, "policy: option \"--next\" also requires \"--strict\"");
    if (d->none) {
        if (strict)
            return ext_error(p, "policy match: policy none but --strict given");
        if (d->len != 0)
            return ext_error(p, "policy match: policy none but policy given");
    } else {
        d->len++; /* no --next after the last element */
    }
    for (unsigned i = 0; i < d->len; i++) {
        const struct policy_elem *pe = &d->pol[i];
        if (strict && !pe->match)
            return ext_error(p,
                             "policy match: empty policy element %u. --strict is in effect, "
                             "but at least one of reqid, spi, tunnel-src, tunnel-dst, proto "
                             "or mode is required.",
                             i);
        /* mode defaults to transport: tunnel addresses need --mode tunnel */
        bool inv_mode = pe->invert & PE_MODE;
        if ((pe->match & (PE_SADDR | PE_DADDR)) &&
            ((pe->mode == MODE_TUNNEL && inv_mode) || (pe->mode == MODE_TRANSPORT && !inv_mode)))
            return ext_error(p, "policy match: --tunnel-src/--tunnel-dst is only valid in "
                                "tunnel mode");
    }
    /* policy_mt_check(): the direction must exist on the hook. This is a
     * checkentry test, not the match's .hooks: nft_compat calls it with the
     * hook of a base chain, and with no hook at all for a user chain, so
     * iptables-nft (unlike iptables-legacy) accepts `--dir out` in a user
     * chain reached from INPUT (checked with iptables-nft-restore 1.8.9).
     * Hence no .hooks_for: only built-in chains are refused. */
    const struct ipt_table *t = ruleset_find_table(p->rs, p->family, p->table);
    const struct ipt_chain *c = t ? table_find_chain(t, p->chain) : NULL;
    if (c && c->base) {
        bool in_side = c->hook == IPT_HOOK_PREROUTING || c->hook == IPT_HOOK_INPUT;
        bool out_side = c->hook == IPT_HOOK_POSTROUTING || c->hook == IPT_HOOK_OUTPUT;
        if (d->dir_out && in_side)
            return ext_error(p, "policy: output policy (--dir out) is not valid in PREROUTING "
                                "and INPUT: the kernel refuses the rule");
        if (!d->dir_out && out_side)
            return ext_error(p, "policy: input policy (--dir in) is not valid in POSTROUTING "
                                "and OUTPUT: the kernel refuses the rule");
    }
    return 0;
}

static void print_addr(struct strbuf *b, int family, const uint8_t *a, int plen)
{
    char buf[64];
    bool v6 = family == IPT_FAM_IPV6;
    inet_ntop(v6 ? AF_INET6 : AF_INET, a, buf, sizeof(buf));
    sb_puts(b, buf);
    if (plen != (v6 ? 128 : 32))
        sb_printf(b, "/%d", plen);
}

static void policy_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct policy_data *d = e->data;
    sb_printf(b, " --dir %s --pol %s", d->dir_out ? "out" : "in", d->none ? "none" : "ipsec");
    if (ext_has(e, O_STRICT))
        sb_puts(b, " --strict");
    for (unsigned i = 0; i < d->len; i++) {
        const struct policy_elem *pe = &d->pol[i];
#define INV(bit) ((pe->invert & (bit)) ? " !" : "")
        if (pe->match & PE_REQID)
            sb_printf(b, "%s --reqid %u", INV(PE_REQID), pe->reqid);
        if (pe->match & PE_SPI)
            sb_printf(b, "%s --spi 0x%x", INV(PE_SPI), pe->spi);
        if (pe->match & PE_PROTO)
            sb_printf(b, "%s --proto %s", INV(PE_PROTO),
                      pe->proto == 50   ? "esp"
                      : pe->proto == 51 ? "ah"
                                        : "ipcomp");
        if (pe->match & PE_MODE)
            sb_printf(b, "%s --mode %s", INV(PE_MODE),
                      pe->mode == MODE_TUNNEL ? "tunnel" : "transport");
        if (pe->match & PE_DADDR) {
            sb_printf(b, "%s --tunnel-dst ", INV(PE_DADDR));
            print_addr(b, d->family, pe->daddr, pe->dplen);
        }
        if (pe->match & PE_SADDR) {
            sb_printf(b, "%s --tunnel-src ", INV(PE_SADDR));
            print_addr(b, d->family, pe->saddr, pe->splen);
        }
#undef INV
        if (i + 1 < d->len)
            sb_puts(b, " --next");
    }
}

/* policy_mt() (net/netfilter/xt_policy.c): --dir in looks at the skb's
 * secpath (the IPsec transforms that decapsulated it), --dir out at the
 * route's xfrm bundle (the transforms that will encapsulate it). Either
 * lookup answers -1 when there is none, and then the match is
 * `--pol none`; with a policy, --pol none never matches and --pol ipsec
 * compares the elements (each with its own '!').
 *
 * The simulator has no IPsec: no packet was decapsulated and no route has
 * an xfrm bundle, so the lookup is always -1 whichever the direction:
 * --pol none matches and --pol ipsec does not. The elements and their
 * inversions are never reached, exactly as in the kernel for such a
 * packet; the match itself cannot be negated. The direction only decides
 * where the rule may be (policy_check). */
static int policy_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c;
    return EXT_CDATA(e, struct policy_data)->none;
}

const struct ext_ops ext_policy = {
    .name = "policy",
    .kind = EXT_MATCH,
    .size = sizeof(struct policy_data),
    EXT_OPTS(policy_opts),
    .check = policy_check,
    .save_opts = policy_save_opts,
    .match = policy_match,
};
