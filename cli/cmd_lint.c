/*
 * cmd_lint.c - `ipt-sim lint`: rules that can never work, each proven by a
 * witness packet `ipt-sim trace` confirms (analysis/lint.c).
 */
#include "cli.h"
#include "iptsim/lint.h"
#include "iptsim/sim.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void lint_usage(FILE *out)
{
    fputs("usage: ipt-sim lint --dump FILE [--dump FILE ...] [host options]\n"
          "                    [--format text|json|sarif|github] [--fail-on LEVEL]\n"
          "\n"
          "Finds rules that can never work: rules no packet reaches (shadowed by earlier\n"
          "rules), DNAT/SNAT rules that never fire for some or all of their traffic,\n"
          "duplicate rules, chains nothing jumps to, Docker chains without the jump\n"
          "Docker puts in, published ports filter FORWARD drops, INVALID packets that\n"
          "reach a NAT host, forwarding rules with forwarding off. Each finding has a\n"
          "severity, the file and line, a fix where one is obvious, and where it can,\n"
          "a witness packet: `ipt-sim trace --dump FILE --pkt WITNESS` shows it.\n"
          "\n"
          "Host options (as for trace; without them ipt-sim infers the host):\n"
          "  --iface NAME=ADDR/LEN[+ADDR/LEN]  --route 'PREFIX|default [via GW] dev IFACE'\n"
          "  --sysctl KEY=VALUE (e.g. net.ipv4.ip_forward=0)   --host FILE\n"
          "\n"
          "Options:\n"
          "  --format FORMAT   text (default; grouped by file, colored on a terminal),\n"
          "                    json (docs/lint.md), sarif (SARIF 2.1.0, for GitHub code\n"
          "                    scanning), github (workflow annotations ::error file=...)\n"
          "  --fail-on LEVEL   exit 1 when a finding of LEVEL or worse exists: error\n"
          "                    (default), warning, info, or never\n"
          "  --max-cubes N     pieces per packet set before the analysis degrades\n"
          "                    (default 20000)\n"
          "  --family 4|6, --lenient, --color WHEN   as for show\n"
          "\n"
          "Exit status: 0 no finding at or above --fail-on, 1 there is one, 2 bad usage\n"
          "or an error in a dump.\n",
          out);
}

struct host_args {
    const char **kind; /* "iface", "route", "sysctl", "host" */
    const char **val;
    size_t n;
};

static const char *host_file(struct host *h, const char *path, char *err, size_t nerr)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, nerr, "%s: cannot open", path);
        return err;
    }
    char line[512];
    unsigned n = 0;
    const char *rc = NULL;
    while (!rc && fgets(line, sizeof(line), f)) {
        n++;
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        const char *e;
        char tmp[400];
        if (!strncmp(p, "iface ", 6)) {
            char spec[512];
            char *name = strtok(p + 6, " \t");
            char *rest = strtok(NULL, "");
            snprintf(spec, sizeof(spec), "%s%s%s", name ? name : "", rest ? "=" : "",
                     rest ? rest : "");
            for (char *q = spec; *q; q++)
                if (*q == ' ' || *q == '\t')
                    *q = '+';
            e = host_add_iface_spec(h, spec, tmp, sizeof(tmp));
        } else if (!strncmp(p, "route ", 6)) {
            e = host_add_route_spec(h, p + 6, tmp, sizeof(tmp));
        } else if (!strncmp(p, "sysctl ", 7)) {
            e = host_set_sysctl(h, p + 7, tmp, sizeof(tmp));
        } else {
            e = "expected \"iface\", \"route\" or \"sysctl\"";
        }
        if (e) {
            snprintf(err, nerr, "%s:%u:1: %s", path, n, e);
            rc = err;
        }
    }
    fclose(f);
    return rc;
}

/* Applies the host options; NULL or an error message. */
static const char *apply_host(struct host *h, const struct host_args *a, char *err, size_t nerr)
{
    for (size_t i = 0; i < a->n; i++) {
        const char *e = NULL;
        if (!strcmp(a->kind[i], "iface"))
            e = host_add_iface_spec(h, a->val[i], err, nerr);
        else if (!strcmp(a->kind[i], "route"))
            e = host_add_route_spec(h, a->val[i], err, nerr);
        else if (!strcmp(a->kind[i], "sysctl"))
            e = host_set_sysctl(h, a->val[i], err, nerr);
        else
            e = host_file(h, a->val[i], err, nerr);
        if (e)
            return e;
    }
    return NULL;
}

static void make_host(struct host *h, void *arg)
{
    char err[512];
    (void)apply_host(h, arg, err, sizeof(err)); /* checked once before the run */
}

int cmd_lint(int argc, char **argv)
{
    enum {
        O_DUMP = 1,
        O_IFACE,
        O_ROUTE,
        O_SYSCTL,
        O_HOST,
        O_FORMAT,
        O_FAILON,
        O_MAXCUBES,
        O_FAMILY,
        O_LENIENT,
        O_COLOR
    };
    static const struct option lopts[] = {{"dump", required_argument, 0, O_DUMP},
                                          {"iface", required_argument, 0, O_IFACE},
                                          {"route", required_argument, 0, O_ROUTE},
                                          {"sysctl", required_argument, 0, O_SYSCTL},
                                          {"host", required_argument, 0, O_HOST},
                                          {"format", required_argument, 0, O_FORMAT},
                                          {"fail-on", required_argument, 0, O_FAILON},
                                          {"max-cubes", required_argument, 0, O_MAXCUBES},
                                          {"family", required_argument, 0, O_FAMILY},
                                          {"lenient", no_argument, 0, O_LENIENT},
                                          {"color", required_argument, 0, O_COLOR},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    char **dumps = xcalloc((size_t)argc + 1, sizeof(char *));
    struct host_args ha = {xcalloc((size_t)argc + 1, sizeof(char *)),
                           xcalloc((size_t)argc + 1, sizeof(char *)), 0};
    size_t ndumps = 0;
    const char *format = "text";
    int fail_on = LINT_ERROR; /* LINT_ERROR + 1: never */
    struct load_opts lo = {0};
    struct lint_opts opts = {.make_host = make_host, .make_host_arg = &ha};
    enum color_mode color = COLOR_AUTO;
    int c, rc = 2;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        switch (c) {
        case O_DUMP:
            dumps[ndumps++] = optarg;
            break;
        case O_IFACE:
        case O_ROUTE:
        case O_SYSCTL:
        case O_HOST:
            ha.kind[ha.n] = c == O_IFACE    ? "iface"
                            : c == O_ROUTE  ? "route"
                            : c == O_SYSCTL ? "sysctl"
                                            : "host";
            ha.val[ha.n++] = optarg;
            break;
        case O_FORMAT:
            format = optarg;
            break;
        case O_FAILON:
            if (!strcmp(optarg, "error"))
                fail_on = LINT_ERROR;
            else if (!strcmp(optarg, "warning"))
                fail_on = LINT_WARNING;
            else if (!strcmp(optarg, "info"))
                fail_on = LINT_INFO;
            else if (!strcmp(optarg, "never"))
                fail_on = LINT_ERROR + 1;
            else {
                fprintf(stderr, "ipt-sim lint: --fail-on takes error, warning, info or never\n");
                goto out;
            }
            break;
        case O_MAXCUBES: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 16 || v > 10000000) {
                fprintf(stderr, "ipt-sim lint: --max-cubes takes 16-10000000\n");
                goto out;
            }
            opts.max_cubes = (size_t)v;
            break;
        }
        case O_FAMILY:
            if (cli_parse_family("lint", optarg, &lo.family))
                goto out;
            break;
        case O_LENIENT:
            lo.lenient = true;
            break;
        case O_COLOR:
            if (cli_parse_color(optarg, &color)) {
                fprintf(stderr, "ipt-sim lint: --color takes auto, always or never\n");
                goto out;
            }
            break;
        case 'h':
            lint_usage(stdout);
            rc = 0;
            goto out;
        default:
            lint_usage(stderr);
            goto out;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ipt-sim lint: unexpected argument \"%s\"\n", argv[optind]);
        goto out;
    }
    if (!ndumps) {
        fprintf(stderr, "ipt-sim lint: needs --dump FILE; e.g.\n"
                        "  ipt-sim lint --dump rules.txt\n");
        goto out;
    }
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif") &&
        strcmp(format, "github")) {
        fprintf(stderr, "ipt-sim lint: unknown --format \"%s\" (text, json, sarif or github)\n",
                format);
        goto out;
    }
    {
        struct host h;
        host_init(&h);
        char err[512];
        const char *e = apply_host(&h, &ha, err, sizeof(err));
        host_free(&h);
        if (e) {
            fprintf(stderr, "ipt-sim lint: %s\n", e);
            goto out;
        }
    }
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    if (cli_load_dumps(rs, &d, dumps, ndumps, &lo, color) == 0) {
        struct lint_result res;
        lint_run(rs, &opts, &res);
        struct strbuf b;
        sb_init(&b);
        if (!strcmp(format, "json"))
            lint_print_json(&b, &res, &d);
        else if (!strcmp(format, "sarif"))
            lint_print_sarif(&b, &res, &d);
        else if (!strcmp(format, "github"))
            lint_print_github(&b, &res, &d);
        else
            lint_print_text(&b, &res, &d, cli_color(color, stdout));
        fwrite(b.s ? b.s : "", 1, b.len, stdout);
        sb_free(&b);
        rc = 0;
        for (size_t i = 0; i < res.n; i++)
            if ((int)res.v[i].sev >= fail_on)
                rc = 1;
        lint_result_free(&res);
    }
    diags_free(&d);
    ruleset_free(rs);
out:
    free(dumps);
    free(ha.kind);
    free(ha.val);
    return rc;
}
