/*
 * hostopts.c - the host options every simulating command takes (--iface,
 * --route, --sysctl, --host FILE, --ipset FILE, --assume set:NAME=...),
 * shared by trace, check and diff so that all three describe a host the
 * same way.
 */
#include "cli.h"
#include "iptsim/sim.h"

#include <stdlib.h>
#include <string.h>

const char *cli_read_host_file(struct host *h, const char *path, char *err, size_t nerr)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, nerr, "%s: cannot open", path);
        return err;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned n = 0;
    const char *rc = NULL;
    while (getline(&line, &cap, f) >= 0) {
        n++;
        line[strcspn(line, "\r\n")] = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        const char *e = NULL;
        if (!strncmp(p, "iface ", 6)) {
            char *name = strtok(p + 6, " \t");
            char *rest = strtok(NULL, "");
            struct strbuf spec;
            sb_init(&spec);
            sb_printf(&spec, "%s%s%s", name ? name : "", rest ? "=" : "", rest ? rest : "");
            for (char *q = spec.s; *q; q++)
                if (*q == ' ' || *q == '\t')
                    *q = '+';
            e = host_add_iface_spec(h, spec.s, err, nerr);
            sb_free(&spec);
        } else if (!strncmp(p, "route ", 6)) {
            e = host_add_route_spec(h, p + 6, err, nerr);
        } else if (!strncmp(p, "sysctl ", 7)) {
            e = host_set_sysctl(h, p + 7, err, nerr);
        } else {
            e = "expected \"iface\", \"route\" or \"sysctl\"";
        }
        if (e) {
            char msg[400];
            snprintf(msg, sizeof(msg), "%s", e);
            snprintf(err, nerr, "%s:%u:1: %s", path, n, msg);
            rc = err;
            break;
        }
    }
    free(line);
    fclose(f);
    return rc;
}

/* `ipset save` output: its warnings and located errors are printed here,
 * as a dump's are. */
static const char *read_ipsets(struct host *h, const char *path, char *err, size_t nerr)
{
    struct diags d;
    diags_init(&d);
    int rc = ipset_load_file(&h->ipsets, &d, path);
    diags_print(&d, stderr, false);
    if (rc)
        snprintf(err, nerr, "%zu error%s in the ipset file %s", d.nerr, d.nerr == 1 ? "" : "s",
                 path);
    diags_free(&d);
    return rc ? err : NULL;
}

const char *cli_host_option(struct host *h, const char *name, const char *arg, char *err,
                            size_t nerr)
{
    if (!strcmp(name, "iface"))
        return host_add_iface_spec(h, arg, err, nerr);
    if (!strcmp(name, "route"))
        return host_add_route_spec(h, arg, err, nerr);
    if (!strcmp(name, "sysctl"))
        return host_set_sysctl(h, arg, err, nerr);
    if (!strcmp(name, "host"))
        return cli_read_host_file(h, arg, err, nerr);
    if (!strcmp(name, "ipset"))
        return read_ipsets(h, arg, err, nerr);
    if (!strcmp(name, "assume-set"))
        return ipset_assume(&h->ipsets, arg, err, nerr);
    snprintf(err, nerr,
             "unknown host option \"--%s\" (--iface, --route, --sysctl, --host, --ipset)", name);
    return err;
}

bool cli_is_set_assumption(const char *arg)
{
    return strncmp(arg, "set:", 4) == 0;
}
