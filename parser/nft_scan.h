/*
 * nft_scan.h - the nft scanner (parser/nft_scanner.l), for the front end
 * and for tests that need tokens (the expression library tokenises rule
 * lines with it).
 *
 * nft_scan() turns a whole nft file into struct nft_tok (include/iptsim/
 * nft.h) by the word rules written there, plus the two separators the
 * grammar needs:
 *   - a newline is a PUNCT token whose text is "\n" (loc: the newline's
 *     line and column, len 1); a backslash-newline is no token (the lines
 *     are joined), a comment is no token (its newline still is one);
 *   - ';' is a PUNCT token ";".
 * Consecutive newlines give consecutive "\n" tokens; the front end drops
 * them where it cuts rules, so the expression library never sees either.
 *
 * Errors (an unterminated string, a NUL byte) are reported to `d` with the
 * line and a caret, and scanning goes on after them.
 */
#ifndef IPTSIM_NFT_SCAN_H
#define IPTSIM_NFT_SCAN_H

#include "iptsim/nft.h"

/* Tokens of buf[0..len) (file: the diags index of its name). *out is an
 * array in the arena, of *n tokens; their texts are in the arena too.
 * Returns 0, or -1 when an error was reported (the tokens are still
 * there, without the bad parts). */
int nft_scan(struct arena *a, struct diags *d, uint32_t file, const char *buf, size_t len,
             struct nft_tok **out, size_t *n);

/* Is this token the newline separator? */
static inline bool nft_tok_is_newline(const struct nft_tok *t)
{
    return t->kind == NFT_TOK_PUNCT && t->text[0] == '\n';
}

/* Start of 1-based `line` in buf, by a table built once per buffer (so
 * messages cost O(1), not a rescan of the file): */
struct nft_lines {
    const char *buf;
    size_t len;
    size_t *start; /* start[i]: offset of line i + 1 */
    size_t n;
};
void nft_lines_init(struct nft_lines *l, const char *buf, size_t len);
void nft_lines_free(struct nft_lines *l);
const char *nft_lines_get(const struct nft_lines *l, uint32_t line); /* NULL if none */

#endif
