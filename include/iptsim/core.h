/*
 * core.h - the small toolbox every part of ipt-sim uses: an arena allocator
 * (a loaded ruleset is freed in one go), a growable string buffer for
 * printers, and a string-keyed hash map (chains are found by name in O(1)).
 *
 * Nothing here knows about netfilter.
 */
#ifndef IPTSIM_CORE_H
#define IPTSIM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define IPTSIM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define IPTSIM_PRINTF(f, a)
#endif

/* Abort with a message on allocation failure: the library's only fatal path. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* ---- arena: bump allocation in chunks, freed all at once ---- */
struct arena_chunk;
struct arena {
    struct arena_chunk *head;
    size_t used_total; /* bytes handed out, for benchmarks */
};
void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Frees everything allocated but keeps the first chunk for reuse. */
void arena_reset(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);       /* zeroed, 8-byte aligned */
char *arena_strdup(struct arena *a, const char *s); /* not aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* ---- strbuf: growable NUL-terminated text ---- */
struct strbuf {
    char *s;
    size_t len, cap;
};
void sb_init(struct strbuf *b);
void sb_free(struct strbuf *b);
void sb_reset(struct strbuf *b);
void sb_putc(struct strbuf *b, char c);
void sb_puts(struct strbuf *b, const char *s);
void sb_putn(struct strbuf *b, const char *s, size_t n);
void sb_printf(struct strbuf *b, const char *fmt, ...) IPTSIM_PRINTF(2, 3);
/* A JSON string literal, quotes included. */
void sb_json_str(struct strbuf *b, const char *s);

/* ---- strmap: open-addressing hash map, string key -> pointer ----
 * Keys are not copied: they must outlive the map (arena strings do).
 * A keyed map (strmap_init_keyed) stores no keys: each value carries its
 * own key, a `const char *` at key_off in it (or the value is the key
 * string itself, STRMAP_KEY_IS_VAL); its values are never NULL and a value
 * put under a key must carry that key. Half the memory of a plain map. */
#define STRMAP_KEY_IS_VAL ((size_t)-1)
struct strmap {
    const char **keys; /* NULL in a keyed map */
    void **vals;
    size_t cap, n;
    size_t key_off; /* 0: keys stored (all-zero is a valid empty map); key
                     * offset + 1; or STRMAP_KEY_IS_VAL */
};
void strmap_init(struct strmap *m);
void strmap_init_keyed(struct strmap *m, size_t key_off);
void strmap_free(struct strmap *m); /* empties it; a keyed map stays keyed */
void *strmap_get(const struct strmap *m, const char *key);
/* Inserts or replaces. */
void strmap_put(struct strmap *m, const char *key, void *val);

uint64_t hash_str(const char *s);

#endif
