/*
 * xt_NFQUEUE.c - `-j NFQUEUE`: hand the packet to a userspace program
 * through an nfnetlink queue (net/netfilter/xt_NFQUEUE.c, revision 3;
 * iptables libxt_NFQUEUE.c). The program's verdict decides the packet, so
 * the rule ends the walk: terminal.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <stdio.h>
#include <string.h>

struct nfqueue_data {
    uint16_t num;
    uint16_t total; /* queues_total: 1 for --queue-num */
};

enum { O_NUM, O_BALANCE, O_BYPASS, O_FANOUT };

static int parse_num(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o, char **argv)
{
    (void)o;
    struct nfqueue_data *d = e->data;
    if (ext_has(e, O_BALANCE))
        return ext_error_opt(p, "NFQUEUE: --queue-num cannot be used together with "
                                "--queue-balance");
    uint64_t v;
    if (ext_parse_uint(p, argv[0], 0, 65535, &v))
        return -1;
    d->num = (uint16_t)v;
    d->total = 1;
    return 0;
}

static int parse_balance(struct ext_parse *p, struct ipt_expr *e, const struct ext_opt *o,
                         char **argv)
{
    (void)o;
    struct nfqueue_data *d = e->data;
    if (ext_has(e, O_NUM))
        return ext_error_opt(p, "NFQUEUE: --queue-balance cannot be used together with "
                                "--queue-num");
    const char *colon = strchr(argv[0], ':');
    if (!colon)
        return ext_error(p, "bad range \"%s\": --queue-balance takes FIRST:LAST", argv[0]);
    char lo[32];
    size_t n = (size_t)(colon - argv[0]);
    if (n >= sizeof(lo))
        return ext_error(p, "bad range \"%s\"", argv[0]);
    memcpy(lo, argv[0], n);
    lo[n] = 0;
    uint64_t a = 0, b = 65535; /* an empty side is the end of the range */
    if (n && ext_parse_uint(p, lo, 0, 65535, &a))
        return -1;
    if (colon[1] && ext_parse_uint(p, colon + 1, 0, 65535, &b))
        return -1;
    if (a >= b)
        return ext_error(p, "--queue-balance %llu:%llu: the first queue must be below the last",
                         (unsigned long long)a, (unsigned long long)b);
    /* queues_total is 16 bits: 0:65535 wraps to 0 and the kernel refuses it */
    if (b - a + 1 > 65535)
        return ext_error(p,
                         "--queue-balance %llu:%llu spans more than 65535 queues (the "
                         "kernel refuses it)",
                         (unsigned long long)a, (unsigned long long)b);
    d->num = (uint16_t)a;
    d->total = (uint16_t)(b - a + 1);
    return 0;
}

static const struct ext_opt nfqueue_opts[] = {
    {"queue-num", ARG_CUSTOM, O_NUM, 0, .parse = parse_num},
    {"queue-balance", ARG_CUSTOM, O_BALANCE, 0, .parse = parse_balance},
    {"queue-bypass", ARG_NONE, O_BYPASS, 0, .off = 0},
    {"queue-cpu-fanout", ARG_NONE, O_FANOUT, 0, .off = 0},
};

static void nfqueue_init(struct ext_parse *p, struct ipt_expr *e)
{
    (void)p;
    EXT_DATA(e, struct nfqueue_data)->total = 1;
}

static int nfqueue_check(struct ext_parse *p, struct ipt_expr *e)
{
    if (ext_has(e, O_FANOUT) && !ext_has(e, O_BALANCE))
        return ext_error(p, "NFQUEUE: --queue-cpu-fanout also requires --queue-balance");
    return 0;
}

/* libxt_NFQUEUE.c NFQUEUE_save_v3(): the queue number is always printed */
static void nfqueue_save_opts(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    const struct nfqueue_data *d = e->data;
    if (d->total > 1)
        sb_printf(b, " --queue-balance %u:%u", d->num, d->num + d->total - 1);
    else
        sb_printf(b, " --queue-num %u", d->num);
    if (ext_has(e, O_BYPASS))
        sb_puts(b, " --queue-bypass");
    if (ext_has(e, O_FANOUT))
        sb_puts(b, " --queue-cpu-fanout");
}

/* nfqueue_tg(): the packet goes to a userspace program */
static int nfqueue_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct nfqueue_data *d = e->data;
    char q[96];
    if (d->total > 1)
        snprintf(q, sizeof(q), "one of queues %u-%u (%s)", d->num, d->num + d->total - 1,
                 ext_has(e, O_FANOUT) ? "by CPU" : "by a hash of the addresses");
    else
        snprintf(q, sizeof(q), "queue %u", d->num);
    int v = sim_queue_verdict(c, d->num, d->total > 1 ? d->total : 1, ext_has(e, O_BYPASS));
    if (v == IPT_V_QUEUE)
        sim_ctx_note(c, "NFQUEUE: the packet waits in %s for a userspace program's verdict", q);
    return v;
}

const struct ext_ops ext_NFQUEUE = {
    .name = "NFQUEUE",
    .kind = EXT_TARGET,
    .size = sizeof(struct nfqueue_data),
    EXT_OPTS(nfqueue_opts),
    .terminal = true,
    .init = nfqueue_init,
    .check = nfqueue_check,
    .save_opts = nfqueue_save_opts,
    .target = nfqueue_target,
};
