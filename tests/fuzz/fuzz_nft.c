/*
 * fuzz_nft.c - libFuzzer target for the nft text front end: any bytes in
 * as an nft file (scanner, grammar, loader, expression library), then the
 * model printed back as `nft list ruleset` and as JSON. It must never
 * crash, hang, leak or trip a sanitizer. `include` reads files relative to
 * the working directory: the fuzzer may name any, which is harmless.
 */
#include <stddef.h>
#include <stdint.h>

#include "iptsim/nft.h"
#include "iptsim/parse.h"
#include "iptsim/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    struct load_opts o = {.lenient = size > 0 && (data[0] & 1)};
    uint32_t file = diags_add_file(&d, "fuzz.nft");
    struct strbuf b;
    sb_init(&b);
    if (nft_load_buffer(rs, &d, file, (const char *)data, size, &o) == 0) {
        nft_print_ruleset(&b, rs);
        sb_reset(&b);
        ruleset_json(&b, rs, &d);
    } else {
        for (size_t i = 0; i < d.n; i++)
            diag_format(&d, &d.v[i], &b, false);
    }
    sb_free(&b);
    diags_free(&d);
    ruleset_free(rs);
    return 0;
}
