/*
 * test_nft_engine.c - the engine with native nft base chains, built in C
 * (no parser): the order of the base chains of a hook (priority, then
 * newest first, nat chains at the nat hook's fixed priority), nat chains
 * that stop once one bound the connection, verdict maps (a target that
 * returns JUMP, GOTO or RETURN), route chains in OUTPUT, netdev ingress,
 * and the note about bridge and arp tables. Every expectation here was
 * measured in a network namespace (kernel 6.18, nft 1.0.6): see the
 * comments of sim/engine.c hook_chains() and run_nat().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "iptsim/ext.h"
#include "iptsim/nft.h"
#include "iptsim/sim.h"

/* ---- test extensions ---- */

/* matches packets to the destination port in e->data */
static int m_dport(struct sim_ctx *c, const struct ipt_expr *e)
{
    return c->pkt->dport == *(const uint16_t *)e->data;
}
static const struct ext_ops t_dport = {.name = "t-dport", .kind = EXT_MATCH, .match = m_dport};

/* dnat to the IPv4 address in e->data */
static int x_dnat(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct sim_nat_range r = {.has_addr = true};
    memcpy(r.min_addr, e->data, 4);
    memcpy(r.max_addr, e->data, 4);
    return sim_nat(c, true, &r);
}
static const struct ext_ops t_dnat = {.name = "t-dnat", .kind = EXT_TARGET, .target = x_dnat};

/* a verdict map that chose `jump`, `goto` or `return` (e->data: the chain) */
static int x_vjump(struct sim_ctx *c, const struct ipt_expr *e)
{
    c->jump = e->data;
    return IPT_V_JUMP;
}
static int x_vgoto(struct sim_ctx *c, const struct ipt_expr *e)
{
    c->jump = e->data;
    return IPT_V_GOTO;
}
static int x_vreturn(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)c, (void)e;
    return IPT_V_RETURN;
}
static const struct ext_ops t_vjump = {.name = "t-vjump", .kind = EXT_TARGET, .target = x_vjump};
static const struct ext_ops t_vgoto = {.name = "t-vgoto", .kind = EXT_TARGET, .target = x_vgoto};
static const struct ext_ops t_vreturn = {
    .name = "t-vreturn", .kind = EXT_TARGET, .target = x_vreturn};

/* `ip daddr set ADDR` (e->data), a statement: the packet goes on */
static int x_setdst(struct sim_ctx *c, const struct ipt_expr *e)
{
    memcpy(c->pkt->dst, e->data, 4);
    return IPT_V_CONTINUE;
}
static const struct ext_ops t_setdst = {.name = "t-setdst", .kind = EXT_TARGET, .target = x_setdst};

/* ---- building rulesets ---- */

static struct ipt_table *nft_table(struct ipt_ruleset *rs, int family, const char *name)
{
    return ruleset_add_table(rs, family, name, IPT_ORIGIN_NFT);
}

static struct ipt_chain *base(struct ipt_table *t, const char *name, int hook, int prio, int type)
{
    struct ipt_chain *c = table_add_base_chain(t, name, hook, prio);
    c->type = (uint8_t)type;
    c->policy = IPT_POLICY_ACCEPT;
    return c;
}

/* A rule: optional match (ops, data), then a verdict or a target. */
static struct ipt_rule *rule(struct ipt_chain *c, const struct ext_ops *m, const void *mdata,
                             int verdict, struct ipt_chain *jump, const struct ext_ops *tg,
                             const void *tdata)
{
    struct ipt_ruleset *rs = c->table->rs;
    struct ipt_rule *r = rule_new_sized(rs, m ? 1 : 0, tg != NULL, false);
    if (m) {
        r->exprs[0].ops = m;
        r->exprs[0].data = (void *)mdata;
    }
    if (tg) {
        r->target->ops = tg;
        r->target->data = (void *)tdata;
        r->verdict = IPT_V_TARGET;
    } else {
        r->verdict = (uint8_t)verdict;
        r->jump = jump;
    }
    chain_insert_rule(c, r, 0);
    return r;
}

static uint16_t port80 = 80, port81 = 81;
static uint8_t addr_b[4] = {10, 0, 0, 9};  /* on eth1 */
static uint8_t addr_lo[4] = {10, 0, 0, 1}; /* the host's own address on eth1 */

struct fixture {
    struct host h;
    struct ct_table ct;
    struct sim_result r;
};

static void host_setup(struct host *h)
{
    char err[128];
    host_init(h);
    assert_null(host_add_iface_spec(h, "eth0=2.2.2.2/24", err, sizeof(err)));
    assert_null(host_add_iface_spec(h, "eth1=10.0.0.1/24", err, sizeof(err)));
    assert_null(host_add_route_spec(h, "default via 2.2.2.1 dev eth0", err, sizeof(err)));
}

/* Runs one packet; returns its events (branch 1) as "chain:type:N:VERDICT[>jump]"
 * words, and the fate in *fate ("kind out dst"). */
static char *run(const struct ipt_ruleset *rs, struct host *h, struct ct_table *ct, const char *pkt,
                 struct strbuf *fate, struct strbuf *notes)
{
    struct sim_pkt_spec spec;
    char err[128];
    assert_null(sim_pkt_parse(pkt, &spec, err, sizeof(err)));
    struct sim_result r;
    struct sim_opts o = {0};
    assert_int_equal(sim_run_packet(rs, h, ct, &spec, &o, &r), 0);
    assert_true(r.nbranches >= 1);
    struct strbuf b;
    sb_init(&b);
    const struct sim_branch *br = &r.branches[0];
    for (size_t i = 0; i < br->nevents; i++) {
        const struct sim_event *ev = &br->events[i];
        if (ev->type == SIM_EV_NOTE) {
            if (notes)
                sb_printf(notes, "%s\n", ev->note);
            continue;
        }
        sb_printf(&b, "%s%s:%s:%u:%s", b.len ? " " : "", ev->chain->name,
                  ev->type == SIM_EV_RULE     ? "rule"
                  : ev->type == SIM_EV_POLICY ? "policy"
                                              : "return",
                  ev->rulenum, verdict_name(ev->verdict));
        if (ev->jump)
            sb_printf(&b, ">%s", ev->jump->name);
    }
    if (fate) {
        char d[64];
        addr_format(br->fate.pkt.family, br->fate.pkt.dst, d, sizeof(d));
        sb_printf(fate, "%s %s %s",
                  br->fate.kind == FATE_LOCAL     ? "local"
                  : br->fate.kind == FATE_FORWARD ? "forward"
                  : br->fate.kind == FATE_OUTPUT  ? "output"
                                                  : "drop",
                  br->fate.out, d);
    }
    sim_result_free(&r);
    if (!b.s)
        sb_puts(&b, "");
    return b.s;
}

#define EXPECT_EVENTS(got, want)                                                                   \
    do {                                                                                           \
        char *g_ = (got);                                                                          \
        assert_string_equal(g_, want);                                                             \
        free(g_);                                                                                  \
    } while (0)

/* ---- the order of the base chains ---- */

/* Measured: on OUTPUT, tables t6 p1 (prio 0), t7 p2 (0), iptables-nft
 * filter, t8 p3 (0), t9 { q1, q2 } (10) ran p3, filter OUTPUT, p2, p1,
 * q2, q1: of equal priorities the newest first, also inside one table. */
static void test_equal_priority_newest_first(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_chain *p1 = base(nft_table(rs, IPT_FAM_IPV4, "t6"), "p1", IPT_HOOK_INPUT, 0, 0);
    struct ipt_chain *p2 = base(nft_table(rs, IPT_FAM_INET, "t7"), "p2", IPT_HOOK_INPUT, 0, 0);
    struct ipt_table *xt = ruleset_add_table(rs, IPT_FAM_IPV4, "filter", IPT_ORIGIN_XTABLES);
    struct ipt_chain *xin = base(xt, "INPUT", IPT_HOOK_INPUT, 0, 0);
    struct ipt_chain *p3 = base(nft_table(rs, IPT_FAM_IPV4, "t8"), "p3", IPT_HOOK_INPUT, 0, 0);
    struct ipt_table *t9 = nft_table(rs, IPT_FAM_IPV4, "t9");
    base(t9, "q1", IPT_HOOK_INPUT, 10, 0);
    base(t9, "q2", IPT_HOOK_INPUT, 10, 0);
    /* an ip6 table is not on an IPv4 packet's path */
    base(nft_table(rs, IPT_FAM_IPV6, "six"), "i6", IPT_HOOK_INPUT, -5, 0);
    (void)p1, (void)p2, (void)xin, (void)p3;
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:53 in=eth0", NULL, NULL),
                  "p3:policy:1:ACCEPT INPUT:policy:1:ACCEPT p2:policy:1:ACCEPT "
                  "p1:policy:1:ACCEPT q2:policy:1:ACCEPT q1:policy:1:ACCEPT");
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* Measured: nat chains n1 (priority -150) and n2 (50) on OUTPUT ran after
 * a filter chain at -200 and one at -100 registered after them, both at
 * the nat hook's -100, n1 before n2; iptables' nat OUTPUT (-100) between. */
static void test_nat_chains_run_at_the_nat_hook(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    base(nft_table(rs, IPT_FAM_IPV4, "t3"), "f", IPT_HOOK_PREROUTING, -120, IPT_CHAIN_FILTER);
    base(nft_table(rs, IPT_FAM_IPV4, "t2"), "n1", IPT_HOOK_PREROUTING, -150, IPT_CHAIN_NAT);
    struct ipt_table *xt = ruleset_add_table(rs, IPT_FAM_IPV4, "nat", IPT_ORIGIN_XTABLES);
    base(xt, "PREROUTING", IPT_HOOK_PREROUTING, -100, IPT_CHAIN_NAT);
    base(nft_table(rs, IPT_FAM_INET, "t4"), "n2", IPT_HOOK_PREROUTING, 50, IPT_CHAIN_NAT);
    /* registered after the nat hook, at its priority: runs before it */
    base(nft_table(rs, IPT_FAM_IPV4, "t5"), "g", IPT_HOOK_PREROUTING, -100, IPT_CHAIN_FILTER);
    base(nft_table(rs, IPT_FAM_IPV4, "t6"), "m", IPT_HOOK_PREROUTING, -90, IPT_CHAIN_FILTER);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:53 in=eth0", NULL, NULL),
                  "f:policy:1:ACCEPT g:policy:1:ACCEPT n1:policy:1:ACCEPT "
                  "PREROUTING:policy:1:ACCEPT n2:policy:1:ACCEPT m:policy:1:ACCEPT");
    /* the same connection again: the nat chains do not run */
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:53 in=eth0", NULL, NULL),
                  "f:policy:1:ACCEPT g:policy:1:ACCEPT m:policy:1:ACCEPT");
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* Measured: once n1 dnat'ed the connection, iptables' nat OUTPUT and n2
 * did not run; for another port n1 fell through and both ran. */
static void test_nat_stops_once_bound(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_chain *n1 =
        base(nft_table(rs, IPT_FAM_IPV4, "t2"), "n1", IPT_HOOK_PREROUTING, -150, IPT_CHAIN_NAT);
    rule(n1, &t_dport, &port80, 0, NULL, &t_dnat, addr_b);
    struct ipt_chain *n2 =
        base(nft_table(rs, IPT_FAM_IPV4, "t4"), "n2", IPT_HOOK_PREROUTING, 50, IPT_CHAIN_NAT);
    rule(n2, NULL, NULL, IPT_V_ACCEPT, NULL, NULL, NULL);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    struct strbuf fate, notes;
    sb_init(&fate);
    sb_init(&notes);
    EXPECT_EVENTS(run(rs, &h, &ct, "tcp:1.1.1.1:1000->2.2.2.2:80 in=eth0 flags=SYN", &fate, &notes),
                  "n1:rule:1:ACCEPT");
    assert_string_equal(fate.s, "forward eth1 10.0.0.9");
    assert_non_null(strstr(notes.s, "later nat chains of this hook do not run"));
    ct.n = 0;
    EXPECT_EVENTS(run(rs, &h, &ct, "tcp:1.1.1.1:1000->2.2.2.2:81 in=eth0 flags=SYN", NULL, NULL),
                  "n1:policy:2:ACCEPT n2:rule:1:ACCEPT");
    /* an INVALID packet (a lone FIN-ACK) never sees a nat chain */
    ct.n = 0;
    EXPECT_EVENTS(
        run(rs, &h, &ct, "tcp:1.1.1.1:1000->2.2.2.2:80 in=eth0 flags=FIN,ACK", NULL, NULL), "");
    sb_free(&fate);
    sb_free(&notes);
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* ct state new */
static int m_ctnew(struct sim_ctx *c, const struct ipt_expr *e)
{
    (void)e;
    return c->ct && c->ctstate == CT_NEW;
}
static const struct ext_ops t_ctnew = {.name = "t-ctnew", .kind = EXT_MATCH, .match = m_ctnew};

/* Measured: a chain at priority -200 (conntrack's) in the table whose
 * rules enabled conntrack runs after conntrack (its `ct state new`
 * matched); a chain at -200 of a table loaded later runs before it. */
static void test_conntrack_priority_tie(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_chain *b =
        base(nft_table(rs, IPT_FAM_IPV4, "t1"), "b", IPT_HOOK_PREROUTING, -200, IPT_CHAIN_FILTER);
    rule(b, &t_ctnew, NULL, IPT_V_CONTINUE, NULL, NULL, NULL);
    struct ipt_chain *l =
        base(nft_table(rs, IPT_FAM_IPV4, "t2"), "l", IPT_HOOK_PREROUTING, -200, IPT_CHAIN_FILTER);
    rule(l, &t_ctnew, NULL, IPT_V_CONTINUE, NULL, NULL, NULL);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:53 in=eth0", NULL, NULL),
                  "l:policy:2:ACCEPT b:rule:1:CONTINUE b:policy:2:ACCEPT");
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* snat to the IPv4 address in e->data */
static int x_snat(struct sim_ctx *c, const struct ipt_expr *e)
{
    struct sim_nat_range r = {.has_addr = true};
    memcpy(r.min_addr, e->data, 4);
    memcpy(r.max_addr, e->data, 4);
    return sim_nat(c, false, &r);
}
static const struct ext_ops t_snat = {.name = "t-snat", .kind = EXT_TARGET, .target = x_snat};
static uint8_t addr_wan[4] = {2, 2, 2, 2};

/* Measured (nft-masquerade.scn): with a nat chain on POSTROUTING only,
 * the reply is de-NATed on PREROUTING all the same (the nat hook sits on
 * every hook point), and never twice (not on FORWARD). */
static void test_reply_denat_without_prerouting_chain(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_chain *post =
        base(nft_table(rs, IPT_FAM_INET, "nat"), "post", IPT_HOOK_POSTROUTING, 100, IPT_CHAIN_NAT);
    rule(post, NULL, NULL, 0, NULL, &t_snat, addr_wan);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    struct strbuf fate, notes;
    sb_init(&fate);
    sb_init(&notes);
    EXPECT_EVENTS(run(rs, &h, &ct, "tcp:10.0.0.9:1000->1.1.1.1:80 in=eth1 flags=SYN", &fate, NULL),
                  "post:rule:1:ACCEPT");
    assert_string_equal(fate.s, "forward eth0 1.1.1.1");
    sb_reset(&fate);
    EXPECT_EVENTS(
        run(rs, &h, &ct, "tcp:1.1.1.1:80->2.2.2.2:1000 in=eth0 flags=SYN,ACK", &fate, &notes), "");
    assert_string_equal(fate.s, "forward eth1 10.0.0.9");
    /* one de-SNAT, on PREROUTING */
    const char *first = strstr(notes.s, "de-SNAT");
    assert_non_null(first);
    assert_null(strstr(first + 1, "de-SNAT"));
    sb_free(&fate);
    sb_free(&notes);
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* ---- verdicts ---- */

/* A verdict map's jump, goto and return (nft_do_chain): a jump comes back
 * after the chain, a goto does not, return pops; accept ends only the
 * base chain, drop the packet. */
static void test_verdict_map_jump_goto_return(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_table *t = nft_table(rs, IPT_FAM_INET, "filter");
    struct ipt_chain *in = base(t, "input", IPT_HOOK_INPUT, 0, 0);
    in->policy = IPT_POLICY_DROP;
    struct ipt_chain *svc = table_add_chain(t, "svc");
    struct ipt_chain *ep = table_add_chain(t, "ep");
    struct ipt_chain *back = table_add_chain(t, "back");
    rule(in, &t_dport, &port80, 0, NULL, &t_vjump, svc);
    rule(in, &t_dport, &port81, 0, NULL, &t_vgoto, ep);
    rule(in, NULL, NULL, IPT_V_ACCEPT, NULL, NULL, NULL);
    rule(svc, NULL, NULL, 0, NULL, &t_vjump, back);
    rule(svc, NULL, NULL, IPT_V_CONTINUE, NULL, NULL, NULL);
    rule(back, NULL, NULL, 0, NULL, &t_vreturn, NULL);
    rule(ep, NULL, NULL, IPT_V_RETURN, NULL, NULL, NULL);
    /* a later table's chain still runs after `accept` */
    struct ipt_chain *late = base(nft_table(rs, IPT_FAM_IPV4, "late"), "in2", IPT_HOOK_INPUT, 5, 0);
    rule(late, &t_dport, &port81, IPT_V_DROP, NULL, NULL, NULL);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    struct strbuf fate;
    sb_init(&fate);
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:80 in=eth0", &fate, NULL),
                  "input:rule:1:JUMP>svc svc:rule:1:JUMP>back back:rule:1:RETURN "
                  "svc:rule:2:CONTINUE svc:return:3:RETURN input:rule:3:ACCEPT "
                  "in2:policy:2:ACCEPT");
    assert_string_equal(fate.s, "local  2.2.2.2");
    /* goto ep; its return goes back to the base chain's caller: the policy */
    sb_reset(&fate);
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:81 in=eth0", &fate, NULL),
                  "input:rule:2:GOTO>ep ep:rule:1:RETURN input:policy:4:DROP");
    assert_string_equal(fate.s, "drop  2.2.2.2");
    sb_free(&fate);
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* ---- OUTPUT: only route (and nat) chains route the packet again ---- */

static void test_route_chain_reroutes(void **state)
{
    (void)state;
    for (int type = IPT_CHAIN_FILTER; type <= IPT_CHAIN_ROUTE; type += 2) {
        struct ipt_ruleset *rs = ruleset_new();
        struct ipt_chain *o =
            base(nft_table(rs, IPT_FAM_IPV4, "m"), "out", IPT_HOOK_OUTPUT, -150, type);
        rule(o, NULL, NULL, 0, NULL, &t_setdst, addr_b);
        struct host h;
        host_setup(&h);
        struct ct_table ct = {0};
        struct strbuf fate, notes;
        sb_init(&fate);
        sb_init(&notes);
        free(run(rs, &h, &ct, "udp:2.2.2.2:1000->8.8.8.8:53 local", &fate, &notes));
        if (type == IPT_CHAIN_ROUTE) {
            /* 10.0.0.9 is on eth1 */
            assert_string_equal(fate.s, "output eth1 10.0.0.9");
            assert_non_null(strstr(notes.s, "routed again"));
        } else {
            /* a filter chain: the packet leaves by the old route */
            assert_string_equal(fate.s, "output eth0 10.0.0.9");
            assert_non_null(strstr(notes.s, "does not route it again"));
        }
        sb_free(&fate);
        sb_free(&notes);
        free(ct.v);
        host_free(&h);
        ruleset_free(rs);
    }
}

/* A dnat in an OUTPUT nat chain routes the packet again
 * (nf_nat_ipv4_local_fn). */
static void test_output_dnat_reroutes(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_chain *o =
        base(nft_table(rs, IPT_FAM_IPV4, "n"), "out", IPT_HOOK_OUTPUT, -100, IPT_CHAIN_NAT);
    rule(o, NULL, NULL, 0, NULL, &t_dnat, addr_lo);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    struct strbuf fate;
    sb_init(&fate);
    free(run(rs, &h, &ct, "udp:2.2.2.2:1000->8.8.8.8:53 local", &fate, NULL));
    /* 10.0.0.1 is the host's own: back in through lo, delivered */
    assert_string_equal(fate.s, "local  10.0.0.1");
    sb_free(&fate);
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

/* ---- netdev ingress, bridge and arp ---- */

static void test_ingress_and_other_families(void **state)
{
    (void)state;
    struct ipt_ruleset *rs = ruleset_new();
    struct ipt_table *nd = nft_table(rs, IPT_FAM_NETDEV, "edge");
    struct ipt_chain *ing = base(nd, "ing", IPT_HOOK_INGRESS, 0, 0);
    struct nft_chain_info *ci = nft_chain_info(ing);
    static const char *devs[] = {"eth0"};
    ci->devices = devs;
    ci->ndevices = 1;
    rule(ing, &t_dport, &port81, IPT_V_DROP, NULL, NULL, NULL);
    base(nft_table(rs, IPT_FAM_INET, "f"), "pre", IPT_HOOK_PREROUTING, 0, 0);
    base(nft_table(rs, IPT_FAM_BRIDGE, "br"), "fwd", IPT_HOOK_FORWARD, 0, 0);
    struct host h;
    host_setup(&h);
    struct ct_table ct = {0};
    struct strbuf fate, notes;
    sb_init(&fate);
    sb_init(&notes);
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:80 in=eth0", NULL, &notes),
                  "ing:policy:2:ACCEPT pre:policy:1:ACCEPT");
    assert_non_null(strstr(notes.s, "table bridge br is not run"));
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:1.1.1.1:1000->2.2.2.2:81 in=eth0", &fate, NULL),
                  "ing:rule:1:DROP");
    assert_string_equal(fate.s, "drop  2.2.2.2");
    /* another device: not its ingress chain */
    EXPECT_EVENTS(run(rs, &h, &ct, "udp:10.0.0.7:1000->2.2.2.2:81 in=eth1", NULL, NULL),
                  "pre:policy:1:ACCEPT");
    sb_free(&fate);
    sb_free(&notes);
    free(ct.v);
    host_free(&h);
    ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal_priority_newest_first),
        cmocka_unit_test(test_nat_chains_run_at_the_nat_hook),
        cmocka_unit_test(test_nat_stops_once_bound),
        cmocka_unit_test(test_reply_denat_without_prerouting_chain),
        cmocka_unit_test(test_conntrack_priority_tie),
        cmocka_unit_test(test_verdict_map_jump_goto_return),
        cmocka_unit_test(test_route_chain_reroutes),
        cmocka_unit_test(test_output_dnat_reroutes),
        cmocka_unit_test(test_ingress_and_other_families),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
