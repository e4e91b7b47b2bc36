/*
 * json_lower.c - prints the text form the JSON front end lowers an
 * `nft -j list ruleset` file to (parser/nft_json.h), for
 * tests/nft/json_lowering.py. Diagnostics go to stderr.
 * usage: nft_json_lower FILE.json [--map]   (--map: prefix each line with
 * the JSON line it came from)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iptsim/diag.h"
#include "nft_json.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.json [--map]\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    struct strbuf in;
    sb_init(&in);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        sb_putn(&in, chunk, n);
    fclose(f);
    struct diags d;
    diags_init(&d);
    uint32_t file = diags_add_file(&d, argv[1]);
    struct strbuf out;
    sb_init(&out);
    struct nftj_linemap map = {0};
    int rc = nftj_lower(in.s ? in.s : "", in.len, &d, file, &out, &map);
    bool with_map = argc > 2 && strcmp(argv[2], "--map") == 0;
    size_t line = 0;
    for (const char *p = out.s ? out.s : ""; *p; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (with_map)
            printf("%u:%u\t", line < map.n ? map.v[line].line : 0,
                   line < map.n ? map.v[line].col : 0);
        printf("%.*s\n", (int)len, p);
        p += len + (nl ? 1 : 0);
    }
    diags_print(&d, stderr, false);
    nftj_linemap_free(&map);
    sb_free(&out);
    sb_free(&in);
    diags_free(&d);
    return rc ? 2 : 0;
}
