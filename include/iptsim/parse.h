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
    /* Limits against hostile input (0: defaults). */
    size_t max_line;  /* bytes in one line (default 1 MiB) */
};

const char *dump_format_name(enum dump_format f);
/* Looks at the start of a dump. */
enum dump_format dump_detect(const char *buf, size_t len);

/* Loads one dump file ("-" is standard input). Returns 0 when it loaded
 * without errors, -1 otherwise (details in diags). */
int ruleset_load_file(struct ipt_ruleset *rs, struct diags *d, const char *path,
                      const struct load_opts *o);
/* The same from memory; `name` is used in messages. */
int ruleset_load_buffer(struct ipt_ruleset *rs, struct diags *d, const char *name,
                        const char *buf, size_t len, const struct load_opts *o);

/* The iptables-save front end (parser/ipt_load.c), from memory or a line
 * at a time (a big dump need not be held whole: `head` is the start of the
 * dump, for family detection). */
struct ipt_stream;
struct ipt_stream *ipt_stream_begin(struct ipt_ruleset *rs, struct diags *d, uint32_t file,
                                    const char *head, size_t head_len, int family,
                                    const struct load_opts *o);
void ipt_stream_line(struct ipt_stream *st, const char *line, size_t len);
int ipt_stream_end(struct ipt_stream *st);
int ipt_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                    size_t len, int family, const struct load_opts *o);

#endif
