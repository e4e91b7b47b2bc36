/*
 * diag.c - recording and printing located errors and warnings.
 */
#include "iptsim/diag.h"

#include <stdlib.h>
#include <string.h>

void diags_init(struct diags *d)
{
    memset(d, 0, sizeof(*d));
    d->files = xcalloc(1, sizeof(*d->files));
    d->files[0] = xstrdup("");
    d->nfiles = 1;
}

void diags_free(struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].msg);
        free(d->v[i].src_line);
    }
    free(d->v);
    for (size_t i = 0; i < d->nfiles; i++)
        free((char *)d->files[i]);
    free(d->files);
    memset(d, 0, sizeof(*d));
}

uint32_t diags_add_file(struct diags *d, const char *name)
{
    d->files = xrealloc(d->files, (d->nfiles + 1) * sizeof(*d->files));
    d->files[d->nfiles] = xstrdup(name);
    return (uint32_t)d->nfiles++;
}

const char *diags_file_name(const struct diags *d, uint32_t file)
{
    return file < d->nfiles ? d->files[file] : "";
}

void diag_vadd(struct diags *d, enum diag_sev sev, struct ipt_loc loc, const char *src_line,
               const char *fmt, va_list ap)
{
    size_t max = d->max_errors ? d->max_errors : 50;
    if (sev == DIAG_ERROR)
        d->nerr++;
    else if (sev == DIAG_WARNING)
        d->nwarn++;
    if (d->n >= max * 4 || (sev == DIAG_ERROR && d->nerr > max)) {
        d->truncated = true;
        return;
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
    }
    struct diag *g = &d->v[d->n++];
    g->sev = sev;
    g->loc = loc;
    struct strbuf b;
    sb_init(&b);
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    g->msg = xmalloc((size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(g->msg, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    g->src_line = NULL;
    if (src_line) {
        size_t len = strcspn(src_line, "\n");
        g->src_line = xmalloc(len + 1);
        memcpy(g->src_line, src_line, len);
        g->src_line[len] = 0;
    }
}

void diag_add(struct diags *d, enum diag_sev sev, struct ipt_loc loc, const char *src_line,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, loc, src_line, fmt, ap);
    va_end(ap);
}

/* Prints a source line with non-printable bytes (CR, NUL, control, bad
 * bytes) shown as \xNN, keeping the caret columns aligned with the original
 * byte columns where the line is plain text. Returns how many extra display
 * columns were inserted before byte column `col` (1-based). */
static size_t put_source_line(struct strbuf *out, const char *s, uint32_t col)
{
    size_t shift = 0;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t') {
            sb_putc(out, ' ');
        } else if (c < 0x20 || c == 0x7f) {
            sb_printf(out, "\\x%02x", c);
            if (i + 1 < col)
                shift += 3;
        } else {
            sb_putc(out, (char)c);
        }
    }
    return shift;
}

void diag_format(const struct diags *d, const struct diag *g, struct strbuf *out, bool color)
{
    static const char *names[] = {"note", "warning", "error"};
    static const char *colors[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    const char *file = diags_file_name(d, g->loc.file);

    sb_puts(out, bold);
    if (*file) {
        sb_puts(out, file);
        if (g->loc.line) {
            sb_printf(out, ":%u", g->loc.line);
            if (g->loc.col)
                sb_printf(out, ":%u", g->loc.col);
        }
        sb_puts(out, ": ");
    }
    sb_printf(out, "%s%s:%s%s %s\n", color ? colors[g->sev] : "", names[g->sev], reset, bold,
              g->msg);
    sb_puts(out, reset);
    if (g->src_line && g->loc.line) {
        char num[16];
        int w = snprintf(num, sizeof(num), "%u", g->loc.line);
        sb_printf(out, " %s | ", num);
        size_t shift = put_source_line(out, g->src_line, g->loc.col);
        sb_putc(out, '\n');
        if (g->loc.col) {
            sb_printf(out, " %*s | ", w, "");
            for (size_t i = 1; i < g->loc.col + shift; i++)
                sb_putc(out, ' ');
            sb_puts(out, color ? colors[g->sev] : "");
            uint32_t len = g->loc.len ? g->loc.len : 1;
            for (uint32_t i = 0; i < len; i++)
                sb_putc(out, '^');
            sb_puts(out, reset);
            sb_putc(out, '\n');
        }
    }
}

void diags_print(const struct diags *d, FILE *out, bool color)
{
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < d->n; i++) {
        sb_reset(&b);
        diag_format(d, &d->v[i], &b, color);
        fputs(b.s, out);
    }
    if (d->truncated)
        fprintf(out, "ipt-sim: too many problems; only the first %zu are shown\n", d->n);
    sb_free(&b);
}
