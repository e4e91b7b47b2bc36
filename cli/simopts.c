/*
 * simopts.c - the options every simulating command shares, in one table:
 * the host (--iface, --route, --sysctl, --host, --ipset, --assume
 * set:NAME=...), --assume EXT=pass|fail, --max-branches, --family,
 * --lenient and --color. check and diff take them from here, so that they
 * spell, check and explain them the same way (cli.h).
 */
#include "cli.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

static const struct option shared[] = {
    {"iface", required_argument, 0, CLI_O_IFACE},
    {"route", required_argument, 0, CLI_O_ROUTE},
    {"sysctl", required_argument, 0, CLI_O_SYSCTL},
    {"host", required_argument, 0, CLI_O_HOST},
    {"ipset", required_argument, 0, CLI_O_IPSET},
    {"assume", required_argument, 0, CLI_O_ASSUME},
    {"max-branches", required_argument, 0, CLI_O_MAXBR},
    {"lenient", no_argument, 0, CLI_O_LENIENT},
    {"color", required_argument, 0, CLI_O_COLOR},
    {"family", required_argument, 0, CLI_O_FAMILY},
};

struct option *cli_simopts_table(const struct option *own, bool family)
{
    size_t n = 0, k = 0;
    while (own[n].name)
        n++;
    struct option *t = xcalloc(n + ARRAY_SIZE(shared) + 1, sizeof(*t));
    memcpy(t, own, n * sizeof(*t));
    for (size_t i = 0; i < ARRAY_SIZE(shared); i++)
        if (family || shared[i].val != CLI_O_FAMILY)
            t[n + k++] = shared[i];
    return t; /* ends with a zeroed entry */
}

void cli_simopts_init(struct cli_simopts *st, int argc, struct load_opts *lo)
{
    memset(st, 0, sizeof(*st));
    st->hname = xcalloc((size_t)argc + 1, sizeof(char *));
    st->hval = xcalloc((size_t)argc + 1, sizeof(char *));
    st->assume = xcalloc((size_t)argc + 1, sizeof(char *));
    st->lo = lo;
    st->color = COLOR_AUTO;
}

void cli_simopts_free(struct cli_simopts *st)
{
    free(st->hname);
    free(st->hval);
    free(st->assume);
    memset(st, 0, sizeof(*st));
}

int cli_simopt(const char *cmd, int c, const char *arg, struct cli_simopts *st)
{
    static const char *const host_names[] = {[CLI_O_IFACE - CLI_O_IFACE] = "iface",
                                             [CLI_O_ROUTE - CLI_O_IFACE] = "route",
                                             [CLI_O_SYSCTL - CLI_O_IFACE] = "sysctl",
                                             [CLI_O_HOST - CLI_O_IFACE] = "host",
                                             [CLI_O_IPSET - CLI_O_IFACE] = "ipset"};
    switch (c) {
    case CLI_O_IFACE:
    case CLI_O_ROUTE:
    case CLI_O_SYSCTL:
    case CLI_O_HOST:
    case CLI_O_IPSET:
        st->hname[st->nhost] = host_names[c - CLI_O_IFACE];
        st->hval[st->nhost++] = arg;
        return 1;
    case CLI_O_ASSUME:
        if (cli_is_set_assumption(arg)) {
            st->hname[st->nhost] = "assume-set";
            st->hval[st->nhost++] = arg + 4;
            return 1;
        }
        if (!strchr(arg, '=')) {
            fprintf(stderr, "ipt-sim %s: --assume takes EXTENSION=pass|fail\n", cmd);
            return -1;
        }
        st->assume[st->nassume++] = arg;
        return 1;
    case CLI_O_MAXBR:
        return cli_parse_max_branches(cmd, arg, &st->max_branches) ? -1 : 1;
    case CLI_O_FAMILY:
        return cli_parse_family(cmd, arg, &st->lo->family) ? -1 : 1;
    case CLI_O_LENIENT:
        st->lo->lenient = true;
        return 1;
    case CLI_O_COLOR:
        if (cli_parse_color(arg, &st->color)) {
            fprintf(stderr, "ipt-sim %s: --color takes auto, always or never\n", cmd);
            return -1;
        }
        return 1;
    default:
        return 0;
    }
}

int cli_simopts_host(const char *cmd, const struct cli_simopts *st, struct host *h)
{
    char err[512];
    for (size_t i = 0; i < st->nhost; i++) {
        const char *e = cli_host_option(h, st->hname[i], st->hval[i], err, sizeof(err));
        if (e) {
            if (!strcmp(st->hname[i], "assume-set"))
                fprintf(stderr, "ipt-sim %s: --assume set:%s: %s\n", cmd, st->hval[i], e);
            else
                fprintf(stderr, "ipt-sim %s: %s\n", cmd, e);
            return -1;
        }
    }
    return 0;
}
