/*
 * nft.h - native nftables in the one model.
 *
 * An nft table is an ipt_table with origin IPT_ORIGIN_NFT; its chains and
 * rules are the model's chains and rules, so the engine, lint and reports
 * see one structure. What only nft has (sets and maps, named objects,
 * flowtables, chain devices and comments) hangs off table->nft.
 *
 * Three parts meet here:
 *
 *   - the text front end (parser/nft_*.c): a flex scanner turns the input
 *     into tokens, a bison grammar reads the structure (tables, chains,
 *     sets, maps, objects, flowtables, `define`, `include`, and the script
 *     commands `add|insert|create|flush|delete ...`) and hands the token
 *     ranges of every rule, set key declaration and element list to
 *   - the expression library (nft/): datatypes, selectors (payload, meta,
 *     ct, fib, numgen, hash, ...), relational expressions and statements,
 *     one kernel expression per file like net/netfilter/nft_*.c. Each
 *     parses from tokens, prints as `nft list ruleset` prints it and
 *     evaluates on a packet in flight (struct sim_ctx);
 *   - the JSON front end (parser/nft_json.c) lowers `nft -j list ruleset`
 *     into the text form and loads that, so both forms mean the same.
 *
 * Memory: everything lives in the ruleset's arena, except the growable
 * arrays of struct nft_table (freed by nft_table_free).
 */
#ifndef IPTSIM_NFT_H
#define IPTSIM_NFT_H

#include <string.h>

#include "iptsim/diag.h"
#include "iptsim/model.h"

/* ---- tokens ----
 *
 * The scanner's output, what the expression library parses. Word rules
 * (both sides rely on them):
 *   - a WORD is a maximal run of [A-Za-z0-9_./:*%-] that is not made only
 *     of '.', '-', '/' or ':' characters; so `10.0.0.0/8`, `1.2.3.4-1.2.3.9`,
 *     `80-90`, `fe80::1/64`, `00:11:22:33:44:55`, `0x10`, `-300`,
 *     `echo-request`, `10/second` and `1.2.3.4:80` are one WORD each;
 *   - a run of only those characters (` . ` of a concatenation, ` - ` of
 *     `filter - 10`, ` / ` of `tcp flags syn / syn,ack`) is PUNCT;
 *   - `"..."` is a STRING (text without the quotes);
 *   - `@name` is a SETREF (text: the name), `$name` a VAR (text: the
 *     name; the front end substitutes `define`s, so the expression
 *     library never sees one);
 *   - every other character is PUNCT on its own, except the two-character
 *     operators == != <= >= << >>;
 *   - `#` starts a comment to the end of the line; a backslash before a
 *     newline joins lines. Newlines and ';' end rules: the front end cuts
 *     them, the expression library never sees them.
 */
enum nft_tok_kind {
    NFT_TOK_WORD,
    NFT_TOK_STRING,
    NFT_TOK_PUNCT,
    NFT_TOK_SETREF,
    NFT_TOK_VAR,
};

struct nft_tok {
    uint8_t kind;      /* enum nft_tok_kind */
    bool space_before; /* a blank (or the line start) precedes it */
    const char *text;  /* NUL-terminated, in the arena */
    struct ipt_loc loc;
};

static inline bool nft_tok_is(const struct nft_tok *t, const char *text)
{
    return t && (t->kind == NFT_TOK_WORD || t->kind == NFT_TOK_PUNCT) && strcmp(t->text, text) == 0;
}

/* ---- what the expression library parses from ---- */

struct nft_parse {
    struct ipt_ruleset *rs;
    struct diags *diags;
    struct ipt_table *table;   /* its family decides what `ip saddr` etc. mean */
    struct ipt_chain *chain;   /* the rule's chain; NULL for set declarations */
    const struct nft_tok *tok; /* this unit's tokens: one rule, one key */
    size_t ntok;               /* declaration, one element list */
    size_t pos;                /* the next token */
    /* The source line a location is on, for the caret under an error
     * (NULL if the front end has none). */
    const char *(*line_text)(void *arg, const struct ipt_loc *loc);
    void *line_arg;
    bool lenient;
};

/* An error or warning at a token (or at the end of the unit when t is
 * NULL), with its source line. nft_error returns -1. */
int nft_error(struct nft_parse *p, const struct nft_tok *t, const char *fmt, ...)
    IPTSIM_PRINTF(3, 4);
void nft_warn(struct nft_parse *p, const struct nft_tok *t, const char *fmt, ...)
    IPTSIM_PRINTF(3, 4);

/* ---- rules (nft/) ----
 *
 * How an nft rule sits in the model, for the engine:
 *   - r->exprs holds its expressions and non-terminal statements in
 *     order. A statement (counter, log, meta/ct set, notrack, nftrace,
 *     `update @set`, ...) is an expression whose .match acts and returns 1;
 *     limit and quota return whether the packet is within them. So a
 *     statement before a failing comparison acts, as in the kernel.
 *   - a plain verdict is r->verdict (ACCEPT, DROP, RETURN, CONTINUE, JUMP
 *     and GOTO with r->jump); `queue` and the terminal statements (dnat,
 *     snat, masquerade, redirect, reject, synproxy, `vmap`) are r->target
 *     with r->verdict IPT_V_TARGET. A verdict map's target returns the
 *     verdict it looked up; for jump and goto it sets sim_ctx.jump.
 *   - r->comment is the rule's `comment "..."`.
 */

/* Parses p->tok[p->pos..ntok) as one rule of p->chain (not inserted).
 * `jump`/`goto` targets are found with table_find_chain: the front end
 * declares every chain of a table before it parses rules, as nft does.
 * NULL after reporting an error. */
struct ipt_rule *nft_rule_parse(struct nft_parse *p);
/* The rule as `nft list ruleset` prints it, on one line without
 * indentation: `ip saddr 10.0.0.1 counter packets 0 bytes 0 accept`. */
void nft_rule_print(struct strbuf *b, const struct ipt_rule *r);

/* ---- sets and maps ---- */

#define NFT_SET_F_ANONYMOUS 0x01
#define NFT_SET_F_CONSTANT  0x02
#define NFT_SET_F_INTERVAL  0x04
#define NFT_SET_F_MAP       0x08
#define NFT_SET_F_TIMEOUT   0x10
#define NFT_SET_F_EVAL      0x20 /* `flags dynamic` */
#define NFT_SET_F_OBJECT    0x40 /* a map to named objects */
#define NFT_SET_F_CONCAT    0x80

struct nft_set {
    struct ipt_table *table;
    const char *name; /* NULL for an anonymous set */
    struct ipt_loc loc;
    bool is_map;
    uint32_t flags; /* NFT_SET_F_*, as declared with `flags` */
    /* The front end's: the attributes it reads and prints itself. */
    uint64_t timeout_ms, gc_interval_ms; /* 0: not given */
    uint32_t size;                       /* 0: not given */
    const char *policy;                  /* "performance", "memory" or NULL */
    const char *comment;
    bool auto_merge, counter;
    /* The expression library's: key and data types, elements. */
    void *impl;
};

/* The set's key declaration from p->tok: `ipv4_addr . inet_service` after
 * `type`, or `ip saddr . tcp dport` after `typeof` (typeof_ true). For a
 * map, `data` says the tokens are the part after ':' (`verdict`,
 * `ipv4_addr . inet_service`, `counter` for an object map, `interval
 * ipv4_addr`). Returns 0 or -1 after reporting. */
int nft_set_key(struct nft_parse *p, struct nft_set *s, bool typeof_, bool data);
/* Elements from p->tok: the whole `{ a, b : c, ... }` including braces
 * (from `elements = { ... }` or `add element ... { ... }`). */
int nft_set_add_elements(struct nft_parse *p, struct nft_set *s);
/* `type ipv4_addr . inet_service : verdict` or `typeof ip saddr` as
 * nft list ruleset prints the declaration line (no indentation). */
void nft_set_print_type(struct strbuf *b, const struct nft_set *s);
/* `elements = { ... }` as nft list ruleset prints it, wrapped lines
 * indented for a set body at `indent` tabs; nothing when it is empty. */
void nft_set_print_elements(struct strbuf *b, const struct nft_set *s, int indent);

/* ---- named objects, flowtables, chain extras (the front end's) ---- */

struct nft_obj {
    const char *kind; /* "counter", "quota", "limit", "ct helper", "ct timeout",
                         "ct expectation", "secmark", "synproxy" */
    const char *name;
    struct ipt_loc loc;
    void *data; /* the front end's parsed body */
};

struct nft_flowtable {
    const char *name;
    struct ipt_loc loc;
    int hook; /* IPT_HOOK_INGRESS */
    int32_t priority;
    const char **devices;
    size_t ndevices;
    uint32_t flags;
};

/* nft_chain_info.flags bit set by the expression library on the chain
 * of `jump { ... }` (a chain binding, named __chainN like the kernel's):
 * its rules print inside the rule that jumps to it, never as a chain. */
#define NFT_CHAIN_BINDING 0x80000000u

/* What a chain has beyond struct ipt_chain. */
struct nft_chain_info {
    const char **devices; /* netdev/inet ingress chains */
    size_t ndevices;
    const char *comment;
    uint32_t flags;
};

struct nft_table {
    struct ipt_table *table;
    uint32_t flags; /* dormant, owner, persist (as `flags` lists them) */
    const char *comment;
    struct nft_set **sets; /* named sets and maps, in declaration order */
    size_t nsets, capsets;
    struct strmap set_by_name;
    struct nft_obj **objs;
    size_t nobjs, capobjs;
    struct nft_flowtable **flowtables;
    size_t nflowtables, capflowtables;
    struct nft_chain_info **chain_info; /* by chain->index; NULL entries */
    size_t nchain_info;
};

/* The nft part of an nft table, created on first use. */
struct nft_table *nft_table_get(struct ipt_table *t);
void nft_table_free(struct nft_table *nt);
struct nft_set *nft_table_add_set(struct ipt_table *t, const char *name, bool is_map);
struct nft_set *nft_table_find_set(const struct ipt_table *t, const char *name);
struct nft_obj *nft_table_find_obj(const struct ipt_table *t, const char *kind, const char *name);
struct nft_chain_info *nft_chain_info(struct ipt_chain *c); /* created on first use */
const struct nft_chain_info *nft_chain_info_get(const struct ipt_chain *c); /* or NULL */

/* Durations as nft writes them (timeouts, gc-interval, element expiry):
 * `1d2h3m4s5ms`, or a bare number of seconds. nft_time_print prints the
 * form nft list ruleset prints. (nft/nft_time.c) */
bool nft_time_parse(const char *s, uint64_t *ms);
void nft_time_print(struct strbuf *b, uint64_t ms);

/* ---- the front ends ---- */

/* `nft list ruleset` text, or an nft script (define, include, commands).
 * `file` is the diags index of `name`. Returns 0, or -1 after errors. */
struct load_opts;
int nft_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                    size_t len, const struct load_opts *o);
/* `nft -j list ruleset` JSON. */
int nft_json_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                         size_t len, const struct load_opts *o);

/* The nft tables of a ruleset as `nft list ruleset` prints them. */
void nft_print_ruleset(struct strbuf *b, const struct ipt_ruleset *rs);

#endif
