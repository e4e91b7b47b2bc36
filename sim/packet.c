/*
 * packet.c - the packet spec language of `trace --pkt` and `check`:
 *
 *   PROTO:SRC[:SPORT]->DST[:DPORT] [in=IFACE] [local] [state=STATE]
 *         [flags=SYN,ACK] [mark=N] [ttl=N] [len=N] [icmp-type=N] [oow]
 *
 * IPv6 addresses go in brackets when a port follows: [2001:db8::1]:443.
 * Defaults are those of a first SYN / first datagram: TCP flags SYN,
 * source port 40000, TTL 64, ICMP echo-request.
 */
#include "iptsim/sim.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EXAMPLE "example: tcp:1.1.1.1->2.2.2.2:7788 in=eth0"

static const char *fail(char *err, size_t n, const char *fmt, ...) IPTSIM_PRINTF(3, 4);
static const char *fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(err, n, fmt, ap);
    va_end(ap);
    if (k > 0 && (size_t)k < n)
        snprintf(err + k, n - (size_t)k, " (%s)", EXAMPLE);
    return err;
}

/* "ADDR[:PORT]" or "[ADDR6]:PORT" or "ADDR6" */
static const char *parse_endpoint(const char *s, int *family, uint8_t a[16], int *port,
                                  char *err, size_t nerr, const char *which)
{
    char buf[128];
    *port = -1;
    if (strlen(s) >= sizeof(buf))
        return fail(err, nerr, "%s address too long", which);
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            return fail(err, nerr, "missing ']' in %s address \"%s\"", which, s);
        snprintf(buf, sizeof(buf), "%.*s", (int)(close - s - 1), s + 1);
        *family = IPT_FAM_IPV6;
        if (close[1] == ':') {
            char *end;
            long v = strtol(close + 2, &end, 10);
            if (*end || v < 0 || v > 65535 || end == close + 2)
                return fail(err, nerr, "bad %s port \"%s\"", which, close + 2);
            *port = (int)v;
        } else if (close[1]) {
            return fail(err, nerr, "unexpected \"%s\" after %s address", close + 1, which);
        }
    } else {
        snprintf(buf, sizeof(buf), "%s", s);
        const char *first = strchr(buf, ':');
        if (first && strchr(first + 1, ':')) {
            *family = IPT_FAM_IPV6; /* bare IPv6, no port */
        } else {
            *family = IPT_FAM_IPV4;
            char *colon = strchr(buf, ':');
            if (colon) {
                *colon = 0;
                char *end;
                long v = strtol(colon + 1, &end, 10);
                if (*end || v < 0 || v > 65535 || end == colon + 1)
                    return fail(err, nerr, "bad %s port \"%s\"", which, colon + 1);
                *port = (int)v;
            }
        }
    }
    if (!addr_parse(*family, buf, a))
        return fail(err, nerr, "bad %s address \"%s\"", which, buf);
    return NULL;
}

static int tcp_flag_bit(const char *f)
{
    static const struct {
        const char *n;
        int b;
    } t[] = {{"FIN", TCPF_FIN}, {"SYN", TCPF_SYN}, {"RST", TCPF_RST}, {"PSH", TCPF_PSH},
             {"ACK", TCPF_ACK}, {"URG", TCPF_URG}, {"ECE", TCPF_ECE}, {"CWR", TCPF_CWR},
             {"NONE", 0}};
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        if (strcasecmp(t[i].n, f) == 0)
            return t[i].b;
    return -1;
}

static const char *parse_option(const char *w, struct sim_pkt_spec *o, char *err, size_t nerr)
{
    const char *eq = strchr(w, '=');
    char key[32];
    snprintf(key, sizeof(key), "%.*s", eq ? (int)(eq - w) : (int)strlen(w), w);
    const char *v = eq ? eq + 1 : NULL;
    char *end;
    if (!strcmp(key, "local") && !v) {
        o->local = true;
        o->in[0] = 0;
    } else if (!strcmp(key, "oow") && !v) {
        o->out_of_window = true;
    } else if (!strcmp(key, "reply") && !v) {
        o->reply = true;
    } else if (!v) {
        return fail(err, nerr, "\"%s\" needs a value (%s=...)", key, key);
    } else if (!strcmp(key, "in")) {
        if (!*v || strlen(v) > 15)
            return fail(err, nerr, "bad interface \"%s\"", v);
        snprintf(o->in, sizeof(o->in), "%s", v);
        o->local = false;
    } else if (!strcmp(key, "state")) {
        o->state = ct_state_parse(v);
        if (o->state < 0)
            return fail(err, nerr, "bad state \"%s\" (NEW, ESTABLISHED, RELATED, INVALID, "
                                   "UNTRACKED)", v);
    } else if (!strcmp(key, "flags")) {
        char buf[64];
        snprintf(buf, sizeof(buf), "%s", v);
        int bits = 0;
        char *save = NULL;
        for (char *f = strtok_r(buf, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
            int b = tcp_flag_bit(f);
            if (b < 0)
                return fail(err, nerr, "bad TCP flag \"%s\" (FIN,SYN,RST,PSH,ACK,URG,ECE,CWR)",
                            f);
            bits |= b;
        }
        o->pkt.tcp_flags = (uint8_t)bits;
    } else if (!strcmp(key, "mark") || !strcmp(key, "ttl") || !strcmp(key, "len") ||
               !strcmp(key, "icmp-type") || !strcmp(key, "icmp-code") || !strcmp(key, "tos")) {
        unsigned long long n = strtoull(v, &end, 0);
        unsigned long long max = !strcmp(key, "mark") ? 0xffffffffull
                                 : !strcmp(key, "len") ? 65535 : 255;
        if (*end || end == v || n > max)
            return fail(err, nerr, "bad %s \"%s\" (0-%llu)", key, v, max);
        if (!strcmp(key, "mark"))
            o->pkt.mark = (uint32_t)n;
        else if (!strcmp(key, "ttl"))
            o->pkt.ttl = (uint8_t)n;
        else if (!strcmp(key, "len"))
            o->pkt.len = (uint16_t)n;
        else if (!strcmp(key, "icmp-type"))
            o->pkt.icmp_type = (uint8_t)n;
        else if (!strcmp(key, "icmp-code"))
            o->pkt.icmp_code = (uint8_t)n;
        else
            o->pkt.tos = (uint8_t)n;
    } else {
        return fail(err, nerr, "unknown packet option \"%s\" (in, local, state, flags, mark, "
                               "ttl, len, icmp-type, icmp-code, tos, oow, reply)", key);
    }
    return NULL;
}

const char *sim_pkt_parse(const char *spec, struct sim_pkt_spec *out, char *err, size_t nerr)
{
    memset(out, 0, sizeof(*out));
    out->state = -1;
    char *copy = xstrdup(spec), *save = NULL;
    const char *rc = NULL;
    char *head = strtok_r(copy, " \t", &save);
    if (!head) {
        rc = fail(err, nerr, "empty packet");
        goto out;
    }
    char *colon = strchr(head, ':');
    char *arrow = strstr(head, "->");
    if (!colon || !arrow || colon > arrow) {
        rc = fail(err, nerr, "a packet is PROTO:SRC[:SPORT]->DST[:DPORT], not \"%s\"", head);
        goto out;
    }
    *colon = 0;
    *arrow = 0;
    int proto = proto_by_name(head);
    if (!strcasecmp(head, "icmpv6") || !strcasecmp(head, "icmp6"))
        proto = 58;
    if (proto <= 0) {
        rc = fail(err, nerr, "unknown protocol \"%s\" (tcp, udp, icmp, icmpv6, sctp, ...)", head);
        goto out;
    }
    int fs, fd, ps, pd;
    struct sim_pkt *p = &out->pkt;
    if ((rc = parse_endpoint(colon + 1, &fs, p->src, &ps, err, nerr, "source")))
        goto out;
    if ((rc = parse_endpoint(arrow + 2, &fd, p->dst, &pd, err, nerr, "destination")))
        goto out;
    if (fs != fd) {
        rc = fail(err, nerr, "source and destination are of different families");
        goto out;
    }
    p->family = (uint8_t)fs;
    p->proto = (uint8_t)proto;
    if (proto == 1 && fs == IPT_FAM_IPV6)
        p->proto = 58;
    bool ports = p->proto == 6 || p->proto == 17 || p->proto == 132 || p->proto == 136;
    if (!ports && (ps >= 0 || pd >= 0)) {
        rc = fail(err, nerr, "%s has no ports", head);
        goto out;
    }
    if (ports && pd < 0) {
        rc = fail(err, nerr, "a %s packet needs a destination port", head);
        goto out;
    }
    p->sport = (uint16_t)(ps >= 0 ? ps : 40000);
    out->sport_given = ps >= 0;
    p->dport = (uint16_t)(pd >= 0 ? pd : 0);
    p->tcp_flags = p->proto == 6 ? TCPF_SYN : 0;
    p->icmp_type = p->proto == 58 ? 128 : 8;
    p->ttl = 64;
    p->len = 60;
    for (char *w = strtok_r(NULL, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
        if ((rc = parse_option(w, out, err, nerr)))
            goto out;
out:
    free(copy);
    return rc;
}
