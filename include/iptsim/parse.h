/*
 * parse.h - loading dumps into the model.
 *
 * ruleset_load_file() detects the format from the content (never from the
 * file name) and hands it to the matching front end. Problems go to `diags`
 * with their location; the return value says whether the dump loaded
 * without errors.
 */
#ifndef IPTSIM_PARSE_H
#define IPTSIM_PARSE_H

#include "iptsim/diag.h"
#include "iptsim/model.h"

enum dump_format {
    DUMP_UNKNOWN,
    DUMP_IPTABLES,  /* iptables-save */
    DUMP_IP6TABLES, /* ip6tables-save */
    DUMP_NFT,       /* nft list ruleset */
    DUMP_NFT_JSON,  /* nft -j list ruleset */
    DUMP_IPSET,     /* ipset save */
};

struct load_opts {
    /* Accept, with a warning, what iptables-restore refuses but whose
     * meaning is clear: CRLF line endings, `-s ! addr`, a blank after
     * COMMIT. Off by default: ipt-sim says what the kernel would say. */
    bool lenient;
    /* Force the family of an iptables-save dump (0: detect). */
    int family;
    /* Limits against hostile input (0: the default). Each is per dump;
     * past one, the loader reports the line where it was crossed and stops
     * reading that dump. The defaults are far above real dumps: a
     * kube-proxy host with 50k services saves ~98 MB, ~900k rules and
     * ~300k chains (bench/RESULTS.md). */
    size_t max_line;      /* bytes in one line */
    size_t max_file_size; /* bytes in one dump */
    size_t max_rules;     /* rule lines (-A, -I) in one dump */
    size_t max_chains;    /* chains declared in one dump */
    size_t max_tables;    /* table sections (*TABLE lines) in one dump */
};

#define IPTSIM_DEFAULT_MAX_LINE      ((size_t)1 << 20) /* 1 MiB */
#define IPTSIM_DEFAULT_MAX_FILE_SIZE ((size_t)1 << 30) /* 1 GiB */
#define IPTSIM_DEFAULT_MAX_RULES     ((size_t)10000000)
#define IPTSIM_DEFAULT_MAX_CHAINS    ((size_t)5000000)
#define IPTSIM_DEFAULT_MAX_TABLES    ((size_t)1000)
/* iptables-restore refuses a rule line of more words than this ("Parser
 * cannot handle more arguments": 255 argv slots, less its own 3 and the
 * terminator); a [PACKETS:BYTES] prefix is not counted. Not configurable. */
#define IPTSIM_RESTORE_MAX_WORDS 251

const char *dump_format_name(enum dump_format f);
/* Looks at the start of a dump. */
enum dump_format dump_detect(const char *buf, size_t len);

/* Loads one dump file ("-" is standard input). Returns 0 when it loaded
 * without errors, -1 otherwise (details in diags). */
int ruleset_load_file(struct ipt_ruleset *rs, struct diags *d, const char *path,
                      const struct load_opts *o);
/* The same from memory; `name` is used in messages. */
int ruleset_load_buffer(struct ipt_ruleset *rs, struct diags *d, const char *name, const char *buf,
                        size_t len, const struct load_opts *o);

/* The iptables-save front end (parser/ipt_load.c), from memory or a line
 * at a time (a big dump need not be held whole: `head` is the start of the
 * dump, for family detection). */
struct ipt_stream;
struct ipt_stream *ipt_stream_begin(struct ipt_ruleset *rs, struct diags *d, uint32_t file,
                                    const char *head, size_t head_len, int family,
                                    const struct load_opts *o);
void ipt_stream_line(struct ipt_stream *st, const char *line, size_t len);
/* The next line is `len` bytes, more than load_opts.max_line: it is
 * reported, not passed (a caller reading a file need not hold it). */
void ipt_stream_long_line(struct ipt_stream *st, size_t len);
/* The dump goes on past load_opts.max_file_size: reported at the next line,
 * and the stream stops. */
void ipt_stream_too_big(struct ipt_stream *st);
/* A limit was crossed: the rest of the dump is ignored, stop reading. */
bool ipt_stream_stopped(const struct ipt_stream *st);
int ipt_stream_end(struct ipt_stream *st);
int ipt_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                    size_t len, int family, const struct load_opts *o);

#endif
