/*
 * report.h - printing the model: iptables-save text and JSON.
 */
#ifndef IPTSIM_REPORT_H
#define IPTSIM_REPORT_H

#include "iptsim/model.h"

/* "-A CHAIN <header> <matches> <target>" exactly as iptables-save prints
 * the rule (without counters). */
void rule_save(struct strbuf *b, const struct ipt_rule *r);
/* One expression as iptables-save prints it (" -m tcp --dport 22"). */
void expr_save(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e);

/* The xtables tables of one family as iptables-save / ip6tables-save would
 * print them after iptables-restore loaded the dump. */
void ruleset_save_xtables(struct strbuf *b, const struct ipt_ruleset *rs, int family,
                          bool counters);

/* The model as JSON (documented in docs/json.md). */
void ruleset_json(struct strbuf *b, const struct ipt_ruleset *rs, const struct diags *d);

#endif
