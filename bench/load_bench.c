/*
 * load_bench.c - what loading a dump costs the library alone: wall time,
 * peak RSS, and where the memory went (the arena's bytes). `ipt-sim show`
 * measures the same plus the program around it (its shared libraries: 3 MB
 * of RSS at start since report/ links jansson and libxml2).
 *
 * usage: load_bench DUMP
 * prints: seconds peak_KiB arena_bytes rules chains
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "iptsim/parse.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: load_bench DUMP\n");
        return 2;
    }
    double t0 = now();
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    int rc = ruleset_load_file(rs, &d, argv[1], NULL);
    double t1 = now();
    if (rc) {
        diags_print(&d, stderr, false);
        return 2;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    size_t rules = 0, chains = 0;
    for (size_t i = 0; i < rs->ntables; i++) {
        chains += rs->tables[i]->nchains;
        for (size_t j = 0; j < rs->tables[i]->nchains; j++)
            rules += rs->tables[i]->chains[j]->nrules;
    }
    printf("%.3f %ld %zu %zu %zu\n", t1 - t0, ru.ru_maxrss, rs->arena.used_total, rules, chains);
    diags_free(&d);
    ruleset_free(rs);
    return 0;
}
