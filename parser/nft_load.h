/*
 * nft_load.h - what the nft grammar (nft_parser.y) and the loader
 * (nft_load.c) share: the parse state of one file and the actions the
 * grammar calls. Not for other parts: they use nft_load_buffer (nft.h).
 */
#ifndef IPTSIM_NFT_LOAD_H
#define IPTSIM_NFT_LOAD_H

#include "iptsim/nft.h"

/* A range of token indices [a, b) of the file being parsed. */
struct nft_span {
    uint32_t a, b;
};
/* `[family] table [name]` as token indices (UINT32_MAX: absent). */
struct nft_spec {
    uint32_t fam, table, name;
};

static inline struct nft_span nft_span(uint32_t a, uint32_t b)
{
    return (struct nft_span){a, b};
}
static inline struct nft_spec nft_spec(uint32_t fam, uint32_t table, uint32_t name)
{
    return (struct nft_spec){fam, table, name};
}

struct nft_pstate;

/* The grammar's token source: the next token's kind (T_* of the
 * generated header) and its index in *idx. */
int nft_pstate_lex(struct nft_pstate *ps, uint32_t *idx);
void nft_pstate_syntax_error(struct nft_pstate *ps, const char *msg);

/* Grammar actions (token indices and ranges of the file being parsed). */
/* `table WORD NAME` where WORD is no family: reported; returns the
 * spec's family index that makes every use of the spec a no-op. */
#define NFT_SPEC_BAD (UINT32_MAX - 1)
uint32_t nft_ps_bad_family(struct nft_pstate *ps, uint32_t word);
void nft_ps_table_begin(struct nft_pstate *ps, const struct nft_spec *sp);
void nft_ps_table_end(struct nft_pstate *ps);
void nft_ps_table_attr(struct nft_pstate *ps, uint32_t kw, const struct nft_span *rest);
void nft_ps_chain(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *body);
void nft_ps_set(struct nft_pstate *ps, const struct nft_spec *sp, bool is_map,
                const struct nft_span *body);
void nft_ps_flowtable(struct nft_pstate *ps, const struct nft_spec *sp,
                      const struct nft_span *body);
void nft_ps_obj(struct nft_pstate *ps, uint32_t kind, const struct nft_spec *sp,
                const struct nft_span *body);
void nft_ps_elements(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *elems,
                     int del);
void nft_ps_rule(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *rule,
                 bool insert);
void nft_ps_flush_ruleset(struct nft_pstate *ps, uint32_t fam);
void nft_ps_flush(struct nft_pstate *ps, uint32_t what, const struct nft_spec *sp);
void nft_ps_delete(struct nft_pstate *ps, uint32_t what, const struct nft_spec *sp,
                   const struct nft_span *rest);
void nft_ps_define(struct nft_pstate *ps, uint32_t name, const struct nft_span *value,
                   bool redefine);
void nft_ps_undefine(struct nft_pstate *ps, uint32_t name);
void nft_ps_include(struct nft_pstate *ps, uint32_t path);
void nft_ps_ignored(struct nft_pstate *ps, uint32_t kw);

/* Chain priorities by name, per family and hook, as nft (src/rule.c)
 * reads and prints them: `filter`, `dstnat - 10`, bridge `out`. */
int nft_prio_parse(int family, int hook, const char *name, int32_t *out);
void nft_prio_print(struct strbuf *b, int family, int hook, int32_t prio);
/* nft's hook names for a family: "input", "ingress", ... (NULL: none) */
const char *nft_hook_name(int family, int hook);

/* nft_chain_info.flags: `flags offload`, and a netdev egress chain (not
 * a base chain of the model: ipt-sim does not run egress; its type,
 * priority and policy are in the chain, its devices in the info). */
#define NFT_CHAIN_OFFLOAD 0x1
#define NFT_CHAIN_EGRESS  0x2

/* The nft parts of a table the printer reads (nft_load.c keeps them). */
struct nft_obj_line {
    const struct nft_tok *tok;
    size_t n;
};
struct nft_obj_body {
    struct nft_obj_line *lines;
    size_t nlines;
};
/* Tokens joined as nft prints them: blanks between words, none before ','. */
void nft_tokens_print(struct strbuf *b, const struct nft_tok *tok, size_t n);

#endif
