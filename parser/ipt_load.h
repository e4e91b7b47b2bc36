/*
 * ipt_load.h - private interface between the iptables-save loader
 * (ipt_load.c: lines, tables, chains) and the rule reader (ipt_rule.c:
 * the options of one -A/-I line).
 */
#ifndef IPTSIM_IPT_LOAD_H
#define IPTSIM_IPT_LOAD_H

#include "iptsim/ext.h"
#include "iptsim/parse.h"
#include "ipt_lex.h"

struct ipt_loader {
    struct ipt_ruleset *rs;
    struct diags *diags;
    const struct load_opts *opts;
    uint32_t file;
    int family;
    uint32_t line;
    const char *src_line;            /* current line text */
    struct ipt_table *table;         /* the table between *name and COMMIT */
    unsigned missing_chains;         /* jumps to undeclared chains in this table */
    size_t ntables, nchains, nrules; /* counted against load_opts' limits */
    bool stopped;                    /* a limit was crossed: ignore the rest */
    uint8_t backend;                 /* enum ipt_backend, from the last header comment */
    bool legacy_warning;             /* "# Warning: iptables-legacy tables present" */
    struct ipt_lex lx;
    struct builder *builder; /* ipt_rule.c's scratch space, kept between rules */
    /* where the expressions the kernel checks against hooks stood, for
     * ipt_validate_table's messages (the model does not keep it) */
    struct ipt_expr_loc *expr_locs;
    size_t nexpr_locs, expr_locs_cap;
    struct strmap ext_cache[2]; /* name -> ext_ops for matches, targets */
};

/* Reads the rule command on the current line (words from `first` on) into
 * the current table. Reports problems and returns -1, or 0. */
int ipt_read_rule(struct ipt_loader *L, size_t first, uint64_t pkts, uint64_t bytes, bool counters);

void ipt_rule_builder_free(struct ipt_loader *L);
/* ext_find() through a map built once per load: a big dump names
 * extensions and declares chains a million times. */
const struct ext_ops *ipt_find_ext(struct ipt_loader *L, enum ext_kind kind, const char *name);

/* Remembers where the next expression the kernel checks against hooks
 * (ops->hooks or hooks_for) of the rule on the current line stood: call it
 * for each, matches in order then the target, when the rule commits.
 * ipt_validate_table() reports at them, then forgets them all. */
void ipt_note_expr_loc(struct ipt_loader *L, uint32_t col, uint32_t len);
void ipt_forget_expr_locs(struct ipt_loader *L);

/* Kernel-side checks of a committed table: hooks each target may be used
 * from, chain loops (net/ipv4/netfilter/ip_tables.c mark_source_chains). */
void ipt_validate_table(struct ipt_loader *L, struct ipt_table *t);

#endif
