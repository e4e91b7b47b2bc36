/*
 * fuzz_host.c - libFuzzer target for the host model's parsers (sim/host.c):
 * `--iface NAME=ADDR/LEN[+...][,...]`, `--route 'PREFIX|default [via GW]
 * [dev IFACE]'`, `--sysctl KEY=VALUE`, and the statements of a --host file
 * (docs/host-file.md), which come to the same functions.
 *
 * The input is read as a host file, one statement a line:
 *   iface NAME ADDR/LEN ...   route ...   sysctl KEY=VALUE   # comment
 * and, for the option forms, lines starting "--iface ", "--route ",
 * "--sysctl ". The host is then queried (route lookups, local addresses,
 * address types) with the addresses of a few fixed packets, and inferred
 * from an empty ruleset, as `trace` does.
 *
 * The --host FILE reader itself (splitting lines, `iface` words into the
 * --iface form) lives in the CLI (cli/), which the fuzz build does not link;
 * its per-statement parsing is all here.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iptsim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void statement(struct host *h, char *p)
{
    char err[256];
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p || *p == '#')
        return;
    if (!strncmp(p, "--iface ", 8)) {
        host_add_iface_spec(h, p + 8, err, sizeof(err));
    } else if (!strncmp(p, "--route ", 8)) {
        host_add_route_spec(h, p + 8, err, sizeof(err));
    } else if (!strncmp(p, "--sysctl ", 9)) {
        host_set_sysctl(h, p + 9, err, sizeof(err));
    } else if (!strncmp(p, "iface ", 6)) {
        /* as cmd_trace.c's read_host_file: "iface NAME A B" -> "NAME=A+B" */
        size_t n = strlen(p + 6);
        char *spec = malloc(n + 2);
        char *name = strtok(p + 6, " \t");
        char *rest = strtok(NULL, "");
        snprintf(spec, n + 2, "%s%s%s", name ? name : "", rest ? "=" : "", rest ? rest : "");
        for (char *q = spec; *q; q++)
            if (*q == ' ' || *q == '\t')
                *q = '+';
        host_add_iface_spec(h, spec, err, sizeof(err));
        free(spec);
    } else if (!strncmp(p, "route ", 6)) {
        host_add_route_spec(h, p + 6, err, sizeof(err));
    } else if (!strncmp(p, "sysctl ", 7)) {
        host_set_sysctl(h, p + 7, err, sizeof(err));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    struct host h;
    host_init(&h);
    char *save = NULL;
    for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
        statement(&h, line);

    static const char *const probes[] = {"0.0.0.0", "10.1.2.3", "127.0.0.1",   "255.255.255.255",
                                         "::",      "::1",      "2001:db8::1", "fe80::1"};
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        int fam = strchr(probes[i], ':') ? IPT_FAM_IPV6 : IPT_FAM_IPV4;
        uint8_t a[16] = {0};
        if (!addr_parse(fam, probes[i], a))
            abort();
        host_route_lookup(&h, fam, a);
        host_is_local(&h, fam, a);
        host_addr_type(&h, fam, a);
    }
    for (size_t i = 0; i < h.nifaces; i++) {
        host_iface_addr(&h, h.ifaces[i].name, IPT_FAM_IPV4);
        host_iface_addr(&h, h.ifaces[i].name, IPT_FAM_IPV6);
    }
    struct ipt_ruleset *rs = ruleset_new();
    struct sim_pkt_spec ps;
    char err[256];
    if (!sim_pkt_parse("tcp:192.0.2.1->198.51.100.2:80 in=eth0", &ps, err, sizeof(err)))
        host_infer(&h, rs, &ps, 1);
    ruleset_free(rs);
    host_free(&h);
    free(text);
    return 0;
}
