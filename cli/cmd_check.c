/*
 * cmd_check.c - `ipt-sim check`: every line of an expectations file
 * (sim/expect.c) simulated on the host the dumps describe; failing lines
 * are shown with the trace that contradicts them, and --junit writes the
 * results for a CI.
 */
#include "cli.h"
#include "iptsim/expect.h"
#include "iptsim/junit.h"
#include "iptsim/sim.h"
#include "iptsim/trace_report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void check_usage(FILE *out)
{
    fputs("usage: ipt-sim check --dump FILE [--dump FILE ...] --expect FILE [--junit OUT.xml]\n"
          "                     [host options] [--assume EXT=pass|fail] [--verbose]\n"
          "\n"
          "Checks what must happen to packets. The expectations file has one packet a line,\n"
          "in the packet language of `trace`, then \"=>\" and its fate:\n"
          "\n"
          "  # ssh only from the office\n"
          "  tcp:198.51.100.7->203.0.113.2:22 in=eth0  => drop\n"
          "  tcp:192.0.2.10->203.0.113.2:22 in=eth0    => local\n"
          "  tcp:203.0.113.9->203.0.113.2:443 in=eth0  => forward out=docker0 dst=172.17.0.2:8443\n"
          "  # host: --iface eth0=203.0.113.2/24\n"
          "\n"
          "Fates: local, forward, output, drop, reject [with KIND], queue; \"any\" or \"all\"\n"
          "before the fate for forks (default all). Constraints, on the packet as it leaves\n"
          "(after NAT): out=IFACE, src=ADDR[:PORT], dst=ADDR[:PORT] (ADDR may be *), and\n"
          "by=TABLE:CHAIN:rule:N, by=TABLE:CHAIN:policy or by=\"comment text\" for the\n"
          "deciding rule. \"# host:\" lines take host options. See docs/check.md.\n"
          "\n"
          "Options:\n"
          "  --expect FILE        the expectations\n"
          "  --junit FILE         also write JUnit XML (one testcase per line; \"-\": standard\n"
          "                       output, and the report goes to standard error)\n"
          "  --verbose            print the trace of passing lines too\n"
          "  --iface, --route, --sysctl, --host, --ipset   the host, as for trace\n"
          "  --assume EXT=pass|fail or set:NAME=..., --max-branches N, --family 4|6, --lenient, "
          "--color WHEN\n"
          "\n"
          "Exit status: 0 every expectation holds, 1 some do not, 2 bad usage or input.\n",
          out);
}

static void indent(struct strbuf *out, const char *text, const char *pfx)
{
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        sb_puts(out, pfx);
        sb_putn(out, p, n);
        sb_putc(out, '\n');
        p = nl ? nl + 1 : NULL;
    }
}

int cmd_check(int argc, char **argv)
{
    enum { O_DUMP = 1, O_EXPECT, O_JUNIT, O_VERBOSE };
    static const struct option own[] = {{"dump", required_argument, 0, O_DUMP},
                                        {"expect", required_argument, 0, O_EXPECT},
                                        {"junit", required_argument, 0, O_JUNIT},
                                        {"verbose", no_argument, 0, O_VERBOSE},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
    struct option *lopts = cli_simopts_table(own, true);
    char **dumps = xcalloc((size_t)argc + 1, sizeof(char *));
    size_t ndumps = 0;
    const char *expect_path = NULL, *junit = NULL;
    bool verbose = false;
    struct load_opts lo = {0};
    /* command-line host options, applied after the file's "# host:" lines */
    struct cli_simopts st;
    cli_simopts_init(&st, argc, &lo);
    enum color_mode color = COLOR_AUTO;
    struct host host;
    host_init(&host);
    struct sim_opts so = {0};
    struct expect_file ef = {0};
    struct diags d;
    diags_init(&d);
    struct ipt_ruleset *rs = NULL;
    char err[512];
    const char *e;
    int c, so_r, rc = 2;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        if ((so_r = cli_simopt("check", c, optarg, &st)) != 0) {
            if (so_r < 0)
                goto out;
            continue;
        }
        switch (c) {
        case O_DUMP:
            dumps[ndumps++] = optarg;
            break;
        case O_EXPECT:
            if (expect_path) {
                fprintf(stderr, "ipt-sim check: one --expect FILE per run\n");
                goto out;
            }
            expect_path = optarg;
            break;
        case O_JUNIT:
            junit = optarg;
            break;
        case O_VERBOSE:
            verbose = true;
            break;
        case 'h':
            check_usage(stdout);
            rc = 0;
            goto out;
        default:
            check_usage(stderr);
            goto out;
        }
    }
    color = st.color;
    so.max_branches = st.max_branches;
    if (optind < argc) {
        fprintf(stderr, "ipt-sim check: unexpected argument \"%s\"\n", argv[optind]);
        goto out;
    }
    if (!ndumps || !expect_path) {
        fprintf(stderr, "ipt-sim check: needs --dump FILE and --expect FILE; e.g.\n"
                        "  ipt-sim check --dump rules.txt --expect firewall.expect\n");
        goto out;
    }
    so.assume = st.assume;
    so.nassume = st.nassume;

    /* the expectations first: their errors need no dump */
    bool bad = expect_load_file(&ef, expect_path, &d) != 0;
    for (size_t i = 0; i < ef.nhost && !bad; i++) {
        const struct expect_host_opt *ho = &ef.host[i];
        if ((e = cli_host_option(&host, ho->name, ho->value, err, sizeof(err)))) {
            diag_add(&d, DIAG_ERROR, ho->loc, ho->line, "--%s: %s", ho->name, e);
            bad = true;
        }
    }
    if (bad) {
        diags_print(&d, stderr, cli_color(color, stderr));
        fprintf(stderr, "ipt-sim: %zu error%s in %s\n", d.nerr, d.nerr == 1 ? "" : "s",
                expect_path);
        goto out;
    }
    if (cli_simopts_host("check", &st, &host))
        goto out;
    if (!ef.n) {
        fprintf(stderr, "ipt-sim check: %s has no expectations (lines \"PACKET => FATE\")\n",
                expect_path);
        goto out;
    }

    rs = ruleset_new();
    struct diags dd;
    diags_init(&dd);
    if (cli_load_dumps(rs, &dd, dumps, ndumps, &lo, color)) {
        diags_free(&dd);
        goto out;
    }
    struct sim_pkt_spec *specs = xcalloc(ef.n, sizeof(*specs));
    for (size_t i = 0; i < ef.n; i++)
        specs[i] = ef.v[i].spec;
    host_infer(&host, rs, specs, ef.n);
    free(specs);
    struct sim_index *ix = getenv("IPTSIM_NO_INDEX") ? NULL : sim_index_new(rs);
    so.index = ix;

    FILE *rep = junit && !strcmp(junit, "-") ? stderr : stdout;
    struct junit_case *jc = xcalloc(ef.n, sizeof(*jc));
    char **jstrs = xcalloc(ef.n * 3, sizeof(char *));
    struct strbuf b;
    sb_init(&b);
    size_t nfail = 0;
    for (size_t i = 0; i < ef.n; i++) {
        const struct expect *x = &ef.v[i];
        struct ct_table ct = {0};
        struct sim_result r;
        sim_run_packet(rs, &host, &ct, &x->spec, &so, &r);
        free(ct.v);
        struct strbuf why, tr;
        sb_init(&why);
        sb_init(&tr);
        bool ok = expect_judge(x, &r, &why);
        trace_print_text(&tr, &r, NULL, &dd, false);
        sb_printf(&b, "%s %s:%u: %s => %s\n", ok ? "PASS" : "FAIL", expect_path, x->loc.line,
                  x->pkt_text, x->want);
        if (!ok) {
            nfail++;
            sb_printf(&b, "  %s\n", why.s);
        }
        if (!ok || verbose) {
            struct strbuf t2;
            sb_init(&t2);
            trace_print_text(&t2, &r, NULL, &dd, cli_color(color, rep));
            indent(&b, t2.s, "    ");
            sb_free(&t2);
        }
        struct strbuf name;
        sb_init(&name);
        sb_printf(&name, "line %u: %s => %s", x->loc.line, x->pkt_text, x->want);
        jstrs[i * 3] = name.s;
        jc[i].name = name.s;
        jc[i].classname = expect_path;
        jc[i].file = expect_path;
        jc[i].line = x->loc.line;
        if (!ok) {
            jstrs[i * 3 + 1] = why.s;
            jstrs[i * 3 + 2] = tr.s;
            jc[i].failure_message = why.s;
            jc[i].failure_type = "expectation";
            jc[i].failure_text = tr.s;
        } else {
            sb_free(&why);
            sb_free(&tr);
        }
        sim_result_free(&r);
    }
    sb_printf(&b, "\n%zu expectation%s: %zu passed, %zu failed\n", ef.n, ef.n == 1 ? "" : "s",
              ef.n - nfail, nfail);
    if (host.nassumptions) {
        sb_puts(&b, "Assumed (describe the host with --iface/--route/--sysctl or \"# host:\" "
                    "lines to change):\n");
        for (size_t i = 0; i < host.nassumptions; i++)
            sb_printf(&b, "  - %s\n", host.assumptions[i]);
    }
    fwrite(b.s, 1, b.len, rep);
    sb_free(&b);
    rc = nfail ? 1 : 0;
    if (junit && junit_write(junit, "ipt-sim check", jc, ef.n, err, sizeof(err))) {
        fprintf(stderr, "ipt-sim check: --junit %s\n", err);
        rc = 2;
    }
    for (size_t i = 0; i < ef.n * 3; i++)
        free(jstrs[i]);
    free(jstrs);
    free(jc);
    sim_index_free(ix);
    diags_free(&dd);
out:
    if (rs)
        ruleset_free(rs);
    expect_file_free(&ef);
    diags_free(&d);
    host_free(&host);
    free(dumps);
    cli_simopts_free(&st);
    free(lopts);
    return rc;
}
