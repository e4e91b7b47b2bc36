/*
 * fuzz_ipset.c - libFuzzer target for the `ipset save` reader (sim/ipset.c,
 * `trace --ipset FILE`): the input is a save file; every set read is then
 * asked about a few packets, so the lookups run on whatever was read.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iptsim/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipset_db db = {0};
    struct diags d;
    diags_init(&d);
    ipset_load_buffer(&db, &d, "fuzz.save", (const char *)data, size);
    static const char *const addrs[][2] = {{"10.0.0.1", "192.0.2.1"},
                                           {"2001:db8::1", "2001:db8::2"}};
    for (size_t i = 0; i < db.n; i++) {
        for (int f = 0; f < 2; f++) {
            struct sim_pkt p = {.family = f ? IPT_FAM_IPV6 : IPT_FAM_IPV4,
                                .proto = 6,
                                .sport = 40000,
                                .dport = 443,
                                .mark = 7};
            addr_parse(p.family, addrs[f][0], p.src);
            addr_parse(p.family, addrs[f][1], p.dst);
            struct ipset_query q = {.family = p.family,
                                    .dim = 3,
                                    .src = {true, false, true},
                                    .pkt = &p,
                                    .iif = "eth0",
                                    .oif = "eth1"};
            char why[64]; /* short: explanations must be cut, never overflow */
            ipset_test(&db, &db.v[i], &q, why, sizeof(why));
        }
    }
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < d.n; i++)
        diag_format(&d, &d.v[i], &b, false);
    sb_free(&b);
    ipset_db_free(&db);
    diags_free(&d);
    return 0;
}
