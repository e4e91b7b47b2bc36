/*
 * nft_json.c - `nft -j list ruleset` (libnftables-json(5)) input.
 *
 * The JSON is read with jansson and lowered into the text that `nft list
 * ruleset` prints for the same ruleset (parser/nft_json.h), which the text
 * front end then loads: one expression parser serves both forms, so a JSON
 * dump and its text listing mean the same.
 *
 * Two shapes are read: the listing (`{"nftables": [{"metainfo": ...},
 * {"table": ...}, {"chain": ...}, {"rule": ...}, ...]}`), lowered to table
 * blocks, and the command form that `nft -j -f` accepts (`{"add": {"rule":
 * ...}}`, `insert`, `create`, `delete`, `flush`), lowered to a script of
 * `add rule ...` lines. Locations: every lowered line remembers its JSON
 * object; after the text is loaded, rules, chains, sets and diagnostics are
 * moved back onto FILE.json:LINE:COLUMN (nft_json_load.c), so nothing
 * outside the JSON front end needs to know the text existed.
 */
#include "nft_json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "iptsim/nft.h"
#include "iptsim/parse.h"

#define NFTJ_MAX_DEPTH  48 /* expression nesting; real rulesets stay under 10 */
#define NFTJ_MAX_CONCAT 16

/* ---- positions: a light scan of the original text ---- */

static size_t skip_ws(const char *b, size_t len, size_t i)
{
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
        i++;
    return i;
}

static size_t skip_string(const char *b, size_t len, size_t i)
{
    i++; /* the opening quote */
    while (i < len && b[i] != '"')
        i += b[i] == '\\' ? 2 : 1;
    return i < len ? i + 1 : len;
}

/* Past the value at i (valid JSON: brackets only need counting). */
static size_t skip_value(const char *b, size_t len, size_t i)
{
    if (i >= len)
        return len;
    if (b[i] == '"')
        return skip_string(b, len, i);
    if (b[i] == '{' || b[i] == '[') {
        int depth = 0;
        while (i < len) {
            if (b[i] == '"') {
                i = skip_string(b, len, i);
                continue;
            }
            if (b[i] == '{' || b[i] == '[')
                depth++;
            else if (b[i] == '}' || b[i] == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            i++;
        }
        return len;
    }
    while (i < len && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' &&
           b[i] != '\t' && b[i] != '\r')
        i++;
    return i;
}

/* Does the string literal at i spell key (keys here are plain ASCII)? */
static bool key_is(const char *b, size_t len, size_t i, const char *key)
{
    size_t n = strlen(key);
    return i + n + 1 < len && b[i] == '"' && memcmp(b + i + 1, key, n) == 0 && b[i + n + 1] == '"';
}

size_t nftj_locate(const char *buf, size_t len, const struct nftj_step *path, size_t n)
{
    size_t i = skip_ws(buf, len, 0);
    for (size_t s = 0; s < n && i < len; s++) {
        size_t at = i, found = len;
        if (path[s].key && buf[i] == '{') {
            i = skip_ws(buf, len, i + 1);
            while (i < len && buf[i] == '"') {
                bool match = key_is(buf, len, i, path[s].key);
                i = skip_ws(buf, len, skip_string(buf, len, i));
                i = skip_ws(buf, len, i + 1); /* ':' */
                if (match)
                    found = i; /* the last one wins, as in jansson */
                i = skip_ws(buf, len, skip_value(buf, len, i));
                if (i < len && buf[i] == ',')
                    i = skip_ws(buf, len, i + 1);
            }
        } else if (!path[s].key && buf[i] == '[') {
            i = skip_ws(buf, len, i + 1);
            for (size_t k = 0; i < len && buf[i] != ']'; k++) {
                if (k == path[s].index) {
                    found = i;
                    break;
                }
                i = skip_ws(buf, len, skip_value(buf, len, i));
                if (i < len && buf[i] == ',')
                    i = skip_ws(buf, len, i + 1);
            }
        }
        if (found >= len)
            return at;
        i = found;
    }
    return i < len ? i : len;
}

/* ---- the lowering ---- */

enum hint {
    H_NONE,
    H_STRING, /* quoted: interface names, helper names */
    H_MARK,   /* 0x%08x */
    H_HEX,    /* 0x%x: raw payload */
};

struct hints {
    uint8_t n; /* 0: a single hint h[0]; else the components of a concatenation */
    uint8_t h[NFTJ_MAX_CONCAT];
};

/* An item of the `nftables` array. */
struct item {
    const char *kind; /* the object's key */
    json_t *o;
    size_t index; /* in nftables[] */
    struct ipt_loc loc;
};

struct lw {
    const char *buf;
    size_t len;
    struct diags *d;
    uint32_t file;
    struct strbuf *out;
    struct nftj_linemap *map;
    struct ipt_loc cur;                 /* the JSON object the lines being written come from */
    const struct item *cur_it, *map_it; /* its item; the item of map->paths' last */
    struct nftj_step path[NFTJ_MAX_DEPTH + 8];
    size_t depth;
    int errors;
    const char *family; /* the table the current rule is in */
    /* line starts of buf, for offset -> line:col */
    size_t *bol;
    size_t nbol;
};

static void push_key(struct lw *w, const char *key)
{
    if (w->depth < ARRAY_SIZE(w->path))
        w->path[w->depth] = (struct nftj_step){key, 0};
    w->depth++;
}

static void push_index(struct lw *w, size_t i)
{
    if (w->depth < ARRAY_SIZE(w->path))
        w->path[w->depth] = (struct nftj_step){NULL, i};
    w->depth++;
}

static void pop(struct lw *w)
{
    w->depth--;
}

/* The location of byte off; *line (when line is given) is a NUL-terminated
 * copy of its line in linebuf, or NULL for a line too long to show (`nft -j`
 * writes the whole ruleset on one line). buf itself need not end in NUL. */
#define NFTJ_MAX_EXCERPT 240
static struct ipt_loc loc_of(struct lw *w, size_t off, const char **line,
                             char linebuf[NFTJ_MAX_EXCERPT + 1])
{
    size_t lo = 0, hi = w->nbol;
    while (hi - lo > 1) { /* the last line start <= off */
        size_t mid = (lo + hi) / 2;
        if (w->bol[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    if (line) {
        size_t end = lo + 1 < w->nbol ? w->bol[lo + 1] - 1 : w->len;
        size_t n = end - w->bol[lo];
        *line = NULL;
        if (n <= NFTJ_MAX_EXCERPT && !memchr(w->buf + w->bol[lo], 0, n)) {
            memcpy(linebuf, w->buf + w->bol[lo], n);
            linebuf[n] = 0;
            *line = linebuf;
        }
    }
    return (struct ipt_loc){w->file, (uint32_t)lo + 1, (uint32_t)(off - w->bol[lo]) + 1, 1};
}

static struct ipt_loc loc_here(struct lw *w, const char **line, char linebuf[NFTJ_MAX_EXCERPT + 1])
{
    size_t n = w->depth < ARRAY_SIZE(w->path) ? w->depth : ARRAY_SIZE(w->path);
    return loc_of(w, nftj_locate(w->buf, w->len, w->path, n), line, linebuf);
}

static void path_str(struct lw *w, struct strbuf *b)
{
    size_t n = w->depth < ARRAY_SIZE(w->path) ? w->depth : ARRAY_SIZE(w->path);
    for (size_t i = 0; i < n; i++) {
        if (w->path[i].key) {
            if (i)
                sb_putc(b, '.');
            bool plain = true;
            for (const char *k = w->path[i].key; *k; k++)
                if (!(*k == '_' || *k == '-' || (*k >= 'a' && *k <= 'z') ||
                      (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9')))
                    plain = false;
            if (plain)
                sb_puts(b, w->path[i].key);
            else {
                sb_putc(b, '[');
                sb_json_str(b, w->path[i].key);
                sb_putc(b, ']');
            }
        } else
            sb_printf(b, "[%zu]", w->path[i].index);
    }
}

/* An error at the value the path points to; returns false. */
IPTSIM_PRINTF(2, 3) static bool fail(struct lw *w, const char *fmt, ...)
{
    struct strbuf b;
    sb_init(&b);
    va_list ap;
    va_start(ap, fmt);
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sb_puts(&b, msg);
    sb_puts(&b, " (at ");
    path_str(w, &b);
    sb_putc(&b, ')');
    const char *line;
    char linebuf[NFTJ_MAX_EXCERPT + 1];
    struct ipt_loc l = loc_here(w, &line, linebuf);
    diag_add(w->d, DIAG_ERROR, l, line, "%s", b.s);
    sb_free(&b);
    w->errors++;
    return false;
}

static const char *only_key(json_t *v, json_t **val);
static bool is_cmd(const char *k);

/* The lines written next come from item it. */
static void cur_item(struct lw *w, const struct item *it)
{
    w->cur = it->loc;
    w->cur_it = it;
}

/* The JSON path of the current item, as a new entry of map->paths when
 * it changed since the last line. */
static void map_path(struct lw *w)
{
    struct nftj_linemap *m = w->map;
    if (m->npaths && w->map_it == w->cur_it)
        return;
    struct strbuf b;
    sb_init(&b);
    if (w->cur_it) {
        const struct item *it = w->cur_it;
        sb_printf(&b, "nftables[%zu].%.40s", it->index, it->kind);
        json_t *inner;
        const char *k = is_cmd(it->kind) ? only_key(it->o, &inner) : NULL;
        if (k)
            sb_printf(&b, ".%.40s", k);
    } else {
        sb_puts(&b, "nftables");
    }
    if (m->npaths == m->cappaths) {
        m->cappaths = m->cappaths ? 2 * m->cappaths : 64;
        m->paths = xrealloc(m->paths, m->cappaths * sizeof(*m->paths));
    }
    m->paths[m->npaths++] = xstrdup(b.s);
    sb_free(&b);
    w->map_it = w->cur_it;
}

static void emit_line(struct lw *w, const char *text)
{
    sb_puts(w->out, text);
    sb_putc(w->out, '\n');
    if (w->map) {
        struct nftj_linemap *m = w->map;
        map_path(w);
        if (m->n == m->cap) {
            m->cap = m->cap ? 2 * m->cap : 64;
            m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
            m->obj = xrealloc(m->obj, m->cap * sizeof(*m->obj));
        }
        m->v[m->n] = w->cur;
        m->obj[m->n++] = (uint32_t)(m->npaths - 1);
    }
}

IPTSIM_PRINTF(2, 3) static void emitf(struct lw *w, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof(small)) {
        emit_line(w, small);
        return;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    emit_line(w, big);
    free(big);
}

/* ---- small value helpers ---- */

static bool is_word_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("_./:*%-", c) != NULL;
}

/* An identifier nft prints bare (table, chain, set names; symbols). */
static bool is_word(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!is_word_char((unsigned char)*p))
            return false;
    return true;
}

/* A string nft can hold between quotes. */
static bool quotable(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == '"' || *p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static bool put_quoted(struct lw *w, struct strbuf *b, const char *s)
{
    if (!quotable(s))
        return fail(w,
                    "the string \"%.40s\" holds a quote or a control character, which nft "
                    "cannot print",
                    s);
    sb_putc(b, '"');
    sb_puts(b, s);
    sb_putc(b, '"');
    return true;
}

/* A name: a string that is a word. */
static bool get_name(struct lw *w, json_t *obj, const char *key, const char **out, bool required)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (!required)
            return true;
        return fail(w, "the property \"%s\" is missing", key);
    }
    push_key(w, key);
    bool ok = json_is_string(v);
    if (!ok)
        fail(w, "\"%s\" must be a string", key);
    else if (!is_word(json_string_value(v)))
        ok = fail(w, "\"%.40s\" is not a name nft can print (letters, digits, _ . / : * %% -)",
                  json_string_value(v));
    else
        *out = json_string_value(v);
    pop(w);
    return ok;
}

static bool get_int(struct lw *w, json_t *obj, const char *key, json_int_t *out, bool required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (!required)
            return true;
        return fail(w, "the property \"%s\" is missing", key);
    }
    if (!json_is_integer(v)) {
        push_key(w, key);
        fail(w, "\"%s\" must be an integer", key);
        pop(w);
        return false;
    }
    *out = json_integer_value(v);
    return true;
}

static const char *get_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The only key of a one-key object, or NULL. */
static const char *only_key(json_t *v, json_t **val)
{
    if (!json_is_object(v) || json_object_size(v) != 1)
        return NULL;
    void *it = json_object_iter(v);
    *val = json_object_iter_value(it);
    return json_object_iter_key(it);
}

/* bytes as nft prints a quota or a byte rate: the largest unit that divides. */
static void bytes_print(struct strbuf *b, uint64_t v)
{
    static const char *const unit[] = {"bytes", "kbytes", "mbytes"};
    size_t i = 0;
    while (i + 1 < ARRAY_SIZE(unit) && v && v % 1024 == 0) {
        v /= 1024;
        i++;
    }
    sb_printf(b, "%llu %s", (unsigned long long)v, unit[i]);
}

/* ---- expressions ---- */

static bool expr(struct lw *w, struct strbuf *b, json_t *v, const struct hints *h,
                 const struct hints *dh);

static uint8_t hint_at(const struct hints *h, size_t i)
{
    if (!h)
        return H_NONE;
    if (h->n == 0)
        return h->h[0];
    return i < h->n ? h->h[i] : H_NONE;
}

static struct hints hint1(uint8_t x)
{
    struct hints h = {0};
    h.h[0] = x;
    return h;
}

static uint8_t type_hint(const char *type)
{
    if (!strcmp(type, "ifname") || !strcmp(type, "iface_index") || !strcmp(type, "string"))
        return H_STRING;
    if (!strcmp(type, "mark"))
        return H_MARK;
    return H_NONE;
}

/* What printing the values compared with (or stored into) v needs. */
static struct hints hints_of(json_t *v)
{
    json_t *in;
    const char *k = only_key(v, &in);
    if (!k)
        return hint1(H_NONE);
    if (!strcmp(k, "meta")) {
        const char *key = get_str(in, "key");
        if (!key)
            return hint1(H_NONE);
        static const char *const strs[] = {
            "iifname",  "oifname",  "iif",         "oif",         "ibrname", "obrname",
            "ibriport", "obriport", "ibridgename", "obridgename", "iifkind", "oifkind",
            "sdifname", "sdif",     "time",        "hour",        "day"};
        for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
            if (!strcmp(key, strs[i]))
                return hint1(H_STRING);
        if (!strcmp(key, "mark"))
            return hint1(H_MARK);
    } else if (!strcmp(k, "ct")) {
        const char *key = get_str(in, "key");
        if (key && !strcmp(key, "mark"))
            return hint1(H_MARK);
        if (key && !strcmp(key, "helper"))
            return hint1(H_STRING);
    } else if (!strcmp(k, "fib")) {
        const char *r = get_str(in, "result");
        if (r && (!strcmp(r, "oif") || !strcmp(r, "oifname")))
            return hint1(H_STRING);
    } else if (!strcmp(k, "osf")) {
        return hint1(H_STRING);
    } else if (!strcmp(k, "payload")) {
        if (json_object_get(in, "base"))
            return hint1(H_HEX);
    } else if (!strcmp(k, "&") || !strcmp(k, "|") || !strcmp(k, "^") || !strcmp(k, "<<") ||
               !strcmp(k, ">>")) {
        if (json_is_array(in) && json_array_size(in) == 2)
            return hints_of(json_array_get(in, 0));
    } else if (!strcmp(k, "concat") && json_is_array(in)) {
        struct hints h = {0};
        for (size_t i = 0; i < json_array_size(in) && i < NFTJ_MAX_CONCAT; i++) {
            h.h[i] = hints_of(json_array_get(in, i)).h[0];
            h.n = (uint8_t)(i + 1);
        }
        return h;
    }
    return hint1(H_NONE);
}

/* A set declaration's "type" (or "map") as hints. */
static struct hints hints_of_type(json_t *t)
{
    if (json_is_string(t))
        return hint1(type_hint(json_string_value(t)));
    if (json_is_array(t)) {
        struct hints h = {0};
        for (size_t i = 0; i < json_array_size(t) && i < NFTJ_MAX_CONCAT; i++) {
            json_t *e = json_array_get(t, i);
            h.h[i] = json_is_string(e) ? type_hint(json_string_value(e)) : H_NONE;
            h.n = (uint8_t)(i + 1);
        }
        return h;
    }
    json_t *in;
    const char *k = only_key(t, &in);
    if (k && !strcmp(k, "typeof"))
        return hints_of(in);
    return hint1(H_NONE);
}

static bool value_string(struct lw *w, struct strbuf *b, const char *s, uint8_t hint)
{
    if (s[0] == '@') {
        if (!is_word(s + 1))
            return fail(w, "\"%.40s\" is not a set reference nft can print", s);
        sb_puts(b, s);
        return true;
    }
    if (hint == H_STRING)
        return put_quoted(w, b, s);
    if (!is_word(s))
        return fail(w, "\"%.40s\" is not a value nft can read here", s);
    sb_puts(b, s);
    return true;
}

static bool value_int(struct lw *w, struct strbuf *b, json_t *v, uint8_t hint)
{
    (void)w;
    json_int_t x = json_integer_value(v);
    if (hint == H_MARK && x >= 0 && x <= 0xffffffffLL)
        sb_printf(b, "0x%08llx", (unsigned long long)x);
    else if (hint == H_HEX && x >= 0)
        sb_printf(b, "0x%llx", (unsigned long long)x);
    else
        sb_printf(b, "%lld", (long long)x);
    return true;
}

/* A list of [a, b, c] joined with sep. */
static bool expr_list(struct lw *w, struct strbuf *b, json_t *arr, const char *sep,
                      const struct hints *h)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        if (i)
            sb_puts(b, sep);
        push_index(w, i);
        bool ok = expr(w, b, json_array_get(arr, i), h, NULL);
        pop(w);
        if (!ok)
            return false;
    }
    return true;
}

static const char *const verdicts[] = {"accept", "drop", "continue", "return", "queue"};

static bool verdict(struct lw *w, struct strbuf *b, const char *k, json_t *in, bool *handled)
{
    *handled = true;
    for (size_t i = 0; i < ARRAY_SIZE(verdicts); i++)
        if (!strcmp(k, verdicts[i])) {
            sb_puts(b, k);
            return true;
        }
    if (!strcmp(k, "jump") || !strcmp(k, "goto")) {
        push_key(w, k);
        const char *target;
        bool ok = json_is_object(in) ? get_name(w, in, "target", &target, true)
                                     : fail(w, "a %s needs {\"target\": CHAIN}", k);
        pop(w);
        if (ok)
            sb_printf(b, "%s %s", k, target);
        return ok;
    }
    *handled = false;
    return false;
}

/* One element of a set or map: VALUE, [KEY, DATA], or {"elem": {...}}. */
static bool set_elem(struct lw *w, struct strbuf *b, json_t *e, const struct hints *h,
                     const struct hints *dh)
{
    json_t *data = NULL;
    if (json_is_array(e)) {
        if (json_array_size(e) != 2)
            return fail(w, "a map element is [KEY, VALUE]: two items");
        data = json_array_get(e, 1);
        e = json_array_get(e, 0);
        push_index(w, 0);
    }
    json_t *in;
    const char *k = only_key(e, &in);
    bool ok;
    if (k && !strcmp(k, "elem") && json_is_object(in)) {
        push_key(w, "elem");
        json_t *val = json_object_get(in, "val");
        if (!val) {
            ok = fail(w, "an elem needs \"val\"");
        } else {
            push_key(w, "val");
            ok = expr(w, b, val, h, NULL);
            pop(w);
        }
        json_t *c = json_object_get(in, "counter");
        if (ok && c) {
            json_int_t p = 0, by = 0;
            if (json_is_object(c)) {
                push_key(w, "counter");
                ok = get_int(w, c, "packets", &p, false) && get_int(w, c, "bytes", &by, false);
                pop(w);
            }
            sb_printf(b, " counter packets %lld bytes %lld", (long long)p, (long long)by);
        }
        json_int_t t = 0;
        if (ok && get_int(w, in, "timeout", &t, false) && t > 0) {
            sb_puts(b, " timeout ");
            nft_time_print(b, (uint64_t)t * 1000);
        }
        const char *comment = get_str(in, "comment");
        if (ok && comment) {
            sb_puts(b, " comment ");
            ok = put_quoted(w, b, comment);
        }
        pop(w);
    } else {
        ok = expr(w, b, e, h, NULL);
    }
    if (data) {
        pop(w);
        if (ok) {
            sb_puts(b, " : ");
            push_index(w, 1);
            ok = expr(w, b, data, dh, NULL);
            pop(w);
        }
    }
    return ok;
}

static bool set_body(struct lw *w, struct strbuf *b, json_t *elems, const struct hints *h,
                     const struct hints *dh)
{
    sb_puts(b, "{ ");
    if (json_is_array(elems)) {
        for (size_t i = 0; i < json_array_size(elems); i++) {
            if (i)
                sb_puts(b, ", ");
            push_index(w, i);
            bool ok = set_elem(w, b, json_array_get(elems, i), h, dh);
            pop(w);
            if (!ok)
                return false;
        }
    } else if (!set_elem(w, b, elems, h, dh))
        return false;
    sb_puts(b, " }");
    return true;
}

static bool binop_operand(struct lw *w, struct strbuf *b, json_t *v, const struct hints *h)
{
    json_t *in;
    const char *k = only_key(v, &in);
    bool paren = k && (!strcmp(k, "&") || !strcmp(k, "|") || !strcmp(k, "^") || !strcmp(k, "<<") ||
                       !strcmp(k, ">>"));
    if (paren)
        sb_putc(b, '(');
    bool ok = expr(w, b, v, h, NULL);
    if (paren)
        sb_putc(b, ')');
    return ok;
}

static bool selector(struct lw *w, struct strbuf *b, const char *k, json_t *in, bool *handled);

static bool expr(struct lw *w, struct strbuf *b, json_t *v, const struct hints *h,
                 const struct hints *dh)
{
    if (w->depth > NFTJ_MAX_DEPTH)
        return fail(w, "expressions nested more than %d deep", NFTJ_MAX_DEPTH);
    switch (json_typeof(v)) {
    case JSON_STRING:
        return value_string(w, b, json_string_value(v), hint_at(h, 0));
    case JSON_INTEGER:
        return value_int(w, b, v, hint_at(h, 0));
    case JSON_TRUE:
        sb_puts(b, "exists");
        return true;
    case JSON_FALSE:
        sb_puts(b, "missing");
        return true;
    case JSON_ARRAY: /* a list of flags: `established,related` */
        return expr_list(w, b, v, ",", h);
    case JSON_REAL:
        return fail(w, "nft values are integers, not %g", json_real_value(v));
    case JSON_NULL:
        return fail(w, "null is not a value");
    case JSON_OBJECT:
        break;
    }
    json_t *in;
    const char *k = only_key(v, &in);
    if (!k)
        return fail(w, "an expression is an object with exactly one key, this one has %zu",
                    json_object_size(v));
    push_key(w, k);
    bool ok = false, handled = true;
    if (!strcmp(k, "set")) {
        ok = set_body(w, b, in, h, dh);
    } else if (!strcmp(k, "concat")) {
        if (!json_is_array(in) || json_array_size(in) < 1)
            ok = fail(w, "a concat is a list of expressions");
        else {
            ok = true;
            for (size_t i = 0; ok && i < json_array_size(in); i++) {
                if (i)
                    sb_puts(b, " . ");
                struct hints hi = hint1(hint_at(h, i));
                push_index(w, i);
                ok = expr(w, b, json_array_get(in, i), &hi, NULL);
                pop(w);
            }
        }
    } else if (!strcmp(k, "range")) {
        if (!json_is_array(in) || json_array_size(in) != 2)
            ok = fail(w, "a range is [LOW, HIGH]");
        else
            ok = expr_list(w, b, in, "-", h);
    } else if (!strcmp(k, "prefix")) {
        json_int_t len = 0;
        json_t *addr = json_is_object(in) ? json_object_get(in, "addr") : NULL;
        if (!addr)
            ok = fail(w, "a prefix is {\"addr\": ADDRESS, \"len\": N}");
        else if (get_int(w, in, "len", &len, true)) {
            push_key(w, "addr");
            ok = expr(w, b, addr, h, NULL);
            pop(w);
            sb_printf(b, "/%lld", (long long)len);
        }
    } else if (!strcmp(k, "map") || !strcmp(k, "vmap")) {
        json_t *key = json_is_object(in) ? json_object_get(in, "key") : NULL;
        json_t *data = json_is_object(in) ? json_object_get(in, "data") : NULL;
        if (!key || !data)
            ok = fail(w, "a %s needs \"key\" and \"data\"", k);
        else {
            struct hints kh = hints_of(key);
            push_key(w, "key");
            ok = expr(w, b, key, NULL, NULL);
            pop(w);
            sb_printf(b, " %s ", k);
            push_key(w, "data");
            ok = ok && expr(w, b, data, &kh, dh);
            pop(w);
        }
    } else if (!strcmp(k, "elem")) {
        pop(w);
        ok = set_elem(w, b, v, h, dh);
        push_key(w, k);
    } else if (!strcmp(k, "&") || !strcmp(k, "|") || !strcmp(k, "^") || !strcmp(k, "<<") ||
               !strcmp(k, ">>")) {
        if (!json_is_array(in) || json_array_size(in) != 2)
            ok = fail(w, "a binary operation is [LEFT, RIGHT]");
        else {
            struct hints lh = hints_of(json_array_get(in, 0));
            bool shift = k[0] == '<' || k[0] == '>';
            push_index(w, 0);
            ok = expr(w, b, json_array_get(in, 0), NULL, NULL);
            pop(w);
            sb_printf(b, " %s ", k);
            push_index(w, 1);
            ok = ok && binop_operand(w, b, json_array_get(in, 1), shift ? NULL : &lh);
            pop(w);
        }
    } else {
        ok = verdict(w, b, k, in, &handled);
        if (!handled)
            ok = selector(w, b, k, in, &handled);
        if (!handled) {
            /* `{"iifname": ...}` for `{"meta": {"key": "iifname"}}` */
            static const char *const meta_keys[] = {
                "iifname", "oifname", "iif",     "oif",    "iiftype",  "oiftype",  "l4proto",
                "nfproto", "mark",    "skuid",   "skgid",  "pkttype",  "length",   "priority",
                "cpu",     "cgroup",  "nftrace", "random", "iifgroup", "oifgroup", "secpath",
            };
            bool meta = false;
            for (size_t i = 0; i < ARRAY_SIZE(meta_keys) && !meta; i++)
                meta = !strcmp(k, meta_keys[i]);
            if (meta)
                ok = fail(w,
                          "unknown expression \"%s\": the meta selector is {\"meta\": {\"key\": "
                          "\"%s\"}}",
                          k, k);
            else
                ok = fail(w, "unknown expression \"%.40s\"", k);
        }
    }
    pop(w);
    return ok;
}

static bool word_prop(struct lw *w, struct strbuf *b, json_t *in, const char *key, bool required)
{
    const char *s;
    if (!get_name(w, in, key, &s, required))
        return false;
    if (s)
        sb_puts(b, s);
    return true;
}

static bool selector(struct lw *w, struct strbuf *b, const char *k, json_t *in, bool *handled)
{
    static const char *const known[] = {
        "payload",    "meta",      "ct",         "fib",         "numgen", "jhash",
        "symhash",    "rt",        "socket",     "osf",         "ipsec",  "exthdr",
        "tcp option", "ip option", "sctp chunk", "dccp option",
    };
    *handled = false;
    for (size_t i = 0; i < ARRAY_SIZE(known) && !*handled; i++)
        *handled = !strcmp(k, known[i]);
    if (!*handled)
        return false; /* not a selector: the caller says so */
    if (!json_is_object(in))
        return fail(w, "\"%s\" takes an object", k);
    if (!strcmp(k, "payload")) {
        if (json_object_get(in, "base")) {
            json_int_t off, len;
            const char *base;
            if (!get_name(w, in, "base", &base, true) || !get_int(w, in, "offset", &off, true) ||
                !get_int(w, in, "len", &len, true))
                return false;
            sb_printf(b, "@%s,%lld,%lld", base, (long long)off, (long long)len);
            return true;
        }
        if (!word_prop(w, b, in, "protocol", true))
            return false;
        sb_putc(b, ' ');
        return word_prop(w, b, in, "field", true);
    }
    if (!strcmp(k, "meta")) {
        const char *key;
        if (!get_name(w, in, "key", &key, true))
            return false;
        static const char *const bare[] = {"iif",     "oif",      "iifname",
                                           "oifname", "iifgroup", "oifgroup"};
        bool unq = false;
        for (size_t i = 0; i < ARRAY_SIZE(bare); i++)
            unq |= !strcmp(key, bare[i]);
        sb_printf(b, "%s%s", unq ? "" : "meta ", key);
        return true;
    }
    if (!strcmp(k, "ct")) {
        const char *key, *dir, *fam;
        /* `ct original ip saddr`: nft writes the key with its family word,
         * "ip saddr" (also ip daddr, ip6 saddr, ip6 daddr) */
        json_t *kv = json_object_get(in, "key");
        static const char *const addr_keys[] = {"ip saddr", "ip daddr", "ip6 saddr", "ip6 daddr"};
        for (size_t i = 0; json_is_string(kv) && i < ARRAY_SIZE(addr_keys); i++)
            if (!strcmp(json_string_value(kv), addr_keys[i])) {
                if (!get_name(w, in, "dir", &dir, false))
                    return false;
                sb_puts(b, "ct ");
                if (dir)
                    sb_printf(b, "%s ", dir);
                sb_puts(b, addr_keys[i]);
                return true;
            }
        if (!get_name(w, in, "key", &key, true) || !get_name(w, in, "dir", &dir, false) ||
            !get_name(w, in, "family", &fam, false))
            return false;
        sb_puts(b, "ct ");
        if (dir)
            sb_printf(b, "%s ", dir);
        if (fam)
            sb_printf(b, "%s ", fam);
        sb_puts(b, key);
        return true;
    }
    if (!strcmp(k, "rt")) {
        const char *key, *fam;
        if (!get_name(w, in, "key", &key, true) || !get_name(w, in, "family", &fam, false))
            return false;
        sb_puts(b, "rt ");
        if (fam)
            sb_printf(b, "%s ", fam);
        sb_puts(b, key);
        return true;
    }
    if (!strcmp(k, "fib")) {
        const char *result;
        json_t *flags = json_object_get(in, "flags");
        if (!get_name(w, in, "result", &result, true))
            return false;
        sb_puts(b, "fib ");
        push_key(w, "flags");
        bool ok = true;
        if (json_is_string(flags))
            ok = value_string(w, b, json_string_value(flags), H_NONE);
        else if (json_is_array(flags))
            ok = expr_list(w, b, flags, " . ", NULL);
        else
            ok = fail(w, "fib flags are a name or a list of names");
        pop(w);
        sb_printf(b, " %s", result);
        return ok;
    }
    if (!strcmp(k, "numgen")) {
        const char *mode;
        json_int_t mod = 0, off = 0;
        if (!get_name(w, in, "mode", &mode, true) || !get_int(w, in, "mod", &mod, true) ||
            !get_int(w, in, "offset", &off, false))
            return false;
        sb_printf(b, "numgen %s mod %lld", mode, (long long)mod);
        if (off)
            sb_printf(b, " offset %lld", (long long)off);
        return true;
    }
    if (!strcmp(k, "jhash") || !strcmp(k, "symhash")) {
        json_int_t mod = 0, off = 0, seed = 0;
        if (!get_int(w, in, "mod", &mod, true) || !get_int(w, in, "offset", &off, false) ||
            !get_int(w, in, "seed", &seed, false))
            return false;
        sb_puts(b, k);
        if (k[0] == 'j') {
            json_t *e = json_object_get(in, "expr");
            if (!e)
                return fail(w, "jhash needs \"expr\"");
            sb_putc(b, ' ');
            push_key(w, "expr");
            bool ok = expr(w, b, e, NULL, NULL);
            pop(w);
            if (!ok)
                return false;
        }
        sb_printf(b, " mod %lld", (long long)mod);
        if (k[0] == 'j' && json_object_get(in, "seed"))
            sb_printf(b, " seed 0x%llx", (unsigned long long)seed);
        if (off)
            sb_printf(b, " offset %lld", (long long)off);
        return true;
    }
    if (!strcmp(k, "exthdr") || !strcmp(k, "tcp option") || !strcmp(k, "sctp chunk") ||
        !strcmp(k, "ip option") || !strcmp(k, "dccp option")) {
        const char *name, *field;
        if (!get_name(w, in, "name", &name, true) || !get_name(w, in, "field", &field, false))
            return false;
        if (!strcmp(k, "exthdr"))
            sb_printf(b, field ? "%s" : "exthdr %s", name);
        else
            sb_printf(b, "%s %s", k, name);
        if (field)
            sb_printf(b, " %s", field);
        return true;
    }
    if (!strcmp(k, "socket")) {
        const char *key;
        json_int_t level = 0;
        if (!get_name(w, in, "key", &key, true) || !get_int(w, in, "level", &level, false))
            return false;
        sb_printf(b, "socket %s", key);
        if (json_object_get(in, "level"))
            sb_printf(b, " level %lld", (long long)level);
        return true;
    }
    if (!strcmp(k, "osf")) {
        const char *key, *ttl;
        if (!get_name(w, in, "key", &key, true) || !get_name(w, in, "ttl", &ttl, false))
            return false;
        sb_puts(b, "osf ");
        if (ttl)
            sb_printf(b, "ttl %s ", ttl);
        sb_puts(b, key);
        return true;
    }
    if (!strcmp(k, "ipsec")) {
        const char *key, *dir, *fam;
        json_int_t spnum = 0;
        if (!get_name(w, in, "key", &key, true) || !get_name(w, in, "dir", &dir, true) ||
            !get_name(w, in, "family", &fam, false) || !get_int(w, in, "spnum", &spnum, false))
            return false;
        sb_printf(b, "ipsec %s ", dir);
        if (spnum)
            sb_printf(b, "spnum %lld ", (long long)spnum);
        if (fam)
            sb_printf(b, "%s ", fam);
        sb_puts(b, key);
        return true;
    }
    *handled = false;
    return false;
}

/* ---- statements ---- */

static bool is_binop(json_t *v)
{
    json_t *in;
    const char *k = only_key(v, &in);
    return k && (!strcmp(k, "&") || !strcmp(k, "|") || !strcmp(k, "^") || !strcmp(k, "<<") ||
                 !strcmp(k, ">>"));
}

static bool stmt_match(struct lw *w, struct strbuf *b, json_t *in)
{
    json_t *left = json_object_get(in, "left"), *right = json_object_get(in, "right");
    const char *op = get_str(in, "op");
    if (!left || !right)
        return fail(w, "a match needs \"left\" and \"right\"");
    if (!op)
        return fail(w, "a match needs \"op\" (==, !=, <, >, <=, >=, in, ...)");
    static const char *const ops[] = {"==", "!=", "<", ">", "<=", ">=", "in", "!"};
    bool known = false;
    for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
        known |= !strcmp(op, ops[i]);
    if (!known) {
        push_key(w, "op");
        fail(w, "unknown match operator \"%.20s\"", op);
        pop(w);
        return false;
    }
    struct hints h = hints_of(left);
    /* flags & mask == value prints as `flags value / mask` */
    json_t *bin, *mask = NULL;
    const char *bk = only_key(left, &bin);
    if (bk && !strcmp(bk, "&") && json_is_array(bin) && json_array_size(bin) == 2 &&
        json_is_array(json_array_get(bin, 1)) && (!strcmp(op, "==") || !strcmp(op, "!="))) {
        mask = json_array_get(bin, 1);
        push_key(w, "left");
        push_key(w, "&");
        push_index(w, 0);
        bool ok = expr(w, b, json_array_get(bin, 0), NULL, NULL);
        pop(w);
        pop(w);
        pop(w);
        if (!ok)
            return false;
    } else {
        push_key(w, "left");
        bool ok = expr(w, b, left, NULL, NULL);
        pop(w);
        if (!ok)
            return false;
    }
    if (strcmp(op, "in") && (strcmp(op, "==") || (is_binop(left) && !mask)))
        sb_printf(b, " %s", op);
    sb_putc(b, ' ');
    push_key(w, "right");
    json_t *sin;
    const char *sk = only_key(right, &sin);
    if (sk && !strcmp(sk, "set") && json_is_array(sin) && json_array_size(sin) == 1 &&
        !json_is_array(json_array_get(sin, 0)) &&
        !json_object_get(json_array_get(sin, 0), "elem") &&
        !json_object_get(json_array_get(sin, 0), "concat")) {
        /* nft makes a one-element anonymous set a plain comparison */
        push_key(w, "set");
        push_index(w, 0);
        right = json_array_get(sin, 0);
    } else
        sk = NULL;
    bool ok = expr(w, b, right, &h, NULL);
    if (sk) {
        pop(w);
        pop(w);
    }
    pop(w);
    if (ok && mask) {
        sb_puts(b, " / ");
        push_key(w, "left");
        push_key(w, "&");
        push_index(w, 1);
        ok = expr(w, b, mask, &h, NULL);
        pop(w);
        pop(w);
        pop(w);
    }
    return ok;
}

static bool nat_flags(struct lw *w, struct strbuf *b, json_t *in)
{
    json_t *f = json_object_get(in, "flags");
    if (!f)
        return true;
    sb_putc(b, ' ');
    push_key(w, "flags");
    bool ok = json_is_string(f)  ? value_string(w, b, json_string_value(f), H_NONE)
              : json_is_array(f) ? expr_list(w, b, f, ",", NULL)
                                 : fail(w, "flags are a name or a list of names");
    pop(w);
    return ok;
}

static bool stmt_nat(struct lw *w, struct strbuf *b, const char *k, json_t *in)
{
    sb_puts(b, k);
    if (json_is_null(in))
        return true;
    if (!json_is_object(in))
        return fail(w, "\"%s\" takes an object or null", k);
    json_t *addr = json_object_get(in, "addr"), *port = json_object_get(in, "port");
    const char *fam;
    if (!get_name(w, in, "family", &fam, false))
        return false;
    if (fam)
        sb_printf(b, " %s", fam);
    if (addr || port)
        sb_puts(b, " to");
    bool ok = true;
    if (addr) {
        sb_putc(b, ' ');
        push_key(w, "addr");
        bool v6 = json_is_string(addr) && strchr(json_string_value(addr), ':');
        if (v6 && port)
            sb_putc(b, '[');
        ok = expr(w, b, addr, NULL, NULL);
        if (v6 && port)
            sb_putc(b, ']');
        pop(w);
    }
    if (ok && port) {
        sb_puts(b, addr ? ":" : " :");
        push_key(w, "port");
        ok = expr(w, b, port, NULL, NULL);
        pop(w);
    }
    return ok && nat_flags(w, b, in);
}

static bool stmt_reject(struct lw *w, struct strbuf *b, json_t *in)
{
    sb_puts(b, "reject");
    if (json_is_null(in))
        return true;
    if (!json_is_object(in))
        return fail(w, "\"reject\" takes an object or null");
    const char *type = get_str(in, "type"), *code = get_str(in, "expr");
    if (!type && !code)
        return true;
    if (type && !strcmp(type, "tcp reset")) {
        sb_puts(b, " with tcp reset");
        return true;
    }
    if (!type)
        type = !strcmp(w->family, "ip") ? "icmp" : !strcmp(w->family, "ip6") ? "icmpv6" : "icmpx";
    if (strcmp(type, "icmp") && strcmp(type, "icmpv6") && strcmp(type, "icmpx")) {
        push_key(w, "type");
        fail(w, "unknown reject type \"%.20s\" (tcp reset, icmp, icmpv6 or icmpx)", type);
        pop(w);
        return false;
    }
    if (!code || !strcmp(code, "port-unreachable")) {
        /* the family's default prints as a bare `reject` */
        bool dflt = (!strcmp(type, "icmp") && !strcmp(w->family, "ip")) ||
                    (!strcmp(type, "icmpv6") && !strcmp(w->family, "ip6")) ||
                    (!strcmp(type, "icmpx") && strcmp(w->family, "ip") && strcmp(w->family, "ip6"));
        if (dflt)
            return true;
        code = "port-unreachable";
    }
    sb_printf(b, " with %s ", type);
    push_key(w, "expr");
    bool ok = value_string(w, b, code, H_NONE);
    pop(w);
    return ok;
}

static bool stmt_log(struct lw *w, struct strbuf *b, json_t *in)
{
    sb_puts(b, "log");
    if (json_is_null(in))
        return true;
    if (!json_is_object(in))
        return fail(w, "\"log\" takes an object or null");
    const char *prefix = get_str(in, "prefix");
    if (prefix) {
        sb_puts(b, " prefix ");
        if (!put_quoted(w, b, prefix))
            return false;
    }
    static const char *const nums[] = {"group", "snaplen", "queue-threshold"};
    for (size_t i = 0; i < ARRAY_SIZE(nums); i++) {
        json_int_t x;
        if (json_object_get(in, nums[i])) {
            if (!get_int(w, in, nums[i], &x, true))
                return false;
            sb_printf(b, " %s %lld", nums[i], (long long)x);
        }
    }
    const char *level;
    if (!get_name(w, in, "level", &level, false))
        return false;
    if (level)
        sb_printf(b, " level %s", level);
    json_t *f = json_object_get(in, "flags");
    if (f) {
        /* `flags tcp sequence,options flags ip options` */
        bool tcpseq = false, tcpopt = false, ipopt = false, skuid = false, ether = false,
             all = false;
        size_t n = json_is_array(f) ? json_array_size(f) : 1;
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_is_array(f) ? json_array_get(f, i) : f;
            const char *s = json_string_value(e);
            if (!s) {
                push_key(w, "flags");
                fail(w, "log flags are names");
                pop(w);
                return false;
            }
            if (!strcmp(s, "tcp sequence"))
                tcpseq = true;
            else if (!strcmp(s, "tcp options"))
                tcpopt = true;
            else if (!strcmp(s, "ip options"))
                ipopt = true;
            else if (!strcmp(s, "skuid"))
                skuid = true;
            else if (!strcmp(s, "ether"))
                ether = true;
            else if (!strcmp(s, "all"))
                all = true;
            else {
                push_key(w, "flags");
                fail(w, "unknown log flag \"%.20s\"", s);
                pop(w);
                return false;
            }
        }
        if (all || (tcpseq && tcpopt && ipopt && skuid && ether))
            sb_puts(b, " flags all");
        else {
            if (tcpseq || tcpopt)
                sb_printf(b, " flags tcp %s%s%s", tcpseq ? "sequence" : "",
                          tcpseq && tcpopt ? "," : "", tcpopt ? "options" : "");
            if (ipopt)
                sb_puts(b, " flags ip options");
            if (skuid)
                sb_puts(b, " flags skuid");
            if (ether)
                sb_puts(b, " flags ether");
        }
    }
    return true;
}

static bool stmt_limit(struct lw *w, struct strbuf *b, json_t *in)
{
    if (json_is_string(in)) {
        sb_puts(b, "limit name ");
        return put_quoted(w, b, json_string_value(in));
    }
    if (!json_is_object(in))
        return fail(w, "\"limit\" takes an object or a name");
    json_int_t rate, burst = 0;
    if (!get_int(w, in, "rate", &rate, true) || !get_int(w, in, "burst", &burst, false))
        return false;
    const char *per = get_str(in, "per"), *ru = get_str(in, "rate_unit"),
               *bu = get_str(in, "burst_unit");
    bool bytes = ru && strcmp(ru, "packets");
    sb_printf(b, "limit rate %s%lld", json_is_true(json_object_get(in, "inv")) ? "over " : "",
              (long long)rate);
    if (bytes)
        sb_printf(b, " %s", ru);
    sb_printf(b, "/%s", per ? per : "second");
    if (bytes ? burst != 0 : burst != 0 && burst != 5)
        sb_printf(b, " burst %lld %s", (long long)burst, bytes ? (bu ? bu : "bytes") : "packets");
    return true;
}

static bool stmt_quota(struct lw *w, struct strbuf *b, json_t *in)
{
    if (json_is_string(in)) {
        sb_puts(b, "quota name ");
        return put_quoted(w, b, json_string_value(in));
    }
    if (!json_is_object(in))
        return fail(w, "\"quota\" takes an object or a name");
    json_int_t val, used = 0;
    if (!get_int(w, in, "val", &val, true) || !get_int(w, in, "used", &used, false))
        return false;
    const char *vu = get_str(in, "val_unit"), *uu = get_str(in, "used_unit");
    sb_printf(b, "quota %s%lld %s", json_is_true(json_object_get(in, "inv")) ? "over " : "",
              (long long)val, vu ? vu : "bytes");
    if (used)
        sb_printf(b, " used %lld %s", (long long)used, uu ? uu : "bytes");
    return true;
}

static bool stmt_counter(struct lw *w, struct strbuf *b, json_t *in)
{
    if (json_is_string(in)) {
        sb_puts(b, "counter name ");
        return put_quoted(w, b, json_string_value(in));
    }
    json_int_t p = 0, by = 0;
    if (json_is_object(in) &&
        (!get_int(w, in, "packets", &p, false) || !get_int(w, in, "bytes", &by, false)))
        return false;
    if (!json_is_object(in) && !json_is_null(in))
        return fail(w, "\"counter\" takes an object, a name or null");
    sb_printf(b, "counter packets %lld bytes %lld", (long long)p, (long long)by);
    return true;
}

static bool stmt(struct lw *w, struct strbuf *b, json_t *v)
{
    json_t *in;
    const char *k = only_key(v, &in);
    if (!k)
        return fail(w, "a statement is an object with exactly one key");
    push_key(w, k);
    bool ok = false, handled = true;
    if (!strcmp(k, "match"))
        ok = json_is_object(in) ? stmt_match(w, b, in) : fail(w, "\"match\" takes an object");
    else if (!strcmp(k, "counter"))
        ok = stmt_counter(w, b, in);
    else if (!strcmp(k, "mangle")) {
        json_t *key = json_object_get(in, "key"), *val = json_object_get(in, "value");
        if (!key || !val)
            ok = fail(w, "a mangle needs \"key\" and \"value\"");
        else {
            struct hints h = hints_of(key);
            push_key(w, "key");
            ok = expr(w, b, key, NULL, NULL);
            pop(w);
            sb_puts(b, " set ");
            push_key(w, "value");
            ok = ok && expr(w, b, val, &h, &h);
            pop(w);
        }
    } else if (!strcmp(k, "vmap")) {
        pop(w);
        ok = expr(w, b, v, NULL, NULL);
        push_key(w, k);
    } else if (!strcmp(k, "snat") || !strcmp(k, "dnat") || !strcmp(k, "masquerade") ||
               !strcmp(k, "redirect"))
        ok = stmt_nat(w, b, k, in);
    else if (!strcmp(k, "reject"))
        ok = stmt_reject(w, b, in);
    else if (!strcmp(k, "log"))
        ok = stmt_log(w, b, in);
    else if (!strcmp(k, "limit"))
        ok = stmt_limit(w, b, in);
    else if (!strcmp(k, "quota"))
        ok = stmt_quota(w, b, in);
    else if (!strcmp(k, "notrack")) {
        sb_puts(b, "notrack");
        ok = true;
    } else if (!strcmp(k, "ct helper") || !strcmp(k, "ct timeout") ||
               !strcmp(k, "ct expectation")) {
        sb_printf(b, "%s set ", k);
        ok = json_is_string(in) ? put_quoted(w, b, json_string_value(in))
                                : fail(w, "\"%s\" takes the object's name", k);
    } else if (!strcmp(k, "set") || !strcmp(k, "map")) {
        /* `update @s { ip saddr timeout 10s }`, `add @m { k : v }` */
        const char *op = json_is_object(in) ? get_str(in, "op") : NULL;
        const char *set =
            json_is_object(in) ? get_str(in, !strcmp(k, "set") ? "set" : "map") : NULL;
        json_t *elem = json_is_object(in) ? json_object_get(in, "elem") : NULL;
        if (!op || !set || !elem)
            ok = fail(w, "a %s statement needs \"op\", \"elem\" and \"%s\"", k, k);
        else if (strcmp(op, "add") && strcmp(op, "update") && strcmp(op, "delete"))
            ok = fail(w, "unknown %s operation \"%.20s\" (add, update or delete)", k, op);
        else {
            sb_printf(b, "%s ", op);
            push_key(w, k);
            ok = value_string(w, b, set[0] == '@' ? set : "", H_NONE);
            if (ok && set[0] != '@')
                ok = fail(w, "the set is a reference: \"@NAME\"");
            pop(w);
            if (ok) {
                sb_puts(b, " { ");
                push_key(w, "elem");
                ok = expr(w, b, elem, NULL, NULL);
                pop(w);
                json_t *data = json_object_get(in, "data");
                if (ok && data) {
                    sb_puts(b, " : ");
                    push_key(w, "data");
                    ok = expr(w, b, data, NULL, NULL);
                    pop(w);
                }
                sb_puts(b, " }");
            }
        }
    } else if (!strcmp(k, "ct count")) {
        json_int_t val;
        ok = json_is_object(in) && get_int(w, in, "val", &val, true);
        if (ok)
            sb_printf(b, "ct count %s%lld", json_is_true(json_object_get(in, "inv")) ? "over " : "",
                      (long long)val);
        else if (!json_is_object(in))
            fail(w, "\"ct count\" takes an object");
    } else if (!strcmp(k, "queue")) {
        sb_puts(b, "queue");
        ok = true;
        if (json_is_object(in)) {
            json_t *f = json_object_get(in, "flags"), *num = json_object_get(in, "num");
            if (f) {
                sb_puts(b, " flags");
                ok = nat_flags(w, b, in);
            }
            if (ok && num) {
                sb_puts(b, " to ");
                push_key(w, "num");
                ok = expr(w, b, num, NULL, NULL);
                pop(w);
            }
        }
    } else if (!strcmp(k, "synproxy")) {
        sb_puts(b, "synproxy");
        ok = true;
        if (json_is_object(in)) {
            json_int_t mss = 0, ws = 0;
            ok = get_int(w, in, "mss", &mss, false) && get_int(w, in, "wscale", &ws, false);
            if (json_object_get(in, "mss"))
                sb_printf(b, " mss %lld", (long long)mss);
            if (json_object_get(in, "wscale"))
                sb_printf(b, " wscale %lld", (long long)ws);
            if (ok && json_object_get(in, "flags"))
                ok = nat_flags(w, b, in);
        }
    } else if (!strcmp(k, "dup") || !strcmp(k, "fwd")) {
        json_t *addr = json_is_object(in) ? json_object_get(in, "addr") : NULL;
        json_t *dev = json_is_object(in) ? json_object_get(in, "dev") : NULL;
        sb_printf(b, "%s to ", k);
        ok = true;
        struct hints sh = hint1(H_STRING);
        if (addr) {
            const char *fam = get_str(in, "family");
            if (fam && !strcmp(k, "fwd"))
                sb_printf(b, "%s ", fam);
            push_key(w, "addr");
            ok = expr(w, b, addr, NULL, NULL);
            pop(w);
            if (ok && dev)
                sb_puts(b, " device ");
        }
        if (ok && dev) {
            push_key(w, "dev");
            ok = expr(w, b, dev, &sh, NULL);
            pop(w);
        }
        if (!addr && !dev)
            ok = fail(w, "\"%s\" needs \"addr\" or \"dev\"", k);
    } else if (!strcmp(k, "xt")) {
        ok = fail(w, "an xt statement (an iptables-nft extension nft cannot translate) cannot be "
                     "read; load the ruleset's iptables-save output instead");
    } else {
        pop(w);
        ok = verdict(w, b, k, in, &handled);
        push_key(w, k);
        if (!handled)
            ok = fail(w, "unknown statement \"%.40s\"", k);
    }
    pop(w);
    return ok;
}

/* ---- ruleset objects ---- */

static const char *const families[] = {"ip", "ip6", "inet", "arp", "bridge", "netdev"};

static bool get_family(struct lw *w, json_t *o, const char **fam)
{
    if (!get_name(w, o, "family", fam, true))
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(families); i++)
        if (!strcmp(*fam, families[i]))
            return true;
    push_key(w, "family");
    fail(w, "unknown family \"%s\" (ip, ip6, inet, arp, bridge or netdev)", *fam);
    pop(w);
    return false;
}

/* The rule line (statements and comment), without indentation. */
static bool rule_text(struct lw *w, json_t *o, struct strbuf *b)
{
    json_t *ex = json_object_get(o, "expr");
    if (!json_is_array(ex))
        return fail(w, "a rule needs \"expr\": a list of statements");
    push_key(w, "expr");
    bool ok = true;
    for (size_t i = 0; ok && i < json_array_size(ex); i++) {
        if (i)
            sb_putc(b, ' ');
        push_index(w, i);
        json_t *s = json_array_get(ex, i);
        if (json_is_string(s))
            ok = fail(w,
                      "a statement nft wrote as text (\"%.30s...\"): nft itself cannot read it "
                      "back from JSON",
                      json_string_value(s));
        else
            ok = stmt(w, b, s);
        pop(w);
    }
    pop(w);
    const char *comment = get_str(o, "comment");
    if (ok && comment) {
        sb_puts(b, " comment ");
        push_key(w, "comment");
        ok = put_quoted(w, b, comment);
        pop(w);
    }
    return ok;
}

static const char *std_prio_name(const char *family, const char *hook, json_int_t p, int *off)
{
    static const struct {
        const char *name;
        int prio;
        bool bridge;
        const char *hook; /* only on this hook (NULL: any) */
    } std[] = {
        {"raw", -300, false, NULL},
        {"mangle", -150, false, NULL},
        {"dstnat", -100, false, "prerouting"},
        {"filter", 0, false, NULL},
        {"security", 50, false, NULL},
        {"srcnat", 100, false, "postrouting"},
        {"dstnat", -300, true, "prerouting"},
        {"filter", -200, true, NULL},
        {"out", 100, true, "output"},
        {"srcnat", 300, true, "postrouting"},
    };
    bool bridge = !strcmp(family, "bridge");
    bool ipish = !strcmp(family, "ip") || !strcmp(family, "ip6") || !strcmp(family, "inet");
    for (size_t i = 0; i < ARRAY_SIZE(std); i++) {
        if (std[i].bridge != bridge)
            continue;
        if (!bridge && !ipish && strcmp(std[i].name, "filter"))
            continue;
        if (std[i].hook && hook && strcmp(std[i].hook, hook))
            continue;
        if (p >= std[i].prio - 10 && p <= std[i].prio + 10) {
            *off = (int)(p - std[i].prio);
            return std[i].name;
        }
    }
    return NULL;
}

static void prio_print(struct strbuf *b, const char *family, const char *hook, json_int_t p)
{
    int off = 0;
    const char *name = std_prio_name(family, hook, p, &off);
    if (!name)
        sb_printf(b, "%lld", (long long)p);
    else if (off > 0)
        sb_printf(b, "%s + %d", name, off);
    else if (off < 0)
        sb_printf(b, "%s - %d", name, -off);
    else
        sb_puts(b, name);
}

static bool devices(struct lw *w, struct strbuf *b, json_t *dev)
{
    push_key(w, "dev");
    bool ok = true;
    if (json_is_string(dev)) {
        sb_puts(b, "device ");
        ok = put_quoted(w, b, json_string_value(dev));
    } else if (json_is_array(dev)) {
        sb_puts(b, "devices = { ");
        for (size_t i = 0; ok && i < json_array_size(dev); i++) {
            const char *s = json_string_value(json_array_get(dev, i));
            push_index(w, i);
            if (!s || !is_word(s))
                ok = fail(w, "a device is an interface name");
            else
                sb_printf(b, "%s%s", i ? ", " : "", s);
            pop(w);
        }
        sb_puts(b, " }");
    } else
        ok = fail(w, "\"dev\" is a name or a list of names");
    pop(w);
    return ok;
}

/* The `type ... hook ... priority ...; policy ...;` line of a base chain
 * (empty for a user chain). */
static bool chain_head(struct lw *w, json_t *o, const char *family, struct strbuf *b)
{
    const char *type, *hook, *policy;
    json_int_t prio = 0;
    if (!get_name(w, o, "type", &type, false) || !get_name(w, o, "hook", &hook, false) ||
        !get_name(w, o, "policy", &policy, false) || !get_int(w, o, "prio", &prio, false))
        return false;
    if (!type && !hook)
        return true;
    if (!type || !hook)
        return fail(w, "a base chain needs \"type\", \"hook\" and \"prio\"");
    sb_printf(b, "type %s hook %s ", type, hook);
    json_t *dev = json_object_get(o, "dev");
    if (dev) {
        if (!devices(w, b, dev))
            return false;
        sb_putc(b, ' ');
    }
    sb_puts(b, "priority ");
    prio_print(b, family, hook, prio);
    sb_printf(b, "; policy %s;", policy ? policy : "accept");
    return true;
}

static bool set_type(struct lw *w, struct strbuf *b, json_t *t, const char *what)
{
    push_key(w, what);
    bool ok = true;
    json_t *in;
    const char *k = only_key(t, &in);
    if (json_is_string(t)) {
        ok = is_word(json_string_value(t)) ? (sb_puts(b, json_string_value(t)), true)
                                           : fail(w, "not a type name");
    } else if (json_is_array(t)) {
        for (size_t i = 0; ok && i < json_array_size(t); i++) {
            const char *s = json_string_value(json_array_get(t, i));
            push_index(w, i);
            if (!s || !is_word(s))
                ok = fail(w, "not a type name");
            else
                sb_printf(b, "%s%s", i ? " . " : "", s);
            pop(w);
        }
    } else if (k && !strcmp(k, "typeof")) {
        push_key(w, "typeof");
        ok = expr(w, b, in, NULL, NULL);
        pop(w);
    } else
        ok = fail(w, "a set type is a name, a list of names or {\"typeof\": EXPR}");
    pop(w);
    return ok;
}

/* Is set `name` the target of an `add @name`/`update @name` statement in
 * one of the table's rules? nft then lists the set as `flags dynamic`. */
static bool set_is_updated(json_t *v, const char *name)
{
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (set_is_updated(json_array_get(v, i), name))
                return true;
        return false;
    }
    if (!json_is_object(v))
        return false;
    json_t *in;
    const char *k = only_key(v, &in);
    if (k && (!strcmp(k, "set") || !strcmp(k, "map")) && json_is_object(in) &&
        json_object_get(in, "op")) {
        const char *ref = get_str(in, k);
        if (ref && ref[0] == '@' && !strcmp(ref + 1, name))
            return true;
    }
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val)
    {
        if (set_is_updated(val, name))
            return true;
    }
    return false;
}

static bool set_lines(struct lw *w, json_t *o, bool is_map, const char *ind, bool dynamic)
{
    json_t *type = json_object_get(o, "type"), *data = json_object_get(o, "map");
    if (!type)
        return fail(w, "a set needs \"type\"");
    if (is_map && !data)
        return fail(w, "a map needs \"map\": the type of its values");
    struct strbuf b;
    sb_init(&b);
    json_t *tin;
    const char *tk = only_key(type, &tin);
    sb_puts(&b, tk && !strcmp(tk, "typeof") ? "typeof " : "type ");
    bool ok = set_type(w, &b, type, "type");
    if (ok && data) {
        sb_puts(&b, " : ");
        json_t *din;
        const char *dk = only_key(data, &din);
        if (dk && !strcmp(dk, "typeof"))
            sb_puts(&b, "");
        ok = set_type(w, &b, data, "map");
    }
    if (ok)
        emitf(w, "%s%s", ind, b.s);
    const char *policy = get_str(o, "policy");
    if (ok && policy && strcmp(policy, "performance"))
        emitf(w, "%spolicy %s", ind, policy);
    json_int_t size = 0;
    if (ok && (ok = get_int(w, o, "size", &size, false)) && size)
        emitf(w, "%ssize %lld", ind, (long long)size);
    json_t *flags = json_object_get(o, "flags");
    if (ok && flags) {
        static const char *const order[] = {"constant", "dynamic", "interval", "timeout"};
        sb_reset(&b);
        /* a set with a default timeout lists without `flags timeout` */
        json_int_t dt = 0;
        size_t norder = get_int(w, o, "timeout", &dt, false) && dt && !dynamic ? 3 : 4;
        for (size_t i = 0; i < norder; i++) {
            bool has = (json_is_string(flags) && !strcmp(json_string_value(flags), order[i])) ||
                       (dynamic && i == 1);
            for (size_t j = 0; json_is_array(flags) && j < json_array_size(flags); j++) {
                const char *s = json_string_value(json_array_get(flags, j));
                has |= s && !strcmp(s, order[i]);
            }
            if (has)
                sb_printf(&b, "%s%s", b.len ? "," : "", order[i]);
        }
        if (b.len)
            emitf(w, "%sflags %s", ind, b.s);
    }
    json_t *stmts = json_object_get(o, "stmt");
    for (size_t i = 0; ok && json_is_array(stmts) && i < json_array_size(stmts); i++) {
        sb_reset(&b);
        push_key(w, "stmt");
        push_index(w, i);
        ok = stmt(w, &b, json_array_get(stmts, i));
        pop(w);
        pop(w);
        if (ok && !strncmp(b.s, "counter packets 0 bytes 0", 25))
            sb_reset(&b), sb_puts(&b, "counter");
        if (ok)
            emitf(w, "%s%s", ind, b.s);
    }
    json_int_t t = 0;
    if (ok && (ok = get_int(w, o, "timeout", &t, false)) && t) {
        sb_reset(&b);
        nft_time_print(&b, (uint64_t)t * 1000);
        emitf(w, "%stimeout %s", ind, b.s);
    }
    json_int_t gc = 0; /* listed only when it is not the timeout */
    if (ok && (ok = get_int(w, o, "gc-interval", &gc, false)) && gc && gc != t) {
        t = gc;
        sb_reset(&b);
        nft_time_print(&b, (uint64_t)t * 1000);
        emitf(w, "%sgc-interval %s", ind, b.s);
    }
    if (ok && json_is_true(json_object_get(o, "auto-merge")))
        emitf(w, "%sauto-merge", ind);
    const char *comment = get_str(o, "comment");
    if (ok && comment) {
        sb_reset(&b);
        push_key(w, "comment");
        ok = put_quoted(w, &b, comment);
        pop(w);
        if (ok)
            emitf(w, "%scomment %s", ind, b.s);
    }
    json_t *elem = json_object_get(o, "elem");
    if (ok && elem && !(json_is_array(elem) && json_array_size(elem) == 0)) {
        struct hints kh = hints_of_type(type), dh = data ? hints_of_type(data) : hint1(H_NONE);
        sb_reset(&b);
        push_key(w, "elem");
        ok = set_body(w, &b, elem, &kh, &dh);
        pop(w);
        if (ok)
            emitf(w, "%selements = %s", ind, b.s);
    }
    sb_free(&b);
    return ok;
}

/* The body of a named object (counter, quota, limit, ct helper, ...) as
 * its lines; NULL kind when the key is not an object kind. */
static bool obj_lines(struct lw *w, const char *kind, json_t *o, const char *ind)
{
    struct strbuf b;
    sb_init(&b);
    bool ok = true;
    if (!strcmp(kind, "counter")) {
        json_int_t p = 0, by = 0;
        ok = get_int(w, o, "packets", &p, false) && get_int(w, o, "bytes", &by, false);
        if (ok)
            emitf(w, "%spackets %lld bytes %lld", ind, (long long)p, (long long)by);
    } else if (!strcmp(kind, "quota")) {
        json_int_t by = 0, used = 0;
        ok = get_int(w, o, "bytes", &by, true) && get_int(w, o, "used", &used, false);
        if (ok) {
            sb_puts(&b, json_is_true(json_object_get(o, "inv")) ? "over " : "");
            bytes_print(&b, (uint64_t)by);
            if (used) {
                sb_puts(&b, " used ");
                bytes_print(&b, (uint64_t)used);
            }
            emitf(w, "%s%s", ind, b.s);
        }
    } else if (!strcmp(kind, "limit")) {
        json_int_t rate = 0, burst = 0;
        ok = get_int(w, o, "rate", &rate, true) && get_int(w, o, "burst", &burst, false);
        const char *per = get_str(o, "per"), *unit = get_str(o, "unit");
        bool bytes = unit && !strcmp(unit, "bytes");
        if (ok) {
            sb_printf(&b, "rate %s", json_is_true(json_object_get(o, "inv")) ? "over " : "");
            if (bytes)
                bytes_print(&b, (uint64_t)rate);
            else
                sb_printf(&b, "%lld", (long long)rate);
            sb_printf(&b, "/%s", per ? per : "second");
            if (bytes && burst) {
                sb_puts(&b, " burst ");
                bytes_print(&b, (uint64_t)burst);
            } else if (!bytes && burst && burst != 5)
                sb_printf(&b, " burst %lld packets", (long long)burst);
            emitf(w, "%s%s", ind, b.s);
        }
    } else if (!strcmp(kind, "ct helper")) {
        const char *type = get_str(o, "type"), *proto, *l3;
        ok = get_name(w, o, "protocol", &proto, true) && get_name(w, o, "l3proto", &l3, false);
        if (ok && !type)
            ok = fail(w, "a ct helper needs \"type\"");
        if (ok) {
            sb_puts(&b, "type ");
            ok = put_quoted(w, &b, type);
            sb_printf(&b, " protocol %s", proto);
        }
        if (ok)
            emitf(w, "%s%s", ind, b.s);
        if (ok && l3)
            emitf(w, "%sl3proto %s", ind, l3);
    } else if (!strcmp(kind, "synproxy")) {
        json_int_t mss = 0, ws = 0;
        ok = get_int(w, o, "mss", &mss, false) && get_int(w, o, "wscale", &ws, false);
        if (ok) {
            emitf(w, "%smss %lld", ind, (long long)mss);
            emitf(w, "%swscale %lld", ind, (long long)ws);
            sb_reset(&b);
            ok = nat_flags(w, &b, o);
            if (ok && b.len)
                emitf(w, "%s%s", ind, b.s + 1);
        }
    } else {
        ok = fail(w, "named %s objects are not supported yet", kind);
    }
    sb_free(&b);
    return ok;
}

static bool is_obj_kind(const char *k)
{
    static const char *const kinds[] = {"counter",    "quota",          "limit",    "ct helper",
                                        "ct timeout", "ct expectation", "synproxy", "secmark"};
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
        if (!strcmp(k, kinds[i]))
            return true;
    return false;
}

/* ---- the listing: grouping by table ---- */

struct ltable {
    const char *family, *name;
    struct item *self; /* the "table" object, or NULL when only referred to */
    struct item **v;
    size_t n, cap;
};

static void set_cur(struct lw *w, const struct item *it)
{
    cur_item(w, it);
    w->depth = 0;
    push_key(w, "nftables");
    push_index(w, it->index);
    push_key(w, it->kind);
}

static void table_push(struct ltable *t, struct item *it)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
    }
    t->v[t->n++] = it;
}

static void lower_chain(struct lw *w, struct ltable *t, struct item *c)
{
    const char *name = get_str(c->o, "name");
    set_cur(w, c);
    struct strbuf b;
    sb_init(&b);
    /* a bad head still lets its rules be read, for their errors (nothing
     * is loaded after an error) */
    if (!chain_head(w, c->o, t->family, &b))
        sb_reset(&b);
    emitf(w, "\tchain %s {", name);
    const char *comment = get_str(c->o, "comment");
    if (comment) {
        struct strbuf q;
        sb_init(&q);
        push_key(w, "comment");
        if (put_quoted(w, &q, comment))
            emitf(w, "\t\tcomment %s", q.s);
        pop(w);
        sb_free(&q);
    }
    if (b.len)
        emitf(w, "\t\t%s", b.s);
    for (size_t i = 0; i < t->n; i++) {
        struct item *r = t->v[i];
        if (strcmp(r->kind, "rule") || strcmp(get_str(r->o, "chain"), name))
            continue;
        set_cur(w, r);
        sb_reset(&b);
        if (rule_text(w, r->o, &b))
            emitf(w, "\t\t%s", b.s);
    }
    cur_item(w, c);
    emitf(w, "\t}");
    sb_free(&b);
}

static void lower_table(struct lw *w, struct ltable *t)
{
    w->family = t->family;
    if (t->self)
        cur_item(w, t->self);
    emitf(w, "table %s %s {", t->family, t->name);
    if (t->self) {
        set_cur(w, t->self);
        json_t *flags = json_object_get(t->self->o, "flags");
        if (flags) {
            struct strbuf b;
            sb_init(&b);
            push_key(w, "flags");
            bool ok = json_is_string(flags)  ? value_string(w, &b, json_string_value(flags), H_NONE)
                      : json_is_array(flags) ? expr_list(w, &b, flags, ",", NULL)
                                             : fail(w, "table flags are names");
            pop(w);
            if (ok)
                emitf(w, "\tflags %s", b.s);
            sb_free(&b);
        }
        const char *comment = get_str(t->self->o, "comment");
        if (comment) {
            struct strbuf b;
            sb_init(&b);
            push_key(w, "comment");
            if (put_quoted(w, &b, comment))
                emitf(w, "\tcomment %s", b.s);
            pop(w);
            sb_free(&b);
        }
    }
    bool first = true;
    /* as nft prints a table: named objects, sets and maps, flowtables, chains */
    for (int pass = 0; pass < 4; pass++) {
        for (size_t i = 0; i < t->n; i++) {
            struct item *it = t->v[i];
            bool obj = is_obj_kind(it->kind);
            bool set = !strcmp(it->kind, "set") || !strcmp(it->kind, "map");
            bool ft = !strcmp(it->kind, "flowtable");
            bool chain = !strcmp(it->kind, "chain");
            if (!((pass == 0 && obj) || (pass == 1 && set) || (pass == 2 && ft) ||
                  (pass == 3 && chain)))
                continue;
            set_cur(w, it);
            if (!first)
                emit_line(w, "");
            first = false;
            const char *name = get_str(it->o, "name");
            if (chain) {
                lower_chain(w, t, it);
                continue;
            }
            emitf(w, "\t%s %s {", it->kind, name);
            if (set) {
                bool dyn = false;
                for (size_t r = 0; r < t->n && !dyn; r++)
                    dyn = !strcmp(t->v[r]->kind, "rule") &&
                          set_is_updated(json_object_get(t->v[r]->o, "expr"), name);
                set_lines(w, it->o, !strcmp(it->kind, "map"), "\t\t", dyn);
            } else if (obj)
                obj_lines(w, it->kind, it->o, "\t\t");
            else {
                const char *hook;
                json_int_t prio = 0;
                if (get_name(w, it->o, "hook", &hook, true) &&
                    get_int(w, it->o, "prio", &prio, true)) {
                    struct strbuf b;
                    sb_init(&b);
                    prio_print(&b, t->family, NULL, prio);
                    emitf(w, "\t\thook %s priority %s", hook, b.s);
                    json_t *dev = json_object_get(it->o, "dev");
                    if (dev) {
                        sb_reset(&b);
                        if (devices(w, &b, dev))
                            emitf(w, "\t\t%s", b.s);
                    }
                    sb_free(&b);
                }
            }
            set_cur(w, it);
            emitf(w, "\t}");
        }
    }
    if (t->self)
        cur_item(w, t->self);
    emitf(w, "}");
}

static struct ltable *find_table(struct ltable **tabs, size_t *n, size_t *cap, const char *fam,
                                 const char *name, bool add)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*tabs)[i].family, fam) && !strcmp((*tabs)[i].name, name))
            return &(*tabs)[i];
    if (!add)
        return NULL;
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        *tabs = xrealloc(*tabs, *cap * sizeof(**tabs));
    }
    (*tabs)[*n] = (struct ltable){.family = fam, .name = name};
    return &(*tabs)[(*n)++];
}

static const char *const cmds[] = {"add",     "create", "insert", "replace", "delete",
                                   "destroy", "flush",  "list",   "reset",   "rename"};

static bool is_cmd(const char *k)
{
    for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
        if (!strcmp(k, cmds[i]))
            return true;
    return false;
}

/* An object's identity `FAMILY TABLE [NAME]`. */
static bool ident(struct lw *w, json_t *o, const char *kind, struct strbuf *b, bool need_name)
{
    const char *fam, *table, *name = NULL;
    bool is_table = !strcmp(kind, "table");
    if (!get_family(w, o, &fam) || !get_name(w, o, is_table ? "name" : "table", &table, true) ||
        (!is_table && !get_name(w, o, !strcmp(kind, "rule") ? "chain" : "name", &name, need_name)))
        return false;
    w->family = fam;
    sb_printf(b, "%s %s", fam, table);
    if (name)
        sb_printf(b, " %s", name);
    return true;
}

/* One command of the command form, as a script line. */
static void lower_command(struct lw *w, const char *cmd, json_t *arg)
{
    json_t *o;
    const char *kind = only_key(arg, &o);
    if (!strcmp(cmd, "flush") && json_is_object(arg) && json_object_get(arg, "ruleset")) {
        emitf(w, "flush ruleset");
        return;
    }
    if (!kind || !json_is_object(o)) {
        fail(w, "a %s command takes one object: {\"table\": {...}}, {\"rule\": {...}}, ...", cmd);
        return;
    }
    push_key(w, kind);
    struct strbuf b, line;
    sb_init(&b);
    sb_init(&line);
    bool ok;
    const char *verb = !strcmp(cmd, "create") ? "create" : cmd;
    if (!strcmp(cmd, "list") || !strcmp(cmd, "reset") || !strcmp(cmd, "rename")) {
        ok = fail(w,
                  "a %s command changes nothing a dump holds; ipt-sim reads add, create, "
                  "insert, replace, delete and flush",
                  cmd);
    } else if (!strcmp(kind, "table")) {
        ok = ident(w, o, kind, &b, true);
        if (ok)
            emitf(w, "%s table %s", verb, b.s);
    } else if (!strcmp(kind, "chain")) {
        ok = ident(w, o, kind, &b, true) && chain_head(w, o, w->family, &line);
        if (ok && line.len && (!strcmp(cmd, "add") || !strcmp(cmd, "create")))
            emitf(w, "%s chain %s { %s }", verb, b.s, line.s);
        else if (ok)
            emitf(w, "%s chain %s", verb, b.s);
    } else if (!strcmp(kind, "rule")) {
        ok = ident(w, o, kind, &b, true);
        json_int_t handle = 0, index = 0;
        bool has_h = json_object_get(o, "handle"), has_i = json_object_get(o, "index");
        ok = ok && get_int(w, o, "handle", &handle, false) && get_int(w, o, "index", &index, false);
        if (ok && (!strcmp(cmd, "delete") || !strcmp(cmd, "destroy"))) {
            if (!has_h)
                ok = fail(w, "deleting a rule needs its \"handle\"");
            else
                emitf(w, "%s rule %s handle %lld", cmd, b.s, (long long)handle);
        } else if (!strcmp(cmd, "flush")) {
            emitf(w, "flush chain %s", b.s);
        } else if (ok && rule_text(w, o, &line)) {
            if (has_h)
                sb_printf(&b, " handle %lld", (long long)handle);
            else if (has_i)
                sb_printf(&b, " index %lld", (long long)index);
            emitf(w, "%s rule %s %s", !strcmp(cmd, "create") ? "add" : cmd, b.s, line.s);
        }
    } else if (!strcmp(kind, "set") || !strcmp(kind, "map")) {
        ok = ident(w, o, kind, &b, true);
        if (ok && (!strcmp(cmd, "add") || !strcmp(cmd, "create"))) {
            /* the declaration as one block: its lines joined with "; " */
            struct strbuf *saved = w->out;
            struct nftj_linemap *savedmap = w->map;
            struct strbuf body;
            sb_init(&body);
            w->out = &body;
            w->map = NULL;
            ok = set_lines(w, o, !strcmp(kind, "map"), "", false);
            w->out = saved;
            w->map = savedmap;
            for (size_t i = 0; i < body.len; i++)
                if (body.s[i] == '\n')
                    body.s[i] = i + 1 < body.len ? ';' : ' ';
            if (ok)
                emitf(w, "%s %s %s { %s}", verb, kind, b.s, body.s);
            sb_free(&body);
        } else if (ok)
            emitf(w, "%s %s %s", cmd, kind, b.s);
    } else if (!strcmp(kind, "element")) {
        ok = ident(w, o, kind, &b, true);
        json_t *elem = json_object_get(o, "elem");
        if (ok && !elem)
            ok = fail(w, "an element command needs \"elem\"");
        if (ok) {
            push_key(w, "elem");
            ok = set_body(w, &line, elem, NULL, NULL);
            pop(w);
        }
        if (ok)
            emitf(w, "%s element %s %s", !strcmp(cmd, "create") ? "add" : cmd, b.s, line.s);
    } else if (is_obj_kind(kind) || !strcmp(kind, "flowtable")) {
        ok = ident(w, o, kind, &b, true);
        if (ok && (!strcmp(cmd, "add") || !strcmp(cmd, "create")) && is_obj_kind(kind)) {
            struct strbuf *saved = w->out;
            struct nftj_linemap *savedmap = w->map;
            struct strbuf body;
            sb_init(&body);
            w->out = &body;
            w->map = NULL;
            ok = obj_lines(w, kind, o, "");
            w->out = saved;
            w->map = savedmap;
            for (size_t i = 0; i < body.len; i++)
                if (body.s[i] == '\n')
                    body.s[i] = i + 1 < body.len ? ';' : ' ';
            if (ok)
                emitf(w, "%s %s %s { %s}", verb, kind, b.s, body.s);
            sb_free(&body);
        } else if (ok && (!strcmp(cmd, "delete") || !strcmp(cmd, "destroy")))
            emitf(w, "%s %s %s", cmd, kind, b.s);
        else if (ok)
            ok = fail(w, "%s %s commands are not supported yet", cmd, kind);
    } else {
        ok = fail(w, "unknown object \"%.40s\"", kind);
    }
    (void)ok;
    sb_free(&b);
    sb_free(&line);
    pop(w);
}

static void init_lines(struct lw *w)
{
    size_t cap = 64;
    w->bol = xmalloc(cap * sizeof(*w->bol));
    w->bol[0] = 0;
    w->nbol = 1;
    for (size_t i = 0; i < w->len; i++)
        if (w->buf[i] == '\n') {
            if (w->nbol == cap) {
                cap *= 2;
                w->bol = xrealloc(w->bol, cap * sizeof(*w->bol));
            }
            w->bol[w->nbol++] = i + 1;
        }
}

int nftj_lower(const char *buf, size_t len, struct diags *d, uint32_t file, struct strbuf *out,
               struct nftj_linemap *map)
{
    struct lw w = {.buf = buf, .len = len, .d = d, .file = file, .out = out, .map = map};
    init_lines(&w);
    json_error_t jerr;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        /* jansson's position is just past the offending text; when it
         * names that text (`... near '"policy"'`), the caret spans it */
        size_t off = jerr.position > 0 ? (size_t)jerr.position - 1 : 0;
        if (off > len)
            off = len;
        size_t tlen = 1;
        const char *near = strstr(jerr.text, " near '");
        size_t nl = near ? strlen(near + 7) : 0;
        if (nl >= 2 && near[7 + nl - 1] == '\'') {
            nl--; /* the token, without the quotes around it */
            if (off < len && off + 1 >= nl && !memchr(near + 7, '\n', nl) &&
                memcmp(buf + off + 1 - nl, near + 7, nl) == 0) {
                off = off + 1 - nl;
                tlen = nl;
            }
        }
        const char *line;
        char linebuf[NFTJ_MAX_EXCERPT + 1];
        struct ipt_loc l = loc_of(&w, off, &line, linebuf);
        l.len = (uint32_t)tlen;
        diag_add(d, DIAG_ERROR, l, line, "not valid JSON: %s", jerr.text);
        free(w.bol);
        return -1;
    }
    json_t *arr = json_object_get(root, "nftables");
    if (!json_is_object(root) || !json_is_array(arr)) {
        if (json_is_object(root))
            push_key(&w, "nftables");
        fail(&w, "an nft JSON ruleset is {\"nftables\": [...]}, the output of `nft -j list "
                 "ruleset`");
        json_decref(root);
        free(w.bol);
        return -1;
    }
    /* the offset of every element of nftables[], in one scan */
    size_t n = json_array_size(arr);
    struct item *items = xcalloc(n ? n : 1, sizeof(*items));
    {
        struct nftj_step p = {"nftables", 0};
        size_t i = nftj_locate(buf, len, &p, 1);
        i = skip_ws(buf, len, i + 1);
        for (size_t k = 0; k < n && i < len; k++) {
            /* at the item's key, `"rule"` of `{"rule": {...}}` or of
             * `{"add": {"rule": {...}}}`: with `nft -j list ruleset | jq`,
             * the line that says what it is */
            size_t at = i;
            if (buf[i] == '{' && (at = skip_ws(buf, len, i + 1)) < len && buf[at] == '"') {
                size_t e = skip_string(buf, len, at);
                for (size_t c = 0; c < ARRAY_SIZE(cmds); c++) {
                    size_t v = skip_ws(buf, len, e);
                    if (!key_is(buf, len, at, cmds[c]) || v >= len || buf[v] != ':')
                        continue;
                    v = skip_ws(buf, len, v + 1);
                    size_t in = v < len && buf[v] == '{' ? skip_ws(buf, len, v + 1) : len;
                    if (in < len && buf[in] == '"') {
                        at = in;
                        e = skip_string(buf, len, at);
                    }
                    break;
                }
                items[k].loc = loc_of(&w, at, NULL, NULL);
                /* (a key on one line: a string holds no newline) */
                items[k].loc.len = e - at <= 64 ? (uint32_t)(e - at) : 1;
            } else {
                items[k].loc = loc_of(&w, i, NULL, NULL);
            }
            i = skip_ws(buf, len, skip_value(buf, len, i));
            if (i < len && buf[i] == ',')
                i = skip_ws(buf, len, i + 1);
        }
    }
    bool commands = false;
    for (size_t k = 0; k < n; k++) {
        json_t *o;
        const char *key = only_key(json_array_get(arr, k), &o);
        if (key && is_cmd(key))
            commands = true;
    }
    struct ltable *tabs = NULL;
    size_t ntabs = 0, captabs = 0;
    for (size_t k = 0; k < n; k++) {
        json_t *o;
        const char *key = only_key(json_array_get(arr, k), &o);
        w.depth = 0;
        push_key(&w, "nftables");
        push_index(&w, k);
        w.cur = items[k].loc;
        if (!key) {
            fail(&w, "each item of \"nftables\" is an object with one key (\"table\", "
                     "\"chain\", \"rule\", \"add\", ...)");
            continue;
        }
        items[k] = (struct item){key, o, k, items[k].loc};
        cur_item(&w, &items[k]);
        if (!strcmp(key, "metainfo"))
            continue;
        if (commands) {
            if (is_cmd(key)) {
                push_key(&w, key);
                lower_command(&w, key, o);
            } else {
                /* a bare object among commands is an `add` */
                json_t *wrap = json_object();
                json_object_set(wrap, key, o);
                lower_command(&w, "add", wrap);
                json_decref(wrap);
            }
            continue;
        }
        push_key(&w, key);
        if (!json_is_object(o)) {
            fail(&w, "\"%s\" takes an object", key);
            continue;
        }
        const char *fam, *tname, *name;
        bool is_table = !strcmp(key, "table");
        if (!get_family(&w, o, &fam) || !get_name(&w, o, is_table ? "name" : "table", &tname, true))
            continue;
        if (!is_table && !get_name(&w, o, !strcmp(key, "rule") ? "chain" : "name", &name, true))
            continue;
        bool known = is_table || !strcmp(key, "chain") || !strcmp(key, "rule") ||
                     !strcmp(key, "set") || !strcmp(key, "map") || !strcmp(key, "flowtable") ||
                     is_obj_kind(key);
        if (!known) {
            fail(&w, "unknown object \"%.40s\" in a listing", key);
            continue;
        }
        struct ltable *t = find_table(&tabs, &ntabs, &captabs, fam, tname, is_table);
        if (!t) {
            fail(&w, "the %s names table %s %s, which no \"table\" object before it declares", key,
                 fam, tname);
            continue;
        }
        if (is_table) {
            if (t->self) {
                fail(&w, "table %s %s is declared twice", fam, tname);
                continue;
            }
            t->self = &items[k];
        } else
            table_push(t, &items[k]);
    }
    /* a rule must name a chain of its table */
    for (size_t i = 0; i < ntabs; i++) {
        struct ltable *t = &tabs[i];
        for (size_t j = 0; j < t->n; j++) {
            if (strcmp(t->v[j]->kind, "rule"))
                continue;
            const char *cn = get_str(t->v[j]->o, "chain");
            bool found = false;
            for (size_t c = 0; c < t->n && !found; c++)
                found = !strcmp(t->v[c]->kind, "chain") && !strcmp(get_str(t->v[c]->o, "name"), cn);
            if (!found) {
                set_cur(&w, t->v[j]);
                push_key(&w, "chain");
                fail(&w, "the rule is in chain %s, which table %s %s does not declare", cn,
                     t->family, t->name);
            }
        }
    }
    for (size_t i = 0; i < ntabs; i++) {
        lower_table(&w, &tabs[i]);
        free(tabs[i].v);
    }
    free(tabs);
    free(items);
    json_decref(root);
    free(w.bol);
    return w.errors ? -1 : 0;
}

void nftj_linemap_free(struct nftj_linemap *m)
{
    free(m->v);
    free(m->obj);
    for (size_t i = 0; i < m->npaths; i++)
        free(m->paths[i]);
    free(m->paths);
    *m = (struct nftj_linemap){0};
}
