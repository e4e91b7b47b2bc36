/*
 * sarif.h - a small SARIF 2.1.0 writer (OASIS Static Analysis Results
 * Interchange Format), what GitHub code scanning reads.
 *
 * One log with one run: the tool (name, version, information URI), its
 * rules (id, short description) and results (rule id, level, message, file,
 * line, column, plus optional properties). Nothing in it knows about lint:
 * any command that reports findings on lines of the input can use it.
 *
 *   struct sarif_log *s = sarif_new("ipt-sim", "0.1.0", NULL);
 *   sarif_add_rule(s, "unreachable-rule", "a rule no packet reaches");
 *   struct sarif_result *r = sarif_add_result(s, "unreachable-rule", SARIF_WARNING,
 *                                             "msg", "rules.txt", 7, 1);
 *   sarif_result_property(r, "witness", "tcp:1.1.1.1->2.2.2.2:80 in=eth0");
 *   sarif_write(s, &strbuf);
 *   sarif_free(s);
 */
#ifndef IPTSIM_SARIF_H
#define IPTSIM_SARIF_H

#include "iptsim/core.h"

enum sarif_level { SARIF_NONE, SARIF_NOTE, SARIF_WARNING, SARIF_ERROR };

struct sarif_log;
struct sarif_result;

struct sarif_log *sarif_new(const char *tool, const char *version, const char *info_uri);
void sarif_free(struct sarif_log *s);
/* Rules are listed in the order added; a result's rule must be added first. */
void sarif_add_rule(struct sarif_log *s, const char *id, const char *short_desc);
/* file is a relative path (an artifact URI); line/col 1-based, 0 = none. */
struct sarif_result *sarif_add_result(struct sarif_log *s, const char *rule_id,
                                      enum sarif_level level, const char *message, const char *file,
                                      uint32_t line, uint32_t col);
/* A string property of the result ("properties" bag). */
void sarif_result_property(struct sarif_result *r, const char *key, const char *value);
/* A related location ("relatedLocations") with a message. */
void sarif_result_related(struct sarif_result *r, const char *file, uint32_t line, uint32_t col,
                          const char *message);
/* The whole log as JSON text (followed by a newline). */
void sarif_write(const struct sarif_log *s, struct strbuf *out);

#endif
