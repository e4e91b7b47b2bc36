/*
 * ext.h - extensions: one match, target or rule header per file, found in a
 * table by name, never in a switch.
 *
 * This mirrors the kernel's struct xt_match / xt_target and iptables'
 * userspace struct xtables_match with its declarative xt_option_entry
 * table (iptables: extensions/libxt_*.c). An extension file holds:
 *
 *   - its data struct (what one instance stores),
 *   - an option table (struct ext_opt[]): names, value types, bounds, where
 *     the value goes in the data struct, whether '!' is allowed,
 *   - optionally: a final check (like libxt's x6_fcheck plus the kernel's
 *     checkentry), a save printer when the generic one does not print what
 *     iptables-save prints, and (for the simulator) match/target functions,
 *   - one `const struct ext_ops ext_NAME` descriptor.
 *
 * The build collects every ext/xt_*.c file into the registry (see
 * ext/CMakeLists.txt): adding an extension is adding a file.
 *
 * Save order: the generic printer prints options in table order, the first
 * entry of an id giving the canonical spelling, so order the table as
 * iptables-save prints (the libxt_NAME.c save function is the reference).
 */
#ifndef IPTSIM_EXT_H
#define IPTSIM_EXT_H

#include <stdarg.h>

#include "iptsim/model.h"
#include "iptsim/net.h"

enum ext_kind {
    EXT_MATCH,
    EXT_TARGET,
    EXT_HEADER, /* the rule header: -s -d -i -o -p -f */
};

enum ext_arg {
    ARG_NONE,      /* a flag: --syn, --random, --rsource */
    ARG_U8,        /* uint8_t, decimal or 0x hex, within [min,max] */
    ARG_U16,       /* uint16_t */
    ARG_U32,       /* uint32_t */
    ARG_U64,       /* uint64_t */
    ARG_RANGE32,   /* struct ext_range32: N or N:M (also N-M? no: ':' only) */
    ARG_PORT,      /* uint16_t: number or service name */
    ARG_PORTRANGE, /* struct ext_range16: port[:port], either side may be empty */
    ARG_STRING,    /* const char * (arena), printed bare; max = max length */
    ARG_QSTRING,   /* const char *, printed quoted like xtables_save_string */
    ARG_MARKMASK,  /* struct ext_markmask: value[/mask], mask defaults to ~0 */
    ARG_NET,       /* struct ipt_net: address[/prefix|/mask] of the rule's family */
    ARG_IFACE,     /* const char * interned, interface name (+ wildcard) */
    ARG_CUSTOM,    /* the option's parse() does all the work */
};

/* Option flags */
#define EXT_OPT_INVERT 0x01 /* may be preceded by '!' */
#define EXT_OPT_MULTI  0x02 /* may be given more than once */
#define EXT_OPT_MAND   0x04 /* must be given */
#define EXT_OPT_NOSAVE 0x08 /* the generic printer skips it (custom save prints it) */
#define EXT_OPT_HEX    0x10 /* numbers print as 0x%x */

struct ext_range16 {
    uint16_t lo, hi;
};
struct ext_range32 {
    uint32_t lo, hi;
};
struct ext_markmask {
    uint32_t val, mask;
};

struct ext_parse;
struct ext_opt;

/* Parses one option's arguments into e->data. argv[0..nargs-1] are the
 * option's arguments (already unquoted). Returns 0, or -1 after reporting an
 * error with ext_error(). */
typedef int (*ext_opt_parse_fn)(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                                char **argv);
/* Prints an option's value(s), each with its leading blank, after the
 * generic printer wrote " --name". */
typedef void (*ext_opt_print_fn)(struct strbuf *b, const struct ipt_expr *e,
                                 const struct ext_opt *o);

struct ext_opt {
    const char *name; /* long name without the dashes: "dport" */
    enum ext_arg type;
    uint8_t id;    /* 0..31: bit in ipt_expr.set/.inv; aliases share an id */
    uint8_t flags; /* EXT_OPT_* */
    uint8_t nargs; /* arguments taken; 0 means 1 (ARG_NONE takes 0) */
    uint16_t off;  /* offsetof(data struct, field) */
    uint64_t min, max;
    ext_opt_parse_fn parse;
    ext_opt_print_fn print;
};

struct sim_ctx; /* the engine's view of a packet in flight (sim/) */

struct ext_ops {
    const char *name;
    enum ext_kind kind;
    uint32_t families;       /* mask of 1u << IPT_FAM_*; 0 = IPv4 and IPv6 */
    size_t size;             /* sizeof the data struct */
    const struct ext_opt *opts;
    size_t nopts;
    const char *table;       /* only in this table (NULL: any) */
    uint32_t hooks;          /* only in chains reachable from these hooks (0: any) */
    /* When the allowed hooks depend on the options given (addrtype
     * --limit-iface-in, physdev --physdev-out): returns the mask for this
     * instance, used instead of .hooks. */
    uint32_t (*hooks_for)(const struct ipt_expr *e);
    uint16_t proto;          /* needs `-p PROTO` (0: any) */
    bool terminal;           /* a target that ends the packet's walk (REJECT, DNAT) */

    /* Defaults into a fresh data struct before options are parsed. */
    void (*init)(struct ext_parse *p, struct ipt_expr *e);
    /* After all options: mandatory combinations, defaults, kernel checks. */
    int (*check)(struct ext_parse *p, struct ipt_expr *e);
    /* Prints " -m name --opt val ..." (matches) / " -j NAME --opt ..."
     * (targets) itself; NULL: the generic printer. */
    void (*save)(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e);
    /* Prints only the options part; NULL: generic over the option table. */
    void (*save_opts)(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e);

    /* Simulation (sim/). NULL match: the engine cannot know the answer and
     * forks. Return 1 match, 0 no match, -1 unknown. */
    int (*match)(struct sim_ctx *c, const struct ipt_expr *e);
    /* Return an enum ipt_verdict (IPT_V_CONTINUE for non-terminal targets). */
    int (*target)(struct sim_ctx *c, const struct ipt_expr *e);
};

#define EXT_OPTS(tbl) .opts = (tbl), .nopts = ARRAY_SIZE(tbl)

/* What an extension's parse functions see. */
struct ext_parse {
    struct ipt_ruleset *rs;
    struct diags *diags;
    int family;            /* IPT_FAM_IPV4 / IPT_FAM_IPV6 */
    const char *table;     /* table name */
    const char *chain;     /* chain name */
    struct ipt_rule *rule; /* the rule being built */
    const char *src_line;  /* the whole source line, for messages */
    struct ipt_loc loc;    /* the token being parsed */
    struct ipt_loc opt_loc;/* the option name token */
    uint16_t proto;        /* -p value (0 none) */
    bool proto_inv;
    bool lenient;          /* accept what iptables-restore refuses, with a warning */
};

/* Reports an error at p->loc (the current argument). Returns -1. */
int ext_error(struct ext_parse *p, const char *fmt, ...) IPTSIM_PRINTF(2, 3);
/* The same at the option's name. */
int ext_error_opt(struct ext_parse *p, const char *fmt, ...) IPTSIM_PRINTF(2, 3);
void ext_warn(struct ext_parse *p, const char *fmt, ...) IPTSIM_PRINTF(2, 3);

/* ---- the registry ---- */
const struct ext_ops *ext_find(enum ext_kind kind, const char *name);
/* Every registered extension, for tests and --list-extensions. */
const struct ext_ops *const *ext_all(size_t *n);
/* The match/target descriptor to use for an unknown `-m NAME` / `-j NAME`:
 * options are kept verbatim and the engine forks on it. */
extern const struct ext_ops ext_unknown_match;
extern const struct ext_ops ext_unknown_target;

/* ---- helpers for extension files ---- */
#define EXT_DATA(e, type) ((type *)(e)->data)
#define EXT_CDATA(e, type) ((const type *)(e)->data)
static inline bool ext_has(const struct ipt_expr *e, unsigned id)
{
    return (e->set >> id) & 1u;
}
static inline bool ext_inv(const struct ipt_expr *e, unsigned id)
{
    return (e->inv >> id) & 1u;
}

/* Parsers for values, used by the generic option parser and by custom ones.
 * Each returns 0 or reports at p->loc and returns -1. */
int ext_parse_uint(struct ext_parse *p, const char *s, uint64_t min, uint64_t max,
                   uint64_t *out);
int ext_parse_port(struct ext_parse *p, const char *s, uint16_t *out);
int ext_parse_portrange(struct ext_parse *p, const char *s, struct ext_range16 *out);
int ext_parse_markmask(struct ext_parse *p, const char *s, struct ext_markmask *out);
int ext_parse_net(struct ext_parse *p, const char *s, struct ipt_net *out);
int ext_parse_iface(struct ext_parse *p, const char *s, const char **out);

/* Printers shared by save functions. */
void ext_print_string_quoted(struct strbuf *b, const char *s); /* xtables_save_string */
void ext_print_net(struct strbuf *b, const struct ipt_net *n);
void ext_print_portrange(struct strbuf *b, const struct ext_range16 *r, char sep);
/* An option's value(s) as the save form prints them, each with a leading
 * blank (nothing for a flag). */
void ext_opt_value(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o);
/* The generic printer for one option table (what save_opts does by default). */
void ext_save_opts_generic(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e);

/* NAT as ext/xt_NAT.c computes it, for nft's nat statements (nft/nft_nat.c):
 * kind 0 DNAT, 1 SNAT, 2 MASQUERADE, 3 REDIRECT; flags NF_NAT_RANGE_*
 * (EXT_NAT_*). Returns the target's verdict. */
#define EXT_NAT_MAP_IPS      0x01
#define EXT_NAT_PROTO_SPEC   0x02
#define EXT_NAT_PROTO_RANDOM 0x04
#define EXT_NAT_PERSISTENT   0x08
#define EXT_NAT_RANDOM_FULLY 0x10
struct ext_nat_req {
    uint8_t flags;
    uint16_t minport, maxport;
    uint8_t minaddr[16], maxaddr[16];
};
int ext_nat_apply(struct sim_ctx *c, int kind, const struct ext_nat_req *q);

/* The rule header data (ext/xt_ip.c), shared by "ip" and "ip6". */
#define IPT_INV_VIA_IN  0x01
#define IPT_INV_VIA_OUT 0x02
#define IPT_INV_SRCIP   0x08
#define IPT_INV_DSTIP   0x10
#define IPT_INV_FRAG    0x20
#define IPT_INV_PROTO   0x40
#define IPT_F_FRAG      0x01
#define IPT_F_PROTO     0x02 /* -p given */
struct ipt_header {
    struct ipt_net src, dst;
    const char *iif, *oif; /* interned, NULL when not given */
    uint16_t proto;
    uint8_t flags;
    uint8_t invflags;
};
extern const struct ext_ops ext_ip;
extern const struct ext_ops ext_ip6;
/* The rule's header, unpacked into *out; false when it has none. */
bool rule_header(const struct ipt_rule *r, struct ipt_header *out);
/* The rule reader parses a header into struct ipt_header and stores it
 * packed (ext/xt_ip.c); `set` is the expression's option mask. */
void *ipt_header_pack(struct arena *a, const struct ipt_header *h, uint32_t set);
void ipt_header_unpack(const void *packed, struct ipt_header *out);

#endif
