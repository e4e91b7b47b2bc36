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
    const char *src_line; /* current line text */
    struct ipt_table *table; /* the table between *name and COMMIT */
    unsigned missing_chains; /* jumps to undeclared chains in this table */
    struct ipt_lex lx;
    struct builder *builder; /* ipt_rule.c's scratch space, kept between rules */
    struct strmap ext_cache[2]; /* name -> ext_ops for matches, targets */
};

/* Reads the rule command on the current line (words from `first` on) into
 * the current table. Reports problems and returns -1, or 0. */
int ipt_read_rule(struct ipt_loader *L, size_t first, uint64_t pkts, uint64_t bytes,
                  bool counters);

void ipt_rule_builder_free(struct ipt_loader *L);
/* ext_find() through a map built once per load: a big dump names
 * extensions and declares chains a million times. */
const struct ext_ops *ipt_find_ext(struct ipt_loader *L, enum ext_kind kind, const char *name);

/* Kernel-side checks of a committed table: hooks each target may be used
 * from, chain loops (net/ipv4/netfilter/ip_tables.c mark_source_chains). */
void ipt_validate_table(struct ipt_loader *L, struct ipt_table *t);

#endif
