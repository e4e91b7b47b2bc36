/*
 * lint_report.c - printing lint findings: text (grouped by file), JSON
 * (docs/lint.md), GitHub workflow commands and SARIF 2.1.0.
 */
#include "iptsim/lint.h"
#include "iptsim/report.h"
#include "iptsim/sarif.h"

#include <string.h>

static const char *file_of(const struct diags *d, const struct lint_finding *f)
{
    const char *n = d ? diags_file_name(d, f->loc.file) : NULL;
    return n && *n ? n : "-";
}

static const char *where(const struct lint_finding *f, struct strbuf *tmp)
{
    sb_reset(tmp);
    if (f->rule)
        rule_save(tmp, f->rule);
    else if (f->chain)
        sb_printf(tmp, "%s chain %s", f->chain->table->name, f->chain->name);
    return tmp->s ? tmp->s : "";
}

static void counts(const struct lint_result *r, size_t c[3])
{
    c[0] = c[1] = c[2] = 0;
    for (size_t i = 0; i < r->n; i++)
        c[r->v[i].sev]++;
}

void lint_print_text(struct strbuf *b, const struct lint_result *r, const struct diags *d,
                     bool color)
{
    static const char *const col[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
    const char *bold = color ? "\033[1m" : "", *off = color ? "\033[0m" : "";
    struct strbuf tmp;
    sb_init(&tmp);
    const char *cur = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const struct lint_finding *f = &r->v[i];
        const char *file = file_of(d, f);
        if (!cur || strcmp(cur, file)) {
            sb_printf(b, "%s%s%s%s\n", i ? "\n" : "", bold, file, off);
            cur = file;
        }
        sb_printf(b, "%s:%u:%u: %s%s%s: %s [%s]\n", file, f->loc.line, f->loc.col ? f->loc.col : 1,
                  color ? col[f->sev] : "", lint_sev_name(f->sev), off, f->message, f->check);
        sb_printf(b, "    %5u | %s\n", f->loc.line, where(f, &tmp));
        if (f->fix)
            sb_printf(b, "    fix: %s\n", f->fix);
        if (f->witness)
            sb_printf(b, "    witness: ipt-sim trace --dump %s --pkt '%s'\n", file, f->witness);
    }
    size_t c[3];
    counts(r, c);
    for (size_t i = 0; i < r->nnotes; i++)
        sb_printf(b, "%snote: %s\n", r->n && !i ? "\n" : "", r->notes[i]);
    sb_printf(b, "%s%zu error%s, %zu warning%s, %zu info\n", r->n || r->nnotes ? "\n" : "", c[2],
              c[2] == 1 ? "" : "s", c[1], c[1] == 1 ? "" : "s", c[0]);
    sb_free(&tmp);
}

void lint_print_json(struct strbuf *b, const struct lint_result *r, const struct diags *d)
{
    struct strbuf tmp;
    sb_init(&tmp);
    sb_puts(b, "{\"ipt_sim\":1,\"findings\":[");
    for (size_t i = 0; i < r->n; i++) {
        const struct lint_finding *f = &r->v[i];
        sb_puts(b, i ? ",\n" : "\n");
        sb_puts(b, "{\"check\":");
        sb_json_str(b, f->check);
        sb_puts(b, ",\"severity\":");
        sb_json_str(b, lint_sev_name(f->sev));
        sb_puts(b, ",\"file\":");
        sb_json_str(b, file_of(d, f));
        sb_printf(b, ",\"line\":%u,\"column\":%u", f->loc.line, f->loc.col ? f->loc.col : 1);
        if (f->chain) {
            sb_puts(b, ",\"family\":");
            sb_json_str(b, family_name(f->chain->table->family));
            sb_puts(b, ",\"table\":");
            sb_json_str(b, f->chain->table->name);
            sb_puts(b, ",\"chain\":");
            sb_json_str(b, f->chain->name);
        }
        if (f->rule) {
            sb_printf(b, ",\"rule\":%u,\"text\":", rule_position(f->rule));
            sb_json_str(b, where(f, &tmp));
        }
        sb_puts(b, ",\"message\":");
        sb_json_str(b, f->message);
        sb_puts(b, ",\"fix\":");
        if (f->fix)
            sb_json_str(b, f->fix);
        else
            sb_puts(b, "null");
        sb_puts(b, ",\"witness\":");
        if (f->witness)
            sb_json_str(b, f->witness);
        else
            sb_puts(b, "null");
        if (f->related) {
            sb_printf(b, ",\"related\":{\"line\":%u,\"chain\":", f->related->loc.line);
            sb_json_str(b, f->related->chain->name);
            sb_printf(b, ",\"rule\":%u,\"text\":", rule_position(f->related));
            sb_reset(&tmp);
            rule_save(&tmp, f->related);
            sb_json_str(b, tmp.s ? tmp.s : "");
            sb_putc(b, '}');
        } else {
            sb_puts(b, ",\"related\":null");
        }
        sb_putc(b, '}');
    }
    size_t c[3];
    counts(r, c);
    sb_printf(b, "%s],\"summary\":{\"error\":%zu,\"warning\":%zu,\"info\":%zu},\"notes\":[",
              r->n ? "\n" : "", c[2], c[1], c[0]);
    for (size_t i = 0; i < r->nnotes; i++) {
        if (i)
            sb_putc(b, ',');
        sb_json_str(b, r->notes[i]);
    }
    sb_puts(b, "]}\n");
    sb_free(&tmp);
}

/* Workflow command escaping (actions/toolkit: escapeData / escapeProperty). */
static void gh_escape(struct strbuf *b, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%')
            sb_puts(b, "%25");
        else if (*s == '\r')
            sb_puts(b, "%0D");
        else if (*s == '\n')
            sb_puts(b, "%0A");
        else if (property && *s == ':')
            sb_puts(b, "%3A");
        else if (property && *s == ',')
            sb_puts(b, "%2C");
        else
            sb_putc(b, *s);
    }
}

void lint_print_github(struct strbuf *b, const struct lint_result *r, const struct diags *d)
{
    static const char *const cmd[] = {"notice", "warning", "error"};
    for (size_t i = 0; i < r->n; i++) {
        const struct lint_finding *f = &r->v[i];
        sb_printf(b, "::%s file=", cmd[f->sev]);
        gh_escape(b, file_of(d, f), true);
        sb_printf(b, ",line=%u,col=%u,title=", f->loc.line, f->loc.col ? f->loc.col : 1);
        gh_escape(b, f->check, true);
        sb_puts(b, "::");
        gh_escape(b, f->message, false);
        if (f->fix) {
            sb_puts(b, " Fix: ");
            gh_escape(b, f->fix, false);
        }
        if (f->witness) {
            sb_puts(b, " Witness: ");
            gh_escape(b, f->witness, false);
        }
        sb_putc(b, '\n');
    }
}

void lint_print_sarif(struct strbuf *b, const struct lint_result *r, const struct diags *d)
{
    struct sarif_log *s = sarif_new("ipt-sim", IPTSIM_VERSION, NULL);
    size_t n;
    const struct lint_check_info *ci = lint_checks(&n);
    for (size_t i = 0; i < n; i++)
        sarif_add_rule(s, ci[i].id, ci[i].summary);
    static const enum sarif_level lv[] = {SARIF_NOTE, SARIF_WARNING, SARIF_ERROR};
    struct strbuf msg;
    sb_init(&msg);
    for (size_t i = 0; i < r->n; i++) {
        const struct lint_finding *f = &r->v[i];
        sb_reset(&msg);
        sb_puts(&msg, f->message);
        if (f->fix)
            sb_printf(&msg, " Fix: %s", f->fix);
        struct sarif_result *res = sarif_add_result(s, f->check, lv[f->sev], msg.s, file_of(d, f),
                                                    f->loc.line, f->loc.col ? f->loc.col : 1);
        if (f->fix)
            sarif_result_property(res, "fix", f->fix);
        if (f->witness)
            sarif_result_property(res, "witness", f->witness);
        if (f->related) {
            sb_reset(&msg);
            rule_save(&msg, f->related);
            sarif_result_related(res, diags_file_name(d, f->related->loc.file),
                                 f->related->loc.line,
                                 f->related->loc.col ? f->related->loc.col : 1, msg.s);
        }
    }
    sb_free(&msg);
    sarif_write(s, b);
    sarif_free(s);
}
