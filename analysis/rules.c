/*
 * rules.c - what a rule matches as a set of packets (analysis.h), the
 * packets a hook feeds into a base chain, and witness packets.
 */
#include "iptsim/analysis.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

static an_u128 addr_to_u128(int family, const uint8_t a[16])
{
    an_u128 v = 0;
    for (int i = 0; i < addr_len(family); i++)
        v = (v << 8) | a[i];
    return v;
}

static void u128_to_addr(int family, an_u128 v, uint8_t a[16])
{
    memset(a, 0, 16);
    for (int i = addr_len(family) - 1; i >= 0; i--) {
        a[i] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
}

/* A constraint on one field as a small set of cubes; intersected into the
 * rule's set. */
static void restrict_by(struct an_set *s, const struct an_set *by)
{
    struct an_set t;
    an_set_init(&t);
    an_set_intersect(s, by, &t);
    free(s->v);
    *s = t;
}

/* The complement of `by` within the full cube, intersected into s. */
static void restrict_by_not(struct an_ctx *x, struct an_set *s, const struct an_set *by)
{
    struct an_set c;
    an_set_init(&c);
    struct an_cube full;
    an_cube_full(x, &full);
    an_set_push(&c, &full);
    an_set_subtract(x, &c, by, false);
    restrict_by(s, &c);
    an_set_free(&c);
}

static void restrict_cube(struct an_ctx *x, struct an_set *s, const struct an_cube *c, bool inv)
{
    struct an_set by;
    an_set_init(&by);
    an_set_push(&by, c);
    if (inv)
        restrict_by_not(x, s, &by);
    else
        restrict_by(s, &by);
    an_set_free(&by);
}

/* net -> cube restricting src or dst; false if the mask is not a prefix. */
static bool net_cube(struct an_ctx *x, const struct ipt_net *n, bool dst, struct an_cube *c)
{
    an_cube_full(x, c);
    if (n->plen == NET_PLEN_NONCONTIG)
        return false;
    int bits = addr_len(x->family) * 8;
    an_u128 lo = addr_to_u128(x->family, n->addr);
    an_u128 span = n->plen >= bits ? 0 : (((an_u128)1 << (bits - n->plen)) - 1);
    if (n->plen == 0)
        span = x->addr_max;
    lo &= ~span;
    if (dst) {
        c->dst_lo = lo;
        c->dst_hi = lo | span;
    } else {
        c->src_lo = lo;
        c->src_hi = lo | span;
    }
    return true;
}

static bool iface_bits(struct an_ctx *x, const char *pat, uint64_t *bits)
{
    bool known = false;
    for (size_t i = 0; i < x->ifs.npats; i++)
        known |= x->ifs.pats[i] == pat || !strcmp(x->ifs.pats[i], pat);
    memset(bits, 0, AN_IFCLASSES / 8);
    for (size_t i = 0; i < x->ifs.n; i++)
        if (sim_iface_match(pat, x->ifs.names[i]))
            bits[i / 64] |= 1ull << (i % 64);
    return known;
}

static void ports_restrict(struct an_ctx *x, struct an_set *s, const struct ext_range16 *v,
                           size_t n, bool inv, bool dst)
{
    struct an_set by;
    an_set_init(&by);
    for (size_t i = 0; i < n; i++) {
        struct an_cube c;
        an_cube_full(x, &c);
        if (dst) {
            c.dp_lo = v[i].lo;
            c.dp_hi = v[i].hi;
        } else {
            c.sp_lo = v[i].lo;
            c.sp_hi = v[i].hi;
        }
        /* ranges may overlap in a list: keep the set disjoint */
        struct an_set one;
        an_set_init(&one);
        an_set_push(&one, &c);
        an_set_union(x, &by, &one);
        an_set_free(&one);
    }
    if (inv)
        restrict_by_not(x, s, &by);
    else
        restrict_by(s, &by);
    an_set_free(&by);
}

static void ports_apply(struct an_ctx *x, struct an_set *s, const struct an_ports *p)
{
    if (p->either) {
        /* source port in L, or destination port in L (negated: neither) */
        struct an_set a, b;
        an_set_init(&a);
        an_set_init(&b);
        struct an_cube full;
        an_cube_full(x, &full);
        an_set_push(&a, &full);
        an_set_push(&b, &full);
        if (p->dst_inv) {
            ports_restrict(x, s, p->dst, p->ndst, true, false);
            ports_restrict(x, s, p->dst, p->ndst, true, true);
        } else {
            ports_restrict(x, &a, p->dst, p->ndst, false, false);
            ports_restrict(x, &b, p->dst, p->ndst, true, false);
            ports_restrict(x, &b, p->dst, p->ndst, false, true);
            for (size_t i = 0; i < b.n; i++)
                an_set_push(&a, &b.v[i]);
            restrict_by(s, &a);
        }
        an_set_free(&a);
        an_set_free(&b);
        return;
    }
    if (p->nsrc)
        ports_restrict(x, s, p->src, p->nsrc, p->src_inv, false);
    if (p->ndst)
        ports_restrict(x, s, p->dst, p->ndst, p->dst_inv, true);
}

bool an_rule_set(struct an_ctx *x, const struct ipt_rule *r, struct an_set *out, bool *unmodelled)
{
    an_set_clear(out);
    *unmodelled = false;
    struct an_cube c;
    an_cube_full(x, &c);
    an_set_push(out, &c);
    for (uint16_t i = 0; i < r->nexprs && out->n; i++) {
        const struct ipt_expr *e = &r->exprs[i];
        const char *name = e->ops->name;
        if (e->ops->kind == EXT_HEADER) {
            struct ipt_header h;
            if (!rule_header(r, &h))
                continue;
            if (h.flags & IPT_F_PROTO && h.proto) {
                an_cube_full(x, &c);
                memset(c.proto, 0, sizeof(c.proto));
                c.proto[h.proto / 64 % 4] |= 1ull << (h.proto % 64);
                restrict_cube(x, out, &c, h.invflags & IPT_INV_PROTO);
            }
            if (h.flags & IPT_F_FRAG)
                *unmodelled = true;
            if (!net_is_any(&h.src) || (h.invflags & IPT_INV_SRCIP)) {
                if (net_cube(x, &h.src, false, &c))
                    restrict_cube(x, out, &c, h.invflags & IPT_INV_SRCIP);
                else
                    *unmodelled = true;
            }
            if (!net_is_any(&h.dst) || (h.invflags & IPT_INV_DSTIP)) {
                if (net_cube(x, &h.dst, true, &c))
                    restrict_cube(x, out, &c, h.invflags & IPT_INV_DSTIP);
                else
                    *unmodelled = true;
            }
            const char *ifs[2] = {h.iif, h.oif};
            for (int k = 0; k < 2; k++) {
                if (!ifs[k])
                    continue;
                an_cube_full(x, &c);
                if (!iface_bits(x, ifs[k], k ? c.oif : c.iif)) {
                    *unmodelled = true;
                    continue;
                }
                restrict_cube(x, out, &c, h.invflags & (k ? IPT_INV_VIA_OUT : IPT_INV_VIA_IN));
            }
        } else if (!strcmp(name, "tcp") || !strcmp(name, "udp")) {
            struct an_ports p;
            ext_tcpudp_ports(e, &p);
            *unmodelled |= p.unmodelled;
            ports_apply(x, out, &p);
        } else if (!strcmp(name, "multiport")) {
            struct an_ports p;
            ext_multiport_ports(e, &p);
            ports_apply(x, out, &p);
        } else if (!strcmp(name, "conntrack") || !strcmp(name, "state")) {
            uint8_t st;
            bool inv, um;
            if (ext_conntrack_states(e, &st, &inv, &um)) {
                an_cube_full(x, &c);
                c.ctstate = inv ? (uint8_t)(AN_CT_ALL & ~st) : st;
                restrict_cube(x, out, &c, false);
            }
            *unmodelled |= um;
        } else if (!strcmp(name, "addrtype")) {
            uint16_t sm, dm;
            bool si, di, um;
            ext_addrtype_types(e, &sm, &si, &dm, &di, &um);
            *unmodelled |= um;
            an_cube_full(x, &c);
            if (sm)
                c.src_type = si ? (uint16_t)(AN_AT_ALL & ~sm) : sm;
            if (dm)
                c.dst_type = di ? (uint16_t)(AN_AT_ALL & ~dm) : dm;
            restrict_cube(x, out, &c, false);
        } else if (!strcmp(name, "mark")) {
            uint32_t val, mask;
            bool inv;
            ext_mark_value(e, &val, &mask, &inv);
            an_cube_full(x, &c);
            c.mark_val = val & mask;
            c.mark_mask = mask;
            if ((val & ~mask) && !inv) {
                /* (mark & mask) == val can never hold */
                an_set_clear(out);
                break;
            }
            if (!(val & ~mask))
                restrict_cube(x, out, &c, inv);
        } else if (!strcmp(name, "comment")) {
            /* matches everything */
        } else {
            *unmodelled = true;
        }
    }
    for (size_t i = 0; i < out->n; i++)
        out->v[i].possible = 0;
    return out->n > 0;
}

void an_hook_set(const struct an_ctx *x, const struct ipt_table *t, int hook, struct an_set *out)
{
    struct an_cube c;
    an_cube_full(x, &c);
    uint64_t real[AN_IFCLASSES / 64], none[AN_IFCLASSES / 64] = {1};
    memcpy(real, c.iif, sizeof(real));
    real[0] &= ~1ull;
    switch (hook) {
    case IPT_HOOK_PREROUTING:
    case IPT_HOOK_INPUT:
        memcpy(c.iif, real, sizeof(real));
        memcpy(c.oif, none, sizeof(none));
        break;
    case IPT_HOOK_FORWARD:
        memcpy(c.iif, real, sizeof(real));
        memcpy(c.oif, real, sizeof(real));
        break;
    case IPT_HOOK_OUTPUT:
        memcpy(c.iif, none, sizeof(none));
        memcpy(c.oif, real, sizeof(real));
        break;
    case IPT_HOOK_POSTROUTING:
        memcpy(c.oif, real, sizeof(real));
        break;
    default:
        break;
    }
    if (hook == IPT_HOOK_INPUT)
        c.dst_type = (1u << ADDRT_LOCAL) | (1u << ADDRT_BROADCAST) | (1u << ADDRT_MULTICAST);
    if (hook == IPT_HOOK_FORWARD)
        c.dst_type = (uint16_t)(AN_AT_ALL & ~(1u << ADDRT_LOCAL));
    /* nat sees the first packet of a connection only */
    if (!strcmp(t->name, "nat"))
        c.ctstate = (1u << CT_NEW) | (1u << CT_RELATED);
    an_set_clear(out);
    an_set_push(out, &c);
}

/* ---- witnesses ---- */

static bool bad_addr(int family, an_u128 v, bool dst)
{
    if (family == IPT_FAM_IPV6) {
        an_u128 top = v >> 120;
        return v <= 1 || top == 0xff || (v >> 118) == (0xfe80 >> 6);
    }
    uint32_t a = (uint32_t)v;
    uint8_t o = (uint8_t)(a >> 24);
    (void)dst;
    return o == 0 || o == 127 || o >= 224 || (a & 0xff) == 0 || (a & 0xff) == 0xff;
}

static an_u128 pick_addr(int family, an_u128 lo, an_u128 hi, bool dst, unsigned variant)
{
    uint8_t pref[16] = {0};
    if (family == IPT_FAM_IPV6) {
        addr_parse(family, dst ? "2001:db8:1::10" : "2001:db8:2::7", pref);
    } else {
        addr_parse(family,
                   dst ? (variant & 1 ? "192.0.2.10" : "198.51.100.10")
                       : (variant & 1 ? "192.0.2.77" : "203.0.113.7"),
                   pref);
    }
    an_u128 p = addr_to_u128(family, pref);
    if (p >= lo && p <= hi)
        return p;
    an_u128 cand[5] = {lo + 1, lo + 2, lo + (hi - lo) / 2, hi - 1, lo};
    for (int i = 0; i < 5; i++)
        if (cand[i] >= lo && cand[i] <= hi && !bad_addr(family, cand[i], dst))
            return cand[i];
    return lo;
}

static bool bridge_like(const char *n)
{
    static const char *const pfx[] = {"docker", "br-",  "veth",  "lo",   "cni", "flannel",
                                      "kube",   "cali", "virbr", "vnet", "tun", "tap"};
    for (size_t i = 0; i < ARRAY_SIZE(pfx); i++)
        if (strncmp(n, pfx[i], strlen(pfx[i])) == 0)
            return true;
    return false;
}

/* An input interface class: uplink-like names before bridges. */
static int pick_iface(const struct an_ctx *x, const uint64_t *bits, unsigned variant)
{
    int order[AN_IFCLASSES], n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 1; i < x->ifs.n; i++)
            if (((bits[i / 64] >> (i % 64)) & 1) && bridge_like(x->ifs.names[i]) == (pass == 1))
                order[n++] = (int)i;
    if (!n)
        return -1;
    return order[variant % (unsigned)n];
}

static int pick_bit(const uint64_t *bits, size_t nw, unsigned skip_first, unsigned variant)
{
    int found = -1, count = 0;
    for (size_t i = 0; i < nw * 64; i++) {
        if (!((bits[i / 64] >> (i % 64)) & 1) || i < skip_first)
            continue;
        if (found < 0)
            found = (int)i;
        if ((unsigned)count++ == variant) {
            found = (int)i;
            break;
        }
    }
    return found;
}

void an_cube_witness(const struct an_ctx *x, const struct an_cube *c, int hook, unsigned variant,
                     struct strbuf *out)
{
    int proto = -1;
    static const int pref[] = {6, 17, 1, 58, 132};
    for (size_t i = 0; i < ARRAY_SIZE(pref) && proto < 0; i++)
        if ((c->proto[pref[i] / 64] >> (pref[i] % 64)) & 1) {
            if ((pref[i] == 1 && x->family == IPT_FAM_IPV6) ||
                (pref[i] == 58 && x->family == IPT_FAM_IPV4))
                continue;
            proto = pref[i];
        }
    if (proto < 0)
        proto = pick_bit(c->proto, 4, 1, 0);
    const char *pn = proto == 58 ? "icmpv6" : proto_save_name(proto);
    char src[64], dst[64];
    uint8_t a[16];
    u128_to_addr(x->family, pick_addr(x->family, c->src_lo, c->src_hi, false, variant / 2), a);
    addr_format(x->family, a, src, sizeof(src));
    u128_to_addr(x->family, pick_addr(x->family, c->dst_lo, c->dst_hi, true, variant / 2), a);
    addr_format(x->family, a, dst, sizeof(dst));
    bool v6 = x->family == IPT_FAM_IPV6;
    if (pn)
        sb_printf(out, "%s:", pn);
    else
        sb_printf(out, "%d:", proto);
    bool ports = proto == 6 || proto == 17 || proto == 132 || proto == 136;
    if (ports) {
        unsigned sp = c->sp_lo <= 40000 && c->sp_hi >= 40000 ? 40000 : c->sp_lo;
        unsigned dp = c->dp_lo;
        if (c->dp_lo == 0 && c->dp_hi == 0xffff)
            dp = 443;
        else if (dp == 0 && c->dp_hi > 0)
            dp = 1;
        sb_printf(out, v6 ? "[%s]:%u->[%s]:%u" : "%s:%u->%s:%u", src, sp, dst, dp);
    } else {
        sb_printf(out, v6 ? "[%s]->[%s]" : "%s->%s", src, dst);
    }
    if (hook == IPT_HOOK_OUTPUT) {
        sb_puts(out, " local");
    } else {
        int k = pick_iface(x, c->iif, variant % 2);
        const char *other = NULL;
        if (k > 0 && hook == IPT_HOOK_FORWARD && variant == 6) {
            /* the simulator routes what arrives on a container interface but
             * takes a plain uplink's packet for the host's own; a name no
             * pattern matches is in the same class as the uplink */
            static const char *const alt[] = {"veth0", "cni0", "br-0"};
            bool named = false;
            for (size_t i = 0; i < x->ifs.npats && !named; i++)
                named = sim_iface_match(x->ifs.pats[i], x->ifs.names[k]);
            for (size_t ai = 0; ai < ARRAY_SIZE(alt) && !named && !other; ai++) {
                bool m = false;
                for (size_t i = 0; i < x->ifs.npats && !m; i++)
                    m = sim_iface_match(x->ifs.pats[i], alt[ai]);
                if (!m)
                    other = alt[ai];
            }
        }
        if (k < 0)
            sb_puts(out, " local");
        else
            sb_printf(out, " in=%s", other ? other : x->ifs.names[k]);
    }
    static const int states[] = {CT_NEW, CT_ESTABLISHED, CT_RELATED, CT_INVALID, CT_UNTRACKED};
    int st = CT_NEW;
    for (size_t i = 0; i < ARRAY_SIZE(states); i++)
        if (c->ctstate & (1u << states[i])) {
            st = states[i];
            break;
        }
    if (st != CT_NEW || !(c->ctstate & (1u << CT_NEW)))
        sb_printf(out, " state=%s", ct_state_name(st));
    if (proto == 6 && st != CT_NEW)
        sb_puts(out, " flags=ACK");
    if (c->mark_mask && c->mark_val)
        sb_printf(out, " mark=0x%x", c->mark_val);
}
