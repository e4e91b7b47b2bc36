/*
 * nft_json_load.c - `nft -j list ruleset` into the model: the JSON is
 * lowered to the nft text form (nft_json.c), the text front end loads that
 * (nft_load_buffer), and every location the load made is moved from the
 * lowered text back to the JSON file, so traces, lint and error messages
 * name FILE.json:LINE:COLUMN and never a text the user did not write.
 *
 * The load runs on the dump's own file index: whatever carries that index
 * afterwards and was made by this call (the model's tables, chains, rules,
 * sets, objects, flowtables; the diagnostics added during the load) holds
 * a line of the lowered text, which the line map turns into the JSON
 * item's key. A diagnostic's excerpt becomes that JSON line (none for a
 * line over NFTJ_MAX_EXCERPT bytes, as `nft -j` writes everything on one),
 * and its message gains the item's JSON path and the nft text it was read
 * as, the only place the lowered text shows.
 */
#include <stdlib.h>
#include <string.h>

#include "iptsim/nft.h"
#include "iptsim/parse.h"
#include "nft_json.h"

#define NFTJ_MAX_EXCERPT 240 /* as nft_json.c */
#define NFTJ_MAX_SHOWN   160 /* of the lowered text, in a message */

struct reloc {
    uint32_t file;
    const struct nftj_linemap *map;
    const char *json;
    size_t json_len;
    const char *text;
    size_t text_len;
    /* line starts of the JSON and of the lowered text */
    size_t *jbol, njbol;
    size_t *tbol, ntbol;
};

static size_t *line_starts(const char *buf, size_t len, size_t *n)
{
    size_t cap = 64, k = 1;
    size_t *v = xmalloc(cap * sizeof(*v));
    v[0] = 0;
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\n') {
            if (k == cap)
                v = xrealloc(v, (cap *= 2) * sizeof(*v));
            v[k++] = i + 1;
        }
    *n = k;
    return v;
}

/* Line `line` (1-based) of buf: its start and length, false if none. */
static bool line_of(const char *buf, size_t len, const size_t *bol, size_t nbol, uint32_t line,
                    const char **s, size_t *n)
{
    if (!line || line > nbol || bol[line - 1] > len)
        return false;
    size_t a = bol[line - 1], b = line < nbol ? bol[line] - 1 : len;
    *s = buf + a;
    *n = b - a;
    return true;
}

/* The map entry of a lowered line (the last one for a line past the end:
 * an error at the end of the text). NULL for no line. */
static const struct ipt_loc *mapped(const struct reloc *x, uint32_t line, size_t *idx)
{
    if (!line || !x->map->n)
        return NULL;
    size_t i = line <= x->map->n ? line - 1 : x->map->n - 1;
    if (idx)
        *idx = i;
    return &x->map->v[i];
}

static void move_loc(const struct reloc *x, struct ipt_loc *loc)
{
    if (loc->file != x->file)
        return;
    const struct ipt_loc *m = mapped(x, loc->line, NULL);
    if (m)
        *loc = *m;
}

static void move_diag(const struct reloc *x, struct diag *g)
{
    size_t i;
    if (g->loc.file != x->file)
        return;
    const struct ipt_loc *m = mapped(x, g->loc.line, &i);
    if (!m)
        return;
    /* the lowered line, without its indentation, in the message */
    const char *s;
    size_t n = 0;
    if (line_of(x->text, x->text_len, x->tbol, x->ntbol, (uint32_t)i + 1, &s, &n))
        while (n && (*s == '\t' || *s == ' ')) {
            s++;
            n--;
        }
    struct strbuf b;
    sb_init(&b);
    sb_printf(&b, "%s (%s", g->msg, x->map->paths[x->map->obj[i]]);
    if (n) {
        sb_puts(&b, ", as nft text: `");
        sb_putn(&b, s, n <= NFTJ_MAX_SHOWN ? n : NFTJ_MAX_SHOWN);
        sb_puts(&b, n <= NFTJ_MAX_SHOWN ? "`" : "...`");
    }
    sb_putc(&b, ')');
    free(g->msg);
    g->msg = xstrdup(b.s);
    sb_free(&b);
    /* the JSON line, unless it is too long to show */
    free(g->src_line);
    g->src_line = NULL;
    g->loc = *m;
    if (line_of(x->json, x->json_len, x->jbol, x->njbol, m->line, &s, &n) &&
        n <= NFTJ_MAX_EXCERPT && !memchr(s, 0, n)) {
        g->src_line = xmalloc(n + 1);
        memcpy(g->src_line, s, n);
        g->src_line[n] = 0;
    }
}

static void move_model(const struct reloc *x, struct ipt_ruleset *rs)
{
    for (size_t i = 0; i < rs->ntables; i++) {
        struct ipt_table *t = rs->tables[i];
        move_loc(x, &t->loc);
        for (size_t j = 0; j < t->nchains; j++) {
            struct ipt_chain *c = t->chains[j];
            move_loc(x, &c->loc);
            for (uint32_t k = 0; k < c->nrules; k++)
                move_loc(x, &c->rules[k]->loc);
        }
        struct nft_table *nt = t->nft;
        if (!nt)
            continue;
        for (size_t j = 0; j < nt->nsets; j++)
            move_loc(x, &nt->sets[j]->loc);
        for (size_t j = 0; j < nt->nobjs; j++)
            move_loc(x, &nt->objs[j]->loc);
        for (size_t j = 0; j < nt->nflowtables; j++)
            move_loc(x, &nt->flowtables[j]->loc);
    }
}

int nft_json_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                         size_t len, const struct load_opts *o)
{
    struct strbuf text;
    sb_init(&text);
    struct nftj_linemap map = {0};
    if (nftj_lower(buf, len, d, file, &text, &map) < 0) {
        /* what did lower would only add errors that follow from these */
        sb_free(&text);
        nftj_linemap_free(&map);
        return -1;
    }
    size_t first = d->n;
    int rc = nft_load_buffer(rs, d, file, text.s ? text.s : "", text.len, o);
    struct reloc x = {.file = file,
                      .map = &map,
                      .json = buf,
                      .json_len = len,
                      .text = text.s ? text.s : "",
                      .text_len = text.len};
    x.jbol = line_starts(buf, len, &x.njbol);
    x.tbol = line_starts(x.text, x.text_len, &x.ntbol);
    for (size_t i = first; i < d->n; i++)
        move_diag(&x, &d->v[i]);
    move_model(&x, rs);
    free(x.jbol);
    free(x.tbol);
    sb_free(&text);
    nftj_linemap_free(&map);
    return rc;
}
