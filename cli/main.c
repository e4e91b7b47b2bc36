/*
 * main.c - the ipt-sim command line: wires options to library calls and
 * prints what the library returns. No netfilter knowledge lives here.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command commands[] = {
    {"trace", "walk a packet through every hook, table, chain and rule", cmd_trace},
    {"show", "print the loaded ruleset (iptables-save text or JSON)", cmd_show},
    {"lint", "find rules that can never work, each with a witness packet", cmd_lint},
    {"check", "check what must happen to packets (an expectations file, JUnit)", cmd_check},
    {"diff", "what a change of the rules does to traffic", cmd_diff},
    {"extensions", "list the matches and targets ipt-sim understands", cmd_extensions},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: ipt-sim COMMAND [OPTIONS]\n\n"
                 "ipt-sim reads firewall dumps (iptables-save, ip6tables-save) offline and\n"
                 "shows what the host's netfilter does with them. It needs no root and touches\n"
                 "no kernel.\n\nCommands:\n");
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\nRun 'ipt-sim COMMAND --help' for a command's options.\n"
                 "Exit status: 0 ok, 1 the answer is no, 2 bad usage or input.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("ipt-sim %s\n", IPTSIM_VERSION);
        return 0;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "ipt-sim: unknown command \"%s\"\n\n", argv[1]);
    usage(stderr);
    return 2;
}

bool cli_color(enum color_mode m, FILE *f)
{
    if (m == COLOR_ALWAYS)
        return true;
    if (m == COLOR_NEVER)
        return false;
    const char *nc = getenv("NO_COLOR");
    return (!nc || !*nc) && isatty(fileno(f));
}

int cli_parse_family(const char *cmd, const char *s, int *family)
{
    if (!strcmp(s, "4") || !strcmp(s, "ipv4"))
        *family = IPT_FAM_IPV4;
    else if (!strcmp(s, "6") || !strcmp(s, "ipv6"))
        *family = IPT_FAM_IPV6;
    else {
        fprintf(stderr, "ipt-sim %s: --family takes 4 or 6, not \"%s\"\n", cmd, s);
        return -1;
    }
    return 0;
}

int cli_parse_max_branches(const char *cmd, const char *s, size_t *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 100000) {
        fprintf(stderr, "ipt-sim %s: --max-branches takes 1-100000, not \"%s\"\n", cmd, s);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

int cli_parse_color(const char *s, enum color_mode *m)
{
    if (!strcmp(s, "auto"))
        *m = COLOR_AUTO;
    else if (!strcmp(s, "always"))
        *m = COLOR_ALWAYS;
    else if (!strcmp(s, "never"))
        *m = COLOR_NEVER;
    else
        return -1;
    return 0;
}

int cli_load_dumps(struct ipt_ruleset *rs, struct diags *d, char **paths, size_t n,
                   const struct load_opts *o, enum color_mode color)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (ruleset_load_file(rs, d, paths[i], o))
            rc = -1;
    diags_print(d, stderr, cli_color(color, stderr));
    if (rc)
        fprintf(stderr, "ipt-sim: %zu error%s, %zu warning%s\n", d->nerr, d->nerr == 1 ? "" : "s",
                d->nwarn, d->nwarn == 1 ? "" : "s");
    return rc;
}
