/*
 * fuzz_iptables_save.c - libFuzzer target for the iptables-save front end:
 * any bytes in, then the model printed back both ways. It must never crash,
 * hang, leak or trip a sanitizer, whatever the input.
 */
#include <stddef.h>
#include <stdint.h>

#include "iptsim/parse.h"
#include "iptsim/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    struct load_opts o = {.lenient = size > 0 && (data[0] & 1)};
    if (ruleset_load_buffer(rs, &d, "fuzz", (const char *)data, size, &o) == 0) {
        struct strbuf b;
        sb_init(&b);
        ruleset_save_xtables(&b, rs, IPT_FAM_IPV4, true);
        ruleset_save_xtables(&b, rs, IPT_FAM_IPV6, false);
        ruleset_json(&b, rs, &d);
        sb_free(&b);
    } else {
        struct strbuf b;
        sb_init(&b);
        for (size_t i = 0; i < d.n; i++)
            diag_format(&d, &d.v[i], &b, false);
        sb_free(&b);
    }
    diags_free(&d);
    ruleset_free(rs);
    return 0;
}
