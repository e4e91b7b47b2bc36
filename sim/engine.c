/*
 * engine.c - one packet through the host, hook by hook, as the kernel
 * walks it.
 *
 * Inbound (net/ipv4/ip_input.c, ip_forward.c, ip_output.c):
 *   PREROUTING -> routing decision -> INPUT (local)
 *                                  -> FORWARD -> POSTROUTING (forwarded)
 * Locally generated (ip_output.c):
 *   routing -> OUTPUT -> (re-route if mangle/nat changed it) -> POSTROUTING
 *   and, for a local destination, back in through lo: PREROUTING, INPUT.
 *
 * On each hook every base chain of the packet's family runs in priority
 * order (xtables tables at their fixed priorities). Conntrack sits at -200
 * on PREROUTING and OUTPUT; nat chains run only for the first packet of a
 * connection, later packets get the connection's binding (nf_nat_core.c).
 * ACCEPT ends one base chain; DROP ends the packet.
 *
 * Forks: an extension that cannot know its answer calls sim_decide(). The
 * engine replays the packet once per combination of answers, depth first:
 * a run follows a prefix of forced answers and takes "matches" for every
 * new question; each new question then seeds one more run with the other
 * answer. Every leaf is run exactly once.
 */
#include "sim_internal.h"

#include "iptsim/nft.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- branch bookkeeping ---- */

static void add_event(struct sim_run *R, const struct sim_event *ev)
{
    struct sim_branch *b = &R->branch;
    if (b->nevents >= SIM_MAX_EVENTS) {
        R->overflow = true;
        free(ev->note);
        return;
    }
    if (b->nevents == b->capevents) {
        b->capevents = b->capevents ? b->capevents * 2 : 32;
        b->events = xrealloc(b->events, b->capevents * sizeof(*b->events));
    }
    b->events[b->nevents++] = *ev;
}

void sim_note(struct sim_run *R, struct sim_ctx *c, const char *fmt, ...)
{
    struct sim_event ev = {.type = SIM_EV_NOTE, .hook = c->hook};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    ev.note = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(ev.note, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ev.pkt = *c->pkt;
    add_event(R, &ev);
}

void sim_ctx_note(struct sim_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sim_note(c->run, c, "%s", s);
    free(s);
}

static void trace_event(struct sim_run *R, struct sim_ctx *c, int type, const struct ipt_chain *ch,
                        const struct ipt_rule *r, uint32_t num, int verdict,
                        const struct sim_pkt *before, const struct ipt_chain *base,
                        const struct ipt_chain *jump)
{
    struct sim_event ev = {.type = (uint8_t)type,
                           .hook = c->hook,
                           .verdict = (uint8_t)verdict,
                           .table = ch->table,
                           .chain = ch,
                           .rule = r,
                           .base = base,
                           .jump = jump,
                           .first_in_walk = !R->walk_traced,
                           .rulenum = num,
                           .pkt = *before};
    R->walk_traced = true;
    snprintf(ev.iif, sizeof(ev.iif), "%s", c->iif ? c->iif : "");
    snprintf(ev.oif, sizeof(ev.oif), "%s", c->oif ? c->oif : "");
    add_event(R, &ev);
}

bool sim_decide(struct sim_ctx *c, const char *what, double probability)
{
    struct sim_run *R = c->run;
    /* --assume NAME=pass|fail settles an extension's questions */
    if (c->expr && R->opts) {
        const char *name = c->expr->ops->name;
        size_t nl = strlen(name);
        for (size_t i = 0; i < R->opts->nassume; i++) {
            const char *a = R->opts->assume[i];
            if (strncmp(a, name, nl) == 0 && a[nl] == '=') {
                bool yes = strcmp(a + nl + 1, "pass") == 0 || strcmp(a + nl + 1, "match") == 0 ||
                           strcmp(a + nl + 1, "yes") == 0;
                return yes;
            }
        }
    }
    if (R->nanswers >= SIM_MAX_QUESTIONS) {
        /* too many unknowns: stop asking; the run is cut short */
        R->overflow = true;
        return false;
    }
    size_t k = R->ndecided++;
    bool answer = k < R->nprefix ? R->prefix[k] : true;
    if (k >= R->nprefix)
        R->new_questions++;
    struct sim_branch *b = &R->branch;
    b->conds = xrealloc(b->conds, (b->nconds + 1) * sizeof(*b->conds));
    struct strbuf t;
    sb_init(&t);
    if (c->rule)
        sb_printf(&t, "%s:%s:rule:%u: ", c->table->name, c->chain->name, rule_position(c->rule));
    sb_puts(&t, what);
    b->conds[b->nconds++] = (struct sim_condition){
        .text = t.s,
        .taken = answer,
        .probability = probability < 0 ? -1
                       : answer        ? probability
                                       : 1 - probability,
    };
    if (R->nanswers == R->capanswers) {
        R->capanswers = R->capanswers ? R->capanswers * 2 : 16;
        R->answers = xrealloc(R->answers, R->capanswers * sizeof(*R->answers));
    }
    R->answers[R->nanswers++] = answer;
    return answer;
}

bool sim_iface_match(const char *rule_iface, const char *pkt_iface)
{
    if (!pkt_iface)
        pkt_iface = "";
    size_t n = strlen(rule_iface);
    if (n && rule_iface[n - 1] == '+')
        return strncmp(rule_iface, pkt_iface, n - 1) == 0;
    return strcmp(rule_iface, pkt_iface) == 0;
}

/* ---- evaluating one rule ---- */

static bool rule_matches(struct sim_run *R, struct sim_ctx *c, const struct ipt_rule *r)
{
    for (uint16_t i = 0; i < r->nexprs; i++) {
        const struct ipt_expr *e = &r->exprs[i];
        c->expr = e;
        int m;
        if (e->ops->match) {
            m = e->ops->match(c, e);
        } else {
            m = -1;
        }
        if (m < 0) {
            struct strbuf t;
            sb_init(&t);
            sb_printf(&t, "%s %s", e->ops->kind == EXT_TARGET ? "target" : "match",
                      e->ops == &ext_unknown_match ? "(unknown extension)" : e->ops->name);
            sb_puts(&t, " matched (ipt-sim cannot evaluate it)");
            m = sim_decide(c, t.s, -1);
            sb_free(&t);
        }
        c->expr = NULL;
        (void)R;
        if (!m)
            return false;
    }
    return true;
}

/* What the kernel trace reports for a target's verdict: NAT targets
 * return NF_ACCEPT, REJECT NF_DROP. */
static int run_target(struct sim_ctx *c, const struct ipt_rule *r)
{
    const struct ipt_expr *e = r->target;
    c->expr = e;
    int v;
    if (e->ops->target) {
        v = e->ops->target(c, e);
    } else {
        /* a target we cannot simulate: fork on whether it lets the packet
         * go on or ends it, which is all its chain can see */
        struct strbuf t;
        sb_init(&t);
        sb_printf(&t, "target %s let the packet continue (ipt-sim cannot simulate it)",
                  e->ops == &ext_unknown_target ? "(unknown)" : e->ops->name);
        v = sim_decide(c, t.s, -1) ? IPT_V_CONTINUE : IPT_V_DROP;
        sb_free(&t);
    }
    c->expr = NULL;
    return v;
}

int sim_queue_verdict(struct sim_ctx *c, unsigned num, unsigned total, bool bypass)
{
    char what[96];
    if (total > 1)
        snprintf(what, sizeof(what), "a program reads queues %u-%u", num, num + total - 1);
    else
        snprintf(what, sizeof(what), "a program reads queue %u", num);
    if (sim_decide(c, what, -1))
        return IPT_V_QUEUE;
    if (bypass) {
        /* nf_queue() fails with -ESRCH; NF_VERDICT_FLAG_QUEUE_BYPASS turns
         * that into NF_ACCEPT for this hook entry (nf_hook_slow) */
        sim_ctx_note(c, "no program reads the queue: --queue-bypass accepts the packet");
        c->shown_verdict = IPT_V_QUEUE;
        return IPT_V_ACCEPT;
    }
    sim_ctx_note(c, "no program reads the queue: the kernel drops the packet");
    c->shown_verdict = IPT_V_QUEUE;
    return IPT_V_DROP;
}

/* Walks one base chain. Returns the verdict for this base chain
 * (ACCEPT, DROP or QUEUE) and sets *decider to the rule that gave it. */
static int walk_chain(struct sim_run *R, struct sim_ctx *c, const struct ipt_chain *base,
                      const struct ipt_rule **decider)
{
    struct frame {
        const struct ipt_chain *chain;
        uint32_t next;
    };
    struct frame stack[SIM_MAX_JUMP_DEPTH];
    size_t depth = 0;
    const struct ipt_chain *cur = base;
    uint32_t i = 0;
    struct sim_index_cursor cursor;
    const struct ipt_chain *cursor_chain = NULL;
    bool cursor_on = false;
    *decider = NULL;
    R->walk_traced = false;
    c->table = base->table;
    for (size_t steps = 0;; steps++) {
        if (R->overflow)
            return IPT_V_DROP;
        if (steps > SIM_MAX_STEPS) {
            sim_note(R, c, "stopped after %d rule evaluations (a loop?)", SIM_MAX_STEPS);
            return IPT_V_DROP;
        }
        c->chain = cur;
        if (cur != cursor_chain) {
            /* entered or resumed a chain: a fresh cursor if it is indexed */
            const struct chain_index *ci =
                R->opts && R->opts->index ? sim_index_chain(R->opts->index, cur) : NULL;
            cursor_on = ci != NULL;
            if (ci)
                sim_index_cursor(ci, c->family, c->pkt->dst, i, &cursor);
            cursor_chain = cur;
        }
        if (cursor_on)
            i = sim_index_cursor_next(&cursor, i);
        if (i >= cur->nrules) {
            if (cur->base || depth == 0) {
                trace_event(R, c, SIM_EV_POLICY, base, NULL, base->nrules + 1,
                            base->policy == IPT_POLICY_DROP ? IPT_V_DROP : IPT_V_ACCEPT, c->pkt,
                            base, NULL);
                return base->policy == IPT_POLICY_DROP ? IPT_V_DROP : IPT_V_ACCEPT;
            }
            trace_event(R, c, SIM_EV_RETURN, cur, NULL, cur->nrules + 1, IPT_V_RETURN, c->pkt, base,
                        NULL);
            depth--;
            cur = stack[depth].chain;
            i = stack[depth].next;
            cursor_chain = NULL;
            continue;
        }
        const struct ipt_rule *r = cur->rules[i++];
        c->rule = r;
        if (!rule_matches(R, c, r))
            continue;
        /* matches never change the packet: this is the packet as it
         * entered the rule (copied only for rules that matched) */
        struct sim_pkt before = *c->pkt;
        uint32_t num = i;
        int v = r->verdict;
        const struct ipt_chain *jump = r->jump;
        if (v == IPT_V_TARGET) {
            /* a target (or an nft terminal statement, a verdict map) acts
             * first; the trace shows the verdict it gave */
            c->shown_verdict = 0;
            c->jump = NULL;
            c->rule_break = false;
            v = run_target(c, r);
            if (c->rule_break) {
                /* NFT_BREAK: no element; the rule did not match */
                c->rule_break = false;
                c->jump = NULL;
                continue;
            }
            int shown = c->shown_verdict ? c->shown_verdict : v;
            c->shown_verdict = 0;
            jump = c->jump;
            c->jump = NULL;
            if ((v == IPT_V_JUMP || v == IPT_V_GOTO) && !jump) {
                sim_note(R, c, "%s:%s:rule:%u: a jump without a chain: dropped", cur->table->name,
                         cur->name, num);
                v = shown = IPT_V_DROP;
            }
            trace_event(R, c, SIM_EV_RULE, cur, r, num, shown, &before, base,
                        v == IPT_V_JUMP || v == IPT_V_GOTO ? jump : NULL);
            if (v == IPT_V_QUEUE || v == IPT_V_TARGET) {
                /* the target already decided about the queue */
                *decider = r;
                return v == IPT_V_TARGET ? IPT_V_DROP : v;
            }
        } else {
            trace_event(R, c, SIM_EV_RULE, cur, r, num, v, &before, base, jump);
        }
        switch (v) {
        case IPT_V_CONTINUE:
            continue;
        case IPT_V_ACCEPT:
        case IPT_V_DROP:
            *decider = r;
            return v;
        case IPT_V_QUEUE: {
            /* -j QUEUE is queue 0 without bypass */
            *decider = r;
            int qv = sim_queue_verdict(c, 0, 1, false);
            c->shown_verdict = 0;
            return qv;
        }
        case IPT_V_RETURN:
            if (depth == 0) {
                /* RETURN in a base chain (or at the top of a goto): the
                 * policy decides */
                c->chain = base;
                trace_event(R, c, SIM_EV_POLICY, base, NULL, base->nrules + 1,
                            base->policy == IPT_POLICY_DROP ? IPT_V_DROP : IPT_V_ACCEPT, c->pkt,
                            base, NULL);
                return base->policy == IPT_POLICY_DROP ? IPT_V_DROP : IPT_V_ACCEPT;
            }
            depth--;
            cur = stack[depth].chain;
            i = stack[depth].next;
            cursor_chain = NULL;
            continue;
        case IPT_V_JUMP:
        case IPT_V_GOTO:
            if (v == IPT_V_JUMP) {
                if (depth == SIM_MAX_JUMP_DEPTH) {
                    sim_note(R, c, "jump depth above %d: the kernel refuses such rulesets",
                             SIM_MAX_JUMP_DEPTH);
                    return IPT_V_DROP;
                }
                stack[depth++] = (struct frame){cur, i};
            }
            cur = jump;
            i = 0;
            cursor_chain = NULL;
            continue;
        }
    }
}

/* ---- hooks ---- */

/* One entry of a hook as nf_hook_entries orders it
 * (net/netfilter/core.c nf_hook_entries_insert_raw): by priority, and a
 * new entry goes before the existing ones of the same priority, so of
 * equal priorities the newest runs first. The nat chains are not entries
 * of their own: nf_nat registers ONE hook per hook point at the fixed nat
 * priority (nf_nat_proto.c nf_nat_ipv4_ops: -100 on PREROUTING and
 * OUTPUT, 100 on INPUT and POSTROUTING) when the first nat chain of the
 * family appears, and runs the nat chains from there (chain == NULL). */
struct hook_entry {
    const struct ipt_chain *chain;
    int32_t priority;
    uint64_t seq; /* registration order: larger is newer */
};

static int hook_entry_cmp(const struct hook_entry *x, const struct hook_entry *y)
{
    if (x->priority != y->priority)
        return x->priority < y->priority ? -1 : 1;
    return x->seq > y->seq ? -1 : x->seq < y->seq ? 1 : 0;
}

static void hook_entries_sort(struct hook_entry *e, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct hook_entry k = e[i];
        size_t j = i;
        while (j > 0 && hook_entry_cmp(&e[j - 1], &k) > 0) {
            e[j] = e[j - 1];
            j--;
        }
        e[j] = k;
    }
}

/* Tables load in order, and so do a table's base chains (an nft file is
 * one transaction whose chains register in the order they are declared):
 * that is the kernel's registration order. */
static uint64_t chain_seq(size_t table_index, size_t base_index)
{
    return ((uint64_t)table_index << 32) | base_index;
}

static bool chain_on_device(const struct ipt_chain *c, const char *dev)
{
    const struct nft_chain_info *ci = nft_chain_info_get(c);
    if (!ci || !dev)
        return false;
    for (size_t i = 0; i < ci->ndevices; i++)
        if (ci->devices[i] && strcmp(ci->devices[i], dev) == 0)
            return true;
    return false;
}

static bool table_fits(const struct ipt_table *t, int family, int hook)
{
    if (hook == IPT_HOOK_INGRESS)
        return t->family == IPT_FAM_NETDEV || t->family == IPT_FAM_INET;
    return t->family == family || t->family == IPT_FAM_INET;
}

/* The entries of a hook for a packet of `family` (arriving on `dev` for
 * the ingress hook), in the order the kernel runs them; the nat chains of
 * the hook, in their own order, go to nat[]. */
static size_t hook_chains(const struct ipt_ruleset *rs, int family, int hook, const char *dev,
                          struct hook_entry *out, size_t max, struct hook_entry *nat, size_t *nnat,
                          size_t maxnat)
{
    size_t n = 0;
    bool any_nat = false;
    uint64_t nat_seq = UINT64_MAX;
    *nnat = 0;
    for (size_t ti = 0; ti < rs->ntables; ti++) {
        const struct ipt_table *t = rs->tables[ti];
        if (!table_fits(t, family, hook))
            continue;
        for (size_t j = 0; j < t->nbases; j++) {
            const struct ipt_chain *c = t->bases[j];
            struct hook_entry e = {c, c->priority, chain_seq(ti, j)};
            if (c->type == IPT_CHAIN_NAT && hook != IPT_HOOK_INGRESS && hook != IPT_HOOK_FORWARD) {
                /* the nat hook registered with the family's first nat chain */
                if (e.seq < nat_seq)
                    nat_seq = e.seq;
                if (c->hook == hook && *nnat < maxnat) {
                    nat[(*nnat)++] = e;
                    any_nat = true;
                }
                continue;
            }
            if (c->hook != hook || n >= max)
                continue;
            if (hook == IPT_HOOK_INGRESS && !chain_on_device(c, dev))
                continue;
            out[n++] = e;
        }
    }
    /* the nat hook sits on all four hooks once a nat chain exists: replies
     * are de-NATed where the family has no nat chain on that hook */
    any_nat =
        any_nat || (nat_seq != UINT64_MAX && hook != IPT_HOOK_INGRESS && hook != IPT_HOOK_FORWARD);
    if (any_nat && n < max) {
        bool dst = hook == IPT_HOOK_PREROUTING || hook == IPT_HOOK_OUTPUT;
        out[n++] = (struct hook_entry){NULL, dst ? -100 : 100, nat_seq};
    }
    hook_entries_sort(out, n);
    hook_entries_sort(nat, *nnat);
    return n;
}

static void set_fate(struct sim_run *R, struct sim_ctx *c, int kind, const char *by,
                     const struct ipt_rule *rule)
{
    struct sim_fate *f = &R->branch.fate;
    f->kind = (uint8_t)kind;
    f->pkt = *c->pkt;
    snprintf(f->out, sizeof(f->out), "%s", c->oif ? c->oif : "");
    free(f->by);
    f->by = xstrdup(by);
    f->rule = rule;
    f->random_port = c->random_port;
    if (c->reject_with && kind == FATE_REJECT) {
        free(f->reject_with);
        f->reject_with = xstrdup(c->reject_with);
    }
    R->done = true;
}

static void fate_by_rule(struct sim_run *R, struct sim_ctx *c, int verdict,
                         const struct ipt_chain *base, const struct ipt_rule *r)
{
    char by[160];
    if (r)
        snprintf(by, sizeof(by), "%s:%s:rule:%u", r->chain->table->name, r->chain->name,
                 rule_position(r));
    else
        snprintf(by, sizeof(by), "%s:%s:policy", base->table->name, base->name);
    int kind = verdict == IPT_V_QUEUE ? FATE_QUEUE : c->reject_with ? FATE_REJECT : FATE_DROP;
    set_fate(R, c, kind, by, r);
}

static bool pkt_route_keys_differ(const struct sim_pkt *a, const struct sim_pkt *b)
{
    return memcmp(a->src, b->src, 16) || memcmp(a->dst, b->dst, 16) || a->mark != b->mark ||
           a->tos != b->tos;
}

/* The nat hook (nf_nat_core.c nf_nat_inet_fn): only the first packet of a
 * connection runs the nat chains, never an untracked or invalid one; they
 * run in their priority order until one binds the connection for this
 * hook's manipulation (source or destination): the later ones do not run.
 * Other packets get the connection's binding. Returns false when the
 * packet died. */
static bool run_nat(struct sim_run *R, struct sim_ctx *c, const struct hook_entry *nat, size_t nnat,
                    bool *nat_done)
{
    if (!c->ct || c->ctstate == CT_INVALID || c->ctstate == CT_UNTRACKED)
        return true; /* nf_nat never sees untracked or invalid packets */
    if (R->looped)
        return true; /* its NAT was done on the way out */
    if (!c->ct_is_new) {
        if (!*nat_done)
            sim_nat_apply_binding(R, c);
        *nat_done = true;
        return true;
    }
    bool dst = c->hook == IPT_HOOK_PREROUTING || c->hook == IPT_HOOK_OUTPUT;
    uint32_t bound = dst ? CT_STATUS_DNAT : CT_STATUS_SNAT;
    for (size_t k = 0; k < nnat; k++) {
        const struct ipt_rule *decider;
        int v = walk_chain(R, c, nat[k].chain, &decider);
        if (v != IPT_V_ACCEPT) {
            fate_by_rule(R, c, v, nat[k].chain, decider);
            return false;
        }
        if (c->ct && (c->ct->status & bound)) {
            *nat_done = true;
            if (k + 1 < nnat)
                sim_note(R, c,
                         "nat: the connection is bound: the later nat chains of this hook "
                         "do not run");
            break;
        }
    }
    return true;
}

/* Runs every base chain of a hook. Returns false when the packet died. */
static bool run_hook(struct sim_run *R, struct sim_ctx *c, int hook)
{
    struct hook_entry chains[64], nat[64];
    size_t nnat;
    size_t n = hook_chains(R->rs, c->family, hook, c->iif, chains, ARRAY_SIZE(chains), nat, &nnat,
                           ARRAY_SIZE(nat));
    c->hook = (uint8_t)hook;
    bool ct_done = false, nat_done = false;
    bool ct_hook = hook == IPT_HOOK_PREROUTING || hook == IPT_HOOK_OUTPUT;
    if ((ct_hook && !R->looped) || hook == IPT_HOOK_INGRESS) {
        /* before conntrack (priority -200) the packet has no entry yet:
         * --ctstate sees INVALID (UNTRACKED once raw's notrack ran) */
        c->ct = NULL;
        c->ctstate = c->notrack ? CT_UNTRACKED : CT_INVALID;
    }
    if (hook == IPT_HOOK_INGRESS)
        ct_hook = false;
    /* conntrack's hooks (priority -200) register when the first rule that
     * needs them loads: taken as right after the first table's chains, so
     * a chain at -200 of that table runs after conntrack (measured: it
     * sees `ct state new`), one of a later table before it */
    const uint64_t ct_seq = chain_seq(0, UINT32_MAX);
    for (size_t i = 0; i <= n; i++) {
        int32_t prio = i < n ? chains[i].priority : INT32_MAX;
        if (ct_hook && !ct_done && (prio > -200 || (prio == -200 && chains[i].seq < ct_seq))) {
            sim_conntrack_in(R, c);
            ct_done = true;
        }
        if (i == n)
            break;
        const struct ipt_chain *ch = chains[i].chain;
        struct sim_pkt before = *c->pkt;
        if (!ch) {
            if (!run_nat(R, c, nat, nnat, &nat_done))
                return false;
            /* nf_nat_ipv4_local_fn: a new destination is routed again */
            if (hook == IPT_HOOK_OUTPUT && memcmp(before.dst, c->pkt->dst, 16))
                R->reroute = true;
            continue;
        }
        const struct ipt_rule *decider;
        int v = walk_chain(R, c, ch, &decider);
        /* a route chain (iptables' mangle OUTPUT, nft `type route`) routes
         * the packet again when it changed its addresses, mark or TOS
         * (nft_chain_route.c, ipt_mangle_out); a filter chain does not */
        if (hook == IPT_HOOK_OUTPUT && ch->type == IPT_CHAIN_ROUTE && v == IPT_V_ACCEPT &&
            pkt_route_keys_differ(&before, c->pkt))
            R->reroute = true;
        if (v == IPT_V_ACCEPT)
            continue;
        fate_by_rule(R, c, v, ch, decider);
        return false;
    }
    if (c->ct && c->ct_is_new && !nat_done)
        sim_nat_null_binding(R, c);
    return true;
}

/* ---- routing ---- */

static bool is_loopback_net(int family, const uint8_t a[16])
{
    static const uint8_t lo6[16] = {[15] = 1};
    return family == IPT_FAM_IPV4 ? a[0] == 127 : memcmp(a, lo6, 16) == 0;
}

/* The routing decision for an inbound packet (ip_route_input_slow):
 * local, forward out of an interface, or dropped. */
static bool route_input(struct sim_run *R, struct sim_ctx *c, bool *local)
{
    const struct host *h = R->host;
    struct sim_pkt *p = c->pkt;
    int type = host_addr_type(h, c->family, p->dst);
    if (c->family == IPT_FAM_IPV4 && is_loopback_net(c->family, p->dst) &&
        strcmp(c->iif ? c->iif : "", "lo") != 0 && !h->route_localnet) {
        sim_note(R, c,
                 "routing: destination %s is in 127.0.0.0/8 on %s and "
                 "route_localnet is 0: martian, dropped",
                 R->buf_dst, c->iif ? c->iif : "?");
        set_fate(R, c, FATE_DROP, "routing:martian-destination", NULL);
        return false;
    }
    if (c->family == IPT_FAM_IPV4 && strcmp(c->iif ? c->iif : "", "lo") != 0) {
        /* martian sources (ip_route_input_slow, fib_validate_source): a
         * multicast, limited broadcast, 0/8 or (without route_localnet)
         * 127/8 source, or one of the host's own addresses arriving on a
         * real interface, whatever the destination and rp_filter */
        const uint8_t *s = p->src;
        const char *why = NULL;
        if ((s[0] & 0xf0) == 0xe0 || (s[0] == 255 && s[1] == 255 && s[2] == 255 && s[3] == 255))
            why = "multicast or broadcast";
        else if (s[0] == 0 && type != ADDRT_BROADCAST)
            why = "in 0.0.0.0/8";
        else if (s[0] == 127 && !h->route_localnet)
            why = "in 127.0.0.0/8 (route_localnet is 0)";
        else if (host_addr_type(h, c->family, s) == ADDRT_LOCAL)
            why = "an address of this host";
        if (why) {
            char buf[64];
            addr_format(c->family, s, buf, sizeof(buf));
            sim_note(R, c, "routing: the source %s is %s: martian, dropped", buf, why);
            set_fate(R, c, FATE_DROP, "routing:martian-source", NULL);
            return false;
        }
    }
    if (type == ADDRT_LOCAL || type == ADDRT_BROADCAST || type == ADDRT_MULTICAST) {
        *local = true;
        sim_note(R, c, "routing: destination is local (%s)",
                 type == ADDRT_LOCAL       ? "an address of this host"
                 : type == ADDRT_BROADCAST ? "broadcast"
                                           : "multicast");
        return true;
    }
    *local = false;
    bool fwd = c->family == IPT_FAM_IPV4 ? h->ip_forward : h->ipv6_forwarding;
    if (!fwd) {
        sim_note(R, c, "routing: destination is not local and %s = 0: dropped silently",
                 c->family == IPT_FAM_IPV4 ? "net.ipv4.ip_forward"
                                           : "net.ipv6.conf.all.forwarding");
        set_fate(R, c, FATE_DROP, "routing:forwarding-disabled", NULL);
        return false;
    }
    const struct host_route *rt = host_route_lookup(h, c->family, p->dst);
    if (!rt) {
        sim_note(R, c, "routing: no route to the destination: dropped (ICMP unreachable)");
        set_fate(R, c, FATE_DROP, "routing:no-route", NULL);
        return false;
    }
    snprintf(R->oif, sizeof(R->oif), "%s", rt->dev);
    c->oif = R->oif;
    sim_note(R, c, "routing: forward out of %s", rt->dev);
    return true;
}

/* Reverse path filter (fib_validate_source): with strict mode the route
 * back to the source must leave through the interface the packet came in
 * on; with loose mode any route back will do. */
static bool rp_filter_ok(struct sim_run *R, struct sim_ctx *c)
{
    const struct host *h = R->host;
    if (c->family != IPT_FAM_IPV4 || !h->rp_filter || !c->iif || !strcmp(c->iif, "lo"))
        return true;
    const struct host_route *rt = host_route_lookup(h, c->family, c->pkt->src);
    bool ok = h->rp_filter == 1 ? rt && strcmp(rt->dev, c->iif) == 0 : rt != NULL;
    if (!ok) {
        sim_note(R, c, "routing: rp_filter=%d: the route back to the source %s; dropped",
                 h->rp_filter, rt ? "leaves through another interface" : "does not exist");
        set_fate(R, c, FATE_DROP, "routing:rp_filter", NULL);
    }
    return ok;
}

static bool route_output(struct sim_run *R, struct sim_ctx *c)
{
    const struct host *h = R->host;
    if (host_addr_type(h, c->family, c->pkt->dst) == ADDRT_LOCAL ||
        is_loopback_net(c->family, c->pkt->dst)) {
        snprintf(R->oif, sizeof(R->oif), "lo");
        c->oif = R->oif;
        return true;
    }
    const struct host_route *rt = host_route_lookup(h, c->family, c->pkt->dst);
    if (!rt) {
        sim_note(R, c, "routing: no route to the destination: the socket gets ENETUNREACH");
        set_fate(R, c, FATE_DROP, "routing:no-route", NULL);
        return false;
    }
    snprintf(R->oif, sizeof(R->oif), "%s", rt->dev);
    c->oif = R->oif;
    return true;
}

/* ---- the paths ---- */

static void path_input_local(struct sim_run *R, struct sim_ctx *c)
{
    c->oif = NULL;
    if (!run_hook(R, c, IPT_HOOK_INPUT))
        return;
    sim_conntrack_confirm(R, c);
    set_fate(R, c, FATE_LOCAL, "delivered", NULL);
}

static void path_inbound(struct sim_run *R, struct sim_ctx *c)
{
    /* netdev ingress (and inet ingress) chains of the arriving device run
     * first, before conntrack (net/core/dev.c nf_ingress) */
    if (!run_hook(R, c, IPT_HOOK_INGRESS))
        return;
    if (!run_hook(R, c, IPT_HOOK_PREROUTING))
        return;
    addr_format(c->family, c->pkt->dst, R->buf_dst, sizeof(R->buf_dst));
    bool local;
    if (!route_input(R, c, &local))
        return;
    if (!rp_filter_ok(R, c))
        return;
    if (local) {
        path_input_local(R, c);
        return;
    }
    /* ip_forward() / ip6_forward(): the TTL (hop limit) is lowered
     * before the FORWARD hook; a packet that would reach 0 dies with
     * ICMP time exceeded */
    if (c->pkt->ttl <= 1) {
        sim_note(R, c, "routing: %s is %u: the packet dies (ICMP time exceeded)",
                 c->family == IPT_FAM_IPV6 ? "hop limit" : "TTL", c->pkt->ttl);
        set_fate(R, c, FATE_DROP, "routing:ttl-exceeded", NULL);
        return;
    }
    c->pkt->ttl--;
    if (!run_hook(R, c, IPT_HOOK_FORWARD))
        return;
    if (!run_hook(R, c, IPT_HOOK_POSTROUTING))
        return;
    sim_conntrack_confirm(R, c);
    set_fate(R, c, FATE_FORWARD, "forwarded", NULL);
}

static void path_local(struct sim_run *R, struct sim_ctx *c)
{
    c->iif = NULL;
    if (!route_output(R, c))
        return;
    struct sim_pkt pkt0 = *c->pkt;
    R->reroute = false;
    if (!run_hook(R, c, IPT_HOOK_OUTPUT))
        return;
    if (R->reroute) {
        /* ip_route_me_harder(): a route or nat chain changed what routing
         * looks at */
        sim_note(R, c, "routing: the packet changed in OUTPUT; routed again");
    } else if (pkt_route_keys_differ(&pkt0, c->pkt)) {
        sim_note(R, c,
                 "routing: the packet changed in an OUTPUT chain of type filter, which does "
                 "not route it again");
    }
    if (R->reroute) {
        if (!route_output(R, c))
            return;
    }
    if (!run_hook(R, c, IPT_HOOK_POSTROUTING))
        return;
    sim_conntrack_confirm(R, c);
    if (c->oif && strcmp(c->oif, "lo") == 0) {
        /* looped back: in again through lo (conntrack already knows it) */
        sim_note(R, c, "loopback: the packet comes back in on lo");
        snprintf(R->iif, sizeof(R->iif), "lo");
        c->iif = R->iif;
        c->oif = NULL;
        /* the skb keeps its conntrack entry across the loopback device:
         * conntrack does not look it up again and nat is done */
        R->looped = true;
        if (!run_hook(R, c, IPT_HOOK_PREROUTING))
            return;
        path_input_local(R, c);
        return;
    }
    set_fate(R, c, FATE_OUTPUT, "sent", NULL);
}

/* ---- one run, and the fork driver ---- */

static void run_once(struct sim_run *R, const struct sim_pkt_spec *spec)
{
    struct sim_pkt pkt = spec->pkt;
    struct sim_ctx c = {
        .run = R,
        .host = R->host,
        .pkt = &pkt,
        .family = pkt.family,
        .ctstate = CT_NEW,
    };
    snprintf(R->iif, sizeof(R->iif), "%s", spec->in);
    c.iif = spec->local ? NULL : R->iif;
    R->spec = spec;
    R->done = false;
    for (size_t i = 0; i < R->rs->ntables; i++) {
        const struct ipt_table *t = R->rs->tables[i];
        if (t->family == IPT_FAM_BRIDGE || t->family == IPT_FAM_ARP) {
            /* said once, for the first such table */
            sim_note(R, &c, "table %s %s is not run: %s tables see %s, not routed IP packets",
                     family_name(t->family), t->name, family_name(t->family),
                     t->family == IPT_FAM_ARP ? "ARP packets" : "frames a bridge forwards");
            break;
        }
    }
    if (spec->local)
        path_local(R, &c);
    else
        path_inbound(R, &c);
    R->branch.ctstate = c.ctstate;
    if (R->overflow) {
        R->overflow = false; /* let the note through */
        sim_note(R, &c,
                 "simulation cut short: more than %d events or %d unknown answers in "
                 "one run; the fate below is not the kernel's",
                 SIM_MAX_EVENTS, SIM_MAX_QUESTIONS);
        set_fate(R, &c, FATE_DROP, "internal:limit", NULL);
    }
    if (!R->done)
        set_fate(R, &c, FATE_DROP, "internal: no fate", NULL);
    if (R->branch.fate.kind == FATE_DROP || R->branch.fate.kind == FATE_REJECT ||
        R->branch.fate.kind == FATE_QUEUE)
        sim_conntrack_discard_unconfirmed(R, &c);
}

static void ct_copy(struct ct_table *dst, const struct ct_table *src)
{
    dst->n = src->n;
    dst->cap = src->n ? src->n : 1;
    dst->v = xmalloc(dst->cap * sizeof(*dst->v));
    if (src->n)
        memcpy(dst->v, src->v, src->n * sizeof(*src->v));
}

int sim_run_packet(const struct ipt_ruleset *rs, struct host *h, struct ct_table *ct,
                   const struct sim_pkt_spec *spec, const struct sim_opts *o,
                   struct sim_result *out)
{
    size_t max = o && o->max_branches ? o->max_branches : 64;
    memset(out, 0, sizeof(*out));
    /* work list of answer prefixes */
    struct prefix {
        bool *a;
        size_t n;
    } *work = xmalloc(sizeof(*work));
    size_t nwork = 1, capwork = 1;
    work[0] = (struct prefix){NULL, 0};
    struct ct_table first_ct = {0};
    bool have_first = false;
    while (nwork) {
        struct prefix p = work[--nwork];
        if (out->nbranches == max) {
            out->truncated = true;
            free(p.a);
            continue;
        }
        struct sim_run R = {.rs = rs, .host = h, .opts = o, .prefix = p.a, .nprefix = p.n};
        ct_copy(&R.ct, ct);
        run_once(&R, spec);
        /* each new question seeds a run with the other answer, as long as
         * the branch budget allows (a ruleset full of unknowable matches
         * must not queue millions of runs) */
        for (size_t k = p.n; k < R.nanswers; k++) {
            if (out->nbranches + 1 + nwork >= max) {
                out->truncated = true;
                break;
            }
            bool *a = xmalloc((k + 1) * sizeof(bool));
            memcpy(a, R.answers, k * sizeof(bool));
            a[k] = !R.answers[k];
            if (nwork == capwork) {
                capwork *= 2;
                work = xrealloc(work, capwork * sizeof(*work));
            }
            work[nwork++] = (struct prefix){a, k + 1};
        }
        /* probability of the branch */
        struct sim_branch *b = &R.branch;
        b->probability = 1;
        for (size_t i = 0; i < b->nconds; i++)
            b->probability = b->conds[i].probability < 0 || b->probability < 0
                                 ? -1
                                 : b->probability * b->conds[i].probability;
        out->branches = xrealloc(out->branches, (out->nbranches + 1) * sizeof(*out->branches));
        out->branches[out->nbranches++] = *b;
        /* later packets see the conntrack table of the first branch */
        if (!have_first) {
            first_ct = R.ct;
            have_first = true;
        } else {
            free(R.ct.v);
        }
        free(R.answers);
        free(p.a);
    }
    free(work);
    free(ct->v);
    *ct = first_ct;
    return 0;
}

void sim_result_free(struct sim_result *r)
{
    for (size_t i = 0; i < r->nbranches; i++) {
        struct sim_branch *b = &r->branches[i];
        for (size_t j = 0; j < b->nevents; j++)
            free(b->events[j].note);
        free(b->events);
        for (size_t j = 0; j < b->nconds; j++)
            free(b->conds[j].text);
        free(b->conds);
        free(b->fate.by);
        free(b->fate.reject_with);
    }
    free(r->branches);
    memset(r, 0, sizeof(*r));
}
