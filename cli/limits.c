/*
 * limits.c - `--limit NAME=N`, the limits against hostile input that
 * `show` and `trace` share (load_opts; sim_opts.max_branches for trace).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char cli_limits_help[] =
    "\n"
    "Limits against hostile input (repeatable; N takes a K, M or G suffix, 1024-based):\n"
    "  --limit file-size=N  bytes in one dump (default 1G)\n"
    "  --limit line=N       bytes in one line (default 1M)\n"
    "  --limit rules=N      rule lines in one dump (default 10M)\n"
    "  --limit chains=N     chains declared in one dump (default 5M)\n"
    "  --limit tables=N     *TABLE sections in one dump (default 1000)\n"
    "Past a limit ipt-sim refuses the dump, naming the line that crossed it.\n";

/* "N[K|M|G]" -> bytes or a count; 0 on error. */
static size_t parse_size(const char *s)
{
    if (*s < '0' || *s > '9')
        return 0;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno)
        return 0;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10;
    else if (*end == 'm' || *end == 'M')
        shift = 20;
    else if (*end == 'g' || *end == 'G')
        shift = 30;
    if (shift)
        end++;
    if (*end || v == 0 || v > (((unsigned long long)1 << 50) >> shift))
        return 0; /* at most 1 PiB: the limit must leave room to count past it */
    return (size_t)(v << shift);
}

int cli_parse_limit(const char *cmd, const char *arg, struct load_opts *lo, size_t *max_branches)
{
    const char *eq = strchr(arg, '=');
    size_t v = eq ? parse_size(eq + 1) : 0;
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    static const char *const names[] = {"file-size", "line",   "rules",
                                        "chains",    "tables", "branches"};
    size_t *fields[] = {&lo->max_file_size, &lo->max_line,   &lo->max_rules,
                        &lo->max_chains,    &lo->max_tables, max_branches};
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strlen(names[i]) != n || strncmp(arg, names[i], n) || !fields[i])
            continue;
        if (!v || (fields[i] == max_branches && v > 100000)) {
            fprintf(stderr, "ipt-sim %s: --limit %s: expected %s=N with N a positive number%s\n",
                    cmd, arg, names[i],
                    fields[i] == max_branches ? " up to 100000"
                                              : " up to 2^50 (K, M, G suffixes allowed)");
            return -1;
        }
        *fields[i] = v;
        return 0;
    }
    fprintf(stderr,
            "ipt-sim %s: --limit \"%s\": expected NAME=N with NAME one of file-size, line, "
            "rules, chains, tables%s\n",
            cmd, arg, max_branches ? ", branches" : "");
    return -1;
}
