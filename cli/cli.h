/*
 * cli.h - what the subcommand files of cli/ share.
 */
#ifndef IPTSIM_CLI_H
#define IPTSIM_CLI_H

#include "iptsim/diag.h"
#include "iptsim/model.h"
#include "iptsim/parse.h"

#ifndef IPTSIM_VERSION
#define IPTSIM_VERSION "0.1.0"
#endif

struct command {
    const char *name;
    const char *help;
    int (*run)(int argc, char **argv);
};

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

int cmd_show(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_extensions(int argc, char **argv);

bool cli_color(enum color_mode m, FILE *f);
int cli_parse_color(const char *s, enum color_mode *m);
/* Loads every dump, prints diagnostics to stderr. -1 if any failed. */
int cli_load_dumps(struct ipt_ruleset *rs, struct diags *d, char **paths, size_t n,
                   const struct load_opts *o, enum color_mode color);

#endif
