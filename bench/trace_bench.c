/*
 * trace_bench.c - how long one packet takes through an already-loaded
 * ruleset. Loads the dump once, then simulates the packet N times and
 * reports the mean wall time per packet (all branches included).
 *
 * usage: trace_bench DUMP 'PKT SPEC' [N [ROUTE]]   (ROUTE as for --route)
 * bench/run.sh calls it with the last service of a generated kube-proxy
 * dump, the worst case for KUBE-SERVICES' linear scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "iptsim/parse.h"
#include "iptsim/sim.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: trace_bench DUMP 'PKT SPEC' [N]\n");
        return 2;
    }
    int n = argc > 3 ? atoi(argv[3]) : 1000;
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    double t0 = now();
    if (ruleset_load_file(rs, &d, argv[1], NULL)) {
        diags_print(&d, stderr, false);
        return 2;
    }
    double t1 = now();
    struct sim_pkt_spec spec;
    char err[256];
    if (sim_pkt_parse(argv[2], &spec, err, sizeof(err))) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    struct host h;
    host_init(&h);
    if (argc > 4 && host_add_route_spec(&h, argv[4], err, sizeof(err))) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    host_infer(&h, rs, &spec, 1);
    size_t branches = 0;
    struct sim_index *ix = getenv("NO_INDEX") ? NULL : sim_index_new(rs);
    struct sim_opts so = {.index = ix};
    double t2 = now();
    for (int i = 0; i < n; i++) {
        struct ct_table ct = {0};
        struct sim_result r;
        sim_run_packet(rs, &h, &ct, &spec, &so, &r);
        branches = r.nbranches;
        sim_result_free(&r);
        free(ct.v);
    }
    double t3 = now();
    printf("load %.3f s; trace %.1f us per packet (%zu branches, mean of %d)\n", t1 - t0,
           (t3 - t2) / n * 1e6, branches, n);
    sim_index_free(ix);
    host_free(&h);
    diags_free(&d);
    ruleset_free(rs);
    return 0;
}
