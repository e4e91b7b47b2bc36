/*
 * diag.h - errors and warnings as values with a source location.
 *
 * Front ends never print and never exit: they append records here and go on
 * with the next line, so one run reports every problem of a dump. The CLI
 * prints the records once, in the style of nftables' erec.c:
 *
 *   rules.txt:7:22: error: unknown option "--dprot"
 *       7 | -A INPUT -p tcp -m tcp --dprot 22 -j ACCEPT
 *         |                        ^^^^^^^
 */
#ifndef IPTSIM_DIAG_H
#define IPTSIM_DIAG_H

#include <stdarg.h>

#include "iptsim/core.h"

/* A span in one input file. Lines and columns are 1-based; len may be 0. */
struct ipt_loc {
    uint32_t file; /* index into struct diags.files (0 = none) */
    uint32_t line;
    uint32_t col;
    uint32_t len;
};

enum diag_sev { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
    enum diag_sev sev;
    struct ipt_loc loc;
    char *msg;
    char *src_line; /* a copy of the offending source line, or NULL */
};

struct diags {
    struct diag *v;
    size_t n, cap;
    size_t nerr, nwarn;
    size_t max_errors;  /* stop recording errors past this (0 = default 50) */
    bool truncated;     /* more errors happened than were recorded */
    const char **files; /* file names; files[0] is "" */
    size_t nfiles;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
/* Registers a file name, returns its index for struct ipt_loc.file. */
uint32_t diags_add_file(struct diags *d, const char *name);
const char *diags_file_name(const struct diags *d, uint32_t file);

/* Records a diagnostic. src_line (may be NULL) is copied up to its newline. */
void diag_add(struct diags *d, enum diag_sev sev, struct ipt_loc loc, const char *src_line,
              const char *fmt, ...) IPTSIM_PRINTF(5, 6);
void diag_vadd(struct diags *d, enum diag_sev sev, struct ipt_loc loc, const char *src_line,
               const char *fmt, va_list ap);

/* Prints every record, in order, with source line and caret. color: ANSI. */
void diags_print(const struct diags *d, FILE *out, bool color);
/* Formats one record the same way (used by tests). */
void diag_format(const struct diags *d, const struct diag *g, struct strbuf *out, bool color);

#endif
