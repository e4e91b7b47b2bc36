/*
 * ipt_load.c - the iptables-save / ip6tables-save front end: lines, tables,
 * chains and COMMIT, as iptables-restore (iptables/xtables-restore.c) reads
 * them. Rule lines go to ipt_rule.c, committed tables to ipt_validate.c.
 *
 * What iptables-restore refuses is an error here too, with its location;
 * the few refusals whose meaning is obvious (CRLF line endings, a blank
 * after COMMIT, `-s ! addr`) become warnings with load_opts.lenient.
 */
#include "ipt_load.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static struct ipt_loc line_loc(struct ipt_loader *L, uint32_t col, uint32_t len)
{
    return (struct ipt_loc){L->file, L->line, col, len};
}

static void err(struct ipt_loader *L, uint32_t col, uint32_t len, const char *fmt, ...)
    IPTSIM_PRINTF(4, 5);
static void err(struct ipt_loader *L, uint32_t col, uint32_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(L->diags, DIAG_ERROR, line_loc(L, col, len), L->src_line, fmt, ap);
    va_end(ap);
}

static void warn(struct ipt_loader *L, uint32_t col, uint32_t len, const char *fmt, ...)
    IPTSIM_PRINTF(4, 5);
static void warn(struct ipt_loader *L, uint32_t col, uint32_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(L->diags, DIAG_WARNING, line_loc(L, col, len), L->src_line, fmt, ap);
    va_end(ap);
}

static void word_err(struct ipt_loader *L, size_t w, const char *fmt, const char *arg)
{
    err(L, L->lx.w[w].col, L->lx.w[w].len, fmt, arg);
}

static size_t limit_of(size_t v, size_t dflt)
{
    return v ? v : dflt;
}

/* A limit against hostile input was crossed on this line: say which and
 * how to raise it, and ignore the rest of the dump (what was read is
 * already more than any real dump holds). */
static void limit_hit(struct ipt_loader *L, const char *what, size_t limit, const char *name)
{
    err(L, 1, 1,
        "more than %zu %s in this dump, the limit; ipt-sim stopped reading it here (raise it "
        "with --limit %s=N)",
        limit, what, name);
    L->stopped = true;
}

/* "[PACKETS:BYTES]" (sscanf was a tenth of the load time). A value past
 * 2^64-1 is taken as 2^64-1 and *saturated set: iptables-restore -c reads
 * counters with strtoull, which saturates (measured: [99999999999999999999:0]
 * loads as [18446744073709551615:0]). */
static bool parse_counters(const char *s, uint64_t *pkts, uint64_t *bytes, bool *saturated)
{
    uint64_t v[2] = {0, 0};
    *saturated = false;
    if (*s++ != '[')
        return false;
    for (int i = 0; i < 2; i++) {
        if (!isdigit((unsigned char)*s))
            return false;
        for (; isdigit((unsigned char)*s); s++) {
            uint64_t digit = (uint64_t)(*s - '0');
            if (v[i] > (UINT64_MAX - digit) / 10) {
                v[i] = UINT64_MAX;
                *saturated = true;
            } else {
                v[i] = v[i] * 10 + digit;
            }
        }
        if (*s++ != (i == 0 ? ':' : ']'))
            return false;
    }
    if (*s)
        return false;
    *pkts = v[0];
    *bytes = v[1];
    return true;
}

static void warn_saturated(struct ipt_loader *L, size_t w)
{
    warn(L, L->lx.w[w].col, L->lx.w[w].len,
         "counter past 2^64-1: iptables-restore -c stores 18446744073709551615 instead");
}

static void open_table(struct ipt_loader *L)
{
    const char *name = ipt_lex_str(&L->lx, 0);
    uint32_t col = L->lx.w[0].col, len = L->lx.w[0].len;
    size_t max = limit_of(L->opts->max_tables, IPTSIM_DEFAULT_MAX_TABLES);
    if (++L->ntables > max) {
        limit_hit(L, "table sections (*TABLE lines)", max, "tables");
        return;
    }
    if (L->table) {
        err(L, 1, len, "table %s has no COMMIT before this table starts", L->table->name);
        L->table = NULL;
    }
    if (!*name) {
        err(L, col, len, "a table line needs a name, like *filter");
        return;
    }
    const struct xt_table_info *ti = xt_table_lookup(name);
    if (!ti) {
        err(L, col + 1, len - 1,
            "there is no table \"%s\" (iptables has raw, mangle, nat, filter and security)", name);
        return;
    }
    struct ipt_table *old = ruleset_find_table(L->rs, L->family, name);
    if (old && old->backend && L->backend && old->backend != L->backend)
        old = NULL; /* the other backend's table: both are in the kernel at once */
    if (old) {
        warn(L, col, len,
             "table %s appears again: iptables-restore flushes it, so only this copy counts", name);
        ruleset_remove_table(L->rs, old);
    }
    struct ipt_table *t = ruleset_add_table(L->rs, L->family, name, IPT_ORIGIN_XTABLES);
    t->loc = line_loc(L, col, len);
    t->backend = L->backend;
    t->legacy_warning = L->legacy_warning;
    /* iptables-nft creates every built-in chain of a table it restores,
     * with policy ACCEPT unless a ':' line says otherwise. */
    for (int h = 0; h < 5; h++) {
        if (!(ti->hooks & IPT_HOOK_BIT(h)))
            continue;
        struct ipt_chain *c = table_add_base_chain(t, hook_name(h), h, xt_table_priority(name, h));
        c->policy = IPT_POLICY_ACCEPT;
        c->loc = t->loc;
        if (strcmp(name, "nat") == 0)
            c->type = IPT_CHAIN_NAT;
        else if (strcmp(name, "mangle") == 0 && h == IPT_HOOK_OUTPUT)
            c->type = IPT_CHAIN_ROUTE; /* a changed mark or address re-routes */
    }
    L->table = t;
}

static bool clashes_with_target(struct ipt_loader *L, const char *name)
{
    static const char *const verdicts[] = {"ACCEPT", "DROP", "RETURN", "QUEUE", "NFQUEUE"};
    for (size_t i = 0; i < ARRAY_SIZE(verdicts); i++)
        if (strcmp(name, verdicts[i]) == 0)
            return true;
    return ipt_find_ext(L, EXT_TARGET, name) != NULL;
}

static void declare_chain(struct ipt_loader *L)
{
    struct ipt_lex *lx = &L->lx;
    const char *name = ipt_lex_str(lx, 0);
    if (!L->table) {
        err(L, 1, lx->w[0].len, "chain line outside a table (a *TABLE line must come first)");
        return;
    }
    if (!*name) {
        err(L, 1, 1, "a chain line needs a name, like :INPUT ACCEPT [0:0]");
        return;
    }
    /* iptables' xtables-restore.c and nft-shared checks, same wording */
    if (strlen(name) >= 29) {
        word_err(L, 0, "chain name '%s' too long (must be under 29 characters)", name);
        return;
    }
    if (name[0] == '-') {
        word_err(L, 0, "chain name '%s' may not start with '-'", name);
        return;
    }
    if (lx->nw < 2) {
        err(L, lx->w[0].col + lx->w[0].len, 1, "chain %s has no policy (ACCEPT, DROP or -)", name);
        return;
    }
    const char *pol = ipt_lex_str(lx, 1);
    struct ipt_chain *c = table_find_chain(L->table, name);
    if (c && c->base) {
        if (strcmp(pol, "ACCEPT") == 0)
            c->policy = IPT_POLICY_ACCEPT;
        else if (strcmp(pol, "DROP") == 0)
            c->policy = IPT_POLICY_DROP;
        else if (strcmp(pol, "-") != 0) {
            word_err(L, 1, "invalid policy '%s' (a built-in chain's policy is ACCEPT or DROP)",
                     pol);
            return;
        }
        c->loc = line_loc(L, lx->w[0].col, lx->w[0].len);
    } else {
        if (clashes_with_target(L, name)) {
            word_err(L, 0, "chain name '%s' may not clash with a target name", name);
            return;
        }
        if (!c) {
            size_t max = limit_of(L->opts->max_chains, IPTSIM_DEFAULT_MAX_CHAINS);
            if (++L->nchains > max) {
                limit_hit(L, "chains", max, "chains");
                return;
            }
            c = table_add_chain(L->table, name);
            c->loc = line_loc(L, lx->w[0].col, lx->w[0].len);
        }
        /* iptables-restore accepts and ignores a policy on a user chain */
    }
    if (lx->nw >= 3) {
        uint64_t pkts, bytes;
        bool sat;
        if (!parse_counters(ipt_lex_str(lx, 2), &pkts, &bytes, &sat)) {
            word_err(L, 2, "bad counters '%s' (expected [PACKETS:BYTES])", ipt_lex_str(lx, 2));
        } else {
            if (sat)
                warn_saturated(L, 2);
            chain_set_counters(c, pkts, bytes);
        }
    }
}

static void commit_table(struct ipt_loader *L, const char *line, size_t len)
{
    if (len != 6) {
        if (L->opts->lenient) {
            warn(L, 7, (uint32_t)(len - 6),
                 "text after COMMIT ignored (--lenient); iptables-restore refuses this line");
        } else {
            err(L, 7, (uint32_t)(len - 6),
                "COMMIT must stand alone on its line: iptables-restore refuses trailing text "
                "or blanks (pass --lenient to accept it)");
            return;
        }
    }
    (void)line;
    if (!L->table) {
        err(L, 1, 6, "COMMIT outside a table");
        return;
    }
    L->table->committed = true;
    if (L->missing_chains)
        diag_add(L->diags, DIAG_NOTE, line_loc(L, 1, 6), L->src_line,
                 "iptables-restore (nf_tables) reports the missing chain%s here, when it "
                 "commits the table (\"Chain '...' does not exist\")",
                 L->missing_chains > 1 ? "s" : "");
    L->missing_chains = 0;
    ipt_validate_table(L, L->table);
    L->table = NULL;
}

static void do_line(struct ipt_loader *L, const char *line, size_t len)
{
    struct ipt_line pl;
    ipt_parse_line(&L->lx, line, len, &pl);
    struct ipt_lex *lx = &L->lx;
    if (lx->unterminated) {
        size_t k = lx->nw ? lx->nw - 1 : 0;
        err(L, lx->nw ? lx->w[k].col : 1, 1, "unterminated quote");
        return;
    }
    switch (pl.kind) {
    case LINE_EMPTY:
        return;
    case LINE_BAD:
        err(L, pl.err_col, 1, "%s", pl.err ? pl.err : "syntax error");
        return;
    case LINE_TABLE:
        open_table(L);
        return;
    case LINE_CHAIN:
        declare_chain(L);
        return;
    case LINE_COMMIT:
        commit_table(L, line, len);
        return;
    case LINE_RULE:
        break;
    }
    if (!L->table) {
        err(L, lx->w[0].col, lx->w[0].len, "rule outside a table (a *TABLE line must come first)");
        return;
    }
    size_t max = limit_of(L->opts->max_rules, IPTSIM_DEFAULT_MAX_RULES);
    if (++L->nrules > max) {
        limit_hit(L, "rules", max, "rules");
        return;
    }
    size_t words = lx->nw - (pl.counters_word == 0);
    if (words > IPTSIM_RESTORE_MAX_WORDS) {
        size_t k = lx->nw - words + IPTSIM_RESTORE_MAX_WORDS;
        err(L, lx->w[k].col, lx->w[k].len,
            "this rule has %zu words, more than the %d iptables-restore takes (\"Parser "
            "cannot handle more arguments\"); the kernel never sees it",
            words, IPTSIM_RESTORE_MAX_WORDS);
        return;
    }
    uint64_t pkts = 0, bytes = 0;
    size_t first = 0;
    if (pl.counters_word == 0) {
        bool sat;
        if (!parse_counters(ipt_lex_str(lx, 0), &pkts, &bytes, &sat)) {
            word_err(L, 0, "bad counters '%s' (expected [PACKETS:BYTES])", ipt_lex_str(lx, 0));
            return;
        }
        if (sat)
            warn_saturated(L, 0);
        first = 1;
    }
    ipt_read_rule(L, first, pkts, bytes, pl.counters_word == 0);
}

static int sniff_family(const char *buf, size_t len)
{
    /* ip6tables-save writes its name in the header comment; without it,
     * an address with a colon, or an ICMPv6 name, settles it. */
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 14 <= n; i++)
        if (memcmp(buf + i, "ip6tables-save", 14) == 0)
            return IPT_FAM_IPV6;
    static const char *const hints6[] = {"-p ipv6-icmp", "-p icmpv6", "icmp6-", "--icmpv6-type",
                                         "-m icmp6"};
    if (len > 65536)
        len = 65536; /* the first rules decide */
    for (size_t h = 0; h < ARRAY_SIZE(hints6); h++) {
        size_t hl = strlen(hints6[h]);
        for (size_t i = 0; i + hl <= len; i++)
            if (buf[i] == hints6[h][0] && memcmp(buf + i, hints6[h], hl) == 0)
                return IPT_FAM_IPV6;
    }
    for (size_t i = 0; i + 4 < len; i++) {
        if (buf[i] == '-' && (buf[i + 1] == 's' || buf[i + 1] == 'd') && buf[i + 2] == ' ' &&
            (i == 0 || buf[i - 1] == ' ')) {
            size_t j = i + 3;
            while (j < len && buf[j] != ' ' && buf[j] != '\n') {
                if (buf[j] == ':')
                    return IPT_FAM_IPV6;
                j++;
            }
            return IPT_FAM_IPV4; /* the first address decides */
        }
    }
    return IPT_FAM_IPV4;
}

struct ipt_stream {
    struct ipt_loader L;
    size_t max_line;
    size_t errs_before;
    bool crlf_reported;
    char *copy;
    size_t copy_cap;
};

struct ipt_stream *ipt_stream_begin(struct ipt_ruleset *rs, struct diags *d, uint32_t file,
                                    const char *head, size_t head_len, int family,
                                    const struct load_opts *o)
{
    static const struct load_opts defaults;
    struct ipt_stream *st = xcalloc(1, sizeof(*st));
    st->L = (struct ipt_loader){
        .rs = rs,
        .diags = d,
        .opts = o ? o : &defaults,
        .file = file,
        .family = family ? family : sniff_family(head, head_len),
    };
    st->max_line = limit_of(st->L.opts->max_line, IPTSIM_DEFAULT_MAX_LINE);
    st->errs_before = d->nerr;
    return st;
}

void ipt_stream_long_line(struct ipt_stream *st, size_t n)
{
    struct ipt_loader *L = &st->L;
    if (L->stopped)
        return;
    L->line++;
    L->src_line = NULL;
    err(L, 1, 0,
        "line is %zu bytes long, over the limit of %zu (raise it with --limit line=N); "
        "the line is skipped",
        n, st->max_line);
}

void ipt_stream_too_big(struct ipt_stream *st)
{
    struct ipt_loader *L = &st->L;
    if (L->stopped)
        return;
    L->line++;
    L->src_line = NULL;
    size_t max = limit_of(L->opts->max_file_size, IPTSIM_DEFAULT_MAX_FILE_SIZE);
    err(L, 1, 0,
        "the dump goes on past %zu bytes, the limit; ipt-sim stopped reading it here (raise "
        "it with --limit file-size=N)",
        max);
    L->stopped = true;
}

bool ipt_stream_stopped(const struct ipt_stream *st)
{
    return st->L.stopped;
}

/* The header comments say which backend the dump came from (enum ipt_backend). */
static void header_comment(struct ipt_loader *L, const char *line, size_t n)
{
    static const char gen[] = "# Generated by ";
    static const char warn[] = "# Warning: iptables-legacy tables present";
    if (n >= sizeof(warn) - 1 && !memcmp(line, warn, sizeof(warn) - 1)) {
        L->legacy_warning = true;
        return;
    }
    if (n < sizeof(gen) - 1 || memcmp(line, gen, sizeof(gen) - 1))
        return;
    /* "(nf_tables)", "iptables-nft-save", 1.8.0-1.8.2's "xtables-save"; anything
     * else ("iptables-save v1.8.9 on", "(legacy)", any version before 1.8) is legacy */
    bool nft = false;
    for (size_t i = sizeof(gen) - 1; i + 4 <= n && !nft; i++)
        nft = (i + 11 <= n && !memcmp(line + i, "(nf_tables)", 11)) ||
              (i + 12 <= n && !memcmp(line + i, "xtables-save", 12)) ||
              !memcmp(line + i, "-nft", 4);
    L->backend = nft ? IPT_BACKEND_NFT : IPT_BACKEND_LEGACY;
}

void ipt_stream_line(struct ipt_stream *st, const char *line, size_t n)
{
    struct ipt_loader *L = &st->L;
    if (L->stopped)
        return;
    if (n && line[0] == '#')
        header_comment(L, line, n);
    if (n > st->max_line) {
        ipt_stream_long_line(st, n);
        return;
    }
    L->line++;
    /* the line as a C string, for messages */
    if (n + 1 > st->copy_cap) {
        st->copy_cap = n + 1 > 256 ? n + 1 : 256;
        st->copy = xrealloc(st->copy, st->copy_cap);
    }
    char *copy = st->copy;
    memcpy(copy, line, n);
    copy[n] = 0;
    L->src_line = copy;
    if (memchr(line, 0, n)) {
        err(L, (uint32_t)((const char *)memchr(line, 0, n) - line) + 1, 1,
            "NUL byte in the dump: this is not an iptables-save text file "
            "(iptables-restore would silently read this line only up to here)");
        return;
    }
    if (n && line[n - 1] == '\r') {
        /* iptables-restore skips comment lines whole, CR and all; the
         * first other line ending in CR is where it fails */
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        bool comment = k < n && line[k] == '#';
        if (!st->crlf_reported && !comment) {
            if (L->opts->lenient)
                warn(L, (uint32_t)n, 1,
                     "CRLF line endings accepted (--lenient); iptables-restore refuses "
                     "this file");
            else
                err(L, (uint32_t)n, 1,
                    "line ends in a carriage return (CRLF line endings): iptables-restore "
                    "refuses this file; convert it with dos2unix, or pass --lenient");
            st->crlf_reported = true;
        }
        n--;
        copy[n] = 0;
    }
    do_line(L, copy, n);
}

int ipt_stream_end(struct ipt_stream *st)
{
    struct ipt_loader *L = &st->L;
    if (L->table && !L->stopped) {
        L->src_line = NULL;
        diag_add(L->diags, DIAG_ERROR, L->table->loc, NULL,
                 "table %s has no COMMIT: iptables-restore discards a table that is not "
                 "committed",
                 L->table->name);
    }
    int rc = L->diags->nerr > st->errs_before ? -1 : 0;
    ipt_rule_builder_free(L);
    free(st->copy);
    ipt_lex_free(&L->lx);
    free(st);
    return rc;
}

int ipt_load_buffer(struct ipt_ruleset *rs, struct diags *d, uint32_t file, const char *buf,
                    size_t len, int family, const struct load_opts *o)
{
    struct ipt_stream *st = ipt_stream_begin(rs, d, file, buf, len, family, o);
    size_t max = limit_of(st->L.opts->max_file_size, IPTSIM_DEFAULT_MAX_FILE_SIZE);
    size_t pos = 0;
    while (pos < len && !st->L.stopped) {
        const char *line = buf + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        if (pos + n > max) {
            ipt_stream_too_big(st);
            break;
        }
        pos += n + (nl ? 1 : 0);
        ipt_stream_line(st, line, n);
    }
    return ipt_stream_end(st);
}
