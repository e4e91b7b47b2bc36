/*
 * nft_json.h - the JSON front end's internals (parser/nft_json*.c), for its
 * tests: `nft -j list ruleset` (libnftables-json(5)) lowered to the text
 * form that `nft list ruleset` prints.
 *
 * The lowering reads the document with jansson, then writes one text line
 * per table, chain, set, object or rule. Each output line remembers the
 * JSON object it came from (line and column in the original file), so the
 * model's locations, traces and lint findings name FILE.json:LINE.
 *
 * Positions: jansson gives none for values, so the lowering keeps the path
 * of the value it is reading (`nftables[12].rule.expr[3].match.left`) and,
 * when it needs a position (an error, or the object a line came from),
 * finds it by a light scan of the original text along that path
 * (nftj_locate). The scan only runs on text jansson has accepted.
 */
#ifndef IPTSIM_NFT_JSON_H
#define IPTSIM_NFT_JSON_H

#include "iptsim/diag.h"

/* Where each line of the lowered text came from in the JSON file: the
 * key of its item of the `nftables` array (`"rule"` of `{"rule": {...}}`),
 * and that item's JSON path (`nftables[12].rule`, `nftables[3].add.rule`). */
struct nftj_linemap {
    struct ipt_loc *v; /* v[i]: output line i + 1 */
    uint32_t *obj;     /* obj[i]: its path, paths[obj[i]] */
    size_t n, cap;
    char **paths;
    size_t npaths, cappaths;
};

/* Lowers the JSON document buf[0..len) into text (appended to out; lines
 * end with '\n'). Errors and warnings go to d at locations in `file`.
 * `map` (may be NULL) receives a location per output line. Returns 0, or -1
 * after errors (out then holds what could be lowered). */
int nftj_lower(const char *buf, size_t len, struct diags *d, uint32_t file, struct strbuf *out,
               struct nftj_linemap *map);
void nftj_linemap_free(struct nftj_linemap *m);

/* nft_json_load_buffer (nft.h, parser/nft_json_load.c) is nftj_lower, then
 * nft_load_buffer on the text, then every location that load made in
 * `file` moved from the lowered text back to the JSON: the tables, chains,
 * rules, sets, objects and flowtables it created, and the diagnostics it
 * added (their excerpt is the JSON file's line, or none for a line over
 * 240 bytes; their message names the item's JSON path and the nft text it
 * was read as). When the lowering reports errors, nothing is loaded. */

/* One step of a JSON path: an object key, or an array index (key NULL). */
struct nftj_step {
    const char *key;
    size_t index;
};
/* The byte offset in buf of the value at `path` (n steps from the root),
 * or of the deepest value on the path that exists. buf must be valid JSON. */
size_t nftj_locate(const char *buf, size_t len, const struct nftj_step *path, size_t n);

#endif
