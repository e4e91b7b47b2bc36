/*
 * nft_load.c - the nft text front end: `nft list ruleset` output and nft
 * scripts into the model (include/iptsim/nft.h).
 *
 * A file is scanned whole (nft_scanner.l), then the grammar (nft_parser.y)
 * reads its structure and calls the actions below. Tables, chains, sets,
 * objects and flowtables are declared as they are read; rules, set
 * elements, flushes and deletions of rules are queued and run in order
 * once the whole file (with its includes) is read, because a rule may jump
 * to a chain declared after it, as nft allows.
 *
 * Every error is located (file:line:column, the line, a caret) and the
 * loader goes on, so one run reports every problem it can.
 */
#include "nft_load.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iptsim/parse.h"
#include "nft_parser.h"
#include "nft_scan.h"

#define NFT_MAX_INCLUDE_DEPTH 16

struct nft_src {
    uint32_t file;
    char *text; /* NUL-terminated copy, for source lines in messages */
    size_t len;
    struct nft_lines lines;
    struct nft_tok *tok;
    size_t ntok;
    char *dir; /* for relative includes */
};

enum op_kind {
    OP_RULE,
    OP_ELEMS,
    OP_DEL_ELEMS,
    OP_FLUSH_TABLE,
    OP_FLUSH_CHAIN,
    OP_FLUSH_SET,
};

struct op {
    uint8_t kind;
    bool insert;
    int64_t index; /* `index N` of add/insert rule; -1: none */
    struct ipt_table *t;
    struct ipt_chain *c;
    struct nft_set *s;
    const struct nft_tok *tok;
    size_t ntok;
};

struct nft_define {
    const struct nft_tok *tok;
    size_t n;
};

struct nft_loader {
    struct ipt_ruleset *rs;
    struct diags *d;
    const struct load_opts *o;
    struct arena *a;
    struct nft_src **srcs;
    size_t nsrcs;
    struct strmap defines;
    struct strmap kw;
    struct op *ops;
    size_t nops, capops;
    int depth;
    size_t nrules, nchains, ntables;
    bool stopped;               /* a limit was crossed */
    struct ipt_chain *bad_type; /* its type line was refused: no more
                                 * messages about its policy */
};

struct nft_pstate {
    struct nft_loader *L;
    struct nft_src *src;
    size_t pos;
    uint32_t last; /* index of the token last returned */
    struct ipt_table *table;
    uint32_t *open; /* indices of unclosed '{' */
    size_t nopen, capopen;
};

/* ---- sources, messages ---- */

static struct nft_src *src_of(const struct nft_loader *L, uint32_t file)
{
    for (size_t i = L->nsrcs; i-- > 0;)
        if (L->srcs[i]->file == file)
            return L->srcs[i];
    return NULL;
}

static const char *line_text(void *arg, const struct ipt_loc *loc)
{
    const struct nft_src *s = src_of(arg, loc->file);
    return s ? nft_lines_get(&s->lines, loc->line) : NULL;
}

static void verr(struct nft_loader *L, enum diag_sev sev, const struct nft_tok *t, const char *fmt,
                 va_list ap)
{
    struct ipt_loc loc = t ? t->loc : (struct ipt_loc){0};
    diag_vadd(L->d, sev, loc, t ? line_text(L, &loc) : NULL, fmt, ap);
}

static void IPTSIM_PRINTF(3, 4)
    err(struct nft_loader *L, const struct nft_tok *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, DIAG_ERROR, t, fmt, ap);
    va_end(ap);
}

static void IPTSIM_PRINTF(3, 4)
    warn(struct nft_loader *L, const struct nft_tok *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(L, DIAG_WARNING, t, fmt, ap);
    va_end(ap);
}

static const struct nft_tok *TK(const struct nft_pstate *ps, uint32_t i)
{
    return i < ps->src->ntok ? &ps->src->tok[i] : NULL;
}

static struct nft_src *src_new(struct nft_loader *L, uint32_t file, const char *buf, size_t len,
                               const char *path)
{
    struct nft_src *s = xcalloc(1, sizeof(*s));
    s->file = file;
    s->text = xmalloc(len + 1);
    memcpy(s->text, buf, len);
    s->text[len] = 0;
    s->len = len;
    nft_lines_init(&s->lines, s->text, len);
    const char *slash = path ? strrchr(path, '/') : NULL;
    s->dir = slash ? xstrdup(path) : xstrdup(".");
    if (slash) /* "/x.nft" keeps the root "/" */
        s->dir[slash > path ? (size_t)(slash - path) : 1] = 0;
    L->srcs = xrealloc(L->srcs, (L->nsrcs + 1) * sizeof(*L->srcs));
    L->srcs[L->nsrcs++] = s;
    return s;
}

/* ---- the token source of the grammar ---- */

static const struct {
    const char *word;
    int kind;
} keywords[] = {
    {"ip", T_FAMILY},
    {"ip6", T_FAMILY},
    {"inet", T_FAMILY},
    {"arp", T_FAMILY},
    {"bridge", T_FAMILY},
    {"netdev", T_FAMILY},
    {"table", T_TABLE},
    {"chain", T_CHAIN},
    {"set", T_SET},
    {"map", T_MAP},
    {"flowtable", T_FLOWTABLE},
    {"counter", T_COUNTER},
    {"quota", T_QUOTA},
    {"limit", T_LIMIT},
    {"ct", T_CT},
    {"secmark", T_SECMARK},
    {"synproxy", T_SYNPROXY},
    {"rule", T_RULE},
    {"element", T_ELEMENT},
    {"add", T_ADD},
    {"create", T_CREATE},
    {"insert", T_INSERT},
    {"delete", T_DELETE},
    {"destroy", T_DESTROY},
    {"flush", T_FLUSH},
    {"ruleset", T_RULESET},
    {"define", T_DEFINE},
    {"redefine", T_REDEFINE},
    {"undefine", T_UNDEFINE},
    {"include", T_INCLUDE},
    {"list", T_LIST},
};

int nft_pstate_lex(struct nft_pstate *ps, uint32_t *idx)
{
    struct nft_src *s = ps->src;
    if (ps->pos > s->ntok)
        return END;
    uint32_t i = (uint32_t)ps->pos++;
    *idx = i;
    ps->last = i;
    if (i == s->ntok)
        return T_NL; /* the last line needs no newline */
    const struct nft_tok *t = &s->tok[i];
    switch (t->kind) {
    case NFT_TOK_STRING:
        return T_STRING;
    case NFT_TOK_SETREF:
        return T_SETREF;
    case NFT_TOK_VAR:
        return T_VAR;
    case NFT_TOK_WORD: {
        void *k = strmap_get(&ps->L->kw, t->text);
        return k ? (int)(intptr_t)k : T_WORD;
    }
    default:
        break;
    }
    switch (t->text[0]) {
    case '\n':
        return T_NL;
    case ';':
        return T_SEMI;
    case '{':
        if (ps->nopen == ps->capopen) {
            ps->capopen = ps->capopen ? ps->capopen * 2 : 16;
            ps->open = xrealloc(ps->open, ps->capopen * sizeof(*ps->open));
        }
        ps->open[ps->nopen++] = i;
        return T_LBRACE;
    case '}':
        if (ps->nopen)
            ps->nopen--;
        return T_RBRACE;
    case '=':
        if (!t->text[1])
            return T_EQ;
        break;
    }
    return T_PUNCT;
}

void nft_pstate_syntax_error(struct nft_pstate *ps, const char *msg)
{
    struct nft_loader *L = ps->L;
    const struct nft_src *s = ps->src;
    if (ps->last >= s->ntok) {
        /* at the end of the file */
        if (ps->nopen) {
            err(L, TK(ps, ps->open[ps->nopen - 1]),
                "this '{' is never closed: the file ends before its '}'");
            return;
        }
        struct nft_tok end = {0};
        if (s->ntok) {
            end = s->tok[s->ntok - 1];
            end.loc.col += end.loc.len;
            end.loc.len = 1;
        }
        err(L, s->ntok ? &end : NULL, "%s", msg);
        return;
    }
    const struct nft_tok *t = &s->tok[ps->last];
    if (nft_tok_is_newline(t) || t->kind == NFT_TOK_PUNCT || t->kind == NFT_TOK_STRING)
        err(L, t, "%s", msg);
    else
        err(L, t, "%s \"%s\"", msg, t->text);
}

/* ---- units: the tokens handed to the expression library ---- */

static const struct nft_define *define_get(struct nft_loader *L, const char *name)
{
    return strmap_get(&L->defines, name);
}

/* tokens [a, b) with newlines dropped and $variables replaced by their
 * values; a list value `{ a, b }` inside braces loses its own braces, as
 * nft merges nested sets. NULL (after an error) on an undefined variable. */
static const struct nft_tok *unit(struct nft_pstate *ps, uint32_t a, uint32_t b, size_t *n)
{
    struct nft_loader *L = ps->L;
    const struct nft_tok *t = ps->src->tok;
    bool plain = true;
    for (uint32_t i = a; i < b && plain; i++)
        if (t[i].kind == NFT_TOK_VAR || nft_tok_is_newline(&t[i]))
            plain = false;
    if (plain) {
        *n = b - a;
        return t + a;
    }
    size_t cap = (b - a) + 8, len = 0;
    struct nft_tok *v = xmalloc(cap * sizeof(*v));
    int depth = 0;
    bool ok = true;
    for (uint32_t i = a; i < b; i++) {
        if (nft_tok_is_newline(&t[i]))
            continue;
        if (t[i].kind == NFT_TOK_PUNCT && (t[i].text[0] == '{' || t[i].text[0] == '}') &&
            !t[i].text[1])
            depth += t[i].text[0] == '{' ? 1 : -1;
        if (t[i].kind != NFT_TOK_VAR) {
            if (len == cap)
                v = xrealloc(v, (cap *= 2) * sizeof(*v));
            v[len++] = t[i];
            continue;
        }
        const struct nft_define *def = define_get(L, t[i].text);
        if (!def) {
            err(L, &t[i], "undefined variable $%s: no `define %s = ...` comes before it", t[i].text,
                t[i].text);
            ok = false;
            continue;
        }
        size_t from = 0, to = def->n;
        if (depth > 0 && to >= 2 && nft_tok_is(&def->tok[0], "{") &&
            nft_tok_is(&def->tok[to - 1], "}")) {
            from++;
            to--;
        }
        for (size_t j = from; j < to; j++) {
            if (len == cap)
                v = xrealloc(v, (cap *= 2) * sizeof(*v));
            v[len] = def->tok[j];
            if (j == from)
                v[len].space_before = t[i].space_before;
            len++;
        }
    }
    if (!ok) {
        free(v);
        return NULL;
    }
    struct nft_tok *out = arena_alloc(L->a, (len ? len : 1) * sizeof(*out));
    memcpy(out, v, len * sizeof(*out));
    free(v);
    *n = len;
    return out;
}

/* Cuts [a, b) into lines at newlines and ';' outside braces; calls fn with
 * each non-empty line [la, lb). */
typedef void (*line_fn)(struct nft_pstate *ps, void *arg, uint32_t la, uint32_t lb);
static void each_line(struct nft_pstate *ps, uint32_t a, uint32_t b, line_fn fn, void *arg)
{
    const struct nft_tok *t = ps->src->tok;
    int depth = 0;
    uint32_t start = a;
    for (uint32_t i = a; i < b; i++) {
        if (t[i].kind != NFT_TOK_PUNCT)
            continue;
        char c = t[i].text[0];
        if (t[i].text[1] && c != '\n')
            continue;
        if (c == '{')
            depth++;
        else if (c == '}')
            depth--;
        else if (depth == 0 && (c == '\n' || c == ';')) {
            if (i > start)
                fn(ps, arg, start, i);
            start = i + 1;
        }
    }
    if (b > start)
        fn(ps, arg, start, b);
}

static struct nft_parse parse_ctx(struct nft_loader *L, struct ipt_table *t, struct ipt_chain *c,
                                  const struct nft_tok *tok, size_t n)
{
    return (struct nft_parse){
        .rs = L->rs,
        .diags = L->d,
        .table = t,
        .chain = c,
        .tok = tok,
        .ntok = n,
        .line_text = line_text,
        .line_arg = L,
        .lenient = L->o && L->o->lenient,
    };
}

static struct op *op_push(struct nft_loader *L, int kind)
{
    if (L->nops == L->capops) {
        L->capops = L->capops ? L->capops * 2 : 64;
        L->ops = xrealloc(L->ops, L->capops * sizeof(*L->ops));
    }
    struct op *o = &L->ops[L->nops++];
    memset(o, 0, sizeof(*o));
    o->kind = (uint8_t)kind;
    o->index = -1;
    return o;
}

/* ---- tables ---- */

static int family_of(const char *w)
{
    static const struct {
        const char *name;
        int fam;
    } f[] = {{"ip", IPT_FAM_IPV4}, {"ip6", IPT_FAM_IPV6},      {"inet", IPT_FAM_INET},
             {"arp", IPT_FAM_ARP}, {"bridge", IPT_FAM_BRIDGE}, {"netdev", IPT_FAM_NETDEV}};
    for (size_t i = 0; i < ARRAY_SIZE(f); i++)
        if (strcmp(w, f[i].name) == 0)
            return f[i].fam;
    return 0;
}

static struct ipt_table *find_table(struct nft_loader *L, int fam, const char *name)
{
    for (size_t i = 0; i < L->rs->ntables; i++) {
        struct ipt_table *t = L->rs->tables[i];
        if (t->origin == IPT_ORIGIN_NFT && t->family == fam && strcmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

/* The text of a name token ($var: its value, one word). */
static const char *name_text(struct nft_pstate *ps, uint32_t i)
{
    const struct nft_tok *t = TK(ps, i);
    if (t->kind != NFT_TOK_VAR)
        return t->text;
    const struct nft_define *def = define_get(ps->L, t->text);
    if (!def) {
        err(ps->L, t, "undefined variable $%s: no `define %s = ...` comes before it", t->text,
            t->text);
        return NULL;
    }
    if (def->n != 1 || def->tok[0].kind == NFT_TOK_PUNCT) {
        err(ps->L, t, "$%s is not a name here: its value is not one word", t->text);
        return NULL;
    }
    return def->tok[0].text;
}

/* The table a spec names: its own family and table, or the table block
 * being read. create: declare it when absent. */
static struct ipt_table *spec_table(struct nft_pstate *ps, const struct nft_spec *sp, bool create)
{
    struct nft_loader *L = ps->L;
    if (sp->table == UINT32_MAX)
        return ps->table;
    if (sp->fam == NFT_SPEC_BAD)
        return NULL; /* reported */
    int fam = sp->fam == UINT32_MAX ? IPT_FAM_IPV4 : family_of(TK(ps, sp->fam)->text);
    const char *name = name_text(ps, sp->table);
    if (!name)
        return NULL;
    struct ipt_table *t = find_table(L, fam, name);
    if (t || !create) {
        if (!t)
            err(L, TK(ps, sp->table), "no table %s %s: it is not declared before this",
                family_name(fam), name);
        return t;
    }
    if (L->o && L->ntables >= (L->o->max_tables ? L->o->max_tables : IPTSIM_DEFAULT_MAX_TABLES)) {
        err(L, TK(ps, sp->table), "more than %zu tables (raise the limit with --limit tables=N)",
            L->ntables);
        L->stopped = true;
        return NULL;
    }
    L->ntables++;
    t = ruleset_add_table(L->rs, fam, name, IPT_ORIGIN_NFT);
    t->loc = TK(ps, sp->table)->loc;
    nft_table_get(t);
    return t;
}

uint32_t nft_ps_bad_family(struct nft_pstate *ps, uint32_t word)
{
    err(ps->L, TK(ps, word), "unknown family \"%s\": expected ip, ip6, inet, arp, bridge or netdev",
        TK(ps, word)->text);
    return NFT_SPEC_BAD;
}

void nft_ps_table_begin(struct nft_pstate *ps, const struct nft_spec *sp)
{
    ps->table = spec_table(ps, sp, true);
}

void nft_ps_table_end(struct nft_pstate *ps)
{
    ps->table = NULL;
}

static void comment_of(struct nft_pstate *ps, const struct nft_tok *t, size_t n, const char **out)
{
    if (n != 2 || t[1].kind != NFT_TOK_STRING) {
        err(ps->L, n > 1 ? &t[1] : &t[0], "expected a quoted comment: comment \"TEXT\"");
        return;
    }
    if (strlen(t[1].text) > 128)
        err(ps->L, &t[1], "the comment is %zu bytes long; nft allows at most 128",
            strlen(t[1].text));
    *out = ruleset_intern(ps->L->rs, t[1].text);
}

void nft_ps_table_attr(struct nft_pstate *ps, uint32_t kw, const struct nft_span *rest)
{
    struct ipt_table *t = ps->table;
    if (!t)
        return;
    struct nft_table *nt = nft_table_get(t);
    size_t n;
    const struct nft_tok *u = unit(ps, kw, rest ? rest->b : kw + 1, &n);
    if (!u)
        return;
    if (nft_tok_is(&u[0], "comment")) {
        comment_of(ps, u, n, &nt->comment);
    } else if (nft_tok_is(&u[0], "flags")) {
        for (size_t i = 1; i < n; i++) {
            if (nft_tok_is(&u[i], ","))
                continue;
            if (nft_tok_is(&u[i], "dormant"))
                nt->flags |= 1;
            else if (nft_tok_is(&u[i], "owner"))
                nt->flags |= 2;
            else if (nft_tok_is(&u[i], "persist"))
                nt->flags |= 4;
            else
                err(ps->L, &u[i], "unknown table flag \"%s\" (dormant, owner, persist)", u[i].text);
        }
    } else {
        err(ps->L, &u[0],
            "unexpected \"%s\" in a table: expected chain, set, map, flowtable, a named "
            "object, flags or comment",
            u[0].text);
    }
}

/* ---- chains ---- */

static const char *const hook_names[] = {"prerouting", "input",       "forward",
                                         "output",     "postrouting", "ingress"};

const char *nft_hook_name(int family, int hook)
{
    (void)family;
    return hook >= 0 && hook < (int)ARRAY_SIZE(hook_names) ? hook_names[hook] : NULL;
}

static bool hook_valid(int family, int hook)
{
    switch (family) {
    case IPT_FAM_ARP:
        return hook == IPT_HOOK_INPUT || hook == IPT_HOOK_OUTPUT;
    case IPT_FAM_NETDEV:
        return hook == IPT_HOOK_INGRESS;
    case IPT_FAM_BRIDGE:
    case IPT_FAM_IPV4:
    case IPT_FAM_IPV6:
        return hook <= IPT_HOOK_POSTROUTING;
    default:
        return hook <= IPT_HOOK_INGRESS;
    }
}

struct prio_name {
    const char *name;
    int32_t val;
};
static const struct prio_name std_prios[] = {{"raw", -300}, {"mangle", -150}, {"dstnat", -100},
                                             {"filter", 0}, {"security", 50}, {"srcnat", 100}};
static const struct prio_name bridge_prios[] = {
    {"dstnat", -300}, {"filter", -200}, {"out", 100}, {"srcnat", 300}};

/* nft's std_prio_family_hook_compat (src/rule.c) */
static bool prio_compat(int family, int hook, int32_t val)
{
    if (family == IPT_FAM_BRIDGE) {
        switch (val) {
        case -300:
            return hook == IPT_HOOK_PREROUTING;
        case -200:
            return true;
        case 100:
            return hook == IPT_HOOK_OUTPUT;
        case 300:
            return hook == IPT_HOOK_POSTROUTING;
        }
        return false;
    }
    bool ipish = family == IPT_FAM_INET || family == IPT_FAM_IPV4 || family == IPT_FAM_IPV6;
    switch (val) {
    case 0:
        return ipish || family == IPT_FAM_ARP || family == IPT_FAM_NETDEV;
    case -300:
    case -150:
    case 50:
        return ipish;
    case -100: /* nft 1.0.6 refuses dstnat on output, srcnat on input */
        return ipish && hook == IPT_HOOK_PREROUTING;
    case 100:
        return ipish && hook == IPT_HOOK_POSTROUTING;
    }
    return false;
}

int nft_prio_parse(int family, int hook, const char *name, int32_t *out)
{
    const struct prio_name *v = family == IPT_FAM_BRIDGE ? bridge_prios : std_prios;
    size_t n = family == IPT_FAM_BRIDGE ? ARRAY_SIZE(bridge_prios) : ARRAY_SIZE(std_prios);
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0) {
            if (!prio_compat(family, hook, v[i].val))
                return -2;
            *out = v[i].val;
            return 0;
        }
    return -1;
}

void nft_prio_print(struct strbuf *b, int family, int hook, int32_t prio)
{
    const struct prio_name *v = family == IPT_FAM_BRIDGE ? bridge_prios : std_prios;
    size_t n = family == IPT_FAM_BRIDGE ? ARRAY_SIZE(bridge_prios) : ARRAY_SIZE(std_prios);
    for (size_t i = 0; i < n; i++) {
        int64_t off = (int64_t)prio - v[i].val;
        if (off >= -10 && off <= 10 && prio_compat(family, hook, v[i].val)) {
            sb_puts(b, v[i].name);
            if (off > 0)
                sb_printf(b, " + %d", (int)off);
            else if (off < 0)
                sb_printf(b, " - %d", (int)-off);
            return;
        }
    }
    sb_printf(b, "%d", (int)prio);
}

static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 0);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* `priority P` where P is a number, a name, or `NAME + N` / `NAME - N`;
 * t[0] is the first token after `priority`. Returns tokens used, or -1. */
static int parse_priority(struct nft_pstate *ps, const struct nft_tok *t, size_t n, int family,
                          int hook, int32_t *out)
{
    struct nft_loader *L = ps->L;
    if (!n) {
        err(L, t - 1, "priority: a number or a name (filter, dstnat, ...) must follow");
        return -1;
    }
    int64_t v;
    if (parse_int(t[0].text, INT32_MIN, INT32_MAX, &v) && t[0].kind == NFT_TOK_WORD) {
        *out = (int32_t)v;
        return 1;
    }
    int32_t base;
    int rc = t[0].kind == NFT_TOK_WORD ? nft_prio_parse(family, hook, t[0].text, &base) : -1;
    if (rc == -2) {
        err(L, &t[0], "invalid priority: %s is not a priority of a %s chain on hook %s", t[0].text,
            family_name(family), nft_hook_name(family, hook));
        return -1;
    }
    if (rc < 0) {
        err(L, &t[0], "unknown priority \"%s\": expected a number or %s", t[0].text,
            family == IPT_FAM_BRIDGE ? "dstnat, filter, out, srcnat"
                                     : "raw, mangle, dstnat, filter, security, srcnat");
        return -1;
    }
    if (n >= 3 && (nft_tok_is(&t[1], "+") || nft_tok_is(&t[1], "-"))) {
        if (!parse_int(t[2].text, 0, INT32_MAX, &v)) {
            err(L, &t[2], "expected a number after \"%s\"", t[1].text);
            return -1;
        }
        v = nft_tok_is(&t[1], "-") ? base - v : base + v;
        if (v < INT32_MIN || v > INT32_MAX) {
            err(L, &t[2], "the priority is out of range");
            return -1;
        }
        *out = (int32_t)v;
        return 3;
    }
    if (n >= 2 && t[1].kind == NFT_TOK_WORD && (t[1].text[0] == '-' || t[1].text[0] == '+') &&
        parse_int(t[1].text, INT32_MIN, INT32_MAX, &v)) {
        *out = (int32_t)(base + v);
        return 2;
    }
    *out = base;
    return 1;
}

/* `devices = { a, b }` or `device NAME` from t (after the keyword) */
static int parse_devices(struct nft_pstate *ps, const struct nft_tok *t, size_t n, bool list,
                         const char ***devs, size_t *ndevs)
{
    struct nft_loader *L = ps->L;
    size_t i = 0;
    if (!list) {
        if (!n || (t[0].kind != NFT_TOK_WORD && t[0].kind != NFT_TOK_STRING)) {
            err(L, n ? &t[0] : t - 1, "device: an interface name must follow");
            return -1;
        }
        *devs = arena_alloc(L->a, sizeof(**devs));
        (*devs)[0] = ruleset_intern(L->rs, t[0].text);
        *ndevs = 1;
        return 1;
    }
    if (i < n && nft_tok_is(&t[i], "="))
        i++;
    if (i < n && (t[i].kind == NFT_TOK_WORD || t[i].kind == NFT_TOK_STRING)) {
        *devs = arena_alloc(L->a, sizeof(**devs));
        (*devs)[0] = ruleset_intern(L->rs, t[i].text);
        *ndevs = 1;
        return (int)i + 1;
    }
    if (i >= n || !nft_tok_is(&t[i], "{")) {
        err(L, i < n ? &t[i] : &t[n - 1], "devices = { NAME, ... } expected");
        return -1;
    }
    size_t start = ++i, cnt = 0;
    while (i < n && !nft_tok_is(&t[i], "}")) {
        if (!nft_tok_is(&t[i], ","))
            cnt++;
        i++;
    }
    if (i >= n) {
        err(L, &t[n - 1], "devices: the list has no closing '}'");
        return -1;
    }
    *devs = arena_alloc(L->a, (cnt ? cnt : 1) * sizeof(**devs));
    *ndevs = 0;
    for (size_t j = start; j < i; j++) {
        if (nft_tok_is(&t[j], ","))
            continue;
        if (t[j].kind != NFT_TOK_WORD && t[j].kind != NFT_TOK_STRING) {
            err(L, &t[j], "devices: \"%s\" is not an interface name", t[j].text);
            return -1;
        }
        (*devs)[(*ndevs)++] = ruleset_intern(L->rs, t[j].text);
    }
    return (int)i + 1;
}

static int hook_of(const char *w)
{
    for (size_t i = 0; i < ARRAY_SIZE(hook_names); i++)
        if (strcmp(w, hook_names[i]) == 0)
            return (int)i;
    return -1;
}

static void make_base(struct ipt_chain *c, int hook, int32_t prio)
{
    struct ipt_table *t = c->table;
    c->base = true;
    c->hook = (uint8_t)hook;
    c->priority = prio;
    c->hook_mask = IPT_HOOK_BIT(hook);
    if (t->nbases == t->capbases) {
        t->capbases = t->capbases ? t->capbases * 2 : 8;
        t->bases = xrealloc(t->bases, t->capbases * sizeof(*t->bases));
    }
    t->bases[t->nbases++] = c;
}

/* `type filter hook input [device D|devices = {...}] priority P` */
static void chain_type_line(struct nft_pstate *ps, struct ipt_chain *c, const struct nft_tok *u,
                            size_t n)
{
    struct nft_loader *L = ps->L;
    int family = c->table->family;
    int type = -1, hook = -1;
    int32_t prio = 0;
    bool have_prio = false;
    const char **devs = NULL;
    size_t ndevs = 0;
    size_t i = 1;
    if (i < n) {
        if (nft_tok_is(&u[i], "filter"))
            type = IPT_CHAIN_FILTER;
        else if (nft_tok_is(&u[i], "nat"))
            type = IPT_CHAIN_NAT;
        else if (nft_tok_is(&u[i], "route"))
            type = IPT_CHAIN_ROUTE;
    }
    if (type < 0) {
        err(L, i < n ? &u[i] : &u[0], "unknown chain type%s%s%s: expected filter, nat or route",
            i < n ? " \"" : "", i < n ? u[i].text : "", i < n ? "\"" : "");
        return;
    }
    i++;
    if (i >= n || !nft_tok_is(&u[i], "hook")) {
        err(L, i < n ? &u[i] : &u[i - 1], "expected `hook HOOK` after the chain type");
        return;
    }
    i++;
    if (i < n)
        hook = hook_of(u[i].text);
    bool egress = i < n && nft_tok_is(&u[i], "egress") && family == IPT_FAM_NETDEV;
    if (egress)
        hook = IPT_HOOK_INGRESS; /* for the priority names; kept apart below */
    if (hook < 0 || !hook_valid(family, hook)) {
        err(L, i < n ? &u[i] : &u[i - 1], "%s%s%s is not a hook of the %s family",
            i < n ? "\"" : "no hook", i < n ? u[i].text : "", i < n ? "\"" : "",
            family_name(family));
        return;
    }
    i++;
    while (i < n) {
        int used;
        if (nft_tok_is(&u[i], "device") || nft_tok_is(&u[i], "devices")) {
            used = parse_devices(ps, u + i + 1, n - i - 1, nft_tok_is(&u[i], "devices"), &devs,
                                 &ndevs);
        } else if (nft_tok_is(&u[i], "priority")) {
            used = parse_priority(ps, u + i + 1, n - i - 1, family, hook, &prio);
            have_prio = used > 0;
        } else {
            err(L, &u[i], "unexpected \"%s\" in the chain's type line", u[i].text);
            return;
        }
        if (used < 0)
            return;
        i += (size_t)used + 1;
    }
    if (!have_prio) {
        err(L, &u[n - 1], "the base chain has no priority: add `priority N`");
        return;
    }
    if (type == IPT_CHAIN_NAT &&
        !(family == IPT_FAM_IPV4 || family == IPT_FAM_IPV6 || family == IPT_FAM_INET)) {
        err(L, &u[1], "nat chains exist only in the ip, ip6 and inet families");
        return;
    }
    if (type == IPT_CHAIN_ROUTE && hook != IPT_HOOK_OUTPUT) {
        err(L, &u[1], "route chains exist only on hook output");
        return;
    }
    if ((family == IPT_FAM_NETDEV || hook == IPT_HOOK_INGRESS) && !ndevs) {
        err(L, &u[n - 1], "an %s chain needs `device NAME` or `devices = { ... }`",
            egress ? "egress" : "ingress");
        return;
    }
    if (egress) {
        /* the model has no egress hook: the chain keeps its declaration
         * (printed as declared) but is no base chain, so it never runs */
        warn(L, &u[3], "hook egress is not simulated: chain %s is kept, but no packet passes it",
             c->name);
        struct nft_chain_info *ci = nft_chain_info(c);
        ci->flags |= NFT_CHAIN_EGRESS;
        ci->devices = devs;
        ci->ndevices = ndevs;
        c->type = (uint8_t)type;
        c->priority = prio;
        if (!c->policy)
            c->policy = IPT_POLICY_ACCEPT;
        return;
    }
    if (c->base) {
        if (c->hook != hook || c->priority != prio || c->type != type)
            err(L, &u[0], "chain %s is already declared with a different type, hook or priority",
                c->name);
        return;
    }
    make_base(c, hook, prio);
    c->type = (uint8_t)type;
    if (!c->policy)
        c->policy = IPT_POLICY_ACCEPT;
    if (ndevs) {
        struct nft_chain_info *ci = nft_chain_info(c);
        ci->devices = devs;
        ci->ndevices = ndevs;
    }
}

static struct ipt_chain *get_chain(struct nft_pstate *ps, struct ipt_table *t, uint32_t name_i,
                                   bool create)
{
    struct nft_loader *L = ps->L;
    const char *name = name_text(ps, name_i);
    if (!name)
        return NULL;
    struct ipt_chain *c = table_find_chain(t, name);
    if (c || !create) {
        if (!c)
            err(L, TK(ps, name_i), "no chain %s in table %s %s", name, family_name(t->family),
                t->name);
        return c;
    }
    size_t max = L->o && L->o->max_chains ? L->o->max_chains : IPTSIM_DEFAULT_MAX_CHAINS;
    if (L->nchains >= max) {
        err(L, TK(ps, name_i), "more than %zu chains (raise the limit with --limit chains=N)", max);
        L->stopped = true;
        return NULL;
    }
    if (strlen(name) > 255) {
        err(L, TK(ps, name_i), "the chain name is %zu bytes long; nft allows at most 255",
            strlen(name));
        return NULL;
    }
    L->nchains++;
    c = table_add_chain(t, name);
    c->loc = TK(ps, name_i)->loc;
    return c;
}

static void queue_rule(struct nft_pstate *ps, struct ipt_chain *c, uint32_t a, uint32_t b,
                       bool insert)
{
    struct nft_loader *L = ps->L;
    size_t max = L->o && L->o->max_rules ? L->o->max_rules : IPTSIM_DEFAULT_MAX_RULES;
    if (L->nrules >= max) {
        err(L, TK(ps, a), "more than %zu rules (raise the limit with --limit rules=N)", max);
        L->stopped = true;
        return;
    }
    size_t n;
    const struct nft_tok *u = unit(ps, a, b, &n);
    if (!u || !n)
        return;
    struct op *o = op_push(L, OP_RULE);
    o->c = c;
    o->t = c->table;
    o->insert = insert;
    /* `index N`, `position N` and `handle N` before the rule */
    if (n >= 2 && (nft_tok_is(&u[0], "index") || nft_tok_is(&u[0], "position") ||
                   nft_tok_is(&u[0], "handle"))) {
        int64_t v;
        if (!nft_tok_is(&u[0], "index")) {
            err(L, &u[0],
                "%s N names a rule by the handle the kernel gave it; a file read offline has "
                "none (use `index N`)",
                u[0].text);
            L->nops--;
            return;
        }
        if (!parse_int(u[1].text, 0, UINT32_MAX - 1, &v)) {
            err(L, &u[1], "index: expected a rule number from 0");
            L->nops--;
            return;
        }
        o->index = v;
        u += 2;
        n -= 2;
    }
    L->nrules++;
    o->tok = u;
    o->ntok = n;
}

static void chain_line(struct nft_pstate *ps, void *arg, uint32_t a, uint32_t b)
{
    struct ipt_chain *c = arg;
    const struct nft_tok *t = &ps->src->tok[a];
    struct nft_loader *L = ps->L;
    if (t->kind == NFT_TOK_WORD &&
        (strcmp(t->text, "type") == 0 || strcmp(t->text, "policy") == 0 ||
         strcmp(t->text, "comment") == 0 || strcmp(t->text, "flags") == 0 ||
         strcmp(t->text, "devices") == 0)) {
        size_t n;
        const struct nft_tok *u = unit(ps, a, b, &n);
        if (!u)
            return;
        if (nft_tok_is(&u[0], "type")) {
            size_t nerr = L->d->nerr;
            chain_type_line(ps, c, u, n);
            if (L->d->nerr > nerr)
                L->bad_type = c;
        } else if (nft_tok_is(&u[0], "policy")) {
            if (n == 2 && nft_tok_is(&u[1], "accept"))
                c->policy = IPT_POLICY_ACCEPT;
            else if (n == 2 && nft_tok_is(&u[1], "drop"))
                c->policy = IPT_POLICY_DROP;
            else
                err(L, n > 1 ? &u[1] : &u[0], "policy: expected accept or drop");
            const struct nft_chain_info *eci = nft_chain_info_get(c);
            if (!c->base && n == 2 && !(eci && (eci->flags & NFT_CHAIN_EGRESS)) && L->bad_type != c)
                err(L, &u[0],
                    "a policy needs a base chain (`type ... hook ... priority ...;` "
                    "before it)");
        } else if (nft_tok_is(&u[0], "comment")) {
            comment_of(ps, u, n, &nft_chain_info(c)->comment);
        } else if (nft_tok_is(&u[0], "flags")) {
            if (n == 2 && nft_tok_is(&u[1], "offload"))
                nft_chain_info(c)->flags |= NFT_CHAIN_OFFLOAD;
            else
                err(L, n > 1 ? &u[1] : &u[0], "chain flags: expected offload");
        } else {
            struct nft_chain_info *ci = nft_chain_info(c);
            if (parse_devices(ps, u + 1, n - 1, true, &ci->devices, &ci->ndevices) < 0)
                return;
        }
        return;
    }
    queue_rule(ps, c, a, b, false);
}

void nft_ps_chain(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *body)
{
    if (ps->L->stopped)
        return;
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    struct ipt_chain *c = get_chain(ps, t, sp->name, true);
    if (!c || !body)
        return;
    each_line(ps, body->a, body->b, chain_line, c);
}

/* ---- sets and maps ---- */

struct set_ctx {
    struct ipt_table *t;
    struct nft_set *s;
    bool have_type;
};

static void set_key(struct nft_pstate *ps, struct set_ctx *x, const struct nft_tok *u, size_t n,
                    bool typeof_)
{
    struct nft_loader *L = ps->L;
    if (n < 2) {
        err(L, &u[0], "%s: the key's %s must follow", u[0].text,
            typeof_ ? "expression" : "data type");
        return;
    }
    size_t colon = n;
    for (size_t i = 1; i < n; i++)
        if (nft_tok_is(&u[i], ":")) {
            colon = i;
            break;
        }
    if (x->s->is_map && colon == n) {
        err(L, &u[n - 1], "a map's type needs `: DATA` (the type of the values)");
        return;
    }
    if (!x->s->is_map && colon < n) {
        err(L, &u[colon], "a set has no values: declare a map to use `:`");
        return;
    }
    x->have_type = true;
    struct nft_parse p = parse_ctx(L, x->t, NULL, u + 1, colon - 1);
    if (nft_set_key(&p, x->s, typeof_, false) < 0)
        return;
    if (colon < n) {
        if (colon + 1 >= n) {
            err(L, &u[colon], "the map's data type must follow ':'");
            return;
        }
        p = parse_ctx(L, x->t, NULL, u + colon + 1, n - colon - 1);
        nft_set_key(&p, x->s, typeof_, true);
    }
}

static void set_line(struct nft_pstate *ps, void *arg, uint32_t a, uint32_t b)
{
    struct set_ctx *x = arg;
    struct nft_loader *L = ps->L;
    struct nft_set *s = x->s;
    size_t n;
    const struct nft_tok *u = unit(ps, a, b, &n);
    if (!u || !n)
        return;
    const char *w = u[0].text;
    if (u[0].kind != NFT_TOK_WORD) {
        err(L, &u[0], "unexpected \"%s\" in a %s declaration", w, s->is_map ? "map" : "set");
    } else if (strcmp(w, "type") == 0 || strcmp(w, "typeof") == 0) {
        set_key(ps, x, u, n, w[4] == 'o');
    } else if (strcmp(w, "flags") == 0) {
        for (size_t i = 1; i < n; i++) {
            static const struct {
                const char *name;
                uint32_t f;
            } fl[] = {{"constant", NFT_SET_F_CONSTANT},
                      {"interval", NFT_SET_F_INTERVAL},
                      {"timeout", NFT_SET_F_TIMEOUT},
                      {"dynamic", NFT_SET_F_EVAL}};
            if (nft_tok_is(&u[i], ","))
                continue;
            size_t k = 0;
            while (k < ARRAY_SIZE(fl) && !nft_tok_is(&u[i], fl[k].name))
                k++;
            if (k == ARRAY_SIZE(fl))
                err(L, &u[i], "unknown set flag \"%s\" (constant, interval, timeout, dynamic)",
                    u[i].text);
            else
                s->flags |= fl[k].f;
        }
        if (n == 1)
            err(L, &u[0], "flags: at least one flag must follow");
    } else if (strcmp(w, "timeout") == 0 || strcmp(w, "gc-interval") == 0) {
        uint64_t ms;
        if (n != 2 || !nft_time_parse(u[1].text, &ms))
            err(L, n > 1 ? &u[1] : &u[0], "%s: expected a duration such as 30s, 1h or 1d2h", w);
        else if (w[0] == 't')
            s->timeout_ms = ms;
        else
            s->gc_interval_ms = ms;
        if (w[0] == 'g' && s->is_map)
            warn(L, &u[0],
                 "gc-interval in a map needs an nft newer than 1.0.6 (1.1.3 accepts it); nft "
                 "1.0.6 refuses it (\"syntax error, unexpected gc-interval\"), it takes "
                 "gc-interval in a set only");
    } else if (strcmp(w, "size") == 0) {
        int64_t v;
        if (n != 2 || !parse_int(u[1].text, 1, UINT32_MAX, &v))
            err(L, n > 1 ? &u[1] : &u[0], "size: expected a number of elements");
        else
            s->size = (uint32_t)v;
    } else if (strcmp(w, "policy") == 0) {
        if (n == 2 && (nft_tok_is(&u[1], "performance") || nft_tok_is(&u[1], "memory")))
            s->policy = nft_tok_is(&u[1], "memory") ? "memory" : "performance";
        else
            err(L, n > 1 ? &u[1] : &u[0], "policy: expected performance or memory");
    } else if (strcmp(w, "auto-merge") == 0 && n == 1) {
        s->auto_merge = true;
    } else if (strcmp(w, "counter") == 0 && n == 1) {
        s->counter = true;
    } else if (strcmp(w, "comment") == 0) {
        comment_of(ps, u, n, &s->comment);
    } else if (strcmp(w, "elements") == 0) {
        if (n < 3 || !nft_tok_is(&u[1], "=") || !nft_tok_is(&u[2], "{")) {
            err(L, n > 1 ? &u[1] : &u[0], "expected elements = { ... }");
            return;
        }
        struct op *o = op_push(L, OP_ELEMS);
        o->t = x->t;
        o->s = s;
        o->tok = u + 2;
        o->ntok = n - 2;
    } else {
        err(L, &u[0],
            "unknown %s attribute \"%s\" (type, typeof, flags, timeout, gc-interval, size, "
            "policy, auto-merge, counter, comment, elements)",
            s->is_map ? "map" : "set", w);
    }
}

void nft_ps_set(struct nft_pstate *ps, const struct nft_spec *sp, bool is_map,
                const struct nft_span *body)
{
    struct nft_loader *L = ps->L;
    if (L->stopped)
        return;
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    const char *name = name_text(ps, sp->name);
    if (!name)
        return;
    struct nft_set *s = nft_table_find_set(t, name);
    if (s) {
        if (s->is_map != is_map)
            err(L, TK(ps, sp->name), "%s is already declared as a %s", name,
                s->is_map ? "map" : "set");
        return; /* nft: re-adding an existing set is no change */
    }
    s = nft_table_add_set(t, name, is_map);
    s->loc = TK(ps, sp->name)->loc;
    struct set_ctx x = {t, s, false};
    each_line(ps, body->a, body->b, set_line, &x);
    if (!x.have_type)
        err(L, TK(ps, sp->name), "%s %s has no `type` or `typeof` line", is_map ? "map" : "set",
            name);
}

void nft_ps_elements(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *elems,
                     int del)
{
    struct nft_loader *L = ps->L;
    if (L->stopped)
        return;
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    const char *name = name_text(ps, sp->name);
    if (!name)
        return;
    struct nft_set *s = nft_table_find_set(t, name);
    if (!s) {
        err(L, TK(ps, sp->name), "no set or map %s in table %s %s", name, family_name(t->family),
            t->name);
        return;
    }
    size_t n;
    const struct nft_tok *u = unit(ps, elems->a, elems->b, &n);
    if (!u)
        return;
    if (del) {
        err(L, TK(ps, sp->name - 1 - (sp->fam != UINT32_MAX)),
            "delete element is not supported: ipt-sim reads the elements a set is left with "
            "only from their declaration and `add element`");
        return;
    }
    struct op *o = op_push(L, OP_ELEMS);
    o->t = t;
    o->s = s;
    o->tok = u;
    o->ntok = n;
}

/* ---- objects and flowtables ---- */

static void obj_line(struct nft_pstate *ps, void *arg, uint32_t a, uint32_t b)
{
    struct nft_obj_body *body = arg;
    size_t n;
    const struct nft_tok *u = unit(ps, a, b, &n);
    if (!u || !n)
        return;
    body->lines = xrealloc(body->lines, (body->nlines + 1) * sizeof(*body->lines));
    body->lines[body->nlines++] = (struct nft_obj_line){u, n};
}

/* moves a malloc'd body into the arena */
static struct nft_obj_body *body_keep(struct nft_loader *L, struct nft_obj_body *tmp)
{
    struct nft_obj_body *b = arena_alloc(L->a, sizeof(*b));
    b->nlines = tmp->nlines;
    b->lines = arena_alloc(L->a, (tmp->nlines ? tmp->nlines : 1) * sizeof(*b->lines));
    if (tmp->nlines)
        memcpy(b->lines, tmp->lines, tmp->nlines * sizeof(*b->lines));
    free(tmp->lines);
    return b;
}

/* What the system nft (1.0.6) or the kernel refuses in an object body but
 * ipt-sim accepts: said as a located warning, never silently. */

/* The conntrack helpers of mainline Linux (net/netfilter/nf_conntrack_*.c,
 * net/ipv4/netfilter/nf_nat_snmp_basic_main.c) by the name and layer 4
 * protocol `ct helper` objects look up (nft_ct_helper_obj_init), and
 * whether an IPv6 one exists. H.245 is left out: the kernel registers it
 * for no layer 3 family, and an object naming it is refused. Checked
 * against this kernel with nft -f in a namespace. */
static const struct {
    const char *name, *proto;
    bool ipv6;
} kernel_helpers[] = {
    {"amanda", "udp", true},      {"ftp", "tcp", true},   {"irc", "tcp", false},
    {"netbios-ns", "udp", false}, {"pptp", "tcp", false}, {"Q.931", "tcp", true},
    {"RAS", "udp", true},         {"sane", "tcp", true},  {"sip", "udp", true},
    {"sip", "tcp", true},         {"snmp", "udp", false}, {"snmp_trap", "udp", false},
    {"tftp", "udp", true},
};

static void check_ct_helper(struct nft_loader *L, const struct ipt_table *t,
                            const struct nft_obj_body *b)
{
    const struct nft_tok *type = NULL, *proto = NULL;
    int family = t->family;
    for (size_t i = 0; i < b->nlines; i++) {
        const struct nft_tok *u = b->lines[i].tok;
        size_t n = b->lines[i].n;
        if (n >= 2 && nft_tok_is(&u[0], "type") && u[1].kind == NFT_TOK_STRING) {
            type = &u[1];
            proto = n >= 4 && nft_tok_is(&u[2], "protocol") ? &u[3] : NULL;
        } else if (n == 2 && nft_tok_is(&u[0], "l3proto")) {
            if (nft_tok_is(&u[1], "ip"))
                family = IPT_FAM_IPV4;
            else if (nft_tok_is(&u[1], "ip6"))
                family = IPT_FAM_IPV6;
        }
    }
    if (!type || !proto)
        return;
    bool named = false;
    const char *other = NULL;
    for (size_t k = 0; k < ARRAY_SIZE(kernel_helpers); k++) {
        if (strcmp(kernel_helpers[k].name, type->text) != 0)
            continue;
        named = true;
        if (strcmp(kernel_helpers[k].proto, proto->text) != 0) {
            other = kernel_helpers[k].proto;
            continue;
        }
        if (family == IPT_FAM_IPV6 && !kernel_helpers[k].ipv6) {
            warn(L, type,
                 "ct helper \"%s\" exists only for IPv4 in the kernel: for ip6 the kernel "
                 "refuses the object (\"No such file or directory\") and nft -f fails; "
                 "ipt-sim accepts it",
                 type->text);
            return;
        }
        return;
    }
    if (!named)
        warn(L, type,
             "ct helper \"%s\" is not a helper of mainline Linux (nf_conntrack_*: amanda, ftp, "
             "irc, netbios-ns, pptp, Q.931, RAS, sane, sip, snmp, snmp_trap, tftp): the kernel "
             "refuses the object (\"No such file or directory\") and nft -f fails; ipt-sim "
             "accepts it",
             type->text);
    else
        warn(L, proto,
             "ct helper \"%s\" is a %s helper in the kernel, not %s: the kernel refuses the "
             "object (\"No such file or directory\") and nft -f fails; ipt-sim accepts it",
             type->text, other, proto->text);
}

/* `policy = { established : 2m, close : 10s }`: nft 1.0.6 takes a number
 * of seconds only ("syntax error, unexpected string, expecting number"). */
static void check_ct_timeout(struct nft_loader *L, const struct nft_obj_body *b)
{
    for (size_t i = 0; i < b->nlines; i++) {
        const struct nft_tok *u = b->lines[i].tok;
        size_t n = b->lines[i].n;
        if (!n || !nft_tok_is(&u[0], "policy"))
            continue;
        for (size_t j = 1; j + 1 < n; j++) {
            if (!nft_tok_is(&u[j], ":"))
                continue;
            const char *v = u[j + 1].text;
            size_t d = strspn(v, "0123456789");
            if (u[j + 1].kind == NFT_TOK_WORD && d > 0 && v[d]) {
                warn(L, &u[j + 1],
                     "a time with a unit (`%s`) in a ct timeout policy needs an nft newer than "
                     "1.0.6 (1.1.3 accepts it); nft 1.0.6 refuses it (\"syntax error, "
                     "unexpected string, expecting number\") and wants plain seconds",
                     v);
                return;
            }
        }
    }
}

void nft_ps_obj(struct nft_pstate *ps, uint32_t kind, const struct nft_spec *sp,
                const struct nft_span *body)
{
    struct nft_loader *L = ps->L;
    if (L->stopped)
        return;
    const struct nft_tok *k = TK(ps, kind);
    const char *kname = k->text;
    if (kind > 0 && nft_tok_is(TK(ps, kind - 1), "ct")) {
        if (strcmp(k->text, "helper") == 0)
            kname = "ct helper";
        else if (strcmp(k->text, "timeout") == 0)
            kname = "ct timeout";
        else if (strcmp(k->text, "expectation") == 0)
            kname = "ct expectation";
        else {
            err(L, k, "unknown ct object \"%s\" (helper, timeout, expectation)", k->text);
            return;
        }
    }
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    const char *name = name_text(ps, sp->name);
    if (!name)
        return;
    if (nft_table_find_obj(t, kname, name))
        return;
    struct nft_obj *o = arena_alloc(L->a, sizeof(*o));
    o->kind = kname;
    o->name = arena_strdup(L->a, name);
    o->loc = TK(ps, sp->name)->loc;
    struct nft_obj_body tmp = {0};
    if (body)
        each_line(ps, body->a, body->b, obj_line, &tmp);
    o->data = body_keep(L, &tmp);
    if (strcmp(kname, "ct helper") == 0)
        check_ct_helper(L, t, o->data);
    else if (strcmp(kname, "ct timeout") == 0)
        check_ct_timeout(L, o->data);
    struct nft_table *nt = nft_table_get(t);
    if (nt->nobjs == nt->capobjs) {
        nt->capobjs = nt->capobjs ? nt->capobjs * 2 : 8;
        nt->objs = xrealloc(nt->objs, nt->capobjs * sizeof(*nt->objs));
    }
    nt->objs[nt->nobjs++] = o;
}

struct ft_ctx {
    struct ipt_table *t;
    struct nft_flowtable *f;
    bool have_hook;
};

static void ft_line(struct nft_pstate *ps, void *arg, uint32_t a, uint32_t b)
{
    struct ft_ctx *x = arg;
    struct nft_loader *L = ps->L;
    size_t n;
    const struct nft_tok *u = unit(ps, a, b, &n);
    if (!u || !n)
        return;
    if (nft_tok_is(&u[0], "hook")) {
        if (n < 2 || !nft_tok_is(&u[1], "ingress")) {
            err(L, n > 1 ? &u[1] : &u[0], "a flowtable's hook is ingress");
            return;
        }
        x->f->hook = IPT_HOOK_INGRESS;
        x->have_hook = true;
        if (n < 4 || !nft_tok_is(&u[2], "priority")) {
            err(L, n > 2 ? &u[2] : &u[1], "expected `priority P` after the hook");
            return;
        }
        parse_priority(ps, u + 3, n - 3, IPT_FAM_NETDEV, IPT_HOOK_INGRESS, &x->f->priority);
    } else if (nft_tok_is(&u[0], "devices")) {
        parse_devices(ps, u + 1, n - 1, true, &x->f->devices, &x->f->ndevices);
    } else if (nft_tok_is(&u[0], "flags")) {
        if (n == 2 && nft_tok_is(&u[1], "offload"))
            x->f->flags |= 1;
        else
            err(L, n > 1 ? &u[1] : &u[0], "flowtable flags: expected offload");
    } else if (nft_tok_is(&u[0], "counter") && n == 1) {
        x->f->flags |= 2;
    } else {
        err(L, &u[0], "unexpected \"%s\" in a flowtable (hook, devices, flags, counter)",
            u[0].text);
    }
}

void nft_ps_flowtable(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *body)
{
    struct nft_loader *L = ps->L;
    if (L->stopped)
        return;
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    const char *name = name_text(ps, sp->name);
    if (!name)
        return;
    struct nft_flowtable *f = arena_alloc(L->a, sizeof(*f));
    f->name = arena_strdup(L->a, name);
    f->loc = TK(ps, sp->name)->loc;
    f->hook = IPT_HOOK_INGRESS;
    struct ft_ctx x = {t, f, false};
    if (body)
        each_line(ps, body->a, body->b, ft_line, &x);
    warn(L, TK(ps, sp->name),
         "flowtable %s: ipt-sim does not simulate flow offload (`flow add` does nothing "
         "here); a kernel without NF_FLOW_TABLE refuses it "
         "(\"No such file or directory\") and nft -f fails",
         name);
    struct nft_table *nt = nft_table_get(t);
    if (nt->nflowtables == nt->capflowtables) {
        nt->capflowtables = nt->capflowtables ? nt->capflowtables * 2 : 4;
        nt->flowtables = xrealloc(nt->flowtables, nt->capflowtables * sizeof(*nt->flowtables));
    }
    nt->flowtables[nt->nflowtables++] = f;
}

/* ---- rules and commands ---- */

void nft_ps_rule(struct nft_pstate *ps, const struct nft_spec *sp, const struct nft_span *rule,
                 bool insert)
{
    if (ps->L->stopped)
        return;
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    struct ipt_chain *c = get_chain(ps, t, sp->name, false);
    if (!c)
        return;
    queue_rule(ps, c, rule->a, rule->b, insert);
}

/* A table leaves the ruleset, and the queued work on it with it. */
static void drop_table(struct nft_loader *L, struct ipt_table *t)
{
    for (size_t j = 0; j < L->nops; j++)
        if (L->ops[j].t == t)
            L->ops[j].t = NULL;
    ruleset_remove_table(L->rs, t);
}

void nft_ps_flush_ruleset(struct nft_pstate *ps, uint32_t fam)
{
    struct nft_loader *L = ps->L;
    int f = fam == UINT32_MAX ? 0 : family_of(TK(ps, fam)->text);
    /* the nft tables read so far go; the queued work on them with them */
    for (size_t i = L->rs->ntables; i-- > 0;) {
        struct ipt_table *t = L->rs->tables[i];
        if (t->origin == IPT_ORIGIN_NFT && (!f || t->family == f))
            drop_table(L, t);
    }
}

void nft_ps_flush(struct nft_pstate *ps, uint32_t what, const struct nft_spec *sp)
{
    struct nft_loader *L = ps->L;
    const char *w = TK(ps, what)->text;
    struct ipt_table *t = spec_table(ps, sp, false);
    if (!t)
        return;
    if (w[0] == 't') {
        op_push(L, OP_FLUSH_TABLE)->t = t;
    } else if (w[0] == 'c') {
        struct ipt_chain *c = get_chain(ps, t, sp->name, false);
        if (c) {
            struct op *o = op_push(L, OP_FLUSH_CHAIN);
            o->t = t;
            o->c = c;
        }
    } else {
        const char *name = name_text(ps, sp->name);
        struct nft_set *s = name ? nft_table_find_set(t, name) : NULL;
        if (!s && name)
            err(L, TK(ps, sp->name), "no set or map %s in table %s %s", name,
                family_name(t->family), t->name);
        if (s) {
            struct op *o = op_push(L, OP_FLUSH_SET);
            o->t = t;
            o->s = s;
        }
    }
}

void nft_ps_delete(struct nft_pstate *ps, uint32_t what, const struct nft_spec *sp,
                   const struct nft_span *rest)
{
    struct nft_loader *L = ps->L;
    const struct nft_tok *w = TK(ps, what);
    (void)rest;
    if (nft_tok_is(w, "table")) {
        struct ipt_table *t = spec_table(ps, sp, false);
        if (!t)
            return;
        drop_table(L, t);
        return;
    }
    err(L, w,
        "delete %s is not supported: ipt-sim reads the ruleset a file declares; delete whole "
        "tables, or leave the %s out",
        w->text, w->text);
}

void nft_ps_define(struct nft_pstate *ps, uint32_t name, const struct nft_span *value,
                   bool redefine)
{
    struct nft_loader *L = ps->L;
    const struct nft_tok *nt = TK(ps, name);
    if (nt->kind != NFT_TOK_WORD) {
        err(L, nt, "define: the name must be a word");
        return;
    }
    size_t n;
    const struct nft_tok *u = unit(ps, value->a, value->b, &n);
    if (!u)
        return;
    if (!redefine && define_get(L, nt->text)) {
        err(L, nt, "%s is already defined (use redefine to change it)", nt->text);
        return;
    }
    struct nft_define *d = arena_alloc(L->a, sizeof(*d));
    d->tok = u;
    d->n = n;
    strmap_put(&L->defines, nt->text, d);
}

void nft_ps_undefine(struct nft_pstate *ps, uint32_t name)
{
    struct nft_loader *L = ps->L;
    const struct nft_tok *nt = TK(ps, name);
    if (!define_get(L, nt->text)) {
        err(L, nt, "undefine: %s is not defined", nt->text);
        return;
    }
    strmap_put(&L->defines, nt->text, NULL);
}

void nft_ps_ignored(struct nft_pstate *ps, uint32_t kw)
{
    warn(ps->L, TK(ps, kw), "%s commands are ignored: they print, they do not change the ruleset",
         TK(ps, kw)->text);
}

static void parse_src(struct nft_loader *L, struct nft_src *s);

static int read_file(struct nft_loader *L, const char *path, char **buf, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t max = L->o && L->o->max_file_size ? L->o->max_file_size : IPTSIM_DEFAULT_MAX_FILE_SIZE;
    size_t cap = 1 << 16, n = 0;
    char *b = xmalloc(cap);
    for (;;) {
        if (n == cap)
            b = xrealloc(b, cap *= 2);
        size_t k = fread(b + n, 1, cap - n, fp);
        if (!k)
            break;
        n += k;
        if (n > max) {
            free(b);
            fclose(fp);
            errno = EFBIG;
            return -1;
        }
    }
    bool bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(b);
        errno = EIO;
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

static void include_one(struct nft_pstate *ps, const struct nft_tok *at, const char *path)
{
    struct nft_loader *L = ps->L;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        err(L, at, "include \"%s\": this is a directory (include \"%s/*\" reads its files)",
            at->text, at->text);
        return;
    }
    char *buf;
    size_t len;
    if (read_file(L, path, &buf, &len) < 0) {
        err(L, at, "include \"%s\": cannot read %s: %s", at->text, path,
            errno == EFBIG ? "over the file-size limit" : strerror(errno));
        return;
    }
    uint32_t file = diags_add_file(L->d, path);
    struct nft_src *s = src_new(L, file, buf, len, path);
    free(buf);
    L->depth++;
    parse_src(L, s);
    L->depth--;
}

void nft_ps_include(struct nft_pstate *ps, uint32_t path_i)
{
    struct nft_loader *L = ps->L;
    const struct nft_tok *at = TK(ps, path_i);
    if (L->depth >= NFT_MAX_INCLUDE_DEPTH) {
        err(L, at, "include nested more than %d deep (an include loop?)", NFT_MAX_INCLUDE_DEPTH);
        return;
    }
    const char *p = at->text;
    struct strbuf full;
    sb_init(&full);
    if (p[0] != '/') {
        sb_puts(&full, ps->src->dir);
        sb_putc(&full, '/');
    }
    sb_puts(&full, p);
    if (strpbrk(p, "*?[")) {
        glob_t g;
        int rc = glob(full.s, 0, NULL, &g);
        if (rc == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++)
                include_one(ps, at, g.gl_pathv[i]);
            globfree(&g);
        } else if (rc != GLOB_NOMATCH) {
            err(L, at, "include \"%s\": cannot read the directory", p);
        }
        /* a pattern that matches nothing is no error, as in nft */
    } else {
        include_one(ps, at, full.s);
    }
    sb_free(&full);
}

/* ---- running the queue ---- */

/* `fib saddr oifname @s` where s is declared `type ifname`: nft 1.0.6
 * gives fib's oifname the type string, so it refuses the lookup
 * ("datatype mismatch, expected string, expression has type network
 * interface name"); newer nft types it ifname. A `typeof fib ... oifname`
 * set is a string set and loads everywhere. */
static void check_fib_ifname(struct nft_loader *L, const struct ipt_table *t,
                             const struct nft_tok *tok, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!nft_tok_is(&tok[i], "fib"))
            continue;
        size_t j = i + 1;
        while (j < n && tok[j].kind == NFT_TOK_WORD && !nft_tok_is(&tok[j], "oifname") &&
               !nft_tok_is(&tok[j], "oif") && !nft_tok_is(&tok[j], "type"))
            j++;
        if (j >= n || !nft_tok_is(&tok[j], "oifname"))
            continue;
        size_t k = j + 1;
        if (k < n && (nft_tok_is(&tok[k], "==") || nft_tok_is(&tok[k], "!=")))
            k++;
        if (k >= n || tok[k].kind != NFT_TOK_SETREF)
            continue;
        const struct nft_set *s = nft_table_find_set(t, tok[k].text);
        if (!s)
            continue;
        struct strbuf b;
        sb_init(&b);
        nft_set_print_type(&b, s);
        bool ifname = strcmp(b.s, "type ifname") == 0;
        sb_free(&b);
        if (ifname)
            warn(L, &tok[k],
                 "`fib ... oifname @%s` with set %s declared `type ifname` needs an nft newer "
                 "than 1.0.6 (1.1.3 accepts it); nft 1.0.6 refuses it (\"datatype mismatch, "
                 "expected string, expression has type network interface name\"); a set "
                 "declared `typeof fib saddr oifname` loads in both",
                 tok[k].text, tok[k].text);
    }
}

static void run_ops(struct nft_loader *L)
{
    for (size_t i = 0; i < L->nops; i++) {
        struct op *o = &L->ops[i];
        if (!o->t)
            continue; /* its table was flushed or deleted */
        switch (o->kind) {
        case OP_RULE: {
            check_fib_ifname(L, o->t, o->tok, o->ntok);
            struct nft_parse p = parse_ctx(L, o->t, o->c, o->tok, o->ntok);
            struct ipt_rule *r = nft_rule_parse(&p);
            if (!r)
                break;
            if (p.pos < p.ntok) {
                nft_error(&p, &p.tok[p.pos], "unexpected \"%s\": the rule ends before it",
                          p.tok[p.pos].text);
                break;
            }
            if (!r->loc.line) {
                const struct nft_tok *f = &o->tok[0], *l = &o->tok[o->ntok - 1];
                r->loc = f->loc;
                if (l->loc.file == f->loc.file && l->loc.line == f->loc.line)
                    r->loc.len = l->loc.col + l->loc.len - f->loc.col;
            }
            uint32_t pos = 0;
            if (o->index >= 0) {
                if ((uint64_t)o->index >= o->c->nrules) {
                    nft_error(&p, &o->tok[0],
                              "index %lld: chain %s has %u rules (index counts from 0)",
                              (long long)o->index, o->c->name, o->c->nrules);
                    break;
                }
                pos = (uint32_t)o->index + (o->insert ? 1 : 2);
            } else if (o->insert) {
                pos = 1;
            }
            chain_insert_rule(o->c, r, pos);
            break;
        }
        case OP_ELEMS: {
            struct nft_parse p = parse_ctx(L, o->t, NULL, o->tok, o->ntok);
            nft_set_add_elements(&p, o->s);
            break;
        }
        case OP_FLUSH_TABLE:
            for (size_t j = 0; j < o->t->nchains; j++)
                o->t->chains[j]->nrules = 0;
            break;
        case OP_FLUSH_CHAIN:
            o->c->nrules = 0;
            break;
        case OP_FLUSH_SET:
            /* the elements the set holds are the expression library's */
            break;
        default:
            break;
        }
    }
}

static void parse_src(struct nft_loader *L, struct nft_src *s)
{
    nft_scan(L->a, L->d, s->file, s->text, s->len, &s->tok, &s->ntok);
    struct nft_pstate ps = {.L = L, .src = s};
    nft_yyparse(&ps);
    free(ps.open);
}

int nft_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                    size_t len, const struct load_opts *o)
{
    size_t nerr = d->nerr;
    struct nft_loader L = {.rs = rs, .d = d, .o = o, .a = &rs->arena};
    strmap_init(&L.defines);
    strmap_init(&L.kw);
    for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
        strmap_put(&L.kw, keywords[i].word, (void *)(intptr_t)keywords[i].kind);
    struct nft_src *s = src_new(&L, file, buf, len, diags_file_name(d, file));
    parse_src(&L, s);
    run_ops(&L);
    for (size_t i = 0; i < L.nsrcs; i++) {
        nft_lines_free(&L.srcs[i]->lines);
        free(L.srcs[i]->text);
        free(L.srcs[i]->dir);
        free(L.srcs[i]);
    }
    free(L.srcs);
    free(L.ops);
    strmap_free(&L.defines);
    strmap_free(&L.kw);
    return d->nerr > nerr ? -1 : 0;
}

/* ---- printing helpers ---- */

void nft_tokens_print(struct strbuf *b, const struct nft_tok *tok, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct nft_tok *t = &tok[i];
        if (i && !nft_tok_is(t, ","))
            sb_putc(b, ' ');
        if (t->kind == NFT_TOK_STRING) {
            sb_putc(b, '"');
            sb_puts(b, t->text);
            sb_putc(b, '"');
        } else {
            if (t->kind == NFT_TOK_SETREF)
                sb_putc(b, '@');
            else if (t->kind == NFT_TOK_VAR)
                sb_putc(b, '$');
            size_t tl = strlen(t->text);
            if (t->kind == NFT_TOK_WORD && tl > 1 && t->text[tl - 1] == ':') {
                /* `established: 100` of a ct timeout policy: one word by
                 * the word rules, `established : 100` as nft prints it */
                sb_putn(b, t->text, tl - 1);
                sb_puts(b, " :");
            } else {
                sb_puts(b, t->text);
            }
        }
    }
}
