/*
 * fuzz_pkt_spec.c - libFuzzer target for the packet spec language of
 * `trace --pkt` (sim_pkt_parse, sim/packet.c): the input, up to its first
 * NUL, is one spec. A spec that parses is described back, as the trace
 * report does. Seeds: the --pkt arguments of tests/golden/cases/ (run.sh).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iptsim/sim.h"
#include "iptsim/trace_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    memcpy(spec, data, size);
    spec[size] = 0;
    /* a small error buffer: messages must be cut, never overflow */
    char err[size > 0 && (data[0] & 1) ? 16 : 512];
    struct sim_pkt_spec ps;
    memset(&ps, 0, sizeof(ps));
    if (!sim_pkt_parse(spec, &ps, err, sizeof(err))) {
        struct strbuf b;
        sb_init(&b);
        pkt_describe(&b, &ps.pkt);
        sb_free(&b);
    } else if (!memchr(err, 0, sizeof(err))) {
        abort(); /* the message must be a C string */
    }
    free(spec);
    return 0;
}
