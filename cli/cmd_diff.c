/*
 * cmd_diff.c - `ipt-sim diff`: what a ruleset change does to traffic. The
 * packets come from analysis/diff_pkts.c (and --pkts), the comparison and
 * the summaries from analysis/diff_compare.c; this file wires options.
 */
#include "cli.h"
#include "iptsim/expect.h"
#include "iptsim/rsdiff.h"
#include "iptsim/sim.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_PACKETS 20000

static void diff_usage(FILE *out)
{
    fputs("usage: ipt-sim diff --old FILE [--old FILE ...] --new FILE [--new FILE ...]\n"
          "                    [--pkts FILE] [--allow FILE] [host options] [--format "
          "text|json|sarif]\n"
          "\n"
          "Tells what a change of the rules does to traffic. From the addresses, prefixes,\n"
          "ports, interfaces, protocols, conntrack states and marks either ruleset mentions,\n"
          "ipt-sim derives packets on both sides of every edge, traces each through the old\n"
          "and the new rules on the same host, and reports the classes of packets whose\n"
          "fate, NAT result or deciding rule changed, each with an example packet.\n"
          "\n"
          "Options:\n"
          "  --old FILE, --new FILE   the dumps before and after (iptables-save)\n"
          "  --pkts FILE          more packets, one packet spec a line (as for trace --pkt)\n"
          "  --allow FILE         the changes the pull request intends: packet patterns, each\n"
          "                       with what the packets did and now do, e.g.\n"
          "                         tcp:any->any:80,443 in=!p1p1 was forward dst=192.168.200.2\n"
          "                         tcp:any->203.0.113.2:22 in=ppp0 => drop\n"
          "                       changes a line covers are listed as intended and do not\n"
          "                       count for the exit status (docs/diff.md)\n"
          "  --format FORMAT      text (default), json, or sarif (SARIF 2.1.0: one result per\n"
          "                       class, at the rule to look at, for code scanning)\n"
          "  --max-packets N      trace at most N derived packets (default 20000); past it an\n"
          "                       even sample is traced, with a warning\n"
          "  --iface, --route, --sysctl, --host, --ipset   the host, as for trace; without them\n"
          "                       ipt-sim infers one and says so\n"
          "  --assume EXT=pass|fail or set:NAME=..., --max-branches N, --lenient, --color WHEN   "
          "as for trace\n"
          "\n"
          "Exit status: 0 no change (or only intended ones), 1 some traffic changed that no\n"
          "--allow line covers, 2 bad usage or input.\n",
          out);
}

static int load_pkts(const char *path, struct rsdiff_pkts *pk, struct diags *d)
{
    FILE *f = fopen(path, "r");
    uint32_t file = diags_add_file(d, path);
    if (!f) {
        diag_add(d, DIAG_ERROR, (struct ipt_loc){file, 0, 0, 0}, NULL, "cannot open: %s",
                 strerror(errno));
        return -1;
    }
    char line[1024], err[512];
    uint32_t n = 0;
    int rc = 0;
    while (fgets(line, sizeof(line), f)) {
        n++;
        line[strcspn(line, "\r\n")] = 0;
        size_t i = strspn(line, " \t");
        if (!line[i] || line[i] == '#')
            continue;
        struct sim_pkt_spec s;
        struct ipt_loc loc = {file, n, (uint32_t)i + 1, (uint32_t)strlen(line + i)};
        if (sim_pkt_parse(line + i, &s, err, sizeof(err))) {
            diag_add(d, DIAG_ERROR, loc, line, "%s", err);
            rc = -1;
        } else if (!s.local && !s.in[0]) {
            diag_add(d, DIAG_ERROR, loc, line,
                     "say where the packet comes from: in=IFACE, or local for one the host "
                     "sends");
            rc = -1;
        } else if (s.reply) {
            diag_add(d, DIAG_ERROR, loc, line, "\"reply\" has no meaning here: one packet a line");
            rc = -1;
        } else {
            rsdiff_add(pk, &s);
        }
    }
    fclose(f);
    return rc;
}

static bool family_present(const struct ipt_ruleset *rs, int fam)
{
    for (size_t i = 0; i < rs->ntables; i++)
        if (rs->tables[i]->family == fam)
            return true;
    return false;
}

int cmd_diff(int argc, char **argv)
{
    enum { O_OLD = 1, O_NEW, O_PKTS, O_ALLOW, O_FORMAT, O_MAXPKTS };
    static const struct option own[] = {{"old", required_argument, 0, O_OLD},
                                        {"new", required_argument, 0, O_NEW},
                                        {"pkts", required_argument, 0, O_PKTS},
                                        {"allow", required_argument, 0, O_ALLOW},
                                        {"format", required_argument, 0, O_FORMAT},
                                        {"max-packets", required_argument, 0, O_MAXPKTS},
                                        {"help", no_argument, 0, 'h'},
                                        {0, 0, 0, 0}};
    struct option *lopts = cli_simopts_table(own, false);
    char **olds = xcalloc((size_t)argc + 1, sizeof(char *));
    char **news = xcalloc((size_t)argc + 1, sizeof(char *));
    size_t nold = 0, nnew = 0;
    const char *pkts_path = NULL, *allow_path = NULL, *format = "text";
    struct expect_file allow = {0};
    size_t max_pkts = DEFAULT_MAX_PACKETS;
    struct load_opts lo = {0};
    struct cli_simopts st;
    cli_simopts_init(&st, argc, &lo);
    struct host host;
    host_init(&host);
    struct sim_opts so = {0};
    struct ipt_ruleset *rso = NULL, *rsn = NULL;
    struct diags d;
    diags_init(&d);
    struct rsdiff_pkts pk = {0};
    int c, r, rc = 2;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        if ((r = cli_simopt("diff", c, optarg, &st)) != 0) {
            if (r < 0)
                goto out;
            continue;
        }
        switch (c) {
        case O_OLD:
            olds[nold++] = optarg;
            break;
        case O_NEW:
            news[nnew++] = optarg;
            break;
        case O_PKTS:
            pkts_path = optarg;
            break;
        case O_ALLOW:
            allow_path = optarg;
            break;
        case O_FORMAT:
            format = optarg;
            break;
        case O_MAXPKTS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 10000000) {
                fprintf(stderr, "ipt-sim diff: --max-packets takes 1-10000000\n");
                goto out;
            }
            max_pkts = (size_t)v;
            break;
        }
        case 'h':
            diff_usage(stdout);
            rc = 0;
            goto out;
        default:
            diff_usage(stderr);
            goto out;
        }
    }
    if (cli_simopts_host("diff", &st, &host))
        goto out;
    enum color_mode color = st.color;
    so.max_branches = st.max_branches;
    if (optind < argc) {
        fprintf(stderr, "ipt-sim diff: unexpected argument \"%s\"\n", argv[optind]);
        goto out;
    }
    if (!nold || !nnew) {
        fprintf(stderr, "ipt-sim diff: needs --old FILE and --new FILE; e.g.\n"
                        "  ipt-sim diff --old rules-main.txt --new rules-branch.txt\n");
        goto out;
    }
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "sarif")) {
        fprintf(stderr, "ipt-sim diff: unknown --format \"%s\" (text, json or sarif)\n", format);
        goto out;
    }
    so.assume = st.assume;
    so.nassume = st.nassume;

    /* both rulesets into one diagnostics list, so rules name their files */
    rso = ruleset_new();
    rsn = ruleset_new();
    int lr = 0;
    for (size_t i = 0; i < nold; i++)
        lr |= ruleset_load_file(rso, &d, olds[i], &lo);
    for (size_t i = 0; i < nnew; i++)
        lr |= ruleset_load_file(rsn, &d, news[i], &lo);
    if (pkts_path)
        lr |= load_pkts(pkts_path, &pk, &d);
    if (allow_path)
        lr |= expect_load_allow_file(&allow, allow_path, &d);
    diags_print(&d, stderr, cli_color(color, stderr));
    if (lr) {
        fprintf(stderr, "ipt-sim: %zu error%s, %zu warning%s\n", d.nerr, d.nerr == 1 ? "" : "s",
                d.nwarn, d.nwarn == 1 ? "" : "s");
        goto out;
    }

    /* one host for both: what either ruleset implies, a host address and a
     * default route for each family the rules use */
    struct sim_pkt_spec want[2];
    size_t nwant = 0;
    for (int fam = IPT_FAM_IPV4; fam <= IPT_FAM_IPV6; fam += IPT_FAM_IPV6 - IPT_FAM_IPV4) {
        if (!family_present(rso, fam) && !family_present(rsn, fam))
            continue;
        struct sim_pkt_spec *s = &want[nwant++];
        memset(s, 0, sizeof(*s));
        s->state = -1;
        s->pkt.family = (uint8_t)fam;
        s->pkt.proto = 6;
        const struct host_addr *ha = rsdiff_host_addr(&host, fam, NULL);
        if (ha)
            memcpy(s->pkt.dst, ha->a, 16);
        else
            addr_parse(fam, fam == IPT_FAM_IPV4 ? "203.0.113.2" : "2001:db8:ffff:1::2", s->pkt.dst);
    }
    struct sim_pkt_spec *all = xcalloc(nwant + pk.n + 1, sizeof(*all));
    memcpy(all, want, nwant * sizeof(*all));
    if (pk.n)
        memcpy(all + nwant, pk.v, pk.n * sizeof(*all));
    host_infer(&host, rso, all, nwant + pk.n);
    host_infer(&host, rsn, all, nwant + pk.n);
    free(all);

    const struct ipt_ruleset *both[2] = {rso, rsn};
    struct rsdiff_pkts derived;
    rsdiff_derive(both, 2, &host, max_pkts, &derived);
    if (derived.sampled)
        fprintf(stderr,
                "ipt-sim diff: warning: the rules give about %zu representative packets; tracing "
                "%zu (every rule's own packets, and an even sample of the rest; raise "
                "--max-packets to trace all)\n",
                derived.wanted, derived.n);
    for (size_t i = 0; i < pk.n; i++)
        rsdiff_add(&derived, &pk.v[i]);

    struct sim_index *ixo = getenv("IPTSIM_NO_INDEX") ? NULL : sim_index_new(rso);
    struct sim_index *ixn = getenv("IPTSIM_NO_INDEX") ? NULL : sim_index_new(rsn);
    struct sim_opts soo = so, son = so;
    soo.index = ixo;
    son.index = ixn;
    struct rsdiff_opts ro = {&soo, &son, &d, allow_path ? &allow : NULL};
    struct rsdiff_result res;
    rsdiff_compare(rso, rsn, &host, &derived, &ro, &res);
    /* an --allow line that covers no change is likely a mistake (or stale) */
    struct diags warn;
    diags_init(&warn);
    uint32_t wfile = allow_path ? diags_add_file(&warn, allow_path) : 0;
    for (size_t i = 0; i < allow.n; i++) {
        char at[32];
        snprintf(at, sizeof(at), ":%u", allow.v[i].loc.line);
        bool used = false;
        for (size_t k = 0; k < res.n && !used; k++) {
            const char *t = res.v[k].intended;
            size_t lt = t ? strlen(t) : 0, la = strlen(at);
            used = t && lt > la && !strcmp(t + lt - la, at);
        }
        if (!used)
            diag_add(&warn, DIAG_WARNING,
                     (struct ipt_loc){wfile, allow.v[i].loc.line, 1, allow.v[i].loc.len},
                     allow.v[i].line,
                     "this --allow line covers no change (stale, or it does not say what was "
                     "meant)");
    }
    diags_print(&warn, stderr, cli_color(color, stderr));
    diags_free(&warn);
    struct strbuf b;
    sb_init(&b);
    if (!strcmp(format, "json")) {
        rsdiff_print_json(&b, &res, &host);
    } else if (!strcmp(format, "sarif")) {
        rsdiff_print_sarif(&b, &res, IPTSIM_VERSION);
    } else {
        rsdiff_print_text(&b, &res);
        if (host.nassumptions) {
            sb_puts(&b, "\nAssumed (describe the host with --iface/--route/--sysctl to "
                        "change):\n");
            for (size_t i = 0; i < host.nassumptions; i++)
                sb_printf(&b, "  - %s\n", host.assumptions[i]);
        }
    }
    fwrite(b.s, 1, b.len, stdout);
    sb_free(&b);
    rc = res.n > res.nintended ? 1 : 0;
    rsdiff_result_free(&res);
    rsdiff_pkts_free(&derived);
    sim_index_free(ixo);
    sim_index_free(ixn);
out:
    if (rso)
        ruleset_free(rso);
    if (rsn)
        ruleset_free(rsn);
    rsdiff_pkts_free(&pk);
    expect_file_free(&allow);
    diags_free(&d);
    host_free(&host);
    free(olds);
    free(news);
    cli_simopts_free(&st);
    free(lopts);
    return rc;
}
