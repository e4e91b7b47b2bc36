/*
 * xt_sctp.c - `-p sctp -m sctp --sport --dport --chunk-types`: SCTP ports
 * and the chunk types (with flags) present in the packet
 * (net/netfilter/xt_sctp.c; userspace libxt_sctp.c).
 *
 * It reaches the kernel as an xt match (.proto sctp), and its save prints
 * every port option given, even a full range. libxt_sctp.c files chunk
 * flags under the chunk's index in its name table instead of its type
 * number and prints them looking up by type number, so flags survive only
 * where the two agree (DATA, ABORT, SHUTDOWN_COMPLETE): iptables-save
 * prints "I_DATA:B" as "I_DATA". That is reproduced here.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SCTP_FLAGS 4 /* XT_NUM_SCTP_FLAGS */

enum { MATCH_ANY = 1, MATCH_ALL, MATCH_ONLY };

struct sctp_flag_info {
    uint8_t chunktype; /* the name table index, see above */
    uint8_t flag, flag_mask;
};

struct sctp_data {
    struct ext_range16 spts, dpts;
    uint8_t match_type;
    uint8_t flag_count;
    uint32_t chunkmap[256 / 32];
    struct sctp_flag_info flag_info[SCTP_FLAGS];
};

enum { O_SPORT, O_DPORT, O_CHUNKS };

static const struct {
    const char *name;
    uint8_t type;
    const char *valid_flags;
} chunk_names[] = {
    {"DATA", 0, "----IUBE"},
    {"INIT", 1, "--------"},
    {"INIT_ACK", 2, "--------"},
    {"SACK", 3, "--------"},
    {"HEARTBEAT", 4, "--------"},
    {"HEARTBEAT_ACK", 5, "--------"},
    {"ABORT", 6, "-------T"},
    {"SHUTDOWN", 7, "--------"},
    {"SHUTDOWN_ACK", 8, "--------"},
    {"ERROR", 9, "--------"},
    {"COOKIE_ECHO", 10, "--------"},
    {"COOKIE_ACK", 11, "--------"},
    {"ECN_ECNE", 12, "--------"},
    {"ECN_CWR", 13, "--------"},
    {"SHUTDOWN_COMPLETE", 14, "-------T"},
    {"I_DATA", 64, "----IUBE"},
    {"RE_CONFIG", 130, "--------"},
    {"PAD", 132, "--------"},
    {"ASCONF", 193, "--------"},
    {"ASCONF_ACK", 128, "--------"},
    {"FORWARD_TSN", 192, "--------"},
    {"I_FORWARD_TSN", 194, "--------"},
};

static int parse_port(struct ext_parse *p, const char *s, uint16_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (end != s && !*end && !errno && v <= 65535) {
        *out = (uint16_t)v;
        return 0;
    }
    int port = service_by_name(s, "sctp");
    if (port < 0)
        return ext_error(p, "invalid port/service \"%s\" specified (0-65535 or an sctp service)",
                         s);
    *out = (uint16_t)port;
    return 0;
}

static int parse_ports(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                       char **argv)
{
    struct sctp_data *d = e->data;
    struct ext_range16 *r = o->id == O_SPORT ? &d->spts : &d->dpts;
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    char *colon = strchr(buf, ':');
    if (!colon) {
        if (parse_port(p, buf, &r->lo))
            return -1;
        r->hi = r->lo;
        return 0;
    }
    *colon++ = 0;
    r->lo = 0;
    r->hi = 65535;
    if (buf[0] && parse_port(p, buf, &r->lo))
        return -1;
    if (colon[0] && parse_port(p, colon, &r->hi))
        return -1;
    if (r->lo > r->hi)
        return ext_error(p, "invalid portrange \"%s\" (min > max)", argv[0]);
    return 0;
}

static void set_chunk(struct sctp_data *d, unsigned t)
{
    d->chunkmap[t / 32] |= 1u << (t % 32);
}

static bool has_chunk(const struct sctp_data *d, unsigned t)
{
    return d->chunkmap[t / 32] >> (t % 32) & 1u;
}

/* save_chunk_flag_info() */
static int add_flag(struct ext_parse *p, struct sctp_data *d, uint8_t idx, int bit, bool set)
{
    for (unsigned i = 0; i < d->flag_count; i++)
        if (d->flag_info[i].chunktype == idx) {
            d->flag_info[i].flag_mask |= (uint8_t)(1u << bit);
            if (set)
                d->flag_info[i].flag |= (uint8_t)(1u << bit);
            return 0;
        }
    if (d->flag_count == SCTP_FLAGS)
        return ext_error(p, "flags are allowed on at most %d chunk types", SCTP_FLAGS);
    struct sctp_flag_info *f = &d->flag_info[d->flag_count++];
    f->chunktype = idx;
    f->flag_mask = (uint8_t)(1u << bit);
    f->flag = set ? (uint8_t)(1u << bit) : 0;
    return 0;
}

static int parse_chunks(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                        char **argv)
{
    (void)o;
    struct sctp_data *d = e->data;
    if (argv[1][0] == '-' || argv[1][0] == '!')
        return ext_error_opt(p, "--chunk-types requires two args: all|any|only CHUNKS");
    if (strcasecmp(argv[0], "any") == 0)
        d->match_type = MATCH_ANY;
    else if (strcasecmp(argv[0], "all") == 0)
        d->match_type = MATCH_ALL;
    else if (strcasecmp(argv[0], "only") == 0)
        d->match_type = MATCH_ONLY;
    else
        return ext_error(p, "match type \"%s\" has to be one of \"all\", \"any\" or \"only\"",
                         argv[0]);
    memset(d->chunkmap, 0, sizeof(d->chunkmap));
    if (strcasecmp(argv[1], "ALL") == 0) {
        memset(d->chunkmap, 0xff, sizeof(d->chunkmap));
        return 0;
    }
    if (strcasecmp(argv[1], "NONE") == 0)
        return 0;
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", argv[1]);
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *flags = strchr(t, ':');
        if (flags)
            *flags++ = 0;
        size_t i;
        for (i = 0; i < ARRAY_SIZE(chunk_names); i++)
            if (strcasecmp(chunk_names[i].name, t) == 0)
                break;
        if (i == ARRAY_SIZE(chunk_names))
            return ext_error(p, "unknown sctp chunk \"%s\"", t);
        set_chunk(d, chunk_names[i].type);
        for (; flags && *flags; flags++) {
            const char *v = strchr(chunk_names[i].valid_flags, toupper((unsigned char)*flags));
            if (!v)
                return ext_error(p, "invalid flag '%c' for sctp chunk %s (chunk type %zu)", *flags,
                                 chunk_names[i].name, i);
            int bit = 7 - (int)(v - chunk_names[i].valid_flags);
            if (add_flag(p, d, (uint8_t)i, bit, isupper((unsigned char)*flags)))
                return -1;
        }
    }
    return 0;
}

static void sctp_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    struct sctp_data *d = e->data;
    d->spts.hi = d->dpts.hi = 65535;
}

static void print_chunks(struct strbuf *b, const struct sctp_data *d)
{
    static const char *const types[] = {"", " any", " all", " only"};
    sb_puts(b, types[d->match_type]);
    bool clear = true, all = true;
    for (size_t i = 0; i < ARRAY_SIZE(d->chunkmap); i++) {
        clear &= d->chunkmap[i] == 0;
        all &= d->chunkmap[i] == 0xffffffffu;
    }
    if (clear) {
        sb_puts(b, " NONE");
        return;
    }
    if (all) {
        sb_puts(b, " ALL");
        return;
    }
    bool first = true;
    for (unsigned t = 0; t < 256; t++) {
        if (!has_chunk(d, t))
            continue;
        sb_putc(b, first ? ' ' : ',');
        first = false;
        size_t idx = 0;
        for (size_t i = 0; i < ARRAY_SIZE(chunk_names); i++)
            if (chunk_names[i].type == t) {
                sb_puts(b, chunk_names[i].name);
                idx = i;
            }
        for (unsigned j = 0; j < d->flag_count; j++) {
            const struct sctp_flag_info *f = &d->flag_info[j];
            if (f->chunktype != t)
                continue;
            if (f->flag_mask)
                sb_putc(b, ':');
            for (int bit = 7; bit >= 0; bit--) {
                if (!(f->flag_mask & (1u << bit)))
                    continue;
                char c = chunk_names[t < ARRAY_SIZE(chunk_names) ? t : idx].valid_flags[7 - bit];
                sb_putc(b, f->flag & (1u << bit) ? c : (char)tolower((unsigned char)c));
            }
        }
    }
}

static void sctp_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct sctp_data *d = e->data;
    if (ext_has(e, O_SPORT)) {
        sb_puts(b, ext_inv(e, O_SPORT) ? " ! --sport " : " --sport ");
        ext_print_portrange(b, &d->spts, ':');
    }
    if (ext_has(e, O_DPORT)) {
        sb_puts(b, ext_inv(e, O_DPORT) ? " ! --dport " : " --dport ");
        ext_print_portrange(b, &d->dpts, ':');
    }
    if (ext_has(e, O_CHUNKS)) {
        sb_puts(b, ext_inv(e, O_CHUNKS) ? " ! --chunk-types" : " --chunk-types");
        print_chunks(b, d);
    }
}

/* The chunk list as the condition of a fork: "DATA:Be or INIT". Flags are
 * shown where the kernel applies them (match_flags() compares the stored
 * index with the chunk's type: see the top of the file). */
static void describe_chunks(struct strbuf *b, const struct sctp_data *d, const char *conj)
{
    unsigned n = 0, total = 0;
    for (unsigned t = 0; t < 256; t++)
        total += has_chunk(d, t);
    for (unsigned t = 0; t < 256; t++) {
        if (!has_chunk(d, t))
            continue;
        n++;
        if (n > 1)
            sb_puts(b, n == total ? conj : ", ");
        const char *name = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(chunk_names); i++)
            if (chunk_names[i].type == t)
                name = chunk_names[i].name;
        if (name)
            sb_puts(b, name);
        else
            sb_printf(b, "type-%u", t);
        for (unsigned j = 0; j < d->flag_count; j++) {
            const struct sctp_flag_info *f = &d->flag_info[j];
            if (f->chunktype != t || !f->flag_mask || t >= ARRAY_SIZE(chunk_names))
                continue;
            sb_putc(b, ':');
            for (int bit = 7; bit >= 0; bit--)
                if (f->flag_mask & (1u << bit)) {
                    char c = chunk_names[t].valid_flags[7 - bit];
                    sb_putc(b, f->flag & (1u << bit) ? c : (char)tolower((unsigned char)c));
                }
        }
    }
}

/* sctp_mt(): a later fragment never matches; source ports, destination
 * ports, then the chunks (match_packet()), each negatable. A packet spec
 * carries no chunks, so the chunk test is a fork, except for the lists
 * ALL and NONE, whose answer match_packet() gives for any packet (an SCTP
 * packet always has a chunk): any ALL and only ALL match, all ALL does not
 * (it wants all 256 types); with NONE it is the other way round. */
static int sctp_match(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct sctp_data *d = e->data;
    const struct sim_pkt *p = c->pkt;
    if (p->fragment || p->proto != 132)
        return 0;
    if (ext_has(e, O_SPORT) &&
        (p->sport >= d->spts.lo && p->sport <= d->spts.hi) == ext_inv(e, O_SPORT))
        return 0;
    if (ext_has(e, O_DPORT) &&
        (p->dport >= d->dpts.lo && p->dport <= d->dpts.hi) == ext_inv(e, O_DPORT))
        return 0;
    if (!ext_has(e, O_CHUNKS))
        return 1;
    bool inv = ext_inv(e, O_CHUNKS);
    bool clear = true, all = true;
    for (size_t i = 0; i < ARRAY_SIZE(d->chunkmap); i++) {
        clear &= d->chunkmap[i] == 0;
        all &= d->chunkmap[i] == 0xffffffffu;
    }
    if (clear || all) {
        bool m = d->match_type == MATCH_ALL ? clear : all;
        return m != inv;
    }
    struct strbuf t;
    sb_init(&t);
    switch (d->match_type) {
    case MATCH_ANY:
        sb_puts(&t, inv ? "the SCTP packet has no " : "the SCTP packet has a ");
        describe_chunks(&t, d, " or ");
        sb_puts(&t, " chunk");
        break;
    case MATCH_ALL:
        sb_puts(&t, inv ? "the SCTP packet lacks one of the chunks " : "the SCTP packet has ");
        describe_chunks(&t, d, " and ");
        sb_puts(&t, inv ? "" : " chunks");
        break;
    default:
        sb_puts(&t, inv ? "the SCTP packet has a chunk other than "
                        : "the SCTP packet has no chunks but ");
        describe_chunks(&t, d, inv ? " or " : " and ");
        break;
    }
    bool m = sim_decide(c, t.s, -1);
    sb_free(&t);
    return m;
}

#define F(f) .off = offsetof(struct sctp_data, f)
static const struct ext_opt sctp_opts[] = {
    {"source-port", ARG_CUSTOM, O_SPORT, EXT_OPT_INVERT, F(spts), .parse = parse_ports},
    {"sport", ARG_CUSTOM, O_SPORT, EXT_OPT_INVERT, F(spts), .parse = parse_ports},
    {"destination-port", ARG_CUSTOM, O_DPORT, EXT_OPT_INVERT, F(dpts), .parse = parse_ports},
    {"dport", ARG_CUSTOM, O_DPORT, EXT_OPT_INVERT, F(dpts), .parse = parse_ports},
    {"chunk-types", ARG_CUSTOM, O_CHUNKS, EXT_OPT_INVERT, .nargs = 2, .parse = parse_chunks},
};
#undef F

const struct ext_ops ext_sctp = {
    .name = "sctp",
    .kind = EXT_MATCH,
    .size = sizeof(struct sctp_data),
    EXT_OPTS(sctp_opts),
    .proto = 132,
    .init = sctp_init,
    .save_opts = sctp_save_opts,
    .match = sctp_match,
};
