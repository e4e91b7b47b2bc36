/*
 * fuzz_iptables_save.c - libFuzzer target for the iptables-save front end:
 * any bytes in, then the model printed back both ways. It must never crash,
 * hang, leak or trip a sanitizer, whatever the input, and its JSON must be
 * UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "iptsim/parse.h"
#include "iptsim/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* JSON must be UTF-8 whatever bytes the dump held (a comment in Latin-1):
 * a document that is not is a finding. */
static void assert_utf8(const struct strbuf *b)
{
    const unsigned char *p = (const unsigned char *)(b->s ? b->s : ""), *end = p + b->len;
    while (p < end) {
        size_t n = *p < 0x80             ? 1
                   : (*p & 0xe0) == 0xc0 ? 2
                   : (*p & 0xf0) == 0xe0 ? 3
                   : (*p & 0xf8) == 0xf0 ? 4
                                         : 0;
        if (!n || (size_t)(end - p) < n)
            abort();
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xc0) != 0x80)
                abort();
        p += n;
    }
}

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
        sb_free(&b);
        sb_init(&b);
        ruleset_json(&b, rs, &d);
        assert_utf8(&b);
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
