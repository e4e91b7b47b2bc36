/*
 * nft_int.h - the inside of the nft expression library (nft/).
 *
 * Values: every constant and every value a selector loads is a struct
 * nft_val, its bytes in network order (numbers big-endian whatever the
 * kernel's register byte order), so that comparisons are memcmp().
 *
 * Value expressions (struct nft_x) form the left and right sides of
 * relational expressions, set elements, map keys and data, and the
 * arguments of statements: a selector (payload, meta, ct, fib, numgen,
 * hash), a concatenation, a bitwise operation, a constant, a prefix, a
 * range, a flag list, an anonymous set, a named set reference or a map.
 *
 * Selectors are found in tables (struct nft_sel_family, one per kernel
 * expression file), statements in the statement table of nft_rule.c
 * (struct nft_stmt_desc, defined by each file): no central switch.
 *
 * Every rule expression is an ipt_expr whose ops is an nft ext_ops:
 * .match evaluates a relational expression or acts for a statement,
 * .target acts for a terminal statement, .save prints the expression in
 * nft syntax (with a leading blank).
 */
#ifndef IPTSIM_NFT_INT_H
#define IPTSIM_NFT_INT_H

#include "iptsim/ext.h"
#include "iptsim/nft.h"
#include "iptsim/sim.h"

#define NFT_VLEN   16 /* bytes of one value (ifname, ipv6_addr) */
#define NFT_MAXCAT 8  /* components of a concatenation */

struct nft_val {
    uint8_t len; /* bytes */
    bool wild;   /* a string ending in '*': the first len bytes match */
    uint8_t b[NFT_VLEN];
};

/* A value of a concatenation, or one value (n == 1). */
struct nft_key {
    uint8_t n;
    struct nft_val c[NFT_MAXCAT];
};

/* ---- datatypes (nft_dtype.c) ---- */

struct nft_sym {
    const char *name;
    uint64_t v;
};

enum nft_dt_kind {
    DT_INT,    /* a number, maybe with symbols */
    DT_STRING, /* ifname, string: NUL-padded text, "eth*" wildcards */
    DT_ADDR4,
    DT_ADDR6,
    DT_ETHER,
    DT_VERDICT,
    DT_IFINDEX, /* iif/oif: held as the interface name */
    DT_PRIO,    /* tc handle major:minor */
    DT_DATE,    /* meta time: nanoseconds since the epoch, "YYYY-MM-DD HH:MM:SS" (UTC) */
    DT_HOUR,    /* meta hour: seconds since midnight, "HH:MM[:SS]" */
};

/* How nft breaks a named set's `elements = { ... }` (calculate_delim). */
enum nft_delim { DELIM_NL, DELIM_2, DELIM_16 };

struct nft_dtype {
    const char *name; /* as in `type NAME` */
    const char *desc; /* for messages: "IPv4 address" */
    uint8_t kind;     /* enum nft_dt_kind */
    uint8_t size;     /* bytes; 0: the selector's length */
    bool bitmask;     /* `a,b` means either bit; prints as a list */
    bool hex;         /* prints as 0x%0Nx */
    bool print_syms;  /* prints symbols (else numbers) */
    bool host_order;  /* sort order of set elements: numeric (always) */
    uint8_t delim;    /* enum nft_delim */
    const struct nft_sym *syms;
    size_t nsyms;
};

extern const struct nft_dtype nft_dt_integer, nft_dt_string, nft_dt_ipv4, nft_dt_ipv6, nft_dt_ether,
    nft_dt_inet_service, nft_dt_inet_proto, nft_dt_ifname, nft_dt_mark, nft_dt_ct_state,
    nft_dt_ct_status, nft_dt_ct_dir, nft_dt_icmp_type, nft_dt_icmp_code, nft_dt_icmpv6_type,
    nft_dt_icmpv6_code, nft_dt_icmpx_code, nft_dt_tcp_flag, nft_dt_pkttype, nft_dt_fib_addrtype,
    nft_dt_nf_proto, nft_dt_verdict, nft_dt_ifindex, nft_dt_uid, nft_dt_gid, nft_dt_ether_type,
    nft_dt_dscp, nft_dt_ecn, nft_dt_tc_handle, nft_dt_boolean, nft_dt_ct_label, nft_dt_realm,
    nft_dt_devgroup, nft_dt_ct_event, nft_dt_arp_op, nft_dt_ifkind_type, nft_dt_time, nft_dt_date,
    nft_dt_rawint, nft_dt_day, nft_dt_hour, nft_dt_ipsec_dir, nft_dt_counter_obj, nft_dt_quota_obj,
    nft_dt_limit_obj, nft_dt_dccp_pkttype, nft_dt_synproxy_obj;

const struct nft_dtype *nft_dtype_find(const char *name);
/* Parses one constant (no prefix, no range) of a type, `len` bytes.
 * Returns NULL or a message. */
const char *nft_dt_parse(const struct nft_dtype *dt, uint8_t len, const struct nft_tok *t,
                         struct nft_val *out);
void nft_dt_print(struct strbuf *b, const struct nft_dtype *dt, const struct nft_val *v);
/* The number in a value (up to 8 bytes). */
uint64_t nft_val_u64(const struct nft_val *v);
void nft_val_set_u64(struct nft_val *v, uint8_t len, uint64_t x);

/* ---- value expressions (nft_expr.c) ---- */

enum nft_xkind {
    NX_SEL,
    NX_CONCAT,
    NX_BINOP, /* sub[0] OP v; op '&' '|' '^' '<' (<<) '>' (>>) */
    NX_VALUE,
    NX_PREFIX, /* v / plen */
    NX_RANGE,  /* v - v2 */
    NX_MASKED, /* `v / v2` of a flag type: (x & v2) == v */
    NX_LIST,   /* a,b,c of a bitmask type: v is their OR */
    NX_SET,    /* an anonymous set: set */
    NX_SETREF, /* @name: set */
    NX_MAP,    /* sub[0] map set */
    NX_VERDICT,
};

struct nft_sel;

struct nft_x {
    uint8_t kind; /* enum nft_xkind */
    uint8_t op;
    uint8_t len; /* bytes of the value it makes (a concatenation: the sum) */
    uint8_t plen;
    uint8_t verdict; /* NX_VERDICT: enum ipt_verdict */
    const struct nft_dtype *dt;
    const struct nft_sel *sel;
    void *sdata; /* the selector's own data (fib flags, numgen modulus ...) */
    struct nft_val v, v2;
    struct nft_x **sub;
    uint8_t nsub;
    struct nft_set *set;
    struct ipt_chain *chain; /* NX_VERDICT jump/goto */
    const char *text;        /* NX_VALUE: the symbol the user wrote, when kept */
};

/* Selectors. eval returns 1 with the value, 0 when the packet has no such
 * field (the kernel's NFT_BREAK: the rule does not match), -1 when the
 * simulator cannot know. */
typedef int (*nft_sel_eval_fn)(struct sim_ctx *c, const struct nft_x *x, struct nft_val *out);

struct nft_sel {
    const char *proto; /* "ip", "tcp", "meta", "ct", ... */
    const char *key;   /* "saddr"; NULL: the family has one selector */
    const struct nft_dtype *dt;
    uint8_t len;      /* bytes */
    uint8_t nfproto;  /* implicit dependency on the packet's family (0 none) */
    uint8_t l4;       /* implicit dependency on the transport protocol (0 none) */
    bool unqualified; /* meta: printed without `meta ` */
    bool payload;     /* a header field (dependencies, `th` printing) */
    uint32_t arg;     /* for eval: offset, field id */
    nft_sel_eval_fn eval;
    /* The words after the key (fib's `. iif type`, numgen's `mod N`,
     * ct's `original`); NULL: none. */
    int (*parse)(struct nft_parse *p, struct nft_x *x);
    /* Prints the whole selector; NULL: "proto key". */
    void (*print)(struct strbuf *b, const struct nft_x *x);
    /* `SEL set VALUE` statements: acts on the packet/conntrack. */
    int (*set)(struct sim_ctx *c, const struct nft_x *x, const struct nft_val *v);
};

struct nft_sel_family {
    const char *name;
    const struct nft_sel *sels;
    size_t n;
    /* Parses the whole selector after the family word (for `ct original
     * saddr`, `fib daddr . iif type`, `numgen random mod 2`); NULL:
     * `family key` looked up in sels. */
    int (*parse)(struct nft_parse *p, const struct nft_sel_family *f, struct nft_x **out);
};

extern const struct nft_sel_family nft_payload_families[];
extern const size_t nft_npayload_families;
extern const struct nft_sel_family nft_meta_family, nft_ct_family, nft_fib_family,
    nft_numgen_family, nft_jhash_family, nft_symhash_family, nft_rt_family, nft_tcpopt_family,
    nft_osf_family, nft_xfrm_family;
/* meta keys that need no `meta` word (iifname, mark, ...) */
const struct nft_sel *nft_meta_unqualified(const char *word);

/* Parsing (nft_expr.c). */
const struct nft_tok *nft_peek(struct nft_parse *p);
const struct nft_tok *nft_peek_at(struct nft_parse *p, size_t ahead);
const struct nft_tok *nft_next(struct nft_parse *p);
bool nft_accept(struct nft_parse *p, const char *word);
bool nft_at_end(struct nft_parse *p);
struct nft_x *nft_x_new(struct nft_parse *p, int kind);
/* A selector word starts here? */
bool nft_sel_starts(struct nft_parse *p);
/* A selector, a concatenation of them, then `& | ^ >> <<` operations. */
struct nft_x *nft_parse_lhs(struct nft_parse *p);
/* A right-hand side in the type of `lhs`: value, prefix, range, flag list,
 * masked flags, `{ ... }`, `@set`. */
struct nft_x *nft_parse_rhs(struct nft_parse *p, const struct nft_x *lhs, bool allow_set);
/* An argument of a statement: a selector expression (maybe `map {...}`) or
 * a constant of `dt`/`len`. */
struct nft_x *nft_parse_arg(struct nft_parse *p, const struct nft_dtype *dt, uint8_t len);
/* A constant of one concatenation component type. */
struct nft_x *nft_parse_const(struct nft_parse *p, const struct nft_dtype *dt, uint8_t len,
                              const struct nft_tok *t, bool allow_interval);
/* The component types of an expression (a concatenation gives several). */
size_t nft_x_types(const struct nft_x *x, const struct nft_dtype **dts, uint8_t *lens);
void nft_x_print(struct strbuf *b, const struct nft_x *x);
/* Evaluates a value expression into key (1), break (0), unknown (-1). */
int nft_x_eval(struct sim_ctx *c, const struct nft_x *x, struct nft_key *out);
/* Does a pattern (value, prefix, range, list, masked, concat) match? */
bool nft_pattern_match(const struct nft_x *pat, const struct nft_key *k, size_t first);

/* ---- sets (nft_set.c / nft_lookup.c) ---- */

struct nft_elem {
    struct nft_x *key;  /* value, prefix, range, or a concatenation of them */
    struct nft_x *data; /* maps: value or verdict */
    uint64_t timeout_ms, expires_ms;
    const char *comment;
    bool counter;
    uint64_t pkts, bytes;
};

struct nft_set_impl {
    const struct nft_dtype *kt[NFT_MAXCAT];
    uint8_t klen[NFT_MAXCAT];
    uint8_t nk;
    struct nft_x *typeof_key;   /* typeof declarations print these */
    const struct nft_dtype *dt; /* map data */
    uint8_t dlen;
    struct nft_x *typeof_data;
    bool data_interval;
    bool data_is_type;    /* typeof_data holds `type a . b` data types */
    const char *obj_kind; /* object maps: "counter", ... */
    struct nft_elem *elems;
    size_t nelems, cap;
};

struct nft_set_impl *nft_set_impl(struct nft_set *s);
/* Parses `{ ... }` elements into s (key types set). */
int nft_set_parse_elems(struct nft_parse *p, struct nft_set *s);
/* The element matching a key, or NULL; *unknown when the set's contents
 * are not known (a dynamic set filled at run time). */
const struct nft_elem *nft_set_lookup(const struct nft_set *s, const struct nft_key *k);
void nft_set_print_anon(struct strbuf *b, const struct nft_set *s);
/* What nft does to an interval set it loads: overlapping and adjacent
 * elements merge, a range that is a prefix becomes one. */
void nft_set_automerge(struct nft_parse *p, struct nft_set *s);
void nft_set_add_runtime(struct nft_set *s, const struct nft_key *k);

/* ---- rules and statements (nft_rule.c) ---- */

/* The rule being parsed: expressions collected in order. */
struct nft_rb {
    struct ipt_expr *exprs;
    size_t n, cap;
    struct ipt_expr target;
    bool has_target;
    uint8_t verdict;
    struct ipt_chain *jump;
    const char *comment;
    bool explicit_continue;
    const struct nft_x *last_l4; /* the last `meta l4proto X` (for `th` printing) */
};

struct nft_stmt_desc {
    const char *name;
    /* Parses from the statement's first word (p->pos at it). */
    int (*parse)(struct nft_parse *p, struct nft_rb *rb);
};

extern const struct nft_stmt_desc nft_stmt_verdicts[], nft_stmt_counter, nft_stmt_log,
    nft_stmt_limit, nft_stmt_quota, nft_stmt_notrack, nft_stmt_dnat, nft_stmt_snat,
    nft_stmt_masquerade, nft_stmt_redirect, nft_stmt_reject, nft_stmt_queue, nft_stmt_update,
    nft_stmt_add, nft_stmt_synproxy, nft_stmt_fwd, nft_stmt_dup, nft_stmt_flow;
extern const size_t nft_nstmt_verdicts;

void nft_rb_add(struct nft_parse *p, struct nft_rb *rb, const struct ext_ops *ops, void *data);
void nft_rb_target(struct nft_parse *p, struct nft_rb *rb, const struct ext_ops *ops, void *data);
/* A verdict word (accept, drop, jump NAME, ...) into x; 0 or -1. */
int nft_parse_verdict(struct nft_parse *p, struct nft_x *x);
/* Does an expression of the rule so far fix the transport protocol? */
bool nft_rb_fixes_l4(const struct nft_rb *rb, uint8_t proto);
/* Adds `meta l4proto PROTO`: the dependency nft gives a statement that
 * needs one (`reject with tcp reset` in an inet table). */
void nft_rb_add_l4dep(struct nft_parse *p, struct nft_rb *rb, uint8_t proto);
/* The family (IPT_FAM_IPV4/6) the rule so far fixes (meta nfproto, an ip
 * or ip6 header field), or 0. */
uint8_t nft_rb_family(const struct nft_rb *rb);
void nft_print_verdict(struct strbuf *b, int verdict, const struct ipt_chain *chain);
/* The same inside a `jump { ... }` block `depth` levels deep. */
void nft_print_verdict_at(struct strbuf *b, int verdict, const struct ipt_chain *chain, int depth);
/* nft_rule_print for a rule `depth` `jump { ... }` blocks deep. */
void nft_rule_print_at(struct strbuf *b, const struct ipt_rule *r, int depth);

/* The relational expression and the `SEL set X` statement (nft_cmp.c),
 * the verdict map (nft_immediate.c). */
extern const struct ext_ops nft_ops_rel, nft_ops_set_stmt, nft_ops_vmap;
struct nft_rel {
    struct nft_x *lhs, *rhs;
    uint8_t op; /* enum nft_op */
    bool implicit;
};
enum nft_op { OP_IMPLICIT, OP_EQ, OP_NE, OP_LT, OP_GT, OP_LE, OP_GE };
struct nft_setstmt {
    struct nft_x *lhs, *val;
};

/* Helpers for statements that load a value. */
bool nft_val_from_key(const struct nft_key *k, struct nft_val *v);
/* Writes a printable text of a key for fork conditions. */
void nft_key_print(struct strbuf *b, const struct nft_x *x, const struct nft_key *k);

char *nft_strdup(struct nft_parse *p, const char *s);
int nft_parse_vmap(struct nft_parse *p, struct nft_rb *rb, struct nft_x *key,
                   const struct nft_tok *at);
const struct nft_sel *nft_payload_sel(const char *proto, const char *key);
/* A raw payload expression `@ll|@nh|@th,OFFSET,LENGTH` at p->pos (the
 * SETREF token); nft_raw_payload_starts says whether one is there. */
bool nft_raw_payload_starts(struct nft_parse *p);
struct nft_x *nft_parse_raw_payload(struct nft_parse *p);
/* `1d2h3m4s500ms` <-> milliseconds. */
struct nft_x *nft_parse_value(struct nft_parse *p, const struct nft_dtype **dts,
                              const uint8_t *lens, size_t n);
struct nft_x *nft_parse_map_of(struct nft_parse *p, struct nft_x *key, const struct nft_dtype *dt,
                               uint8_t len);
void *nft_alloc(struct nft_parse *p, size_t n);

#endif
