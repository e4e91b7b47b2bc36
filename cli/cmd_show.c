/*
 * cmd_show.c - `ipt-sim show`: the parsed model, printed back.
 */
#include "cli.h"
#include "iptsim/ext.h"
#include "iptsim/nft.h"
#include "iptsim/report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void show_usage(FILE *out)
{
    fputs("usage: ipt-sim show --dump FILE [--dump FILE ...] [OPTIONS]\n"
          "\n"
          "Loads the dumps and prints the ruleset ipt-sim understood. With\n"
          "--format save the output is what iptables-save (ip6tables-save) prints\n"
          "after iptables-restore loaded the dump: canonical option order and\n"
          "spelling, implicit -m tcp, masked addresses; with --format nft, the nft\n"
          "tables as `nft list ruleset` prints them. Errors name FILE:LINE:COLUMN.\n"
          "\n"
          "Options:\n"
          "  --dump FILE        a dump to load; repeat for several ('-' is stdin)\n"
          "  --format FORMAT    save (default), nft, json, or summary (counts only)\n"
          "  --family 4|6       read iptables-save dumps as IPv4 or IPv6 (default: detect)\n"
          "  --counters         print rule counters ([packets:bytes]) in save output\n"
          "  --lenient          accept, with a warning, what iptables-restore refuses\n"
          "                     but whose meaning is clear (CRLF, `-s ! addr`, 'COMMIT ')\n"
          "  --color WHEN       auto (default), always, never: colour in messages\n"
          "  -h, --help         this text\n",
          out);
    fputs(cli_limits_help, out);
    fputs("\nExit status: 0 loaded, 2 bad usage or an error in a dump.\n", out);
}

static void print_summary(struct strbuf *b, const struct ipt_ruleset *rs)
{
    for (size_t i = 0; i < rs->ntables; i++) {
        const struct ipt_table *t = rs->tables[i];
        size_t user = 0, rules = 0;
        for (size_t j = 0; j < t->nchains; j++) {
            user += !t->chains[j]->base;
            rules += t->chains[j]->nrules;
        }
        sb_printf(b, "%s %s: %zu chains (%zu user-defined), %zu rules\n", family_name(t->family),
                  t->name, t->nchains, user, rules);
    }
}

int cmd_show(int argc, char **argv)
{
    enum { O_DUMP = 1, O_FORMAT, O_FAMILY, O_COUNTERS, O_LENIENT, O_COLOR, O_LIMIT };
    static const struct option lopts[] = {{"dump", required_argument, 0, O_DUMP},
                                          {"format", required_argument, 0, O_FORMAT},
                                          {"family", required_argument, 0, O_FAMILY},
                                          {"counters", no_argument, 0, O_COUNTERS},
                                          {"lenient", no_argument, 0, O_LENIENT},
                                          {"color", required_argument, 0, O_COLOR},
                                          {"limit", required_argument, 0, O_LIMIT},
                                          {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    char **dumps = xcalloc((size_t)argc, sizeof(char *));
    size_t ndumps = 0;
    const char *format = "save";
    bool counters = false;
    struct load_opts lo = {0};
    enum color_mode color = COLOR_AUTO;
    int c, rc = 2;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        switch (c) {
        case O_DUMP:
            dumps[ndumps++] = optarg;
            break;
        case O_FORMAT:
            format = optarg;
            break;
        case O_FAMILY:
            if (cli_parse_family("show", optarg, &lo.family))
                goto out;
            break;
        case O_COUNTERS:
            counters = true;
            break;
        case O_LENIENT:
            lo.lenient = true;
            break;
        case O_COLOR:
            if (cli_parse_color(optarg, &color)) {
                fprintf(stderr, "ipt-sim show: --color takes auto, always or never\n");
                goto out;
            }
            break;
        case O_LIMIT:
            if (cli_parse_limit("show", optarg, &lo, NULL))
                goto out;
            break;
        case 'h':
            show_usage(stdout);
            rc = 0;
            goto out;
        default:
            show_usage(stderr);
            goto out;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ipt-sim show: unexpected argument \"%s\" (dumps go after --dump)\n",
                argv[optind]);
        goto out;
    }
    if (!ndumps) {
        fprintf(stderr, "ipt-sim show: no dump given; try: ipt-sim show --dump rules.txt\n");
        goto out;
    }
    if (strcmp(format, "save") && strcmp(format, "json") && strcmp(format, "summary") &&
        strcmp(format, "nft")) {
        fprintf(stderr, "ipt-sim show: unknown --format \"%s\" (save, nft, json or summary)\n",
                format);
        goto out;
    }
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    if (cli_load_dumps(rs, &d, dumps, ndumps, &lo, color) == 0) {
        struct strbuf b;
        sb_init(&b);
        if (!strcmp(format, "json")) {
            ruleset_json(&b, rs, &d);
        } else if (!strcmp(format, "summary")) {
            print_summary(&b, rs);
        } else if (!strcmp(format, "nft")) {
            nft_print_ruleset(&b, rs);
        } else {
            ruleset_save_xtables(&b, rs, IPT_FAM_IPV4, counters);
            ruleset_save_xtables(&b, rs, IPT_FAM_IPV6, counters);
        }
        fwrite(b.s ? b.s : "", 1, b.len, stdout);
        sb_free(&b);
        rc = 0;
    }
    diags_free(&d);
    ruleset_free(rs);
out:
    free(dumps);
    return rc;
}

int cmd_extensions(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    size_t n;
    const struct ext_ops *const *all = ext_all(&n);
    for (size_t i = 0; i < n; i++) {
        const struct ext_ops *e = all[i];
        if (e->kind == EXT_HEADER)
            continue;
        printf("%-7s %-12s", e->kind == EXT_TARGET ? "target" : "match", e->name);
        for (size_t j = 0; j < e->nopts; j++)
            if (j == 0 || e->opts[j].id != e->opts[j - 1].id)
                printf(" --%s", e->opts[j].name);
        putchar('\n');
    }
    return 0;
}
