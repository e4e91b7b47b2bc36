/*
 * ipt_rule.c - the options of one `-A CHAIN ...` line, read as iptables'
 * getopt loop reads them (iptables/xshared.c do_parse, command_default).
 *
 * - `!` negates the next option.
 * - Standard options (-s -d -i -o -p -f, -m, -j, -g, -c) come first.
 * - Any other option belongs to a loaded extension. iptables merges each
 *   newly loaded extension's options in front of the older ones, so the
 *   newest extension wins a name both know; we search newest first.
 * - Long options may be abbreviated to a unique prefix, as getopt_long
 *   allows, and may be written --name=value.
 * - With -p PROTO given, an option no loaded extension knows loads the
 *   match named PROTO (`-p tcp --dport 22` is `-p tcp -m tcp --dport 22`).
 * - An unknown `-m NAME` or `-j NAME` keeps its options verbatim (warning);
 *   the engine forks on it.
 */
#include "ipt_load.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The kernel has no limit of its own (measured: 70 `-m rpfilter` load);
 * iptables-restore takes 251 words a line (IPTSIM_RESTORE_MAX_WORDS), and
 * each `-m NAME` is two of them, so no rule it loads has more than 126
 * expressions with the header. */
#define MAX_EXPRS (IPTSIM_RESTORE_MAX_WORDS / 2 + 1)

/* Data of the unknown match/target: the words as given. */
struct unknown_data {
    const char *name;
    char **words;
    bool *quoted;
    uint32_t nwords;
};

/* Where an expression stood: its `-m NAME` / `-j NAME` word (the model's
 * expressions do not keep it). */
struct exloc {
    uint32_t col, len;
};

struct builder {
    struct ipt_loader *L;
    struct ext_parse p;
    /* The rule being read, in scratch space: it is allocated in one piece
     * with its expressions and counters when it commits. */
    struct ipt_rule rule;
    struct ipt_rule *r; /* &rule */
    struct ipt_counters counters;
    bool has_counters;
    struct ipt_expr ex[MAX_EXPRS + 1]; /* exprs; the target is kept apart */
    struct exloc exloc[MAX_EXPRS + 1];
    uint16_t nex;
    int header;             /* index of the header expr, -1 none */
    struct ipt_expr target; /* valid when has_target */
    struct exloc tloc;
    bool has_target;
    /* Expression data is parsed here, then copied to the ruleset's arena
     * when the rule commits, shared with an earlier rule whose data has
     * the same bytes (a kube-proxy dump has 10^5 `-p tcp -m tcp`): */
    struct arena scratch;
    struct data_cache {
        const struct ext_ops *ops;
        const void *data;
        size_t size;
    } cache[4096];                 /* by hash of the bytes; a miss only costs a copy */
    struct ipt_expr *open_unknown; /* an unknown ext still taking words */
    struct ipt_header hdr;         /* the header being parsed (packed on commit) */
    /* unknown words are collected here, then copied to the arena */
    struct strbuf ubuf;
    size_t uoff[256];
    bool uquoted[256];
    uint32_t nu;
};

static struct ipt_loc word_loc(struct builder *b, size_t i)
{
    struct ipt_loader *L = b->L;
    return (struct ipt_loc){L->file, L->line, L->lx.w[i].col, L->lx.w[i].len};
}

static int err_at(struct builder *b, size_t i, const char *fmt, ...) IPTSIM_PRINTF(3, 4);
static int err_at(struct builder *b, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(b->L->diags, DIAG_ERROR, word_loc(b, i), b->L->src_line, fmt, ap);
    va_end(ap);
    return -1;
}

static void warn_at(struct builder *b, size_t i, const char *fmt, ...) IPTSIM_PRINTF(3, 4);
static void warn_at(struct builder *b, size_t i, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(b->L->diags, DIAG_WARNING, word_loc(b, i), b->L->src_line, fmt, ap);
    va_end(ap);
}

static const char *W(struct builder *b, size_t i)
{
    return ipt_lex_str(&b->L->lx, i);
}

static struct ipt_expr *new_expr(struct builder *b, const struct ext_ops *ops, size_t word)
{
    if (b->nex >= MAX_EXPRS) {
        err_at(b, word, "too many matches in one rule (at most %d)", MAX_EXPRS);
        return NULL;
    }
    struct ipt_expr *e = &b->ex[b->nex++];
    memset(e, 0, sizeof(*e));
    e->ops = ops;
    e->data = arena_alloc(&b->scratch, ops->size ? ops->size : 1);
    b->exloc[e - b->ex] = (struct exloc){b->L->lx.w[word].col, b->L->lx.w[word].len};
    if (ops->init) {
        b->p.loc = word_loc(b, word);
        ops->init(&b->p, e);
    }
    return e;
}

static struct ipt_expr *header_expr(struct builder *b, size_t word)
{
    if (b->header >= 0)
        return &b->ex[b->header];
    if (b->nex >= MAX_EXPRS) {
        err_at(b, word, "too many matches in one rule (at most %d)", MAX_EXPRS);
        return NULL;
    }
    /* The header always goes first, whatever order the options came in.
     * It is parsed into scratch space and packed when the rule commits. */
    memmove(&b->ex[1], &b->ex[0], b->nex * sizeof(b->ex[0]));
    memmove(&b->exloc[1], &b->exloc[0], b->nex * sizeof(b->exloc[0]));
    b->nex++;
    struct ipt_expr *e = &b->ex[0];
    memset(e, 0, sizeof(*e));
    e->ops = b->p.family == IPT_FAM_IPV6 ? &ext_ip6 : &ext_ip;
    memset(&b->hdr, 0, sizeof(b->hdr));
    e->data = &b->hdr;
    b->exloc[0] = (struct exloc){b->L->lx.w[word].col, 0};
    b->header = 0;
    if (b->open_unknown && b->open_unknown != &b->target)
        b->open_unknown++;
    return e;
}

/* ---- option lookup ---- */

struct stdopt {
    const char *name;
    char shortname; /* the one-letter spelling, 0 if none */
    char key;       /* what it means: the letter of its canonical form */
    int nargs;
};
static const struct stdopt std_opts[] = {
    {"source", 's', 's', 1},       {"src", 0, 's', 1},
    {"destination", 'd', 'd', 1},  {"dst", 0, 'd', 1},
    {"in-interface", 'i', 'i', 1}, {"out-interface", 'o', 'o', 1},
    {"protocol", 'p', 'p', 1},     {"fragment", 'f', 'f', 0},
    {"jump", 'j', 'j', 1},         {"goto", 'g', 'g', 1},
    {"match", 'm', 'm', 1},        {"set-counters", 'c', 'c', 2},
    {"ipv4", '4', '4', 0},         {"ipv6", '6', '6', 0},
};

struct found {
    const struct stdopt *std;
    struct ipt_expr *e; /* NULL for std */
    const struct ext_opt *o;
    bool implicit; /* needs the implicit protocol match */
};

static int opt_names_match(const char *opt, const char *name, size_t n, bool exact)
{
    /* (the first byte is a quick test; n == 0 is a prefix of everything) */
    return (n == 0 || opt[0] == name[0]) && strncmp(opt, name, n) == 0 && (!exact || opt[n] == 0);
}

/* Searches one extension's options. */
static const struct ext_opt *ext_lookup(const struct ext_ops *ops, const char *name, size_t n,
                                        bool exact)
{
    for (size_t i = 0; i < ops->nopts; i++)
        if (opt_names_match(ops->opts[i].name, name, n, exact))
            return &ops->opts[i];
    return NULL;
}

/* The match iptables loads for `-p PROTO --option` without `-m`: the
 * protocol's name, except where the extension is named otherwise. */
static const char *implicit_match_name(int family, int proto)
{
    switch (proto) {
    case 58:
        return family == IPT_FAM_IPV6 ? "icmp6" : NULL;
    case 135:
        return family == IPT_FAM_IPV6 ? "mh" : NULL;
    }
    return proto_save_name(proto);
}

/* Finds what `--name` (n chars) refers to. Returns 0 found, -1 unknown,
 * -2 ambiguous. */
static int lookup(struct builder *b, const char *name, size_t n, struct found *f)
{
    memset(f, 0, sizeof(*f));
    /* exact: standard, then extensions newest first */
    for (size_t i = 0; i < ARRAY_SIZE(std_opts); i++)
        if (opt_names_match(std_opts[i].name, name, n, true)) {
            f->std = &std_opts[i];
            return 0;
        }
    if (b->has_target && (f->o = ext_lookup(b->target.ops, name, n, true))) {
        f->e = &b->target;
        return 0;
    }
    for (int i = b->nex - 1; i >= 0; i--) {
        if (b->ex[i].ops->kind == EXT_HEADER)
            continue;
        if ((f->o = ext_lookup(b->ex[i].ops, name, n, true))) {
            f->e = &b->ex[i];
            return 0;
        }
    }
    /* unique prefix among all of them (getopt_long) */
    int hits = 0;
    struct found cand = {0};
    for (size_t i = 0; i < ARRAY_SIZE(std_opts); i++)
        if (opt_names_match(std_opts[i].name, name, n, false)) {
            hits++;
            cand = (struct found){.std = &std_opts[i]};
        }
    const struct ext_opt *first = NULL;
    if (b->has_target) {
        for (size_t j = 0; j < b->target.ops->nopts; j++) {
            const struct ext_opt *o = &b->target.ops->opts[j];
            if (opt_names_match(o->name, name, n, false) && (!first || first->id != o->id)) {
                hits++;
                first = o;
                cand = (struct found){.e = &b->target, .o = o};
            }
        }
    }
    for (int i = b->nex - 1; i >= 0; i--) {
        if (b->ex[i].ops->kind == EXT_HEADER)
            continue;
        first = NULL;
        for (size_t j = 0; j < b->ex[i].ops->nopts; j++) {
            const struct ext_opt *o = &b->ex[i].ops->opts[j];
            if (opt_names_match(o->name, name, n, false) && (!first || first->id != o->id)) {
                hits++;
                first = o;
                cand = (struct found){.e = &b->ex[i], .o = o};
            }
        }
    }
    if (hits == 1) {
        *f = cand;
        return 0;
    }
    if (hits > 1)
        return -2;
    /* the implicit protocol match; iptables loads it after `! -p tcp` too */
    if (b->p.proto) {
        const char *pn = implicit_match_name(b->p.family, b->p.proto);
        const struct ext_ops *ops = pn ? ext_find(EXT_MATCH, pn) : NULL;
        if (ops && ops->families && !(ops->families & (1u << b->p.family)))
            ops = NULL;
        if (ops) {
            const struct ext_opt *o = ext_lookup(ops, name, n, true);
            if (!o)
                o = ext_lookup(ops, name, n, false);
            if (o) {
                f->o = o;
                f->implicit = true;
                return 0;
            }
        }
    }
    return -1;
}

/* ---- option values ---- */

static int parse_generic(struct builder *b, struct ipt_expr *e, const struct ext_opt *o,
                         char **argv)
{
    struct ext_parse *p = &b->p;
    char *d = (char *)e->data + o->off;
    uint64_t v;
    uint64_t max = o->max;
    switch (o->type) {
    case ARG_NONE:
        return 0;
    case ARG_U8:
        if (ext_parse_uint(p, argv[0], o->min, max ? max : 0xff, &v))
            return -1;
        *(uint8_t *)d = (uint8_t)v;
        return 0;
    case ARG_U16:
        if (ext_parse_uint(p, argv[0], o->min, max ? max : 0xffff, &v))
            return -1;
        *(uint16_t *)d = (uint16_t)v;
        return 0;
    case ARG_U32:
        if (ext_parse_uint(p, argv[0], o->min, max ? max : 0xffffffffu, &v))
            return -1;
        *(uint32_t *)d = (uint32_t)v;
        return 0;
    case ARG_U64:
        if (ext_parse_uint(p, argv[0], o->min, max ? max : UINT64_MAX, &v))
            return -1;
        *(uint64_t *)d = v;
        return 0;
    case ARG_RANGE32: {
        struct ext_range32 *r = (void *)d;
        char buf[64];
        snprintf(buf, sizeof(buf), "%s", argv[0]);
        char *colon = strchr(buf, ':');
        if (colon)
            *colon = 0;
        uint64_t lo, hi;
        if (ext_parse_uint(p, buf, o->min, max ? max : 0xffffffffu, &lo))
            return -1;
        hi = lo;
        if (colon && ext_parse_uint(p, colon + 1, o->min, max ? max : 0xffffffffu, &hi))
            return -1;
        if (lo > hi)
            return ext_error(p, "invalid range \"%s\": first value is above the last", argv[0]);
        r->lo = (uint32_t)lo;
        r->hi = (uint32_t)hi;
        return 0;
    }
    case ARG_PORT:
        return ext_parse_port(p, argv[0], (uint16_t *)d);
    case ARG_PORTRANGE:
        return ext_parse_portrange(p, argv[0], (struct ext_range16 *)d);
    case ARG_STRING:
    case ARG_QSTRING:
        if (max && strlen(argv[0]) > max)
            return ext_error(p, "\"%s\" is too long (at most %llu characters)", argv[0],
                             (unsigned long long)max);
        *(const char **)d = arena_strdup(&b->L->rs->arena, argv[0]);
        return 0;
    case ARG_MARKMASK:
        return ext_parse_markmask(p, argv[0], (struct ext_markmask *)d);
    case ARG_NET:
        return ext_parse_net(p, argv[0], (struct ipt_net *)d);
    case ARG_IFACE:
        return ext_parse_iface(p, argv[0], (const char **)d);
    case ARG_CUSTOM:
        break;
    }
    return ext_error(p, "option --%s has no parser (internal error)", o->name);
}

static int opt_nargs(const struct ext_opt *o)
{
    if (o->nargs)
        return o->nargs;
    return o->type == ARG_NONE ? 0 : 1;
}

/* Appends a verbatim word to the open unknown extension. */
static void unknown_word(struct builder *b, size_t i)
{
    if (b->nu >= ARRAY_SIZE(b->uoff))
        return;
    b->uoff[b->nu] = b->ubuf.len;
    b->uquoted[b->nu] = b->L->lx.w[i].quoted;
    b->nu++;
    sb_puts(&b->ubuf, W(b, i));
    sb_putc(&b->ubuf, 0);
}

static void unknown_close(struct builder *b)
{
    if (!b->open_unknown)
        return;
    struct unknown_data *u = b->open_unknown->data;
    struct arena *a = &b->L->rs->arena;
    u->nwords = b->nu;
    u->words = arena_alloc(a, b->nu * sizeof(char *) + 1);
    u->quoted = arena_alloc(a, b->nu * sizeof(bool) + 1);
    for (uint32_t i = 0; i < b->nu; i++) {
        u->words[i] = arena_strdup(a, b->ubuf.s + b->uoff[i]);
        u->quoted[i] = b->uquoted[i];
    }
    b->open_unknown = NULL;
    b->nu = 0;
    sb_reset(&b->ubuf);
}

static bool is_std_verdict(const char *n, uint8_t *v)
{
    static const struct {
        const char *n;
        uint8_t v;
    } s[] = {{"ACCEPT", IPT_V_ACCEPT},
             {"DROP", IPT_V_DROP},
             {"RETURN", IPT_V_RETURN},
             {"QUEUE", IPT_V_QUEUE}};
    for (size_t i = 0; i < ARRAY_SIZE(s); i++)
        if (strcmp(n, s[i].n) == 0) {
            *v = s[i].v;
            return true;
        }
    return false;
}

static int do_jump(struct builder *b, size_t i, bool is_goto)
{
    const char *name = W(b, i);
    struct ipt_rule *r = b->r;
    if (r->verdict != IPT_V_CONTINUE || b->has_target)
        return err_at(b, i, "a rule has one target: -j/-g given twice");
    uint8_t v;
    if (!is_goto && is_std_verdict(name, &v)) {
        r->verdict = v;
        return 0;
    }
    if (is_goto && is_std_verdict(name, &v))
        return err_at(b, i, "-g needs a user-defined chain, not %s", name);
    struct ipt_chain *c = table_find_chain(b->L->table, name);
    if (c && !c->base) {
        r->verdict = is_goto ? IPT_V_GOTO : IPT_V_JUMP;
        r->jump = c;
        c->nrefs++;
        return 0;
    }
    if (c && c->base)
        /* iptables-nft: "RULE_APPEND failed (Operation not supported)" */
        return err_at(b, i,
                      "cannot %s the built-in chain %s: only user-defined chains "
                      "can be targets",
                      is_goto ? "go to" : "jump to", name);
    if (!is_goto) {
        const struct ext_ops *ops = ipt_find_ext(b->L, EXT_TARGET, name);
        if (ops) {
            if (ops->families && !(ops->families & (1u << b->p.family)))
                return err_at(b, i, "target %s is not available for %s", name,
                              b->p.family == IPT_FAM_IPV6 ? "ip6tables" : "iptables");
            struct ipt_expr *e = &b->target;
            memset(e, 0, sizeof(*e));
            e->ops = ops;
            e->data = arena_alloc(&b->scratch, ops->size ? ops->size : 1);
            b->tloc = (struct exloc){b->L->lx.w[i].col, b->L->lx.w[i].len};
            b->has_target = true;
            r->verdict = IPT_V_TARGET;
            if (ops->init) {
                b->p.loc = word_loc(b, i);
                ops->init(&b->p, e);
            }
            return 0;
        }
        /* Not a chain and not a target we know. With options after it, it
         * cannot be a chain: a target extension ipt-sim lacks. Keep it
         * (the engine forks). Without options, iptables-restore says the
         * chain does not exist, and so do we. */
        if (i + 1 < b->L->lx.nw && W(b, i + 1)[0] == '-' && W(b, i + 1)[1] == '-') {
            struct ipt_expr *e = &b->target;
            memset(e, 0, sizeof(*e));
            e->ops = &ext_unknown_target;
            e->data = arena_alloc(&b->scratch, sizeof(struct unknown_data));
            ((struct unknown_data *)e->data)->name = arena_strdup(&b->L->rs->arena, name);
            b->tloc = (struct exloc){b->L->lx.w[i].col, b->L->lx.w[i].len};
            b->has_target = true;
            r->verdict = IPT_V_TARGET;
            b->open_unknown = e;
            warn_at(b, i,
                    "unknown target %s: no chain of that name is declared and ipt-sim "
                    "knows no such target extension; kept as written, the simulation "
                    "forks on it",
                    name);
            return 0;
        }
    }
    b->L->missing_chains++;
    return err_at(b, i,
                  "chain '%s' does not exist in table %s (declare it with a ':%s' line "
                  "before the rules that use it; if %s is a target extension, ipt-sim "
                  "does not know it)",
                  name, b->L->table->name, name, name);
}

static int do_match(struct builder *b, size_t i)
{
    const char *name = W(b, i);
    unknown_close(b);
    const struct ext_ops *ops = ipt_find_ext(b->L, EXT_MATCH, name);
    if (ops && ops->families && !(ops->families & (1u << b->p.family))) {
        return err_at(b, i, "match %s is not available for %s", name,
                      b->p.family == IPT_FAM_IPV6 ? "ip6tables" : "iptables");
    }
    if (!ops) {
        struct ipt_expr *e = new_expr(b, &ext_unknown_match, i);
        if (!e)
            return -1;
        ((struct unknown_data *)e->data)->name = arena_strdup(&b->L->rs->arena, name);
        b->open_unknown = e;
        warn_at(b, i,
                "unknown match extension \"%s\": kept as written; ipt-sim cannot "
                "evaluate it and will fork on it",
                name);
        return 0;
    }
    return new_expr(b, ops, i) ? 0 : -1;
}

/* Parses one extension option at word i (the option name); *next gets the
 * index after its arguments. */
static int do_ext_option(struct builder *b, size_t i, const char *inline_arg, const struct found *f,
                         bool invert, size_t *next)
{
    struct ipt_expr *e = f->e;
    const struct ext_opt *o = f->o;
    size_t nw = b->L->lx.nw;
    if (f->implicit) {
        e = new_expr(b, ext_find(EXT_MATCH, implicit_match_name(b->p.family, b->p.proto)), i);
        if (!e)
            return -1;
    }
    b->p.opt_loc = word_loc(b, i);
    if (invert && !(o->flags & EXT_OPT_INVERT))
        return err_at(b, i, "--%s cannot be negated with '!'", o->name);
    if (ext_has(e, o->id) && !(o->flags & EXT_OPT_MULTI))
        return err_at(b, i, "only one --%s allowed in a %s %s", o->name, e->ops->name,
                      e->ops->kind == EXT_TARGET ? "target" : "match");
    int nargs = opt_nargs(o);
    char *argv[4] = {0};
    size_t j = i + 1;
    int k = 0;
    if (inline_arg) {
        if (nargs == 0)
            return err_at(b, i, "--%s takes no value", o->name);
        argv[k++] = (char *)inline_arg;
    }
    for (; k < nargs; k++, j++) {
        if (j >= nw)
            return err_at(b, i, "--%s needs %s", o->name, nargs == 1 ? "a value" : "more values");
        if (strcmp(W(b, j), "!") == 0 && !b->L->lx.w[j].quoted && k == 0) {
            /* Old intrapositioned negation: `--dport ! 22`. */
            if (!b->L->opts->lenient || !(o->flags & EXT_OPT_INVERT))
                return err_at(b, j,
                              "negation after the option (\"--%s ! VALUE\") is the "
                              "pre-1.4.3 syntax that iptables-restore refuses; write "
                              "\"! --%s VALUE\"",
                              o->name, o->name);
            warn_at(b, j,
                    "old negation syntax \"--%s ! VALUE\" accepted (--lenient); "
                    "iptables-restore refuses it",
                    o->name);
            invert = true;
            j++;
            if (j >= nw)
                return err_at(b, i, "--%s needs a value", o->name);
        }
        argv[k] = (char *)W(b, j);
    }
    *next = j;
    if (invert)
        e->inv |= 1u << o->id;
    b->p.loc = word_loc(b, inline_arg ? i : (nargs ? i + 1 : i));
    int rc = o->parse ? o->parse(&b->p, e, o, argv) : parse_generic(b, e, o, argv);
    if (rc)
        return -1;
    e->set |= 1u << o->id;
    return 0;
}

/* Old intrapositioned negation for the header options: `-s ! addr`. */
static int header_old_negation(struct builder *b, size_t *j, bool *invert, const char *opt)
{
    if (strcmp(W(b, *j), "!") || b->L->lx.w[*j].quoted)
        return 0;
    if (!b->L->opts->lenient)
        return err_at(b, *j,
                      "\"%s ! ADDR\" is the pre-1.4.3 negation syntax that "
                      "iptables-restore refuses (\"Bad argument\"); write \"! %s ADDR\" "
                      "(or pass --lenient to accept it)",
                      opt, opt);
    warn_at(b, *j,
            "old negation syntax \"%s ! VALUE\" accepted (--lenient); "
            "iptables-restore refuses it",
            opt);
    *invert = true;
    (*j)++;
    return 0;
}

/* The expression's data in the ruleset's arena: a copy, or the same bytes
 * an earlier rule stored. size 0: ops->size. */
static void *commit_data(struct builder *b, const struct ipt_expr *e, size_t size)
{
    if (!size)
        size = e->ops->size ? e->ops->size : 1;
    struct arena *a = &b->L->rs->arena;
    if (e->ops == &ext_unknown_match || e->ops == &ext_unknown_target)
        return memcpy(arena_alloc(a, size), e->data, size);
    /* a multiply-xorshift hash of the bytes, eight at a time, and the
     * extension */
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)e->ops;
    const unsigned char *p = e->data;
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    for (; i < size; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    struct data_cache *c = &b->cache[(h ^ (h >> 29)) & (ARRAY_SIZE(b->cache) - 1)];
    if (c->ops == e->ops && c->size == size && memcmp(c->data, e->data, size) == 0)
        return (void *)(uintptr_t)c->data;
    void *copy = memcpy(arena_alloc(a, size), e->data, size);
    *c = (struct data_cache){e->ops, copy, size};
    return copy;
}

int ipt_read_rule(struct ipt_loader *L, size_t first, uint64_t pkts, uint64_t bytes, bool counters)
{
    struct ipt_lex *lx = &L->lx;
    /* The builder is big (room for 64 expressions): it lives in the loader
     * and only the fields a rule uses are reset. */
    if (!L->builder)
        L->builder = xcalloc(1, sizeof(struct builder));
    struct builder *b = L->builder;
    int rc = -1;
    b->L = L;
    b->header = -1;
    b->nex = 0;
    b->has_target = false;
    b->open_unknown = NULL;
    b->nu = 0;
    b->r = NULL;
    sb_reset(&b->ubuf);
    arena_reset(&b->scratch);
    b->p = (struct ext_parse){.rs = L->rs,
                              .diags = L->diags,
                              .family = L->family,
                              .table = L->table->name,
                              .src_line = L->src_line,
                              .lenient = L->opts->lenient};
    size_t i = first;
    const char *cmd = W(b, i);
    bool insert = false;
    if (!strcmp(cmd, "-A") || !strcmp(cmd, "--append")) {
    } else if (!strcmp(cmd, "-I") || !strcmp(cmd, "--insert")) {
        insert = true;
    } else if (cmd[0] == '-') {
        err_at(b, i,
               "\"%s\": ipt-sim reads saved rulesets, whose rule lines start with -A "
               "(or -I)",
               cmd);
        goto out;
    } else {
        err_at(b, i, "unexpected \"%s\": a rule line starts with -A CHAIN", cmd);
        goto out;
    }
    if (++i >= lx->nw) {
        err_at(b, i - 1, "%s needs a chain name", cmd);
        goto out;
    }
    struct ipt_chain *chain = table_find_chain(L->table, W(b, i));
    if (!chain) {
        err_at(b, i,
               "chain '%s' does not exist in table %s (\"No chain/target/match by that "
               "name\")",
               W(b, i), L->table->name);
        goto out;
    }
    b->p.chain = chain->name;
    i++;
    uint32_t pos = 0;
    if (insert && i < lx->nw && isdigit((unsigned char)W(b, i)[0])) {
        uint64_t v;
        b->p.loc = word_loc(b, i);
        if (ext_parse_uint(&b->p, W(b, i), 1, UINT32_MAX, &v))
            goto out;
        if (v > chain->nrules + 1) {
            err_at(b, i, "index of insertion too big (the chain has %u rules)", chain->nrules);
            goto out;
        }
        pos = (uint32_t)v;
        i++;
    } else if (insert) {
        pos = 1;
    }

    struct ipt_rule *r = &b->rule;
    memset(r, 0, sizeof(*r));
    b->r = r;
    r->loc = (struct ipt_loc){L->file, L->line, lx->w[first].col, 0};
    b->counters = (struct ipt_counters){pkts, bytes};
    b->has_counters = counters;
    b->p.rule = r;

    bool invert = false;
    size_t invert_word = 0;
    while (i < lx->nw) {
        const char *w = W(b, i);
        bool quoted = lx->w[i].quoted;
        if (!quoted && strcmp(w, "!") == 0) {
            if (invert) {
                err_at(b, i, "multiple '!' flags not allowed");
                goto out;
            }
            invert = true;
            invert_word = i;
            i++;
            continue;
        }
        const char *name = NULL, *inline_arg = NULL;
        size_t n = 0;
        struct found f;
        if (!quoted && w[0] == '-' && w[1] == '-' && w[2]) {
            name = w + 2;
            const char *eq = strchr(name, '=');
            n = eq ? (size_t)(eq - name) : strlen(name);
            inline_arg = eq ? eq + 1 : NULL;
            int lr = lookup(b, name, n, &f);
            if (lr == -2) {
                err_at(b, i, "option \"--%.*s\" is ambiguous", (int)n, name);
                goto out;
            }
            if (lr == -1) {
                if (b->open_unknown) {
                    unknown_word(b, i);
                    i++;
                    continue;
                }
                err_at(b, i, "unknown option \"--%.*s\"", (int)n, name);
                goto out;
            }
        } else if (!quoted && w[0] == '-' && w[1] && !w[2]) {
            const struct stdopt *s = NULL;
            for (size_t k = 0; k < ARRAY_SIZE(std_opts); k++)
                if (std_opts[k].shortname == w[1])
                    s = &std_opts[k];
            if (!s) {
                if (b->open_unknown) {
                    unknown_word(b, i);
                    i++;
                    continue;
                }
                err_at(b, i, "unknown option \"%s\"", w);
                goto out;
            }
            memset(&f, 0, sizeof(f));
            f.std = s;
        } else {
            if (b->open_unknown) {
                unknown_word(b, i);
                i++;
                continue;
            }
            err_at(b, i,
                   "bad argument \"%s\": not an option, and no option before it takes "
                   "a value here",
                   w);
            goto out;
        }

        if (!f.std) {
            size_t next = i + 1;
            if (do_ext_option(b, i, inline_arg, &f, invert, &next))
                goto out;
            invert = false;
            i = next;
            continue;
        }
        /* standard options */
        char sn = f.std->key;
        size_t j = i + 1;
        const char *arg = inline_arg;
        if (f.std->nargs >= 1 && !arg) {
            if (j >= lx->nw) {
                err_at(b, i, "option %s needs a value", w);
                goto out;
            }
            arg = W(b, j);
        }
        switch (sn) {
        case 's':
        case 'd':
        case 'i':
        case 'o':
        case 'p':
        case 'f': {
            if (sn != 'f' && !inline_arg && header_old_negation(b, &j, &invert, w))
                goto out;
            if (sn != 'f') {
                if (j >= lx->nw) {
                    err_at(b, i, "option %s needs a value", w);
                    goto out;
                }
                if (!inline_arg)
                    arg = W(b, j);
            }
            unknown_close(b);
            struct ipt_expr *h = header_expr(b, i);
            if (!h)
                goto out;
            static const char longn[] = {'s', 'd', 'i', 'o', 'p', 'f'};
            static const char *const lnames[] = {"source",        "destination", "in-interface",
                                                 "out-interface", "protocol",    "fragment"};
            const char *ln = NULL;
            for (size_t k = 0; k < ARRAY_SIZE(longn); k++)
                if (longn[k] == sn)
                    ln = lnames[k];
            struct found hf = {.e = h, .o = ext_lookup(h->ops, ln, strlen(ln), true)};
            if (ext_has(h, hf.o->id)) {
                err_at(b, i, "multiple %s flags not allowed", w);
                goto out;
            }
            if (invert)
                h->inv |= 1u << hf.o->id;
            b->p.opt_loc = word_loc(b, i);
            b->p.loc = word_loc(b, sn == 'f' ? i : (inline_arg ? i : j));
            char *argv[1] = {(char *)arg};
            if (hf.o->parse(&b->p, h, hf.o, argv))
                goto out;
            h->set |= 1u << hf.o->id;
            invert = false;
            i = sn == 'f' || inline_arg ? i + 1 : j + 1;
            continue;
        }
        case 'm':
            if (invert) {
                err_at(b, invert_word, "'!' cannot negate -m; negate the match's options");
                goto out;
            }
            if (do_match(b, inline_arg ? i : j))
                goto out;
            i = inline_arg ? i + 1 : j + 1;
            continue;
        case 'j':
        case 'g':
            if (invert) {
                err_at(b, invert_word, "'!' cannot negate %s", w);
                goto out;
            }
            unknown_close(b);
            if (do_jump(b, inline_arg ? i : j, sn == 'g'))
                goto out;
            i = inline_arg ? i + 1 : j + 1;
            continue;
        case 'c': {
            if (j + 1 >= lx->nw) {
                err_at(b, i, "-c needs two values: packets and bytes");
                goto out;
            }
            uint64_t pk, by;
            b->p.loc = word_loc(b, j);
            if (ext_parse_uint(&b->p, W(b, j), 0, UINT64_MAX, &pk))
                goto out;
            b->p.loc = word_loc(b, j + 1);
            if (ext_parse_uint(&b->p, W(b, j + 1), 0, UINT64_MAX, &by))
                goto out;
            b->counters = (struct ipt_counters){pk, by};
            b->has_counters = true;
            i = j + 2;
            continue;
        }
        case '4':
        case '6':
            if ((sn == '4') != (L->family == IPT_FAM_IPV4)) {
                /* iptables-restore skips a line meant for the other family */
                rc = 0;
                goto out;
            }
            i++;
            continue;
        }
        err_at(b, i, "option %s is not supported here", w);
        goto out;
    }
    if (invert) {
        err_at(b, invert_word, "'!' at the end of the rule negates nothing");
        goto out;
    }
    unknown_close(b);

    /* final checks, like each extension's x6_fcheck and the kernel's
     * checkentry */
    for (uint16_t k = 0; k < b->nex; k++) {
        struct ipt_expr *e = &b->ex[k];
        b->p.loc = (struct ipt_loc){L->file, L->line, b->exloc[k].col, b->exloc[k].len};
        b->p.opt_loc = b->p.loc;
        if (e->ops->check && e->ops->check(&b->p, e))
            goto out;
        for (size_t oi = 0; oi < e->ops->nopts; oi++)
            if ((e->ops->opts[oi].flags & EXT_OPT_MAND) && !ext_has(e, e->ops->opts[oi].id)) {
                diag_add(L->diags, DIAG_ERROR, b->p.loc, L->src_line,
                         "%s: option --%s must be specified", e->ops->name, e->ops->opts[oi].name);
                goto out;
            }
        if (e->ops->proto && (b->p.proto != e->ops->proto || b->p.proto_inv)) {
            const char *pn = proto_save_name(e->ops->proto);
            diag_add(L->diags, DIAG_ERROR, b->p.loc, L->src_line,
                     "the %s match needs \"-p %s\" in the same rule", e->ops->name, pn ? pn : "?");
            goto out;
        }
    }
    if (b->has_target) {
        struct ipt_expr *e = &b->target;
        b->p.loc = (struct ipt_loc){L->file, L->line, b->tloc.col, b->tloc.len};
        b->p.opt_loc = b->p.loc;
        if (e->ops->table && strcmp(e->ops->table, L->table->name) != 0) {
            diag_add(L->diags, DIAG_ERROR, b->p.loc, L->src_line,
                     "the %s target is only valid in the %s table, not in %s", e->ops->name,
                     e->ops->table, L->table->name);
            goto out;
        }
        if (e->ops->check && e->ops->check(&b->p, e))
            goto out;
        for (size_t oi = 0; oi < e->ops->nopts; oi++)
            if ((e->ops->opts[oi].flags & EXT_OPT_MAND) && !ext_has(e, e->ops->opts[oi].id)) {
                diag_add(L->diags, DIAG_ERROR, b->p.loc, L->src_line,
                         "%s: option --%s must be specified", e->ops->name, e->ops->opts[oi].name);
                goto out;
            }
        if (e->ops->proto && (b->p.proto != e->ops->proto || b->p.proto_inv)) {
            diag_add(L->diags, DIAG_ERROR, b->p.loc, L->src_line, "the %s target needs \"-p %s\"",
                     e->ops->name, proto_save_name(e->ops->proto));
            goto out;
        }
    }

    /* commit the rule */
    size_t hsize = 0;
    if (b->header >= 0) {
        size_t before = b->scratch.used_total;
        b->ex[b->header].data = ipt_header_pack(&b->scratch, &b->hdr, b->ex[b->header].set);
        hsize = b->scratch.used_total - before;
    }
    for (uint16_t k = 0; k < b->nex; k++)
        b->ex[k].data = commit_data(b, &b->ex[k], (int)k == b->header ? hsize : 0);
    if (b->has_target)
        b->target.data = commit_data(b, &b->target, 0);
    r->loc.len = lx->w[lx->nw - 1].col + lx->w[lx->nw - 1].len - r->loc.col;
    struct ipt_rule *nr = rule_new_sized(L->rs, b->nex, b->has_target, b->has_counters);
    nr->loc = r->loc;
    nr->verdict = r->verdict;
    nr->jump = r->jump;
    nr->comment = r->comment;
    if (b->nex)
        memcpy(nr->exprs, b->ex, b->nex * sizeof(*nr->exprs));
    if (b->has_target)
        *nr->target = b->target;
    if (b->has_counters)
        *rule_counters(nr) = b->counters;
    /* where each expression the kernel checks against hooks stood, for
     * ipt_validate_table's messages */
    for (uint16_t k = 0; k < b->nex; k++)
        if (b->ex[k].ops->hooks || b->ex[k].ops->hooks_for)
            ipt_note_expr_loc(L, b->exloc[k].col, b->exloc[k].len);
    if (b->has_target && (b->target.ops->hooks || b->target.ops->hooks_for))
        ipt_note_expr_loc(L, b->tloc.col, b->tloc.len);
    chain_insert_rule(chain, nr, pos);
    rc = 0;
out:
    return rc;
}

const struct ext_ops *ipt_find_ext(struct ipt_loader *L, enum ext_kind kind, const char *name)
{
    struct strmap *m = &L->ext_cache[kind == EXT_TARGET];
    if (!m->cap) {
        /* one map of every match and one of every target, per load */
        size_t n;
        const struct ext_ops *const *all = ext_all(&n);
        for (size_t k = 0; k < 2; k++)
            strmap_put(&L->ext_cache[k], "", NULL); /* mark both as built */
        for (size_t i = 0; i < n; i++)
            if (all[i]->kind != EXT_HEADER)
                strmap_put(&L->ext_cache[all[i]->kind == EXT_TARGET], all[i]->name, (void *)all[i]);
    }
    return strmap_get(m, name);
}

void ipt_rule_builder_free(struct ipt_loader *L)
{
    strmap_free(&L->ext_cache[0]);
    strmap_free(&L->ext_cache[1]);
    ipt_forget_expr_locs(L);
    struct builder *b = L->builder;
    if (!b)
        return;
    sb_free(&b->ubuf);
    arena_free(&b->scratch);
    free(b);
    L->builder = NULL;
}

/* ---- the unknown match and target ---- */

static void unknown_save(struct strbuf *sb, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct unknown_data *u = e->data;
    sb_printf(sb, e->ops->kind == EXT_TARGET ? " -j %s" : " -m %s", u->name);
    for (uint32_t i = 0; i < u->nwords; i++) {
        sb_putc(sb, ' ');
        const char *w = u->words[i];
        if (u->quoted[i] || !*w || strpbrk(w, " \t\"\\"))
            ext_print_string_quoted(sb, w);
        else
            sb_puts(sb, w);
    }
}

const struct ext_ops ext_unknown_match = {
    .name = "(unknown)",
    .kind = EXT_MATCH,
    .size = sizeof(struct unknown_data),
    .save = unknown_save,
};

const struct ext_ops ext_unknown_target = {
    .name = "(unknown)",
    .kind = EXT_TARGET,
    .size = sizeof(struct unknown_data),
    .save = unknown_save,
};
