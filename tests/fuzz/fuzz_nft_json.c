/*
 * fuzz_nft_json.c - libFuzzer target for the JSON front end
 * (parser/nft_json*.c): any bytes, as an `nft -j list ruleset` file, lowered
 * to nft text, loaded (nft_json_load_buffer: the text front end and the
 * expression library behind it, then every location moved back to the
 * JSON) and, when it loaded, listed again; every diagnostic is
 * formatted, so the moved locations and excerpts are exercised too.
 */
#include <stddef.h>
#include <stdint.h>

#include "iptsim/diag.h"
#include "iptsim/nft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diags d;
    diags_init(&d);
    uint32_t file = diags_add_file(&d, "fuzz.json");
    struct ipt_ruleset *rs = ruleset_new();
    struct strbuf b;
    sb_init(&b);
    /* as the CLI: a ruleset is only listed when it loaded without errors */
    if (nft_json_load_buffer(rs, &d, file, (const char *)data, size, NULL) == 0)
        nft_print_ruleset(&b, rs);
    for (size_t i = 0; i < d.n; i++)
        diag_format(&d, &d.v[i], &b, false);
    sb_free(&b);
    ruleset_free(rs);
    diags_free(&d);
    return 0;
}
