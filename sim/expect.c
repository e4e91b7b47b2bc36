/*
 * expect.c - the expectations language of `ipt-sim check` (include/iptsim/
 * expect.h): reading a file into located expectations, and judging a
 * simulation result against one.
 *
 * Reading never stops at the first bad line: every problem is a located
 * diagnostic (file:line:column, the line, a caret), like the dump parsers.
 */
#include "iptsim/expect.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *expect_fate_name(int kind)
{
    static const char *const n[] = {"local", "forward", "output", "drop", "reject", "queue"};
    return kind >= 0 && kind < (int)ARRAY_SIZE(n) ? n[kind] : "?";
}

static int fate_from_name(const char *s)
{
    for (int k = FATE_LOCAL; k <= FATE_QUEUE; k++)
        if (!strcmp(s, expect_fate_name(k)))
            return k;
    return -1;
}

/* REJECT --reject-with names and their aliases (ext/xt_REJECT.c), mapped to
 * the name the simulator reports. */
static const char *reject_canonical(const char *s)
{
    static const char *const t[][2] = {
        {"icmp-net-unreachable", "net-unreach"},
        {"icmp-host-unreachable", "host-unreach"},
        {"icmp-proto-unreachable", "proto-unreach"},
        {"icmp-port-unreachable", "port-unreach"},
        {"icmp-net-prohibited", "net-prohib"},
        {"icmp-host-prohibited", "host-prohib"},
        {"tcp-reset", "tcp-rst"},
        {"icmp-admin-prohibited", "admin-prohib"},
        {"icmp6-no-route", "no-route"},
        {"icmp6-adm-prohibited", "adm-prohibited"},
        {"icmp6-addr-unreachable", "addr-unreach"},
        {"icmp6-port-unreachable", "port-unreach"},
        {"icmp6-policy-fail", "policy-fail"},
        {"icmp6-reject-route", "reject-route"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        if (!strcmp(s, t[i][0]) || !strcmp(s, t[i][1]))
            return t[i][0];
    return NULL;
}

/* ---- reading ---- */

struct tok {
    char *s;      /* unquoted text (malloc) */
    uint32_t col; /* 1-based column of its first character */
    uint32_t len; /* length as written */
};

struct line_ctx {
    struct diags *d;
    uint32_t file, lineno;
    const char *line;
    bool bad;
};

static void lerr(struct line_ctx *L, uint32_t col, uint32_t len, const char *fmt, ...)
    IPTSIM_PRINTF(4, 5);
static void lerr(struct line_ctx *L, uint32_t col, uint32_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(L->d, DIAG_ERROR, (struct ipt_loc){L->file, L->lineno, col, len}, L->line, fmt, ap);
    va_end(ap);
    L->bad = true;
}

/* Splits text from `start` into blank-separated words; '...' and "..."
 * quote; an unquoted '#' at the start of a word begins a comment. Returns
 * the number of words, -1 on an unterminated quote (reported). */
static int split_words(struct line_ctx *L, size_t start, struct tok **out)
{
    const char *s = L->line;
    size_t i = start, n = 0, cap = 0;
    struct tok *v = NULL;
    for (;;) {
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (!s[i] || s[i] == '#')
            break;
        struct strbuf w;
        sb_init(&w);
        size_t b = i;
        while (s[i] && s[i] != ' ' && s[i] != '\t') {
            if (s[i] == '"' || s[i] == '\'') {
                char q = s[i];
                size_t open = i++;
                while (s[i] && s[i] != q)
                    sb_putc(&w, s[i++]);
                if (!s[i]) {
                    lerr(L, (uint32_t)open + 1, 1, "this quote is never closed");
                    sb_free(&w);
                    for (size_t k = 0; k < n; k++)
                        free(v[k].s);
                    free(v);
                    *out = NULL;
                    return -1;
                }
                i++;
            } else {
                sb_putc(&w, s[i++]);
            }
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, cap * sizeof(*v));
        }
        v[n++] = (struct tok){w.s ? w.s : xstrdup(""), (uint32_t)b + 1, (uint32_t)(i - b)};
    }
    *out = v;
    return (int)n;
}

static void free_words(struct tok *v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i].s);
    free(v);
}

/* "ADDR", "ADDR:PORT", "[ADDR6]:PORT", "ADDR6", "*:PORT", "*" */
static const char *parse_endpoint(const char *s, struct expect_endpoint *ep)
{
    char buf[128];
    const char *port = NULL;
    memset(ep, 0, sizeof(*ep));
    ep->set = true;
    ep->port = -1;
    if (strlen(s) >= sizeof(buf))
        return "address too long";
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            return "missing ']' after the IPv6 address";
        snprintf(buf, sizeof(buf), "%.*s", (int)(close - s - 1), s + 1);
        if (close[1] == ':')
            port = close + 2;
        else if (close[1])
            return "expected \":PORT\" after ']'";
        ep->family = IPT_FAM_IPV6;
    } else {
        snprintf(buf, sizeof(buf), "%s", s);
        char *c1 = strchr(buf, ':');
        if (c1 && strchr(c1 + 1, ':')) {
            ep->family = IPT_FAM_IPV6;
        } else {
            ep->family = IPT_FAM_IPV4;
            if (c1) {
                *c1 = 0;
                port = s + (c1 - buf) + 1;
            }
        }
    }
    if (port) {
        char *end;
        errno = 0;
        long v = strtol(port, &end, 10);
        if (!*port || *end || errno || v < 0 || v > 65535)
            return "bad port (0-65535)";
        ep->port = (int)v;
    }
    if (!strcmp(buf, "*") || !buf[0]) {
        if (!port)
            return "give an address, ADDR:PORT, or *:PORT";
        return NULL;
    }
    if (!addr_parse(ep->family, buf, ep->addr))
        return "bad address (1.2.3.4, 1.2.3.4:80, [2001:db8::1]:80 or *:80)";
    ep->has_addr = true;
    return NULL;
}

static void endpoint_format(struct strbuf *b, const struct expect_endpoint *ep)
{
    char a[64] = "*";
    if (ep->has_addr)
        addr_format(ep->family, ep->addr, a, sizeof(a));
    bool br = ep->family == IPT_FAM_IPV6 && ep->has_addr && ep->port >= 0;
    sb_printf(b, "%s%s%s", br ? "[" : "", a, br ? "]" : "");
    if (ep->port >= 0)
        sb_printf(b, ":%d", ep->port);
}

static void parse_host_line(struct line_ctx *L, struct expect_file *f, size_t start)
{
    struct tok *w;
    int n = split_words(L, start, &w);
    if (n < 0)
        return;
    if (n == 0)
        lerr(L, (uint32_t)start + 1, 0,
             "a \"# host:\" line needs host options, e.g. # host: --iface eth0=203.0.113.2/24");
    for (int i = 0; i < n; i++) {
        const char *t = w[i].s;
        if (strncmp(t, "--", 2) != 0) {
            lerr(L, w[i].col, w[i].len,
                 "expected a host option (--iface, --route, --sysctl or --host), not \"%s\"", t);
            break;
        }
        char name[32];
        const char *eq = strchr(t, '=');
        const char *val = NULL;
        snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - t - 2) : (int)strlen(t + 2), t + 2);
        if (strcmp(name, "iface") && strcmp(name, "route") && strcmp(name, "sysctl") &&
            strcmp(name, "host")) {
            lerr(L, w[i].col, w[i].len,
                 "unknown host option \"--%s\" (--iface, --route, --sysctl or --host)", name);
            break;
        }
        struct ipt_loc loc = {L->file, L->lineno, w[i].col, w[i].len};
        if (eq) {
            val = eq + 1;
        } else if (i + 1 < n) {
            i++;
            val = w[i].s;
            loc.len = w[i].col + w[i].len - loc.col;
        } else {
            lerr(L, w[i].col, w[i].len, "--%s needs a value", name);
            break;
        }
        f->host = xrealloc(f->host, (f->nhost + 1) * sizeof(*f->host));
        f->host[f->nhost++] =
            (struct expect_host_opt){xstrdup(name), xstrdup(val), loc, xstrdup(L->line)};
    }
    free_words(w, n);
}

static char *xstrndup(const char *s, size_t n)
{
    char *r = xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

static void expect_clear(struct expect *x);

/* [any|all] FATE [with KIND] [CONSTRAINT...] from words w[i..n) into x;
 * endcol: where a missing fate is reported. false on error (reported). */
static bool parse_outcome(struct line_ctx *L, struct tok *w, int i, int n, uint32_t endcol,
                          struct expect *x)
{
    x->fate = 0xff;
    if (i < n && (!strcmp(w[i].s, "any") || !strcmp(w[i].s, "all"))) {
        x->quant = !strcmp(w[i].s, "any") ? EXPECT_ANY : EXPECT_ALL;
        x->quant_given = true;
        i++;
    }
    if (i >= n) {
        lerr(L, endcol, 0,
             "expected a fate after \"%s\": local, forward, output, drop, reject or queue",
             i > 0 && !strcmp(w[i - 1].s, "was") ? "was" : "=>");
        return false;
    }
    int k = fate_from_name(w[i].s);
    if (k < 0) {
        lerr(L, w[i].col, w[i].len,
             "unknown fate \"%s\" (local, forward, output, drop, reject or queue%s)", w[i].s,
             x->quant_given ? "" : "; any or all before it for forks");
        return false;
    }
    x->fate = (uint8_t)k;
    i++;
    if (k == FATE_REJECT && i < n && !strcmp(w[i].s, "with")) {
        if (i + 1 >= n) {
            lerr(L, w[i].col, w[i].len,
                 "\"with\" needs a reject kind (icmp-port-unreachable, tcp-reset, ...)");
            return false;
        }
        const char *c = reject_canonical(w[i + 1].s);
        if (!c) {
            lerr(L, w[i + 1].col, w[i + 1].len,
                 "unknown reject kind \"%s\" (icmp-port-unreachable, icmp-host-prohibited, "
                 "icmp-admin-prohibited, tcp-reset, icmp6-port-unreachable, ...)",
                 w[i + 1].s);
            return false;
        }
        x->reject_with = xstrdup(c);
        i += 2;
    }
    for (; i < n; i++) {
        const char *t = w[i].s;
        const char *eq = strchr(t, '=');
        char key[16];
        snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - t) : (int)strlen(t), t);
        if (!eq ||
            (strcmp(key, "out") && strcmp(key, "src") && strcmp(key, "dst") && strcmp(key, "by"))) {
            lerr(L, w[i].col, w[i].len,
                 "expected a constraint out=IFACE, src=ADDR[:PORT], dst=ADDR[:PORT] or by=RULE, "
                 "not \"%s\"",
                 t);
            return false;
        }
        const char *v = eq + 1;
        if (!*v) {
            lerr(L, w[i].col, w[i].len, "%s= needs a value", key);
            return false;
        }
        if (!strcmp(key, "out")) {
            if (strlen(v) > 15) {
                lerr(L, w[i].col, w[i].len, "interface names have at most 15 characters");
                return false;
            }
            free(x->out);
            x->out = xstrdup(v);
        } else if (!strcmp(key, "by")) {
            free(x->by);
            x->by = xstrdup(v);
        } else {
            const char *e = parse_endpoint(v, !strcmp(key, "src") ? &x->src : &x->dst);
            if (e) {
                lerr(L, w[i].col, w[i].len, "%s: %s", key, e);
                return false;
            }
        }
        if ((x->fate == FATE_DROP || x->fate == FATE_REJECT || x->fate == FATE_QUEUE) &&
            strcmp(key, "by")) {
            lerr(L, w[i].col, w[i].len, "a packet that is %s has no %s (only by= applies)",
                 x->fate == FATE_DROP     ? "dropped"
                 : x->fate == FATE_REJECT ? "rejected"
                                          : "queued",
                 !strcmp(key, "out") ? "output interface" : "address after NAT");
            return false;
        }
        if (x->fate == FATE_LOCAL && !strcmp(key, "out")) {
            lerr(L, w[i].col, w[i].len, "a packet delivered locally has no output interface");
            return false;
        }
    }
    return true;
}

/* normalised text of an expectation, for reports */
static char *want_text(const struct expect *x)
{
    struct strbuf b;
    sb_init(&b);
    if (x->quant_given)
        sb_puts(&b, x->quant == EXPECT_ANY ? "any " : "all ");
    sb_puts(&b, expect_fate_name(x->fate));
    if (x->reject_with)
        sb_printf(&b, " with %s", x->reject_with);
    if (x->out)
        sb_printf(&b, " out=%s", x->out);
    if (x->src.set) {
        sb_puts(&b, " src=");
        endpoint_format(&b, &x->src);
    }
    if (x->dst.set) {
        sb_puts(&b, " dst=");
        endpoint_format(&b, &x->dst);
    }
    if (x->by)
        sb_printf(&b, strpbrk(x->by, " \t") ? " by=\"%s\"" : " by=%s", x->by);
    return b.s;
}

static void parse_expect_line(struct line_ctx *L, struct expect_file *f, size_t start)
{
    const char *s = L->line;
    const char *arrow = strstr(s + start, "=>");
    if (!arrow) {
        size_t end = strlen(s);
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        lerr(L, (uint32_t)end + 1, 0,
             "expected \"=> FATE\" after the packet (e.g. tcp:1.1.1.1->2.2.2.2:22 in=eth0 => "
             "drop)");
        return;
    }
    struct expect x;
    memset(&x, 0, sizeof(x));
    /* the packet */
    size_t pa = start, pb = (size_t)(arrow - s);
    while (pb > pa && (s[pb - 1] == ' ' || s[pb - 1] == '\t'))
        pb--;
    x.pkt_text = xmalloc(pb - pa + 1);
    memcpy(x.pkt_text, s + pa, pb - pa);
    x.pkt_text[pb - pa] = 0;
    char err[512];
    uint32_t pcol = (uint32_t)pa + 1, plen = (uint32_t)(pb - pa);
    if (pb == pa) {
        lerr(L, (uint32_t)(arrow - s) + 1, 2, "a packet must come before \"=>\"");
    } else if (sim_pkt_parse(x.pkt_text, &x.spec, err, sizeof(err))) {
        lerr(L, pcol, plen, "%s", err);
    } else if (!x.spec.local && !x.spec.in[0]) {
        lerr(L, pcol, plen,
             "say where the packet comes from: in=IFACE, or local for one the host sends");
    } else if (x.spec.reply) {
        lerr(L, pcol, plen, "\"reply\" needs a conversation; check takes one packet a line");
    }
    /* the expectation */
    struct tok *w;
    size_t ra = (size_t)(arrow - s) + 2;
    int n = split_words(L, ra, &w);
    if (n < 0)
        goto fail;
    bool ok = parse_outcome(L, w, 0, n, (uint32_t)strlen(s) + 1, &x);
    free_words(w, n);
    if (!ok || L->bad)
        goto fail;
    x.want = want_text(&x);
    x.loc = (struct ipt_loc){L->file, L->lineno, 1, (uint32_t)strlen(s)};
    x.line = xstrdup(s);
    f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
    f->v[f->n++] = x;
    return;
fail:
    expect_clear(&x);
}

/* ---- --allow lines of `ipt-sim diff` ---- */

/* "any", "*" or comma-separated ADDR[/LEN] */
static const char *parse_nets(const char *s, struct ipt_net **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!strcmp(s, "any") || !strcmp(s, "*"))
        return NULL;
    if (!*s)
        return "an address is missing (ADDR, ADDR/LEN, a comma-separated list, or any)";
    char *copy = xstrdup(s), *save = NULL;
    const char *e = NULL;
    for (char *t = strtok_r(copy, ",", &save); t && !e; t = strtok_r(NULL, ",", &save)) {
        struct ipt_net net;
        e = net_parse(strchr(t, ':') ? IPT_FAM_IPV6 : IPT_FAM_IPV4, t, &net);
        if (!e) {
            *out = xrealloc(*out, (*n + 1) * sizeof(**out));
            (*out)[(*n)++] = net;
        }
    }
    free(copy);
    return e;
}

/* comma-separated N or N-M */
static const char *parse_port_ranges(const char *s, uint16_t (**out)[2], size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!strcmp(s, "any") || !strcmp(s, "*"))
        return NULL;
    const char *p = s;
    for (;;) {
        char *end;
        long lo = strtol(p, &end, 10), hi;
        if (end == p || lo < 0 || lo > 65535)
            return "bad port (N, N-M or a comma-separated list; 0-65535)";
        hi = lo;
        if (*end == '-') {
            p = end + 1;
            hi = strtol(p, &end, 10);
            if (end == p || hi < lo || hi > 65535)
                return "bad port range (N-M with N <= M <= 65535)";
        }
        *out = xrealloc(*out, (*n + 1) * sizeof(**out));
        (*out)[*n][0] = (uint16_t)lo;
        (*out)[*n][1] = (uint16_t)hi;
        (*n)++;
        if (!*end)
            return NULL;
        if (*end != ',')
            return "bad port (N, N-M or a comma-separated list; 0-65535)";
        p = end + 1;
    }
}

/* "ADDRS[:PORTS]", "[ADDRS6]:PORTS", "ADDRS6" */
static const char *parse_side(const char *s, struct ipt_net **nets, size_t *nn,
                              uint16_t (**ports)[2], size_t *np)
{
    char *addrs = NULL;
    const char *port = NULL, *e;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            return "missing ']' after the IPv6 addresses";
        addrs = xstrndup(s + 1, (size_t)(close - s - 1));
        if (close[1] == ':')
            port = close + 2;
        else if (close[1])
            return free(addrs), "expected \":PORTS\" after ']'";
    } else {
        const char *c1 = strchr(s, ':');
        if (c1 && !strchr(c1 + 1, ':')) {
            addrs = xstrndup(s, (size_t)(c1 - s));
            port = c1 + 1;
        } else {
            addrs = xstrdup(s);
        }
    }
    e = parse_nets(addrs, nets, nn);
    free(addrs);
    if (!e && port)
        e = parse_port_ranges(port, ports, np);
    return e;
}

static void pattern_free(struct expect_pattern *p)
{
    if (!p)
        return;
    free(p->src);
    free(p->dst);
    free(p->sports);
    free(p->dports);
    free(p);
}

/* PROTO:SRC[:SPORTS]->DST[:DPORTS] [in=[!]IFACE|local] [state=STATE] */
static struct expect_pattern *parse_pattern(struct line_ctx *L, struct tok *w, int n)
{
    struct expect_pattern *p = xcalloc(1, sizeof(*p));
    p->proto = -1;
    p->state = -1;
    const char *t = w[0].s, *colon = strchr(t, ':'), *arrow = strstr(t, "->"), *e = NULL;
    if (!colon || !arrow || arrow < colon) {
        lerr(L, w[0].col, w[0].len,
             "expected PROTO:SRC[:PORTS]->DST[:PORTS] (e.g. tcp:any->203.0.113.2:80,443, "
             "any:10.0.0.0/8->any)");
        goto bad;
    }
    char proto[16];
    snprintf(proto, sizeof(proto), "%.*s", (int)(colon - t), t);
    if (strcmp(proto, "any") && (p->proto = proto_by_name(proto)) < 0) {
        char *end;
        long v = strtol(proto, &end, 10);
        if (!proto[0] || *end || v < 0 || v > 255) {
            lerr(L, w[0].col, (uint32_t)(colon - t),
                 "unknown protocol \"%s\" (tcp, udp, icmp, icmpv6, sctp, a number or any)", proto);
            goto bad;
        }
        p->proto = (int)v;
    }
    char *src = xstrndup(colon + 1, (size_t)(arrow - colon - 1));
    e = parse_side(src, &p->src, &p->nsrc, &p->sports, &p->nsports);
    free(src);
    if (!e)
        e = parse_side(arrow + 2, &p->dst, &p->ndst, &p->dports, &p->ndports);
    if (e) {
        lerr(L, w[0].col, w[0].len, "%s", e);
        goto bad;
    }
    for (int i = 1; i < n; i++) {
        const char *o = w[i].s;
        if (!strcmp(o, "local")) {
            p->local = true;
        } else if (!strncmp(o, "in=", 3)) {
            const char *v = o + 3;
            p->in_neg = *v == '!';
            v += p->in_neg;
            if (!*v || strlen(v) > 15) {
                lerr(L, w[i].col, w[i].len, "in= needs an interface name (at most 15 characters)");
                goto bad;
            }
            snprintf(p->in, sizeof(p->in), "%s", v);
        } else if (!strncmp(o, "state=", 6)) {
            if ((p->state = ct_state_parse(o + 6)) < 0) {
                lerr(L, w[i].col, w[i].len,
                     "unknown state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED)", o + 6);
                goto bad;
            }
        } else {
            lerr(L, w[i].col, w[i].len,
                 "expected in=IFACE, in=!IFACE, local, state=STATE, \"was\" or \"=>\", not \"%s\"",
                 o);
            goto bad;
        }
    }
    if (p->local && p->in[0]) {
        lerr(L, w[0].col, (uint32_t)strlen(L->line) - w[0].col + 1,
             "a packet the host sends (local) arrives on no interface: give in= or local");
        goto bad;
    }
    return p;
bad:
    pattern_free(p);
    return NULL;
}

static void parse_allow_line(struct line_ctx *L, struct expect_file *f, size_t start)
{
    const char *s = L->line;
    const char *arrow = strstr(s + start, "=>");
    struct expect x;
    memset(&x, 0, sizeof(x));
    /* the packets and "was ...", up to the arrow: the same columns */
    char *lhs = xstrdup(s);
    if (arrow)
        lhs[arrow - s] = 0;
    struct line_ctx LL = *L;
    LL.line = lhs;
    struct tok *w;
    int n = split_words(&LL, start, &w);
    L->bad |= LL.bad;
    free(lhs);
    if (n < 0)
        goto fail;
    int iw = 0;
    while (iw < n && strcmp(w[iw].s, "was"))
        iw++;
    if (iw == 0) {
        lerr(L, (uint32_t)start + 1, 0, "a packet pattern must come first (PROTO:SRC->DST ...)");
    } else {
        x.pat = parse_pattern(L, w, iw);
        struct strbuf t;
        sb_init(&t);
        for (int i = 0; i < iw; i++)
            sb_printf(&t, "%s%s", i ? " " : "", w[i].s);
        x.pkt_text = t.s;
        if (iw < n) {
            x.was = xcalloc(1, sizeof(*x.was));
            uint32_t endcol = arrow ? (uint32_t)(arrow - s) + 1 : (uint32_t)strlen(s) + 1;
            if (parse_outcome(L, w, iw + 1, n, endcol, x.was))
                x.was->want = want_text(x.was);
        }
    }
    free_words(w, n);
    if (arrow) {
        n = split_words(L, (size_t)(arrow - s) + 2, &w);
        if (n < 0)
            goto fail;
        parse_outcome(L, w, 0, n, (uint32_t)strlen(s) + 1, &x);
        free_words(w, n);
        x.want = want_text(&x);
    } else {
        x.any_now = true;
        x.want = xstrdup("anything");
    }
    if (L->bad || !x.pat)
        goto fail;
    x.loc = (struct ipt_loc){L->file, L->lineno, 1, (uint32_t)strlen(s)};
    x.line = xstrdup(s);
    f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
    f->v[f->n++] = x;
    return;
fail:
    expect_clear(&x);
}

static int load_text(struct expect_file *f, const char *name, const char *text, size_t len,
                     struct diags *d, bool allow)
{
    memset(f, 0, sizeof(*f));
    f->path = name;
    uint32_t file = diags_add_file(d, name);
    size_t errs = d->nerr;
    uint32_t lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        char *line = xmalloc(end - pos + 1);
        memcpy(line, text + pos, end - pos);
        line[end - pos] = 0;
        pos = end + 1;
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = 0;
        struct line_ctx L = {d, file, lineno, line, false};
        size_t i = 0;
        while (line[i] == ' ' || line[i] == '\t')
            i++;
        if (line[i] == '#') {
            size_t j = i + 1;
            while (line[j] == ' ' || line[j] == '\t')
                j++;
            if (!strncmp(line + j, "host:", 5))
                parse_host_line(&L, f, j + 5);
        } else if (line[i] && allow) {
            parse_allow_line(&L, f, i);
        } else if (line[i]) {
            parse_expect_line(&L, f, i);
        }
        free(line);
    }
    return d->nerr > errs ? -1 : 0;
}

int expect_load_text(struct expect_file *f, const char *name, const char *text, size_t len,
                     struct diags *d)
{
    return load_text(f, name, text, len, d, false);
}

int expect_load_allow_text(struct expect_file *f, const char *name, const char *text, size_t len,
                           struct diags *d)
{
    return load_text(f, name, text, len, d, true);
}

static int load_file(struct expect_file *f, const char *path, struct diags *d, bool allow)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        memset(f, 0, sizeof(*f));
        f->path = path;
        diag_add(d, DIAG_ERROR, (struct ipt_loc){diags_add_file(d, path), 0, 0, 0}, NULL,
                 "cannot open: %s", strerror(errno));
        return -1;
    }
    struct strbuf b;
    sb_init(&b);
    char buf[8192];
    size_t k;
    while ((k = fread(buf, 1, sizeof(buf), in)) > 0)
        sb_putn(&b, buf, k);
    fclose(in);
    int rc = load_text(f, path, b.s ? b.s : "", b.len, d, allow);
    sb_free(&b);
    return rc;
}

int expect_load_file(struct expect_file *f, const char *path, struct diags *d)
{
    return load_file(f, path, d, false);
}

int expect_load_allow_file(struct expect_file *f, const char *path, struct diags *d)
{
    return load_file(f, path, d, true);
}

static void expect_clear(struct expect *x)
{
    free(x->line);
    free(x->pkt_text);
    free(x->reject_with);
    free(x->out);
    free(x->by);
    free(x->want);
    pattern_free(x->pat);
    if (x->was) {
        expect_clear(x->was);
        free(x->was);
    }
    memset(x, 0, sizeof(*x));
}

void expect_file_free(struct expect_file *f)
{
    for (size_t i = 0; i < f->n; i++)
        expect_clear(&f->v[i]);
    free(f->v);
    for (size_t i = 0; i < f->nhost; i++) {
        free(f->host[i].name);
        free(f->host[i].value);
        free(f->host[i].line);
    }
    free(f->host);
    memset(f, 0, sizeof(*f));
}

/* ---- judging ---- */

static bool iface_match(const char *want, const char *got)
{
    size_t n = strlen(want);
    if (n && want[n - 1] == '+')
        return strncmp(want, got, n - 1) == 0;
    return strcmp(want, got) == 0;
}

static bool endpoint_match(const struct expect_endpoint *ep, int family, const uint8_t a[16],
                           uint16_t port)
{
    if (ep->has_addr && (ep->family != family || memcmp(ep->addr, a, 16) != 0))
        return false;
    return ep->port < 0 || ep->port == port;
}

/* A rule named as TABLE:CHAIN:rule:N or TABLE:CHAIN:policy, or its comment. */
static bool event_is(const struct sim_event *ev, const char *by)
{
    char name[300];
    if (ev->type == SIM_EV_RULE)
        snprintf(name, sizeof(name), "%s:%s:rule:%u", ev->chain->table->name, ev->chain->name,
                 ev->rulenum);
    else if (ev->type == SIM_EV_POLICY)
        snprintf(name, sizeof(name), "%s:%s:policy", ev->chain->table->name, ev->chain->name);
    else
        return false;
    if (!strcmp(name, by))
        return true;
    return ev->type == SIM_EV_RULE && ev->rule && ev->rule->comment &&
           strstr(ev->rule->comment, by) != NULL;
}

static bool by_is_rule_name(const char *by)
{
    return strstr(by, ":rule:") || strstr(by, ":policy");
}

/* The deciding rule: for a dropped, rejected or queued packet the rule (or
 * policy) that did it; for a packet that got through, any rule or policy
 * that accepted it on its way. */
static bool by_match(const struct sim_branch *br, const char *by)
{
    const struct sim_fate *f = &br->fate;
    if (f->kind >= FATE_DROP) {
        if (f->by && !strcmp(f->by, by))
            return true;
        if (!by_is_rule_name(by) && f->rule && f->rule->comment && strstr(f->rule->comment, by))
            return true;
        return false;
    }
    for (size_t i = 0; i < br->nevents; i++) {
        const struct sim_event *ev = &br->events[i];
        if ((ev->type == SIM_EV_RULE || ev->type == SIM_EV_POLICY) && ev->verdict == IPT_V_ACCEPT &&
            event_is(ev, by))
            return true;
    }
    return false;
}

static bool branch_ok(const struct expect *x, const struct sim_branch *br, struct strbuf *why)
{
    const struct sim_fate *f = &br->fate;
    char a[64];
    if (f->kind != x->fate) {
        sb_printf(why, "it is %s", expect_fate_name(f->kind));
        if (f->kind == FATE_FORWARD || f->kind == FATE_OUTPUT)
            sb_printf(why, " out of %s", f->out);
        if (f->kind >= FATE_DROP && f->by)
            sb_printf(why, " by %s", f->by);
        return false;
    }
    if (x->reject_with && (!f->reject_with || strcmp(x->reject_with, f->reject_with))) {
        sb_printf(why, "it is rejected with %s", f->reject_with ? f->reject_with : "?");
        return false;
    }
    if (x->out && !iface_match(x->out, f->out)) {
        sb_printf(why, "it leaves through %s", f->out);
        return false;
    }
    if (x->src.set && !endpoint_match(&x->src, f->pkt.family, f->pkt.src, f->pkt.sport)) {
        addr_format(f->pkt.family, f->pkt.src, a, sizeof(a));
        sb_printf(why, "its source after NAT is %s", a);
        if (x->src.port >= 0)
            sb_printf(why, " port %u", f->pkt.sport);
        return false;
    }
    if (x->dst.set && !endpoint_match(&x->dst, f->pkt.family, f->pkt.dst, f->pkt.dport)) {
        addr_format(f->pkt.family, f->pkt.dst, a, sizeof(a));
        sb_printf(why, "its destination after NAT is %s", a);
        if (x->dst.port >= 0)
            sb_printf(why, " port %u", f->pkt.dport);
        return false;
    }
    if (x->by && !by_match(br, x->by)) {
        if (f->kind >= FATE_DROP)
            sb_printf(why, "it is %s by %s", expect_fate_name(f->kind), f->by ? f->by : "?");
        else
            sb_printf(why, "no rule matching by=%s accepted it", x->by);
        return false;
    }
    return true;
}

bool expect_judge(const struct expect *x, const struct sim_result *r, struct strbuf *why)
{
    struct strbuf tmp;
    sb_init(&tmp);
    size_t nok = 0, first_bad = SIZE_MAX;
    struct strbuf bad;
    sb_init(&bad);
    for (size_t i = 0; i < r->nbranches; i++) {
        sb_reset(&tmp);
        if (branch_ok(x, &r->branches[i], &tmp)) {
            nok++;
        } else if (first_bad == SIZE_MAX) {
            first_bad = i;
            sb_puts(&bad, tmp.s ? tmp.s : "");
        }
    }
    sb_free(&tmp);
    bool ok = x->quant == EXPECT_ANY ? nok > 0 : (r->nbranches > 0 && nok == r->nbranches);
    if (!ok && why) {
        if (r->nbranches == 1)
            sb_printf(why, "expected %s, but %s", x->want, bad.s ? bad.s : "");
        else if (x->quant == EXPECT_ANY)
            sb_printf(why,
                      "expected %s in at least one of %zu branches, but in none: in branch 1 %s",
                      x->want, r->nbranches, bad.s ? bad.s : "");
        else
            sb_printf(why, "expected %s in all %zu branches, but in branch %zu %s%s", x->want,
                      r->nbranches, first_bad + 1, bad.s ? bad.s : "",
                      x->quant_given ? "" : " (write \"any\" before the fate if one is enough)");
    }
    sb_free(&bad);
    return ok;
}

/* ---- --allow patterns ---- */

static bool in_ranges(uint16_t (*r)[2], size_t n, unsigned v)
{
    if (!n)
        return true;
    for (size_t i = 0; i < n; i++)
        if (v >= r[i][0] && v <= r[i][1])
            return true;
    return false;
}

static bool in_nets(const struct ipt_net *v, size_t n, int family, const uint8_t a[16])
{
    if (!n)
        return true;
    for (size_t i = 0; i < n; i++)
        if (v[i].family == family && net_contains(&v[i], a))
            return true;
    return false;
}

bool expect_pattern_match(const struct expect_pattern *p, const struct sim_pkt_spec *s)
{
    const struct sim_pkt *k = &s->pkt;
    if (p->proto >= 0 && p->proto != k->proto)
        return false;
    if (!in_nets(p->src, p->nsrc, k->family, k->src) ||
        !in_nets(p->dst, p->ndst, k->family, k->dst))
        return false;
    bool ports = k->proto == 6 || k->proto == 17 || k->proto == 132 || k->proto == 136;
    if ((p->nsports || p->ndports) && !ports)
        return false;
    if (!in_ranges(p->sports, p->nsports, k->sport) || !in_ranges(p->dports, p->ndports, k->dport))
        return false;
    if (p->local && !s->local)
        return false;
    /* in=IFACE and in=!IFACE: packets that arrive on an interface */
    if (p->in[0] && (s->local || iface_match(p->in, s->in) == p->in_neg))
        return false;
    if (p->state >= 0 && p->state != (s->state < 0 ? CT_NEW : s->state))
        return false;
    return true;
}

bool expect_allows(const struct expect *x, const struct sim_pkt_spec *s,
                   const struct sim_result *old, const struct sim_result *new_)
{
    if (!x->pat || !expect_pattern_match(x->pat, s))
        return false;
    if (x->was && !expect_judge(x->was, old, NULL))
        return false;
    return x->any_now || expect_judge(x, new_, NULL);
}
