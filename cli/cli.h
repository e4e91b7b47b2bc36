/*
 * cli.h - what the subcommand files of cli/ share.
 */
#ifndef IPTSIM_CLI_H
#define IPTSIM_CLI_H

#include "iptsim/diag.h"
#include "iptsim/model.h"
#include "iptsim/parse.h"

#include <getopt.h>

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
int cmd_lint(int argc, char **argv);
int cmd_extensions(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_diff(int argc, char **argv);

bool cli_color(enum color_mode m, FILE *f);
int cli_parse_color(const char *s, enum color_mode *m);
/* --family 4|6 and --max-branches N, the same for every command: print the
 * error (naming cmd) and return -1 on a bad value. */
int cli_parse_family(const char *cmd, const char *s, int *family);
int cli_parse_max_branches(const char *cmd, const char *s, size_t *out);
/* --limit NAME=N (cli/limits.c): sets the load_opts field NAME names, or
 * *max_branches for "branches" (NULL: not accepted). Prints the error
 * itself and returns -1. */
int cli_parse_limit(const char *cmd, const char *arg, struct load_opts *lo, size_t *max_branches);
/* The --help lines that describe --limit. */
extern const char cli_limits_help[];
/* Loads every dump, prints diagnostics to stderr. -1 if any failed. */
int cli_load_dumps(struct ipt_ruleset *rs, struct diags *d, char **paths, size_t n,
                   const struct load_opts *o, enum color_mode color);

/* Host options shared by trace, check and diff (cli/hostopts.c). `name` is
 * the option without dashes: "iface", "route", "sysctl", "host" (a host
 * file, docs/host-file.md), "ipset" (`ipset save` output) or "assume-set"
 * (NAME=MEMBER,..., from `--assume set:NAME=...`). Return NULL or an error
 * message (in err). */
struct host;
const char *cli_host_option(struct host *h, const char *name, const char *arg, char *err,
                            size_t nerr);
/* `--assume set:NAME=...` describes a set's contents (a host option), not
 * an extension's answer. */
bool cli_is_set_assumption(const char *arg);
const char *cli_read_host_file(struct host *h, const char *path, char *err, size_t nerr);

/* The options simulating commands share (cli/simopts.c): host options,
 * --assume, --max-branches, --lenient, --color and (optionally) --family,
 * as getopt_long values CLI_O_*. */
enum {
    CLI_O_IFACE = 0x400,
    CLI_O_ROUTE,
    CLI_O_SYSCTL,
    CLI_O_HOST,
    CLI_O_IPSET,
    CLI_O_ASSUME,
    CLI_O_MAXBR,
    CLI_O_LENIENT,
    CLI_O_COLOR,
    CLI_O_FAMILY,
};
struct cli_simopts {
    /* host options in command-line order ("assume-set" for --assume
     * set:NAME=...), applied by cli_simopts_host() */
    const char **hname, **hval;
    size_t nhost;
    const char **assume; /* EXT=pass|fail, for sim_opts */
    size_t nassume;
    size_t max_branches;   /* 0: the default */
    struct load_opts *lo;  /* --lenient, --family */
    enum color_mode color; /* --color */
};
/* own (ended by a zeroed entry) followed by the shared options; free() it. */
struct option *cli_simopts_table(const struct option *own, bool family);
void cli_simopts_init(struct cli_simopts *st, int argc, struct load_opts *lo);
void cli_simopts_free(struct cli_simopts *st);
/* One getopt_long result: 1 handled, 0 not a shared option, -1 a bad value
 * (the message, naming "ipt-sim CMD", is printed). */
int cli_simopt(const char *cmd, int c, const char *arg, struct cli_simopts *st);
/* Applies the host options to h; -1 (message printed) on the first bad one. */
int cli_simopts_host(const char *cmd, const struct cli_simopts *st, struct host *h);

#endif
