/*
 * fuzz_trace.c - libFuzzer target for "parse, then trace": a dump is
 * loaded and, if it loads, packets are walked through it with a small
 * branch budget, and every report (text, kernel TRACE lines, JSON) is
 * printed into memory; the JSON must be UTF-8.
 *
 * Input: the dump, then a line "%%", then one statement a line:
 *   a packet spec (as `trace --pkt`), "reply" (the reply to the previous
 *   packet, as `trace --reply`), or a host statement as in a --host file
 *   ("iface NAME ADDR/LEN", "route ...", "sysctl KEY=VALUE").
 * At most 4 packets; without any, one inbound TCP SYN is traced. Seeds
 * (run.sh): the golden trace cases, dump and packets joined this way.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iptsim/parse.h"
#include "iptsim/report.h"
#include "iptsim/sim.h"
#include "iptsim/trace_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* JSON must be UTF-8 whatever bytes the dump held (a comment in Latin-1):
 * a document that is not is a finding. */
static void assert_utf8(const struct strbuf *b)
{
    const unsigned char *p = (const unsigned char *)(b->s ? b->s : ""), *end = p + b->len;
    while (p < end) {
        size_t n = *p < 0x80             ? 1
                   : (*p & 0xe0) == 0xc0 ? 2
                   : (*p & 0xf0) == 0xe0 ? 3
                   : (*p & 0xf8) == 0xf0 ? 4
                                         : 0;
        if (!n || (size_t)(end - p) < n)
            abort();
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xc0) != 0x80)
                abort();
        p += n;
    }
}

enum { MAX_PKTS = 4 };

static void host_statement(struct host *h, char *p)
{
    char err[256];
    if (!strncmp(p, "iface ", 6)) {
        for (char *q = p + 6; *q; q++)
            if (*q == ' ' || *q == '\t')
                *q = '+';
        char *plus = strchr(p + 6, '+');
        if (plus)
            *plus = '=';
        host_add_iface_spec(h, p + 6, err, sizeof(err));
    } else if (!strncmp(p, "route ", 6)) {
        host_add_route_spec(h, p + 6, err, sizeof(err));
    } else if (!strncmp(p, "sysctl ", 7)) {
        host_set_sysctl(h, p + 7, err, sizeof(err));
    }
}

/* The reply to a packet's first branch, as `trace --reply` builds it. */
static bool make_reply(const struct sim_result *prev, struct sim_pkt_spec *out)
{
    if (!prev->nbranches)
        return false;
    const struct sim_fate *f = &prev->branches[0].fate;
    if (f->kind != FATE_LOCAL && f->kind != FATE_FORWARD && f->kind != FATE_OUTPUT)
        return false;
    memset(out, 0, sizeof(*out));
    out->state = -1;
    out->pkt = f->pkt;
    memcpy(out->pkt.src, f->pkt.dst, 16);
    memcpy(out->pkt.dst, f->pkt.src, 16);
    out->pkt.sport = f->pkt.dport;
    out->pkt.dport = f->pkt.sport;
    out->pkt.tcp_flags = TCPF_ACK;
    if (f->kind == FATE_LOCAL)
        out->local = true;
    else
        memcpy(out->in, f->out, sizeof(out->in));
    out->reply = true;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    size_t dump_len = size;
    char *rest = NULL;
    for (size_t i = 0; i + 2 <= size; i++)
        if ((i == 0 || text[i - 1] == '\n') && text[i] == '%' && text[i + 1] == '%' &&
            (i + 2 == size || text[i + 2] == '\n')) {
            dump_len = i;
            text[i] = 0;
            rest = text + i + 2;
            break;
        }

    struct host h;
    host_init(&h);
    struct sim_pkt_spec specs[MAX_PKTS];
    bool is_reply[MAX_PKTS] = {false};
    size_t npkts = 0;
    char err[256];
    char *save = NULL;
    for (char *line = rest ? strtok_r(rest, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strcmp(line, "reply")) {
            /* as cmd_trace.c: a zeroed spec marked reply, filled in from the
             * previous packet's fate (host_infer() reads it before) */
            if (npkts && npkts < MAX_PKTS) {
                memset(&specs[npkts], 0, sizeof(specs[npkts]));
                specs[npkts].reply = true;
                is_reply[npkts++] = true;
            }
        } else if (!strncmp(line, "iface ", 6) || !strncmp(line, "route ", 6) ||
                   !strncmp(line, "sysctl ", 7)) {
            host_statement(&h, line);
        } else if (npkts < MAX_PKTS) {
            memset(&specs[npkts], 0, sizeof(specs[npkts]));
            if (!sim_pkt_parse(line, &specs[npkts], err, sizeof(err)) &&
                (specs[npkts].local || specs[npkts].in[0]))
                npkts++;
        }
    }
    if (!npkts &&
        !sim_pkt_parse("tcp:192.0.2.1:40000->198.51.100.2:80 in=eth0", &specs[0], err, sizeof(err)))
        npkts = 1;

    struct ipt_ruleset *rs = ruleset_new();
    struct diags d;
    diags_init(&d);
    struct load_opts o = {.lenient = size > 0 && (data[0] & 1)};
    if (ruleset_load_buffer(rs, &d, "fuzz", text, dump_len, &o) == 0) {
        host_infer(&h, rs, specs, npkts);
        struct sim_index *ix = size > 1 && (data[1] & 1) ? NULL : sim_index_new(rs);
        struct sim_opts so = {.max_branches = 8, .index = ix};
        struct ct_table ct = {0};
        struct sim_result prev = {0};
        struct strbuf b;
        sb_init(&b);
        for (size_t i = 0; i < npkts; i++) {
            if (is_reply[i] && !make_reply(&prev, &specs[i]))
                break;
            struct sim_result r;
            sim_run_packet(rs, &h, &ct, &specs[i], &so, &r);
            trace_print_text(&b, &r, &h, &d, false);
            trace_print_kernel(&b, &r);
            struct strbuf j;
            sb_init(&j);
            trace_print_json(&j, &r, &h, &d, &specs[i]);
            assert_utf8(&j);
            sb_free(&j);
            sim_result_free(&prev);
            prev = r;
        }
        sb_free(&b);
        sim_result_free(&prev);
        free(ct.v);
        sim_index_free(ix);
    }
    diags_free(&d);
    ruleset_free(rs);
    host_free(&h);
    free(text);
    return 0;
}
