/*
 * ipset.c - `ipset save` contents and membership tests (ipset.h).
 *
 * The save format is one command a line:
 *
 *   create NAME TYPE [family inet|inet6] [netmask N] [hashsize N] ...
 *   add NAME ELEMENT [timeout N] [nomatch] [packets N bytes N] [comment "..."]
 *
 * An element is one field per dimension of the type, comma separated:
 * `10.0.0.0/8`, `10.0.0.1-10.0.0.9`, `10.0.0.1,tcp:80`, `10.0.0.1,udp:53,10.1.0.0/16`,
 * `10.0.0.0/24,eth0`, `192.0.2.1,0x10` (hash:ip,mark). The kernel's lookup
 * rules are kept: a set of a different family never matches, a rule with
 * fewer dimensions than the set's type never matches (ip_set_test), the most
 * specific net decides and a `nomatch` entry answers "not in the set"
 * unless the rule has --return-nomatch.
 */
#include "iptsim/ipset.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ipset_db_free(struct ipset_db *db)
{
    for (size_t i = 0; i < db->n; i++) {
        free(db->v[i].v);
        free(db->v[i].file);
    }
    free(db->v);
    memset(db, 0, sizeof(*db));
}

const struct ipset *ipset_find(const struct ipset_db *db, const char *name)
{
    for (size_t i = 0; i < db->n; i++)
        if (strcmp(db->v[i].name, name) == 0)
            return &db->v[i];
    return NULL;
}

static struct ipset *find_mut(struct ipset_db *db, const char *name)
{
    return (struct ipset *)ipset_find(db, name);
}

/* ---- set types ---- */

static const struct {
    const char *name;
    uint8_t ndim;
    uint8_t dims[IPSET_MAXDIM];
} set_types[] = {
    {"bitmap:ip", 1, {IPSET_DIM_ADDR}},
    {"bitmap:ip,mac", 2, {IPSET_DIM_ADDR, IPSET_DIM_MAC}},
    {"bitmap:port", 1, {IPSET_DIM_PORT}},
    {"hash:ip", 1, {IPSET_DIM_ADDR}},
    {"hash:mac", 1, {IPSET_DIM_MAC}},
    {"hash:ip,mac", 2, {IPSET_DIM_ADDR, IPSET_DIM_MAC}},
    {"hash:net", 1, {IPSET_DIM_ADDR}},
    {"hash:net,net", 2, {IPSET_DIM_ADDR, IPSET_DIM_ADDR}},
    {"hash:ip,port", 2, {IPSET_DIM_ADDR, IPSET_DIM_PORT}},
    {"hash:net,port", 2, {IPSET_DIM_ADDR, IPSET_DIM_PORT}},
    {"hash:ip,port,ip", 3, {IPSET_DIM_ADDR, IPSET_DIM_PORT, IPSET_DIM_ADDR}},
    {"hash:ip,port,net", 3, {IPSET_DIM_ADDR, IPSET_DIM_PORT, IPSET_DIM_ADDR}},
    {"hash:net,port,net", 3, {IPSET_DIM_ADDR, IPSET_DIM_PORT, IPSET_DIM_ADDR}},
    {"hash:ip,mark", 2, {IPSET_DIM_ADDR, IPSET_DIM_MARK}},
    {"hash:net,iface", 2, {IPSET_DIM_ADDR, IPSET_DIM_IFACE}},
    {"list:set", 1, {IPSET_DIM_SET}},
};

/* ---- reading ---- */

struct reader {
    struct ipset_db *db;
    struct diags *d;
    uint32_t file;
    uint32_t line;
    const char *text; /* the current line */
    int errors;
};

static void rd_diag(struct reader *R, enum diag_sev sev, const char *at, size_t len,
                    const char *fmt, ...) IPTSIM_PRINTF(5, 6);
static void rd_diag(struct reader *R, enum diag_sev sev, const char *at, size_t len,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct ipt_loc loc = {R->file, R->line, at ? (uint32_t)(at - R->text) + 1 : 0, (uint32_t)len};
    diag_vadd(R->d, sev, loc, R->text, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        R->errors++;
}

/* Splits a line into words (a double-quoted word keeps its blanks, as in
 * comments). Returns the number of words; starts[] point into the line. */
static int split_words(char *line, char **w, const char **starts, const char *orig, int max)
{
    int n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        starts[n] = orig + (p - line);
        if (*p == '"') {
            char *q = strchr(p + 1, '"');
            w[n++] = p;
            if (!q)
                break;
            p = q + 1;
        } else {
            w[n++] = p;
            while (*p && *p != ' ' && *p != '\t')
                p++;
        }
        if (*p)
            *p++ = '\0';
    }
    return n;
}

static bool parse_u32(const char *s, uint32_t *out)
{
    if (!*s)
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end || v > UINT32_MAX || s[0] == '-')
        return false;
    *out = (uint32_t)v;
    return true;
}

/* An address, a prefix or a range as [lo, hi]. */
static const char *parse_addr_field(int family, const char *s, uint8_t lo[16], uint8_t hi[16],
                                    uint8_t *plen)
{
    int bits = addr_len(family) * 8;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", s);
    char *dash = strchr(buf, '-');
    if (dash) {
        *dash = '\0';
        memset(lo, 0, 16);
        memset(hi, 0, 16);
        if (!addr_parse(family, buf, lo) || !addr_parse(family, dash + 1, hi))
            return "not an address range";
        if (memcmp(lo, hi, 16) > 0)
            return "the range ends before it starts";
        *plen = (uint8_t)bits; /* a range is as specific as its entries */
        return NULL;
    }
    struct ipt_net n;
    const char *e = net_parse(family, buf, &n);
    if (e)
        return e;
    if (n.plen == NET_PLEN_NONCONTIG)
        return "a netmask must be a prefix length";
    memcpy(lo, n.addr, 16);
    memcpy(hi, n.addr, 16);
    for (int i = 0; i < addr_len(family); i++)
        hi[i] |= (uint8_t)~n.mask[i];
    *plen = n.plen;
    return NULL;
}

static const struct {
    const char *name;
    uint8_t type, code;
} icmp_names[] = {
    {"echo-reply", 0, 0},       {"echo-request", 8, 0},        {"port-unreachable", 3, 3},
    {"host-unreachable", 3, 1}, {"network-unreachable", 3, 0}, {"time-exceeded", 11, 0},
};

/* [proto:]port[-port] ("tcp" when no protocol), icmp:TYPE/CODE or a name. */
static const char *parse_port_field(int family, const char *s, struct ipset_entry *e, int k)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", s);
    char *colon = strchr(buf, ':');
    const char *port = buf;
    e->d[k].proto = 6;
    if (colon) {
        *colon = '\0';
        port = colon + 1;
        int p = proto_by_name(buf);
        if (p < 0)
            return "unknown protocol";
        e->d[k].proto = (uint8_t)p;
    }
    uint8_t pr = e->d[k].proto;
    if (pr == 1 || pr == 58) {
        if (family == IPT_FAM_IPV6 && pr == 1)
            return "icmp in an inet6 set (use icmpv6)";
        unsigned t, c;
        if (sscanf(port, "%u/%u", &t, &c) == 2 && t < 256 && c < 256) {
            e->d[k].port_lo = e->d[k].port_hi = (uint16_t)(t << 8 | c);
            return NULL;
        }
        for (size_t i = 0; pr == 1 && i < ARRAY_SIZE(icmp_names); i++)
            if (strcmp(port, icmp_names[i].name) == 0) {
                e->d[k].port_lo = e->d[k].port_hi =
                    (uint16_t)(icmp_names[i].type << 8 | icmp_names[i].code);
                return NULL;
            }
        return "an ICMP element must be TYPE/CODE";
    }
    char *dash = strchr(port, '-');
    uint32_t lo, hi;
    if (dash) {
        *dash = '\0';
        if (!parse_u32(port, &lo) || !parse_u32(dash + 1, &hi) || lo > 65535 || hi > 65535 ||
            lo > hi)
            return "not a port range";
    } else {
        int sv = parse_u32(port, &lo) ? (int)lo : service_by_name(port, proto_save_name(pr));
        if (sv < 0 || sv > 65535)
            return "not a port";
        lo = hi = (uint32_t)sv;
    }
    e->d[k].port_lo = (uint16_t)lo;
    e->d[k].port_hi = (uint16_t)hi;
    return NULL;
}

static void cmd_create(struct reader *R, char **w, const char **at, int n)
{
    if (n < 3) {
        rd_diag(R, DIAG_ERROR, at[0], strlen(w[0]), "create needs a set name and a type");
        return;
    }
    if (strlen(w[1]) >= 32) {
        rd_diag(R, DIAG_ERROR, at[1], strlen(w[1]), "set name \"%s\" is too long (at most 31)",
                w[1]);
        return;
    }
    if (ipset_find(R->db, w[1])) {
        rd_diag(R, DIAG_ERROR, at[1], strlen(w[1]), "set \"%s\" already exists", w[1]);
        return;
    }
    size_t t = 0;
    while (t < ARRAY_SIZE(set_types) && strcmp(set_types[t].name, w[2]) != 0)
        t++;
    if (t == ARRAY_SIZE(set_types)) {
        rd_diag(R, DIAG_ERROR, at[2], strlen(w[2]), "unknown set type \"%s\"", w[2]);
        return;
    }
    struct ipset s = {.family = IPT_FAM_IPV4,
                      .ndim = set_types[t].ndim,
                      .markmask = 0xffffffffu,
                      .line = R->line};
    memcpy(s.dims, set_types[t].dims, sizeof(s.dims));
    snprintf(s.name, sizeof(s.name), "%s", w[1]);
    snprintf(s.type, sizeof(s.type), "%s", w[2]);
    if (s.dims[0] == IPSET_DIM_SET)
        s.family = 0;
    for (int i = 3; i < n; i++) {
        const char *opt = w[i];
        const char *arg = i + 1 < n ? w[i + 1] : NULL;
        if (strcmp(opt, "family") == 0 && arg) {
            if (strcmp(arg, "inet") == 0)
                s.family = IPT_FAM_IPV4;
            else if (strcmp(arg, "inet6") == 0)
                s.family = IPT_FAM_IPV6;
            else
                rd_diag(R, DIAG_ERROR, at[i + 1], strlen(arg),
                        "family must be inet or inet6, not \"%s\"", arg);
            i++;
        } else if (strcmp(opt, "netmask") == 0 && arg) {
            uint32_t v;
            if (!parse_u32(arg, &v) || v == 0 || v > 128)
                rd_diag(R, DIAG_ERROR, at[i + 1], strlen(arg), "bad netmask \"%s\"", arg);
            else
                s.netmask = (uint8_t)v;
            i++;
        } else if (strcmp(opt, "markmask") == 0 && arg) {
            if (!parse_u32(arg, &s.markmask))
                rd_diag(R, DIAG_ERROR, at[i + 1], strlen(arg), "bad markmask \"%s\"", arg);
            i++;
        } else if (strcmp(opt, "range") == 0 || strcmp(opt, "hashsize") == 0 ||
                   strcmp(opt, "maxelem") == 0 || strcmp(opt, "timeout") == 0 ||
                   strcmp(opt, "size") == 0 || strcmp(opt, "bucketsize") == 0 ||
                   strcmp(opt, "initval") == 0) {
            i++; /* sizing and lifetime: nothing a lookup depends on */
        } else if (strcmp(opt, "counters") != 0 && strcmp(opt, "comment") != 0 &&
                   strcmp(opt, "skbinfo") != 0 && strcmp(opt, "forceadd") != 0 &&
                   strcmp(opt, "-exist") != 0) {
            rd_diag(R, DIAG_WARNING, at[i], strlen(opt), "unknown create option \"%s\" ignored",
                    opt);
        }
    }
    s.file = xstrdup(diags_file_name(R->d, R->file));
    if (R->db->n == R->db->cap) {
        R->db->cap = R->db->cap ? R->db->cap * 2 : 8;
        R->db->v = xrealloc(R->db->v, R->db->cap * sizeof(*R->db->v));
    }
    R->db->v[R->db->n++] = s;
}

static void cmd_add(struct reader *R, char **w, const char **at, int n)
{
    if (n < 3) {
        rd_diag(R, DIAG_ERROR, at[0], strlen(w[0]), "add needs a set name and an element");
        return;
    }
    struct ipset *s = find_mut(R->db, w[1]);
    if (!s) {
        rd_diag(R, DIAG_ERROR, at[1], strlen(w[1]),
                "set \"%s\" does not exist (no create line "
                "before it)",
                w[1]);
        return;
    }
    struct ipset_entry e = {.line = R->line};
    char elem[256];
    snprintf(elem, sizeof(elem), "%s", w[2]);
    char *field = elem;
    for (int k = 0; k < s->ndim; k++) {
        char *comma = k + 1 < s->ndim ? strchr(field, ',') : NULL;
        if (k + 1 < s->ndim && !comma) {
            rd_diag(R, DIAG_ERROR, at[2], strlen(w[2]), "a %s element has %d comma-separated parts",
                    s->type, s->ndim);
            return;
        }
        if (comma)
            *comma = '\0';
        const char *err = NULL;
        switch (s->dims[k]) {
        case IPSET_DIM_ADDR:
            err = parse_addr_field(s->family, field, e.d[k].lo, e.d[k].hi, &e.d[k].plen);
            break;
        case IPSET_DIM_PORT:
            err = parse_port_field(s->family, field, &e, k);
            break;
        case IPSET_DIM_MARK:
            if (!parse_u32(field, &e.d[k].mark))
                err = "not a mark";
            break;
        case IPSET_DIM_IFACE:
        case IPSET_DIM_SET:
        case IPSET_DIM_MAC: {
            const char *v = field;
            if (s->dims[k] == IPSET_DIM_IFACE && strncmp(v, "physdev:", 8) == 0)
                err = "physdev: interfaces are bridge ports, which ipt-sim does not model";
            else if (strlen(v) >= sizeof(e.d[k].name))
                err = "too long";
            else
                snprintf(e.d[k].name, sizeof(e.d[k].name), "%s", v);
            break;
        }
        }
        if (err) {
            rd_diag(R, DIAG_WARNING, at[2], strlen(w[2]),
                    "cannot read element \"%s\" of %s set \"%s\": %s; the set is known only "
                    "in part (a packet not in the other entries forks)",
                    w[2], s->type, s->name, err);
            s->partial = true;
            return;
        }
        if (comma)
            field = comma + 1;
    }
    for (int i = 3; i < n; i++)
        if (strcmp(w[i], "nomatch") == 0)
            e.nomatch = true;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = e;
}

int ipset_load_buffer(struct ipset_db *db, struct diags *d, const char *name, const char *buf,
                      size_t len)
{
    struct reader R = {.db = db, .d = d, .file = diags_add_file(d, name)};
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        R.line++;
        /* the line twice, NUL-terminated: one for messages, one to split */
        char *orig = xmalloc(2 * (n + 1));
        char *line = orig + n + 1;
        memcpy(orig, p, n);
        orig[n] = '\0';
        if (n && orig[n - 1] == '\r')
            orig[n - 1] = '\0';
        memcpy(line, orig, n + 1);
        R.text = orig;
        if (memchr(p, '\0', n)) {
            rd_diag(&R, DIAG_ERROR, NULL, 0, "a NUL byte in the line: not ipset save output");
        } else {
            char *w[64];
            const char *at[64];
            int nw = split_words(line, w, at, orig, 64);
            if (nw == 0 || w[0][0] == '#') {
                /* blank or comment */
            } else if (strcmp(w[0], "create") == 0 || strcmp(w[0], "-N") == 0 ||
                       strcmp(w[0], "n") == 0) {
                cmd_create(&R, w, at, nw);
            } else if (strcmp(w[0], "add") == 0 || strcmp(w[0], "-A") == 0 ||
                       strcmp(w[0], "a") == 0) {
                cmd_add(&R, w, at, nw);
            } else if (strcmp(w[0], "COMMIT") == 0) {
                /* ipset restore's end of a transaction */
            } else {
                rd_diag(&R, DIAG_ERROR, at[0], strlen(w[0]),
                        "\"%s\" is not an ipset save command (create or add)", w[0]);
            }
        }
        free(orig);
        p = nl ? nl + 1 : end;
    }
    return R.errors ? -1 : 0;
}

int ipset_load_file(struct ipset_db *db, struct diags *d, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        diag_add(d, DIAG_ERROR, (struct ipt_loc){diags_add_file(d, path), 0, 0, 0}, NULL,
                 "cannot open: %s", strerror(errno));
        return -1;
    }
    struct strbuf b;
    sb_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        sb_putn(&b, chunk, n);
    fclose(fp);
    int rc = ipset_load_buffer(db, d, path, b.s ? b.s : "", b.len);
    sb_free(&b);
    return rc;
}

const char *ipset_assume(struct ipset_db *db, const char *spec, char *err, size_t nerr)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (size_t)(eq - spec) >= 32) {
        snprintf(err, nerr, "expected set:NAME=MEMBER[,MEMBER...], not \"%s\"", spec);
        return err;
    }
    char name[32];
    snprintf(name, sizeof(name), "%.*s", (int)(eq - spec), spec);
    if (ipset_find(db, name)) {
        snprintf(err, nerr, "set \"%s\" is given twice", name);
        return err;
    }
    struct ipset s = {.ndim = 1, .dims = {IPSET_DIM_ADDR}, .markmask = 0xffffffffu};
    snprintf(s.name, sizeof(s.name), "%s", name);
    snprintf(s.type, sizeof(s.type), "hash:net");
    char *list = xstrdup(eq + 1);
    const char *msg = NULL;
    for (char *save = NULL, *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
        int fam = strchr(m, ':') ? IPT_FAM_IPV6 : IPT_FAM_IPV4;
        if (s.family && fam != s.family) {
            snprintf(err, nerr, "set \"%s\": %s is not of the same family as the first member",
                     name, m);
            msg = err;
            break;
        }
        s.family = (uint8_t)fam;
        struct ipset_entry e = {0};
        const char *why = parse_addr_field(fam, m, e.d[0].lo, e.d[0].hi, &e.d[0].plen);
        if (why) {
            snprintf(err, nerr, "set \"%s\": \"%s\": %s", name, m, why);
            msg = err;
            break;
        }
        if (s.n == s.cap) {
            s.cap = s.cap ? s.cap * 2 : 8;
            s.v = xrealloc(s.v, s.cap * sizeof(*s.v));
        }
        s.v[s.n++] = e;
    }
    free(list);
    if (!s.family)
        s.family = IPT_FAM_IPV4; /* NAME= : an empty set */
    if (msg) {
        free(s.v);
        return msg;
    }
    if (db->n == db->cap) {
        db->cap = db->cap ? db->cap * 2 : 8;
        db->v = xrealloc(db->v, db->cap * sizeof(*db->v));
    }
    db->v[db->n++] = s;
    return NULL;
}

/* ---- lookups ---- */

static bool addr_in(const uint8_t a[16], const uint8_t lo[16], const uint8_t hi[16], int len)
{
    return memcmp(a, lo, (size_t)len) >= 0 && memcmp(a, hi, (size_t)len) <= 0;
}

static bool pkt_has_ports(const struct sim_pkt *p)
{
    return p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 136 || p->proto == 33;
}

/* Whether entry e holds the packet's element; -1 when a dimension cannot
 * be known (a MAC). */
static int entry_matches(const struct ipset *s, const struct ipset_entry *e,
                         const struct ipset_query *q)
{
    const struct sim_pkt *p = q->pkt;
    int alen = addr_len(s->family);
    for (int k = 0; k < s->ndim; k++) {
        bool src = q->src[k];
        switch (s->dims[k]) {
        case IPSET_DIM_ADDR: {
            uint8_t a[16];
            memcpy(a, src ? p->src : p->dst, 16);
            if (s->netmask) {
                struct ipt_net n;
                net_from_prefix(s->family, a, s->netmask, &n);
                memcpy(a, n.addr, 16);
            }
            if (!addr_in(a, e->d[k].lo, e->d[k].hi, alen))
                return 0;
            break;
        }
        case IPSET_DIM_PORT: {
            if (p->proto != e->d[k].proto)
                return 0;
            uint16_t v;
            if (p->proto == 1 || p->proto == 58)
                v = (uint16_t)(p->icmp_type << 8 | p->icmp_code);
            else if (pkt_has_ports(p))
                v = src ? p->sport : p->dport;
            else
                return 0;
            if (v < e->d[k].port_lo || v > e->d[k].port_hi)
                return 0;
            break;
        }
        case IPSET_DIM_MARK:
            if ((p->mark & s->markmask) != (e->d[k].mark & s->markmask))
                return 0;
            break;
        case IPSET_DIM_IFACE: {
            /* hash:net,iface: src is the input, dst the output interface */
            const char *ifn = src ? q->iif : q->oif;
            if (!ifn || strcmp(ifn, e->d[k].name) != 0)
                return 0;
            break;
        }
        case IPSET_DIM_MAC:
            return -1;
        case IPSET_DIM_SET:
            return 0; /* handled by the list:set walk */
        }
    }
    return 1;
}

static enum ipset_answer test_depth(const struct ipset_db *db, const struct ipset *s,
                                    const struct ipset_query *q, char *why, size_t nwhy, int depth)
{
    if (s->dims[0] == IPSET_DIM_SET) {
        /* list:set: the members in order, the first that holds it wins */
        bool unknown = s->partial;
        for (size_t i = 0; i < s->n && depth < 8; i++) {
            const struct ipset *m = ipset_find(db, s->v[i].d[0].name);
            if (!m) {
                unknown = true;
                continue;
            }
            enum ipset_answer a = test_depth(db, m, q, why, nwhy, depth + 1);
            if (a == IPSET_YES)
                return a;
            if (a == IPSET_UNKNOWN)
                unknown = true;
        }
        snprintf(why, nwhy, "in no member set of list:set %s", s->name);
        return unknown ? IPSET_UNKNOWN : IPSET_NO;
    }
    if (s->family != q->family) {
        snprintf(why, nwhy, "set %s is an %s set, the packet is %s", s->name,
                 s->family == IPT_FAM_IPV6 ? "inet6" : "inet",
                 q->family == IPT_FAM_IPV6 ? "IPv6" : "IPv4");
        return IPSET_NO;
    }
    if (q->dim < s->ndim) {
        snprintf(why, nwhy, "the rule gives %u dimension(s), set %s (%s) has %u: never a match",
                 q->dim, s->name, s->type, s->ndim);
        return IPSET_NO;
    }
    /* the most specific entry decides (a nomatch entry inside a bigger net) */
    const struct ipset_entry *best = NULL;
    bool unknown = false;
    for (size_t i = 0; i < s->n; i++) {
        int m = entry_matches(s, &s->v[i], q);
        if (m < 0)
            unknown = true;
        if (m <= 0)
            continue;
        if (!best || s->v[i].d[0].plen > best->d[0].plen)
            best = &s->v[i];
    }
    if (best) {
        if (s->file)
            snprintf(why, nwhy, "%s entry at %s:%u", best->nomatch ? "nomatch" : "its", s->file,
                     best->line);
        else
            snprintf(why, nwhy, "a member given with --assume set:%s=...", s->name);
        if (best->nomatch && !q->return_nomatch)
            return IPSET_NO;
        return IPSET_YES;
    }
    if (unknown || s->partial) {
        snprintf(why, nwhy, "set %s is known only in part", s->name);
        return IPSET_UNKNOWN;
    }
    if (s->n == 0)
        snprintf(why, nwhy, "the set is empty");
    else if (s->n == 1)
        snprintf(why, nwhy, "its one entry does not hold it");
    else
        snprintf(why, nwhy, "none of its %zu entries holds it", s->n);
    return IPSET_NO;
}

enum ipset_answer ipset_test(const struct ipset_db *db, const struct ipset *s,
                             const struct ipset_query *q, char *why, size_t nwhy)
{
    return test_depth(db, s, q, why, nwhy, 0);
}
