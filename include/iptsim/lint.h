/*
 * lint.h - `ipt-sim lint`: rules that can never work, each with a witness
 * packet that `ipt-sim trace` confirms.
 *
 * lint_run() computes, with the packet-set algebra of analysis.h, which
 * packets can reach each rule (from each base chain's hook, through jumps,
 * gotos and returns), runs the checks, and confirms every witness packet
 * with the simulator on the same host model `ipt-sim trace` would build.
 */
#ifndef IPTSIM_LINT_H
#define IPTSIM_LINT_H

#include "iptsim/diag.h"
#include "iptsim/model.h"
#include "iptsim/sim.h"

enum lint_sev { LINT_INFO, LINT_WARNING, LINT_ERROR };

struct lint_finding {
    const char *check; /* stable id: "unreachable-rule", ... */
    enum lint_sev sev;
    struct ipt_loc loc;          /* the rule (or chain) the finding is about */
    const struct ipt_rule *rule; /* NULL for chain-level findings */
    const struct ipt_chain *chain;
    const struct ipt_rule *related; /* the earlier rule that takes the packets, ... */
    char *message;
    char *fix;     /* a rule to add or an action, or NULL */
    char *witness; /* `ipt-sim trace --pkt` spec, or NULL */
};

struct lint_result {
    struct lint_finding *v;
    size_t n, cap;
    char **notes; /* what the analysis could not do exactly (limits hit) */
    size_t nnotes;
};

struct lint_opts {
    size_t max_cubes; /* per packet set (0: default) */
    /* Builds the host model the user described (--iface, --route,
     * --sysctl, --host) into a fresh struct host; lint completes it by
     * inference for each witness packet, as `ipt-sim trace` does. NULL: an
     * empty host. */
    void (*make_host)(struct host *h, void *arg);
    void *make_host_arg;
};

void lint_run(const struct ipt_ruleset *rs, const struct lint_opts *o, struct lint_result *out);
void lint_result_free(struct lint_result *r);

const char *lint_sev_name(enum lint_sev s); /* "error", "warning", "info" */
/* Sorted by file, line, check. */
void lint_sort(struct lint_result *r);

/* Printers (report/lint.c). */
void lint_print_text(struct strbuf *b, const struct lint_result *r, const struct diags *d,
                     bool color);
void lint_print_json(struct strbuf *b, const struct lint_result *r, const struct diags *d);
void lint_print_github(struct strbuf *b, const struct lint_result *r, const struct diags *d);
/* SARIF 2.1.0 (report/sarif.c). */
void lint_print_sarif(struct strbuf *b, const struct lint_result *r, const struct diags *d);

/* The checks: id, default severity, one line. */
struct lint_check_info {
    const char *id;
    enum lint_sev sev;
    const char *summary;
};
const struct lint_check_info *lint_checks(size_t *n);

#endif
