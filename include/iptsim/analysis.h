/*
 * analysis.h - sets of packets, for reasoning about rules statically.
 *
 * A cube is a conjunction of one constraint per packet field: protocol set,
 * source and destination address interval, source and destination port
 * interval, input and output interface (a set of interface classes, see
 * below), conntrack state set, fwmark ternary pattern ((mark & mask) ==
 * val), source and destination address-type sets. A set of packets is a
 * list of pairwise disjoint cubes, so subtracting, intersecting and testing
 * for emptiness are exact over the modelled fields.
 *
 * A rule is a set (a negated field is the complement within the field,
 * which may take several cubes). What a rule tests that is not modelled
 * (TCP flags, ipset membership, -m statistic, ...) is not represented: the
 * rule's set then over-approximates what it matches and the rule is marked
 * `unmodelled`; reachability then keeps the packets such a rule might take
 * but marks them `possible` (they may or may not get past it).
 *
 * Interfaces: every name and `+` prefix the ruleset mentions defines the
 * interface classes (names matched by exactly the same patterns); class 0
 * is "no interface" (the input interface on OUTPUT, the output interface
 * on PREROUTING/INPUT). Each class has a representative name, used in
 * witness packets.
 */
#ifndef IPTSIM_ANALYSIS_H
#define IPTSIM_ANALYSIS_H

#include "iptsim/ext.h"
#include "iptsim/model.h"

__extension__ typedef unsigned __int128 an_u128;

#define AN_IFCLASSES 256 /* interface classes (bits); more names are unmodelled */

/* conntrack states as bits of enum ct_state (sim.h): 1 << CT_NEW, ... */
#define AN_CT_ALL 0x1fu
/* address types as bits of enum addr_type (sim.h), 12 of them */
#define AN_AT_ALL 0x0fffu

struct an_cube {
    an_u128 src_lo, src_hi, dst_lo, dst_hi;
    uint64_t proto[4];
    uint64_t iif[AN_IFCLASSES / 64], oif[AN_IFCLASSES / 64];
    uint16_t sp_lo, sp_hi, dp_lo, dp_hi;
    uint32_t mark_val, mark_mask;
    uint16_t src_type, dst_type;
    uint8_t ctstate;
    uint8_t possible; /* an unmodelled test may have removed these packets */
};

struct an_set {
    struct an_cube *v;
    size_t n, cap;
};

/* The universe of interface classes of one ruleset. */
struct an_ifuniv {
    char names[AN_IFCLASSES][16]; /* representatives; names[0] = "" (none) */
    size_t n;
    const char *pats[AN_IFCLASSES]; /* the patterns that defined the classes */
    size_t npats;
    bool overflow; /* more patterns than classes: some are unmodelled */
};

struct an_ctx {
    int family;       /* IPT_FAM_IPV4 / IPT_FAM_IPV6 */
    an_u128 addr_max; /* 2^32-1 or 2^128-1 */
    struct an_ifuniv ifs;
    size_t max_cubes; /* per set, before degrading (0: default 20000) */
    bool degraded;    /* some set hit max_cubes */
};

/* ---- the algebra ---- */
void an_ctx_init(struct an_ctx *x, const struct ipt_ruleset *rs, int family);
void an_cube_full(const struct an_ctx *x, struct an_cube *c);
bool an_cube_empty(const struct an_cube *c);
/* out = a & b; false when empty. */
bool an_cube_intersect(const struct an_cube *a, const struct an_cube *b, struct an_cube *out);

void an_set_init(struct an_set *s);
void an_set_free(struct an_set *s);
void an_set_clear(struct an_set *s);
void an_set_copy(struct an_set *dst, const struct an_set *src);
/* Appends c (caller guarantees it is disjoint from the set's cubes). */
void an_set_push(struct an_set *s, const struct an_cube *c);
bool an_set_empty(const struct an_set *s);
/* s = s - b. `possible`: instead of removing, mark the overlap possible
 * (b is an over-approximation of what an unmodelled rule takes). */
void an_set_subtract(struct an_ctx *x, struct an_set *s, const struct an_set *b, bool possible);
/* out = a & b (out is cleared first). */
void an_set_intersect(const struct an_set *a, const struct an_set *b, struct an_set *out);
/* s = s | b, keeping the cubes disjoint. */
void an_set_union(struct an_ctx *x, struct an_set *s, const struct an_set *b);
/* Merges cubes that differ in one field only (fewer, bigger cubes). */
void an_set_compact(struct an_set *s);

/* ---- indexed sets ----
 * The same disjoint cubes, kept in blocks ordered by (destination port,
 * destination address), each with the bounds of its cubes in those fields, so
 * that intersecting with or subtracting a rule that names one address or
 * port only visits the blocks it can touch: a KUBE-SERVICES chain of 10k
 * `-d VIP -p tcp --dport P` rules is linear instead of quadratic. A set
 * that fits one block behaves exactly as an an_set. */
struct an_iblock {
    an_u128 key_dst;        /* every cube's (dp_lo, dst_lo) is >= (key_dp, key_dst) */
    an_u128 dst_lo, dst_hi; /* the range of its cubes' destination addresses */
    uint16_t key_dp;
    uint16_t dp_lo, dp_hi; /* the range of its cubes' destination ports */
    size_t lim;            /* split past this many cubes */
    struct an_set s;
};
struct an_iset {
    struct an_iblock *b; /* by key */
    size_t nb, capb;
    size_t n; /* cubes in all blocks */
};
void an_iset_init(struct an_iset *s);
void an_iset_free(struct an_iset *s);
void an_iset_clear(struct an_iset *s);
/* s = from (cubes disjoint). */
void an_iset_assign(struct an_iset *s, const struct an_set *from);
/* Adds cubes disjoint from the set's. */
void an_iset_add(struct an_iset *s, const struct an_set *from);
/* out = s & b (out is cleared first). */
void an_iset_intersect(const struct an_iset *s, const struct an_set *b, struct an_set *out);
/* s = s - b, as an_set_subtract. */
void an_iset_subtract(struct an_ctx *x, struct an_iset *s, const struct an_set *b, bool possible);
void an_iset_compact(struct an_iset *s);
/* Appends the cubes to out. */
void an_iset_flatten(const struct an_iset *s, struct an_set *out);
/* A MARK target: nothing is known about the mark any more. */
void an_iset_forget_mark(struct an_iset *s);
/* Marks every cube possible. */
void an_set_mark_possible(struct an_set *s);
/* Has a cube that is not merely possible. */
bool an_set_has_certain(const struct an_set *s);

/* ---- rules ---- */
/* What the rule's matches test, as a set; *unmodelled says it tests more.
 * Returns false if the rule can match nothing. */
bool an_rule_set(struct an_ctx *x, const struct ipt_rule *r, struct an_set *out, bool *unmodelled);
/* The packets that enter a base chain on a hook (interfaces, conntrack
 * states and address types the hook implies). */
void an_hook_set(const struct an_ctx *x, const struct ipt_table *t, int hook, struct an_set *out);

/* ---- witnesses ---- */
/* A packet of the cube, as an `ipt-sim trace --pkt` spec (with in=IFACE or
 * local, state=, flags=). `variant` picks among several choices (0 first).
 * `hook` says which path it must take (local for OUTPUT). */
void an_cube_witness(const struct an_ctx *x, const struct an_cube *c, int hook, unsigned variant,
                     struct strbuf *out);

/* ---- what extensions test (accessors in ext/xt_*.c) ---- */
struct an_ports {
    uint8_t nsrc, ndst;    /* ranges in src[] / dst[]; 0: no test */
    bool src_inv, dst_inv; /* the whole list is negated */
    bool either;           /* multiport --ports: source or destination in dst[] */
    bool unmodelled;       /* tests more: TCP flags, TCP options, ... */
    struct ext_range16 src[15], dst[15];
};
/* -m tcp / -m udp */
void ext_tcpudp_ports(const struct ipt_expr *e, struct an_ports *out);
/* -m multiport */
void ext_multiport_ports(const struct ipt_expr *e, struct an_ports *out);
/* -m conntrack / -m state: *states as bits of enum ct_state; *unmodelled
 * when it tests more than --ctstate (or SNAT/DNAT states). false if it
 * does not test the state at all. */
bool ext_conntrack_states(const struct ipt_expr *e, uint8_t *states, bool *inv, bool *unmodelled);
/* -m addrtype: masks as bits of enum addr_type; *unmodelled with
 * --limit-iface-in/out. */
void ext_addrtype_types(const struct ipt_expr *e, uint16_t *src, bool *src_inv, uint16_t *dst,
                        bool *dst_inv, bool *unmodelled);
/* -m mark */
void ext_mark_value(const struct ipt_expr *e, uint32_t *val, uint32_t *mask, bool *inv);
/* DNAT/SNAT/REDIRECT/MASQUERADE --to-*: false when no address is given. */
bool ext_nat_to(const struct ipt_expr *e, uint8_t minaddr[16], uint8_t maxaddr[16],
                uint16_t *minport, uint16_t *maxport, bool *has_port);

#endif
