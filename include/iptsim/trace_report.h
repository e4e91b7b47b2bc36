/*
 * trace_report.h - printing simulation results (report/trace.c).
 */
#ifndef IPTSIM_TRACE_REPORT_H
#define IPTSIM_TRACE_REPORT_H

#include "iptsim/sim.h"

/* "tcp 1.1.1.1:40000 -> 2.2.2.2:7788 [SYN]" */
void pkt_describe(struct strbuf *b, const struct sim_pkt *p);
/* Readable account: hooks, chains, rules with file:line, notes, the fate,
 * the assumptions. */
void trace_print_text(struct strbuf *b, const struct sim_result *r, const struct host *h,
                      const struct diags *d, bool color);
/* The kernel's TRACE: lines, then one FATE: line per branch. */
void trace_print_kernel(struct strbuf *b, const struct sim_result *r);
/* One JSON object (docs/trace-json.md). */
void trace_print_json(struct strbuf *b, const struct sim_result *r, const struct host *h,
                      const struct diags *d, const struct sim_pkt_spec *spec);

#endif
