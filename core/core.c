/*
 * core.c - arena, string buffer and hash map (see include/iptsim/core.h).
 */
#include "iptsim/core.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("ipt-sim: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz ? sz : 1);
    if (!p) {
        fputs("ipt-sim: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("ipt-sim: out of memory\n", stderr);
        abort();
    }
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* ---- arena ---- */

struct arena_chunk {
    struct arena_chunk *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

/* Chunks come straight from mmap: 256 KiB, page-aligned, returned to the
 * system when freed, and never interleaved with malloc's heap (where freed
 * vectors and hash tables would leave holes between them: 1 MB at 10^5
 * rules). Sanitizer builds use malloc so that their checks see the
 * chunks. */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define ARENA_MALLOC 1
#endif
#endif

#ifdef ARENA_MALLOC
#define ARENA_CHUNK (256 * 1024 - 64) /* with malloc's header: 256 KiB */
static void *chunk_alloc(size_t n)
{
    return xmalloc(n);
}
static void chunk_free(void *p, size_t n)
{
    (void)n;
    free(p);
}
#else
#define ARENA_CHUNK (256 * 1024)
static void *chunk_alloc(size_t n)
{
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        fputs("ipt-sim: out of memory\n", stderr);
        abort();
    }
    return p;
}
static void chunk_free(void *p, size_t n)
{
    munmap(p, n);
}
#endif

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void arena_free(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *n = c->next;
        chunk_free(c, sizeof(*c) + c->size);
        c = n;
    }
    a->head = NULL;
    a->used_total = 0;
}

void arena_reset(struct arena *a)
{
    struct arena_chunk *c = a->head;
    if (!c)
        return;
    struct arena_chunk *n = c->next;
    while (n) {
        struct arena_chunk *next = n->next;
        chunk_free(n, sizeof(*n) + n->size);
        n = next;
    }
    c->next = NULL;
    c->used = 0;
    a->used_total = 0;
}

/* n bytes at a multiple of align (1 or 8), not zeroed. */
static void *arena_take(struct arena *a, size_t n, size_t align)
{
    struct arena_chunk *c = a->head;
    size_t off = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || off > c->size || c->size - off < n) {
        size_t room = ARENA_CHUNK - sizeof(struct arena_chunk);
        size_t sz = n > room / 4 ? n : room;
        struct arena_chunk *nc = chunk_alloc(sizeof(*nc) + sz);
        nc->size = sz;
        nc->used = 0;
        if (n > room / 4 && c) {
            /* A big block gets its own chunk behind the current one, so
             * the current chunk's free tail is not wasted. */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
        off = 0;
    }
    void *p = c->data + off;
    c->used = off + n;
    a->used_total += n;
    return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    void *p = arena_take(a, n, 8);
    memset(p, 0, n);
    return p;
}

/* Strings need no alignment: packed, a chain name costs its length. */
char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* ---- strbuf ---- */

void sb_init(struct strbuf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
}

void sb_free(struct strbuf *b)
{
    free(b->s);
    sb_init(b);
}

static void sb_grow(struct strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void sb_reset(struct strbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = 0;
}

void sb_putn(struct strbuf *b, const char *s, size_t n)
{
    sb_grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void sb_puts(struct strbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void sb_putc(struct strbuf *b, char c)
{
    sb_putn(b, &c, 1);
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sb_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* The length of the valid UTF-8 sequence at p (1-4), or 0 (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF). */
static size_t utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80)
        return 1;
    size_t n = p[0] >= 0xc2 && p[0] <= 0xdf   ? 2
               : p[0] >= 0xe0 && p[0] <= 0xef ? 3
               : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
                                              : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
        return 0;
    return n;
}

void sb_json_str(struct strbuf *b, const char *s)
{
    sb_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) {
            /* JSON is UTF-8: a byte that is not (a comment written in
             * Latin-1, garbage) becomes U+FFFD, the replacement character */
            size_t n = utf8_len(p);
            if (n) {
                sb_putn(b, (const char *)p, n);
                p += n - 1;
            } else {
                sb_puts(b, "\\ufffd");
            }
            continue;
        }
        switch (*p) {
        case '"':
            sb_puts(b, "\\\"");
            break;
        case '\\':
            sb_puts(b, "\\\\");
            break;
        case '\n':
            sb_puts(b, "\\n");
            break;
        case '\r':
            sb_puts(b, "\\r");
            break;
        case '\t':
            sb_puts(b, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                sb_printf(b, "\\u%04x", *p);
            else
                sb_putc(b, (char)*p);
        }
    }
    sb_putc(b, '"');
}

/* ---- strmap ---- */

uint64_t hash_str(const char *s)
{
    /* FNV-1a: short keys, good enough spread, no dependencies. */
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    /* FNV's low bits cluster for keys that share a long prefix
     * (KUBE-SEP-...); mix them before the table masks them. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

void strmap_init(struct strmap *m)
{
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
    m->key_off = 0;
}

void strmap_init_keyed(struct strmap *m, size_t key_off)
{
    strmap_init(m);
    m->key_off = key_off == STRMAP_KEY_IS_VAL ? key_off : key_off + 1;
}

void strmap_free(struct strmap *m)
{
    size_t key_off = m->key_off;
    free(m->keys);
    free(m->vals);
    strmap_init(m);
    m->key_off = key_off;
}

/* The key of slot i, NULL if the slot is free. */
static inline const char *slot_key(const struct strmap *m, size_t i)
{
    if (!m->key_off)
        return m->keys[i];
    const char *v = m->vals[i];
    if (!v || m->key_off == STRMAP_KEY_IS_VAL)
        return v;
    return *(const char *const *)(const void *)(v + m->key_off - 1);
}

/* The map's own hash, eight bytes at a time (a big dump looks up chain
 * names like KUBE-SEP-ABCDEFGHIJKLMNOP a million times). hash_str() stays
 * as it was: others use its values. */
static uint64_t strmap_hash(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    for (; n >= 8; n -= 8, s += 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t v = 0;
    memcpy(&v, s, n);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

static size_t strmap_slot(const struct strmap *m, const char *key)
{
    size_t i = strmap_hash(key) & (m->cap - 1);
    const char *k;
    while ((k = slot_key(m, i)) && strcmp(k, key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

void *strmap_get(const struct strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = strmap_slot(m, key);
    return slot_key(m, i) ? m->vals[i] : NULL;
}

static void strmap_rehash(struct strmap *m, size_t cap)
{
    struct strmap old = *m;
    m->cap = cap;
    m->n = 0;
    m->keys = m->key_off ? NULL : xcalloc(cap, sizeof(*m->keys));
    m->vals = xcalloc(cap, sizeof(*m->vals));
    for (size_t i = 0; i < old.cap; i++) {
        const char *k = slot_key(&old, i);
        if (k)
            strmap_put(m, k, old.vals[i]);
    }
    free(old.keys);
    free(old.vals);
}

void strmap_put(struct strmap *m, const char *key, void *val)
{
    if ((m->n + 1) * 4 >= m->cap * 3)
        strmap_rehash(m, m->cap ? m->cap * 2 : 16);
    size_t i = strmap_slot(m, key);
    if (!slot_key(m, i)) {
        if (m->keys)
            m->keys[i] = key;
        m->n++;
    }
    m->vals[i] = val;
}
