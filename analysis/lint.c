/*
 * lint.c - the checks of `ipt-sim lint` (lint.h).
 *
 * Reachability: each base chain of each table starts with the packets its
 * hook can carry (an_hook_set). The walk goes rule by rule: a rule sees
 * what is left; a terminal rule (ACCEPT, DROP, REJECT, NAT targets, ...)
 * removes what it matches; a jump sends what it matches into the callee
 * and what the callee returns continues after the jump; a goto's returns
 * go to the caller's caller. A rule whose matches are not all modelled
 * only marks what it matches "possible" instead of removing it, so the
 * sets stay over-approximations: a rule no packet reaches is certainly
 * unreachable. Every witness packet is then run through the simulator with
 * the host model `ipt-sim trace` builds, and kept only when the trace
 * shows what the finding claims.
 */
#include "iptsim/analysis.h"
#include "iptsim/lint.h"
#include "iptsim/report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define WALK_BUDGET   4000000 /* rule visits per table */
#define SHADOW_CHAIN  1000    /* chains this long or shorter get NAT shadow checks */
#define MAX_CONFIRMED 400     /* findings whose witness is simulated */

static const struct lint_check_info checks[] = {
    {"unreachable-rule", LINT_WARNING,
     "every packet that could match the rule is taken by earlier rules"},
    {"rule-after-terminal", LINT_WARNING,
     "rules after an unconditional ACCEPT/DROP/REJECT/RETURN are never reached"},
    {"never-matches", LINT_WARNING, "the rule's conditions cannot hold on its chain's hooks"},
    {"duplicate-rule", LINT_WARNING, "the same rule appears earlier in the chain"},
    {"nat-unreachable", LINT_ERROR, "a DNAT/SNAT/REDIRECT/MASQUERADE rule no packet reaches"},
    {"nat-shadowed", LINT_WARNING, "an earlier rule takes part of the traffic a NAT rule names"},
    {"verdict-conflict", LINT_INFO,
     "an earlier ACCEPT takes part of what a DROP/REJECT names, or the reverse"},
    {"dnat-output-only", LINT_WARNING,
     "a DNAT rule only reached from OUTPUT: traffic from outside is never translated"},
    {"unused-chain", LINT_INFO, "a user chain no rule jumps to"},
    {"docker-missing-jump", LINT_ERROR,
     "a chain Docker creates has no jump from where Docker puts it"},
    {"docker-user-not-first", LINT_WARNING,
     "the jump to DOCKER-USER is not the first rule of FORWARD"},
    {"docker-port-blocked", LINT_ERROR,
     "a published port is DNATed but filter FORWARD does not accept it"},
    {"ip-forward-off", LINT_ERROR,
     "net.ipv4.ip_forward=0 while rules forward or DNAT to other hosts"},
    {"docker-chain-dead", LINT_ERROR,
     "an earlier DROP/REJECT takes every packet before a Docker chain or its ACCEPT rules"},
    {"kube-chain-dead", LINT_ERROR,
     "an earlier DROP/REJECT takes every packet before a kube-proxy chain or its rules"},
    {"docker-user-no-return", LINT_WARNING,
     "DOCKER-USER decides every packet: Docker's chains after it never run"},
    {"mixed-backends", LINT_WARNING,
     "iptables-legacy and nf_tables rules on one host: both run, each tool shows one"},
    {"nft-not-analysed", LINT_INFO,
     "a native nft table: lint does not analyse its rules (trace does)"},
    {"invalid-not-dropped", LINT_WARNING,
     "INVALID packets are accepted on a host that does NAT (no --ctstate INVALID -j DROP)"},
};

const struct lint_check_info *lint_checks(size_t *n)
{
    *n = ARRAY_SIZE(checks);
    return checks;
}

const char *lint_sev_name(enum lint_sev s)
{
    return s == LINT_ERROR ? "error" : s == LINT_WARNING ? "warning" : "info";
}

static enum lint_sev default_sev(const char *id)
{
    for (size_t i = 0; i < ARRAY_SIZE(checks); i++)
        if (!strcmp(checks[i].id, id))
            return checks[i].sev;
    return LINT_WARNING;
}

/* ---- per-rule records ---- */

struct rinfo {
    uint32_t visits;
    uint8_t reach;      /* 0 none, 1 possible, 2 certain */
    uint8_t hooks_hit;  /* hooks whose visits had packets matching */
    uint8_t hooks_seen; /* hooks the rule's chain was visited from */
    bool unmodelled;
    struct an_cube *hit; /* a cube of what reaches and matches it */
    int hit_hook;
    struct an_cube *pre; /* a cube of what would match it (entry of its chain) */
    bool pre_outer;      /* ... taken before its chain is entered */
    int pre_hook;
};

struct shadow {
    const struct ipt_rule *r, *by;
    struct an_cube c;
    int hook;
};

struct lint {
    const struct ipt_ruleset *rs;
    const struct lint_opts *o;
    struct lint_result *res;
    struct an_ctx x;
    const struct ipt_table *t;
    struct rinfo *ri;
    uint32_t *offs;
    size_t budget;
    bool out_of_budget;
    struct shadow *sh;
    size_t nsh, capsh;
    /* INVALID packets accepted, per hook (filter INPUT/FORWARD) */
    bool inv_acc[8];
    struct an_cube inv_cube[8];
    const struct ipt_rule *inv_rule[8]; /* the accepting rule, NULL: policy */
    struct sim_index *ix;
    struct host_hints *hints; /* what the rules say about the host, for witnesses */
    /* witness_taken may try a packet from a container interface (variant 6) */
    bool container_witness;
    /* filter DOCKER-USER: the rule after which no packet is left */
    const struct ipt_rule *du_taker;
    size_t nconfirmed;
};

static struct rinfo *RI(struct lint *L, const struct ipt_rule *r)
{
    return &L->ri[L->offs[r->chain->index] + rule_position(r) - 1];
}

/* Rule i (0-based) of chain c: no search through a long chain. */
static struct rinfo *RI_at(struct lint *L, const struct ipt_chain *c, uint32_t i)
{
    return &L->ri[L->offs[c->index] + i];
}

static void add_finding(struct lint *L, const char *id, const struct ipt_rule *r,
                        const struct ipt_chain *c, const struct ipt_rule *related, char *msg,
                        char *fix, char *witness)
{
    struct lint_result *res = L->res;
    if (res->n == res->cap) {
        res->cap = res->cap ? res->cap * 2 : 16;
        res->v = xrealloc(res->v, res->cap * sizeof(*res->v));
    }
    struct lint_finding *f = &res->v[res->n++];
    memset(f, 0, sizeof(*f));
    f->check = id;
    f->sev = default_sev(id);
    f->rule = r;
    f->chain = c ? c : r ? r->chain : NULL;
    f->loc = r ? r->loc : c ? c->loc : (struct ipt_loc){0};
    f->related = related;
    f->message = msg;
    f->fix = fix;
    f->witness = witness;
}

static void lint_finding_drop_last(struct lint_result *res)
{
    struct lint_finding *f = &res->v[--res->n];
    free(f->message);
    free(f->fix);
    free(f->witness);
}

static char *fmt(const char *f, ...) IPTSIM_PRINTF(1, 2);
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

static void note(struct lint_result *r, char *s)
{
    r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof(char *));
    r->notes[r->nnotes++] = s;
}

static char *rule_text(const struct ipt_rule *r)
{
    struct strbuf b;
    sb_init(&b);
    rule_save(&b, r);
    return b.s ? b.s : xstrdup("");
}

static bool is_nat_target(const struct ipt_rule *r)
{
    if (!r->target)
        return false;
    const char *n = r->target->ops->name;
    return !strcmp(n, "DNAT") || !strcmp(n, "SNAT") || !strcmp(n, "MASQUERADE") ||
           !strcmp(n, "REDIRECT") || !strcmp(n, "NETMAP");
}

static bool is_terminal(const struct ipt_rule *r)
{
    switch (r->verdict) {
    case IPT_V_ACCEPT:
    case IPT_V_DROP:
    case IPT_V_QUEUE:
        return true;
    case IPT_V_TARGET:
        return r->target && r->target->ops->terminal;
    default:
        return false;
    }
}

/* A rule that tests nothing but the conntrack state or `-i lo` (`--ctstate INVALID -j
 * DROP`, `--ctstate ESTABLISHED,RELATED -j ACCEPT`): a deliberate guard. */
static bool state_guard(const struct ipt_rule *r)
{
    bool state = false;
    for (uint16_t i = 0; i < r->nexprs; i++) {
        const struct ipt_expr *e = &r->exprs[i];
        if (e->ops->kind == EXT_HEADER) {
            struct ipt_header h;
            rule_header(r, &h);
            if (h.iif && !strcmp(h.iif, "lo") && !h.oif && !h.invflags)
                state = true; /* -i lo -j ACCEPT */
            else if (h.iif || h.oif || (h.flags & (IPT_F_PROTO | IPT_F_FRAG)) ||
                     !net_is_any(&h.src) || !net_is_any(&h.dst) || h.invflags)
                return false;
        } else if (!strcmp(e->ops->name, "conntrack") || !strcmp(e->ops->name, "state")) {
            state = true;
        } else if (strcmp(e->ops->name, "comment")) {
            return false;
        }
    }
    return state;
}

/* 1 accepts, 2 drops or rejects, 0 neither */
static int verdict_class(const struct ipt_rule *r)
{
    if (r->verdict == IPT_V_ACCEPT)
        return 1;
    if (r->verdict == IPT_V_DROP ||
        (r->verdict == IPT_V_TARGET && r->target && !strcmp(r->target->ops->name, "REJECT")))
        return 2;
    return 0;
}

static bool changes_mark(const struct ipt_rule *r)
{
    return r->target &&
           (!strcmp(r->target->ops->name, "MARK") || !strcmp(r->target->ops->name, "CONNMARK"));
}

static const char *verdict_word(const struct ipt_rule *r)
{
    if (r->verdict == IPT_V_TARGET && r->target)
        return r->target->ops->name;
    if ((r->verdict == IPT_V_JUMP || r->verdict == IPT_V_GOTO) && r->jump)
        return r->jump->name;
    return verdict_name(r->verdict);
}

static void keep_cube(struct an_cube **slot, const struct an_set *s)
{
    const struct an_cube *best = NULL;
    for (size_t i = 0; i < s->n && !best; i++)
        if (!s->v[i].possible)
            best = &s->v[i];
    if (!best && s->n)
        best = &s->v[0];
    if (!best)
        return;
    if (!*slot) {
        *slot = xmalloc(sizeof(**slot));
        **slot = *best;
    } else if ((*slot)->possible && !best->possible) {
        **slot = *best;
    }
}

static bool unconditional(const struct ipt_rule *r);

/* ---- the walk ---- */

static void concat(struct an_set *dst, const struct an_set *src)
{
    for (size_t i = 0; i < src->n; i++)
        an_set_push(dst, &src->v[i]);
}

static void walk(struct lint *L, const struct ipt_chain *c, const struct an_set *entry, int hook,
                 int depth, struct an_set *ret)
{
    if (depth > 64 || L->out_of_budget)
        return;
    struct an_iset cur;
    struct an_set rs, hit, sub, back, flat;
    an_iset_init(&cur);
    an_set_init(&flat);
    an_set_init(&rs);
    an_set_init(&hit);
    an_set_init(&sub);
    an_set_init(&back);
    an_iset_assign(&cur, entry);
    size_t compacted = cur.n;
    bool shadows = c->nrules <= SHADOW_CHAIN;
    struct taken {
        const struct ipt_rule *r;
        struct an_set s;
    } *tk = NULL;
    size_t ntk = 0;
    bool du = !c->base && !strcmp(c->name, "DOCKER-USER") && !strcmp(L->t->name, "filter") &&
              an_set_has_certain(entry) && !ret->n;
    const struct ipt_rule *du_last = NULL;
    for (uint32_t i = 0; i < c->nrules; i++) {
        const struct ipt_rule *r = c->rules[i];
        struct rinfo *ri = RI_at(L, c, i);
        if (du && i && !cur.n && !du_last)
            du_last = c->rules[i - 1];
        if (++L->budget > WALK_BUDGET) {
            L->out_of_budget = true;
            break;
        }
        ri->visits++;
        ri->hooks_seen |= (uint8_t)(1u << hook);
        bool um;
        an_rule_set(&L->x, r, &rs, &um);
        ri->unmodelled = um;
        an_iset_intersect(&cur, &rs, &hit);
        if (hit.n > 4)
            an_set_compact(&hit);
        if (!hit.n) {
            if (!ri->pre || ri->pre->possible) {
                an_set_intersect(entry, &rs, &sub);
                if (!sub.n && !ri->pre && depth > 0) {
                    /* taken before the chain is entered: from the hook */
                    struct an_set hs;
                    an_set_init(&hs);
                    an_hook_set(&L->x, L->t, hook, &hs);
                    an_set_intersect(&hs, &rs, &sub);
                    an_set_free(&hs);
                    ri->pre_outer = sub.n > 0;
                }
                if (sub.n) {
                    keep_cube(&ri->pre, &sub);
                    ri->pre_hook = hook;
                }
            }
        } else {
            uint8_t lvl = an_set_has_certain(&hit) ? 2 : 1;
            if (lvl > ri->reach)
                ri->reach = lvl;
            ri->hooks_hit |= (uint8_t)(1u << hook);
            if (!ri->hit || (ri->hit->possible && lvl == 2)) {
                keep_cube(&ri->hit, &hit);
                ri->hit_hook = hook;
            }
        }
        /* NAT rules: what earlier terminal rules of this chain take */
        int vc = unconditional(r) ? 0 : verdict_class(r); /* a catch-all is no conflict */
        if (shadows && (is_nat_target(r) || vc) && hit.n) {
            for (size_t k = 0; k < ntk; k++) {
                /* ACCEPT vs DROP/REJECT: one finding per rule, the first */
                if (!is_nat_target(r) && (verdict_class(tk[k].r) != 3 - vc || state_guard(tk[k].r)))
                    continue;
                an_set_intersect(&tk[k].s, &rs, &sub);
                if (!an_set_has_certain(&sub))
                    continue;
                bool dup = false;
                for (size_t m = 0; m < L->nsh && !dup; m++)
                    dup = L->sh[m].r == r && L->sh[m].by == tk[k].r;
                if (dup)
                    continue;
                if (L->nsh == L->capsh) {
                    L->capsh = L->capsh ? 2 * L->capsh : 8;
                    L->sh = xrealloc(L->sh, L->capsh * sizeof(*L->sh));
                }
                struct shadow *s = &L->sh[L->nsh++];
                s->r = r;
                s->by = tk[k].r;
                s->hook = hook;
                s->c = sub.v[0];
                for (size_t m = 0; m < sub.n; m++)
                    if (!sub.v[m].possible) {
                        s->c = sub.v[m];
                        break;
                    }
            }
        }
        if (!hit.n)
            continue;
        /* INVALID packets accepted in filter INPUT/FORWARD */
        if (r->verdict == IPT_V_ACCEPT && !strcmp(L->t->name, "filter") && !L->inv_acc[hook]) {
            /* the widest destination range: the likeliest to hold a plain witness */
            const struct an_cube *best = NULL;
            for (size_t k = 0; k < hit.n; k++)
                if (!hit.v[k].possible && (hit.v[k].ctstate & (1u << CT_INVALID)) &&
                    (!best || hit.v[k].dst_hi - hit.v[k].dst_lo > best->dst_hi - best->dst_lo))
                    best = &hit.v[k];
            if (best) {
                L->inv_acc[hook] = true;
                L->inv_cube[hook] = *best;
                L->inv_cube[hook].ctstate = 1u << CT_INVALID;
                L->inv_rule[hook] = r;
            }
        }
        if (is_terminal(r)) {
            if (shadows && !um) {
                tk = xrealloc(tk, (ntk + 1) * sizeof(*tk));
                tk[ntk].r = r;
                an_set_init(&tk[ntk].s);
                an_set_copy(&tk[ntk].s, &hit);
                ntk++;
            }
            an_iset_subtract(&L->x, &cur, &rs, um);
            if (cur.n > 2 * compacted + 16) {
                an_iset_compact(&cur);
                compacted = cur.n;
            }
        } else if (r->verdict == IPT_V_RETURN) {
            if (um) {
                an_set_copy(&sub, &hit);
                an_set_mark_possible(&sub);
                concat(ret, &sub);
            } else {
                concat(ret, &hit);
            }
            an_iset_subtract(&L->x, &cur, &rs, um);
        } else if ((r->verdict == IPT_V_JUMP || r->verdict == IPT_V_GOTO) && r->jump) {
            an_set_clear(&back);
            an_set_copy(&sub, &hit);
            if (um)
                an_set_mark_possible(&sub);
            walk(L, r->jump, &sub, hook, depth + 1, &back);
            an_iset_subtract(&L->x, &cur, &rs, um);
            if (r->verdict == IPT_V_JUMP)
                an_iset_add(&cur, &back);
            else
                concat(ret, &back);
            if (cur.n > 2 * compacted + 16) {
                an_iset_compact(&cur);
                compacted = cur.n;
            }
        } else if (changes_mark(r)) {
            an_iset_forget_mark(&cur);
        }
    }
    if (du && c->nrules && !cur.n && !du_last)
        du_last = c->rules[c->nrules - 1];
    if (du && du_last && !ret->n && !L->out_of_budget && !L->du_taker)
        L->du_taker = du_last; /* DOCKER-USER returns no packet */
    if (c->base) {
        /* the policy gets what is left */
        an_iset_flatten(&cur, &flat);
        if (c->policy == IPT_POLICY_ACCEPT && !strcmp(L->t->name, "filter") && !L->inv_acc[hook])
            for (size_t k = 0; k < flat.n; k++)
                if (!flat.v[k].possible && (flat.v[k].ctstate & (1u << CT_INVALID))) {
                    L->inv_acc[hook] = true;
                    L->inv_cube[hook] = flat.v[k];
                    L->inv_cube[hook].ctstate = 1u << CT_INVALID;
                    L->inv_rule[hook] = NULL;
                    break;
                }
    } else {
        an_iset_flatten(&cur, ret);
    }
    for (size_t k = 0; k < ntk; k++)
        an_set_free(&tk[k].s);
    free(tk);
    an_iset_free(&cur);
    an_set_free(&flat);
    an_set_free(&rs);
    an_set_free(&hit);
    an_set_free(&sub);
    an_set_free(&back);
}

/* ---- witnesses, confirmed by the simulator ---- */

static bool simulate(struct lint *L, const char *spec_s, struct sim_result *res)
{
    struct sim_pkt_spec spec;
    char err[256];
    if (sim_pkt_parse(spec_s, &spec, err, sizeof(err)))
        return false;
    struct host h;
    host_init(&h);
    if (L->o && L->o->make_host)
        L->o->make_host(&h, L->o->make_host_arg);
    host_infer_hints(&h, L->hints, &spec, 1);
    struct ct_table ct = {0};
    struct sim_opts so = {.index = L->ix};
    sim_run_packet(L->rs, &h, &ct, &spec, &so, res);
    free(ct.v);
    host_free(&h);
    L->nconfirmed++;
    return res->nbranches > 0;
}

static bool rule_in_branch(const struct sim_branch *b, const struct ipt_rule *r)
{
    for (size_t i = 0; i < b->nevents; i++)
        if (b->events[i].type == SIM_EV_RULE && b->events[i].rule == r)
            return true;
    return false;
}

/* The packet passes the rule's table on the hook, never matches `r`, and
 * the last rule it matched there is returned (the one that took it). */
static const struct ipt_rule *confirm_taken(const struct sim_result *res, const struct ipt_rule *r,
                                            int hook)
{
    const struct ipt_rule *taker = NULL;
    for (size_t bi = 0; bi < res->nbranches; bi++) {
        const struct sim_branch *b = &res->branches[bi];
        if (rule_in_branch(b, r))
            return NULL;
        const struct ipt_rule *last = NULL;
        for (size_t i = 0; i < b->nevents; i++) {
            const struct sim_event *e = &b->events[i];
            if (e->type == SIM_EV_RULE && e->hook == hook && e->table == r->chain->table)
                last = e->rule;
        }
        if (!last || (taker && last != taker))
            return NULL;
        taker = last;
    }
    return taker;
}

static char *witness_taken(struct lint *L, const struct an_cube *c, int hook,
                           const struct ipt_rule *r, const struct ipt_rule *want,
                           const struct ipt_rule **taker)
{
    if (L->nconfirmed > MAX_CONFIRMED * 4)
        return NULL;
    for (unsigned v = 0; v < (L->container_witness ? 7u : 6u); v++) {
        struct strbuf b;
        sb_init(&b);
        an_cube_witness(&L->x, c, v >= 4 && v < 6 ? IPT_HOOK_OUTPUT : hook, v, &b);
        struct sim_result res;
        if (b.s && simulate(L, b.s, &res)) {
            const struct ipt_rule *t = confirm_taken(&res, r, hook);
            sim_result_free(&res);
            if (t && t != r && (!want || t == want)) {
                *taker = t;
                return b.s;
            }
        }
        sb_free(&b);
    }
    return NULL;
}

/* ---- checks ---- */

static bool unconditional(const struct ipt_rule *r)
{
    for (uint16_t i = 0; i < r->nexprs; i++) {
        const struct ipt_expr *e = &r->exprs[i];
        if (e->ops->kind == EXT_HEADER) {
            struct ipt_header h;
            rule_header(r, &h);
            if (h.iif || h.oif || (h.flags & (IPT_F_PROTO | IPT_F_FRAG)) || !net_is_any(&h.src) ||
                !net_is_any(&h.dst) || h.invflags)
                return false;
        } else if (strcmp(e->ops->name, "comment")) {
            return false;
        }
    }
    return true;
}

static void check_rules(struct lint *L, const struct ipt_table *t)
{
    for (size_t j = 0; j < t->nchains; j++) {
        const struct ipt_chain *c = t->chains[j];
        const struct ipt_rule *stop = NULL;
        struct strmap seen;
        strmap_init(&seen);
        char **texts = xcalloc(c->nrules + 1, sizeof(char *));
        for (uint32_t i = 0; i < c->nrules; i++) {
            const struct ipt_rule *r = c->rules[i];
            struct rinfo *ri = RI_at(L, c, i);
            texts[i] = rule_text(r);
            const struct ipt_rule *first = strmap_get(&seen, texts[i]);
            if (!first)
                strmap_put(&seen, texts[i], (void *)r);
            if (!ri->visits)
                continue; /* the chain is never entered: unused-chain / docker checks */
            if (stop)
                continue; /* reported once, at the first rule after it */
            if (first) {
                char *w = NULL;
                const struct ipt_rule *taker = NULL;
                struct rinfo *fi = RI(L, first);
                if (is_terminal(first) && !ri->reach && fi->hit)
                    w = witness_taken(L, fi->hit, fi->hit_hook, r, first, &taker);
                add_finding(L, "duplicate-rule", r, NULL, first,
                            fmt("duplicate of the rule at line %u: it %s", first->loc.line,
                                is_terminal(first) || first->verdict == IPT_V_RETURN
                                    ? "never sees a packet the first one did not already take"
                                    : "does the same thing a second time"),
                            fmt("delete line %u: iptables -t %s -D %s %u", r->loc.line, t->name,
                                c->name, rule_position(r)),
                            w);
                continue;
            }
            if (!ri->reach) {
                const char *nat = is_nat_target(r) ? r->target->ops->name : NULL;
                if (!ri->pre) {
                    struct strbuf hk;
                    sb_init(&hk);
                    for (int h = 0; h < 5; h++)
                        if (ri->hooks_seen & (1u << h))
                            sb_printf(&hk, "%s%s", hk.len ? ", " : "", hook_name(h));
                    add_finding(L, "never-matches", r, NULL, NULL,
                                fmt("this rule can never match: its conditions contradict each "
                                    "other or what reaches %s %s (from %s)",
                                    t->name, c->name, hk.s ? hk.s : "-"),
                                NULL, NULL);
                    sb_free(&hk);
                    if (!strncmp(c->name, "DOCKER", 6))
                        L->res->v[L->res->n - 1].sev = LINT_INFO;
                    continue;
                }
                const struct ipt_rule *taker = NULL;
                char *w = witness_taken(L, ri->pre, ri->pre_hook, r, NULL, &taker);
                char *tt = taker ? rule_text(taker) : NULL;
                char *by =
                    taker ? fmt("; e.g. the witness is taken by line %u (%s)", taker->loc.line, tt)
                          : xstrdup("");
                add_finding(
                    L, nat ? "nat-unreachable" : "unreachable-rule", r, NULL, taker,
                    nat ? fmt("this %s never fires: every packet it names is taken by "
                              "earlier rules%s",
                              nat, by)
                        : fmt("unreachable: every packet this rule could match is "
                              "taken by earlier rules%s%s%s",
                              ri->pre_outer ? " before they reach " : "",
                              ri->pre_outer ? c->name : "", by),
                    taker && taker->chain == c
                        ? fmt("move this rule above line %u, or narrow that rule", taker->loc.line)
                    : taker ? fmt("the rule at line %u (in %s) decides first: change "
                                  "it, or delete this rule",
                                  taker->loc.line, taker->chain->name)
                            : NULL,
                    w);
                free(tt);
                free(by);
                struct lint_finding *f = &L->res->v[L->res->n - 1];
                /* an address translation another one already did: not an outage */
                if (nat && taker && is_nat_target(taker) && strcmp(nat, "DNAT") &&
                    strcmp(nat, "REDIRECT"))
                    f->sev = LINT_WARNING;
                /* Docker's own chains: Docker manages them */
                if (!strncmp(c->name, "DOCKER", 6) && f->sev == LINT_WARNING)
                    f->sev = LINT_INFO;
            }
            if (unconditional(r) &&
                (is_terminal(r) || r->verdict == IPT_V_RETURN || r->verdict == IPT_V_GOTO) &&
                i + 1 < c->nrules && RI_at(L, c, i + 1)->visits) {
                stop = r;
                const struct ipt_rule *next = c->rules[i + 1];
                add_finding(L, "rule-after-terminal", next, NULL, r,
                            fmt("never reached: the rule at line %u (-j %s with no conditions) "
                                "takes every packet first; %u rule%s after it in %s %s %s dead",
                                r->loc.line, verdict_word(r), c->nrules - i - 1,
                                c->nrules - i - 1 == 1 ? "" : "s", t->name, c->name,
                                c->nrules - i - 1 == 1 ? "is" : "are"),
                            fmt("move the rules above line %u, or delete them", r->loc.line), NULL);
            }
        }
        for (uint32_t i = 0; i < c->nrules; i++)
            free(texts[i]);
        free(texts);
        strmap_free(&seen);
    }
}

static void check_shadows(struct lint *L)
{
    for (size_t i = 0; i < L->nsh; i++) {
        const struct shadow *s = &L->sh[i];
        struct rinfo *ri = RI(L, s->r);
        if (!ri->reach)
            continue;      /* reported as nat-unreachable */
        bool done = false; /* one verdict-conflict per rule */
        for (size_t k = 0; k < L->res->n && !is_nat_target(s->r) && !done; k++)
            done = L->res->v[k].rule == s->r && !strcmp(L->res->v[k].check, "verdict-conflict");
        if (done)
            continue;
        const struct ipt_rule *taker = NULL;
        char *w = witness_taken(L, &s->c, s->hook, s->r, s->by, &taker);
        if (!w)
            continue;
        char *bt = rule_text(s->by);
        if (is_nat_target(s->r))
            add_finding(L, "nat-shadowed", s->r, NULL, s->by,
                        fmt("this %s never sees part of its traffic: the %s at line %u (%s) "
                            "takes it first, e.g. %s",
                            s->r->target->ops->name, verdict_word(s->by), s->by->loc.line, bt, w),
                        fmt("if the %s should apply to that traffic, move it above line %u or "
                            "narrow that rule",
                            s->r->target->ops->name, s->by->loc.line),
                        w);
        else
            add_finding(L, "verdict-conflict", s->r, NULL, s->by,
                        fmt("this %s does not apply to part of what it names: the %s at line %u "
                            "(%s) decides first, e.g. %s",
                            verdict_word(s->r), verdict_word(s->by), s->by->loc.line, bt, w),
                        fmt("if line %u is not a deliberate exception, move this rule above it",
                            s->by->loc.line),
                        w);
        free(bt);
    }
}

static const struct ipt_rule *find_jump(const struct ipt_chain *from, const struct ipt_chain *to)
{
    if (!from || !to)
        return NULL;
    for (uint32_t i = 0; i < from->nrules; i++)
        if ((from->rules[i]->verdict == IPT_V_JUMP || from->rules[i]->verdict == IPT_V_GOTO) &&
            from->rules[i]->jump == to)
            return from->rules[i];
    return NULL;
}

static bool is_docker_chain(const char *n)
{
    return !strncmp(n, "DOCKER", 6);
}

/* The published ports of nat DOCKER (DNAT rules), as "7788, 7799". */
static void docker_ports(const struct ipt_chain *d, struct strbuf *b, const struct ipt_rule **dn)
{
    *dn = NULL;
    for (uint32_t i = 0; i < d->nrules; i++) {
        const struct ipt_rule *r = d->rules[i];
        if (!r->target || strcmp(r->target->ops->name, "DNAT"))
            continue;
        if (!*dn)
            *dn = r;
        for (uint16_t k = 0; k < r->nexprs; k++) {
            const struct ipt_expr *e = &r->exprs[k];
            if (strcmp(e->ops->name, "tcp") && strcmp(e->ops->name, "udp"))
                continue;
            struct an_ports p;
            ext_tcpudp_ports(e, &p);
            if (p.ndst && !p.dst_inv) {
                if (p.dst[0].lo == p.dst[0].hi)
                    sb_printf(b, "%s%u", b->len ? ", " : "", p.dst[0].lo);
                else
                    sb_printf(b, "%s%u-%u", b->len ? ", " : "", p.dst[0].lo, p.dst[0].hi);
                sb_printf(b, "/%s", e->ops->name);
            }
        }
    }
}

/* A packet from outside to the host's published port of DNAT rule r. */
static char *docker_outside_pkt(struct lint *L, const struct ipt_rule *r)
{
    bool um;
    struct an_set s;
    an_set_init(&s);
    an_rule_set(&L->x, r, &s, &um);
    char *w = NULL;
    if (s.n) {
        struct an_cube c = s.v[0];
        /* an interface that is not a bridge: the "other" class */
        memset(c.iif, 0, sizeof(c.iif));
        for (size_t i = 1; i < L->x.ifs.n; i++) {
            const char *n = L->x.ifs.names[i];
            bool hit = false;
            for (size_t k = 0; k < s.n && !hit; k++)
                hit = (s.v[k].iif[i / 64] >> (i % 64)) & 1;
            if (hit && strncmp(n, "docker", 6) && strncmp(n, "br-", 3)) {
                c.iif[i / 64] |= 1ull << (i % 64);
                break;
            }
        }
        c.dst_lo = c.dst_hi = 0; /* pick_addr falls back to the preferred address */
        c.dst_hi = L->x.addr_max;
        struct strbuf b;
        sb_init(&b);
        an_cube_witness(&L->x, &c, IPT_HOOK_PREROUTING, 0, &b);
        w = b.s;
    }
    an_set_free(&s);
    return w;
}

static bool branch_dnat(const struct sim_branch *b, const struct sim_pkt *orig)
{
    return memcmp(b->fate.pkt.dst, orig->dst, 16) != 0 || b->fate.pkt.dport != orig->dport;
}

static void check_docker(struct lint *L, const struct ipt_ruleset *rs, int family)
{
    const struct ipt_table *nat = ruleset_find_table(rs, family, "nat");
    const struct ipt_table *filter = ruleset_find_table(rs, family, "filter");
    if (nat && nat->origin == IPT_ORIGIN_NFT)
        nat = NULL; /* Docker's nft tables are not analysed */
    if (filter && filter->origin == IPT_ORIGIN_NFT)
        filter = NULL;
    const struct ipt_chain *ndocker = nat ? table_find_chain(nat, "DOCKER") : NULL;
    if (ndocker) {
        const struct ipt_chain *pre = table_find_chain(nat, "PREROUTING");
        const struct ipt_chain *out = table_find_chain(nat, "OUTPUT");
        struct strbuf ports;
        sb_init(&ports);
        const struct ipt_rule *dn;
        docker_ports(ndocker, &ports, &dn);
        if (pre && !find_jump(pre, ndocker)) {
            char *w = NULL;
            if (dn) {
                char *cand = docker_outside_pkt(L, dn);
                struct sim_result res;
                struct sim_pkt_spec sp;
                char err[200];
                if (cand && !sim_pkt_parse(cand, &sp, err, sizeof(err)) &&
                    simulate(L, cand, &res)) {
                    bool ok = true;
                    for (size_t i = 0; i < res.nbranches; i++)
                        ok &= !branch_dnat(&res.branches[i], &sp.pkt) &&
                              !rule_in_branch(&res.branches[i], dn);
                    sim_result_free(&res);
                    if (ok)
                        w = cand, cand = NULL;
                }
                free(cand);
            }
            add_finding(L, "docker-missing-jump", NULL, ndocker, NULL,
                        ports.len ? fmt("nat chain DOCKER has no jump from PREROUTING: the "
                                        "published ports (%s) are unreachable from outside, "
                                        "their DNAT rules only apply to the host's own "
                                        "connections",
                                        ports.s)
                                  : xstrdup("nat chain DOCKER has no jump from PREROUTING: "
                                            "ports Docker publishes will be unreachable from "
                                            "outside"),
                        xstrdup("-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER (iptables "
                                "-t nat -I PREROUTING 1 -m addrtype --dst-type LOCAL -j DOCKER)"),
                        w);
        }
        if (out && !find_jump(out, ndocker)) {
            add_finding(L, "docker-missing-jump", NULL, ndocker, NULL,
                        fmt("nat chain DOCKER has no jump from OUTPUT: the host's own "
                            "connections to its published ports%s%s%s are not translated",
                            ports.len ? " (" : "", ports.len ? ports.s : "", ports.len ? ")" : ""),
                        xstrdup("-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j "
                                "DOCKER"),
                        NULL);
            L->res->v[L->res->n - 1].sev = LINT_WARNING;
        }
        sb_free(&ports);
    }
    if (!filter)
        return;
    const struct ipt_chain *fwd = table_find_chain(filter, "FORWARD");
    static const struct {
        const char *chain;
        const char *parents[2];
        const char *fix;
    } want[] = {
        {"DOCKER-USER", {"FORWARD", NULL}, "-I FORWARD 1 -j DOCKER-USER"},
        {"DOCKER-FORWARD", {"FORWARD", NULL}, "-A FORWARD -j DOCKER-FORWARD"},
        {"DOCKER-ISOLATION-STAGE-1",
         {"FORWARD", "DOCKER-FORWARD"},
         "-A FORWARD -j DOCKER-ISOLATION-STAGE-1"},
        {"DOCKER-ISOLATION-STAGE-2",
         {"DOCKER-ISOLATION-STAGE-1", NULL},
         "-A DOCKER-ISOLATION-STAGE-1 -i BRIDGE ! -o BRIDGE -j DOCKER-ISOLATION-STAGE-2"},
        {"DOCKER-CT", {"DOCKER-FORWARD", NULL}, "-A DOCKER-FORWARD -j DOCKER-CT"},
        {"DOCKER-INTERNAL", {"DOCKER-FORWARD", NULL}, "-A DOCKER-FORWARD -j DOCKER-INTERNAL"},
        {"DOCKER-BRIDGE", {"DOCKER-FORWARD", NULL}, "-A DOCKER-FORWARD -j DOCKER-BRIDGE"},
        {"DOCKER", {"FORWARD", "DOCKER-BRIDGE"}, "-A FORWARD -o docker0 -j DOCKER"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        const struct ipt_chain *c = table_find_chain(filter, want[i].chain);
        if (!c)
            continue;
        bool fed = false;
        const char *parent = NULL;
        for (int k = 0; k < 2 && want[i].parents[k]; k++) {
            const struct ipt_chain *p = table_find_chain(filter, want[i].parents[k]);
            if (p && !parent)
                parent = want[i].parents[k];
            if (p && find_jump(p, c))
                fed = true;
        }
        /* Docker 28 moved these under DOCKER-FORWARD / DOCKER-BRIDGE */
        if (!strcmp(want[i].chain, "DOCKER") && table_find_chain(filter, "DOCKER-BRIDGE"))
            parent = "DOCKER-BRIDGE";
        if (fed || !parent || !c->nrules)
            continue;
        const char *fix = want[i].fix;
        char *fixs;
        if (!strcmp(want[i].chain, "DOCKER") && !strcmp(parent, "DOCKER-BRIDGE"))
            fixs = xstrdup("-A DOCKER-BRIDGE -o BRIDGE -j DOCKER (one per Docker bridge)");
        else
            fixs = xstrdup(fix);
        add_finding(L, "docker-missing-jump", NULL, c, NULL,
                    fmt("filter chain %s (%u rule%s) has no jump from %s, where Docker puts "
                        "it: its rules never see a packet",
                        c->name, c->nrules, c->nrules == 1 ? "" : "s", parent),
                    fixs, NULL);
    }
    const struct ipt_chain *user = table_find_chain(filter, "DOCKER-USER");
    if (fwd && user) {
        const struct ipt_rule *j = find_jump(fwd, user);
        if (j && rule_position(j) != 1) {
            add_finding(L, "docker-user-not-first", j, NULL, fwd->rules[0],
                        fmt("the jump to DOCKER-USER is rule %u of FORWARD: the %u rule%s "
                            "before it (from line %u) see forwarded packets before the "
                            "user's rules do",
                            rule_position(j), rule_position(j) - 1,
                            rule_position(j) == 2 ? "" : "s", fwd->rules[0]->loc.line),
                        xstrdup("iptables -D FORWARD -j DOCKER-USER; iptables -I FORWARD 1 -j "
                                "DOCKER-USER"),
                        NULL);
        }
    }
    /* published ports: a packet from outside that is DNATed must be accepted */
    if (ndocker && nat && table_find_chain(nat, "PREROUTING") &&
        find_jump(table_find_chain(nat, "PREROUTING"), ndocker)) {
        for (uint32_t i = 0; i < ndocker->nrules; i++) {
            const struct ipt_rule *r = ndocker->rules[i];
            if (!r->target || strcmp(r->target->ops->name, "DNAT") ||
                L->nconfirmed > MAX_CONFIRMED * 4)
                continue;
            char *cand = docker_outside_pkt(L, r);
            struct sim_pkt_spec sp;
            char err[200];
            struct sim_result res;
            if (!cand || sim_pkt_parse(cand, &sp, err, sizeof(err)) || !simulate(L, cand, &res)) {
                free(cand);
                continue;
            }
            bool blocked = res.nbranches > 0;
            const struct ipt_rule *by = NULL;
            for (size_t b = 0; b < res.nbranches; b++) {
                const struct sim_branch *br = &res.branches[b];
                bool filtered = (br->fate.kind == FATE_DROP || br->fate.kind == FATE_REJECT) &&
                                br->fate.by && !strncmp(br->fate.by, "filter:FORWARD", 14);
                if (!filtered && br->fate.by && !strncmp(br->fate.by, "filter:", 7) &&
                    (br->fate.kind == FATE_DROP || br->fate.kind == FATE_REJECT)) {
                    for (size_t k = 0; k < br->nevents; k++)
                        filtered |= br->events[k].hook == IPT_HOOK_FORWARD;
                }
                /* DOCKER-USER is where Docker tells users to restrict published
                 * ports: a drop there is the user's decision */
                if (br->fate.rule && br->fate.rule->chain &&
                    !strcmp(br->fate.rule->chain->name, "DOCKER-USER"))
                    filtered = false;
                if (!(branch_dnat(br, &sp.pkt) && rule_in_branch(br, r) && filtered))
                    blocked = false;
                else
                    by = br->fate.rule;
            }
            sim_result_free(&res);
            if (!blocked) {
                free(cand);
                continue;
            }
            char *bt = by ? rule_text(by) : NULL;
            add_finding(
                L, "docker-port-blocked", r, NULL, by,
                xstrdup("this published port is translated, but filter FORWARD drops it (its "
                        "policy DROP)"),
                xstrdup("publish the port again (docker restart) so Docker adds its "
                        "ACCEPT rule in filter DOCKER, or add one"),
                cand);
            if (by) {
                struct lint_finding *f = &L->res->v[L->res->n - 1];
                free(f->message);
                f->message = fmt("this published port is translated, but filter FORWARD drops "
                                 "it at line %u (%s)",
                                 by->loc.line, bt);
            }
            free(bt);
        }
    }
}

static void check_unused(struct lint *L, const struct ipt_table *t)
{
    for (size_t j = 0; j < t->nchains; j++) {
        const struct ipt_chain *c = t->chains[j];
        if (c->base || c->nrefs)
            continue;
        bool reported = false;
        for (size_t k = 0; k < L->res->n && !reported; k++)
            reported = L->res->v[k].chain == c && !L->res->v[k].rule;
        if (reported || (is_docker_chain(c->name) && !c->nrules))
            continue;
        add_finding(L, "unused-chain", NULL, c, NULL,
                    c->nrules ? fmt("%s chain %s is never jumped to: its %u rule%s never see%s a "
                                    "packet",
                                    t->name, c->name, c->nrules, c->nrules == 1 ? "" : "s",
                                    c->nrules == 1 ? "s" : "")
                              : fmt("%s chain %s is empty and never jumped to", t->name, c->name),
                    c->nrules ? NULL : fmt("delete it: iptables -t %s -X %s", t->name, c->name),
                    NULL);
    }
}

static void check_dnat_hooks(struct lint *L, const struct ipt_table *t)
{
    if (strcmp(t->name, "nat"))
        return;
    for (size_t j = 0; j < t->nchains; j++) {
        const struct ipt_chain *c = t->chains[j];
        if (c->base || (!strcmp(c->name, "DOCKER")))
            continue; /* nat DOCKER: docker-missing-jump says it better */
        for (uint32_t i = 0; i < c->nrules; i++) {
            const struct ipt_rule *r = c->rules[i];
            struct rinfo *ri = RI_at(L, c, i);
            if (!r->target || strcmp(r->target->ops->name, "DNAT") || !ri->reach)
                continue;
            if (ri->hooks_hit == (1u << IPT_HOOK_OUTPUT))
                add_finding(
                    L, "dnat-output-only", r, NULL, NULL,
                    fmt("this DNAT only applies to the host's own connections: %s is "
                        "reached from nat OUTPUT but not from nat PREROUTING",
                        c->name),
                    fmt("-A PREROUTING -j %s (with the conditions the OUTPUT jump has)", c->name),
                    NULL);
        }
    }
}

static bool host_local(const struct lint *L, int family, const uint8_t a[16])
{
    struct host h;
    host_init(&h);
    if (L->o && L->o->make_host)
        L->o->make_host(&h, L->o->make_host_arg);
    bool l = host_is_local(&h, family, a);
    host_free(&h);
    return l;
}

static void check_forwarding(struct lint *L, const struct ipt_table *t, const struct host *h)
{
    int fam = t->family;
    bool given = fam == IPT_FAM_IPV4 ? h->ip_forward_given : h->ip_forward_given;
    int fwd = fam == IPT_FAM_IPV4 ? h->ip_forward : h->ipv6_forwarding;
    if (!given || fwd)
        return;
    const char *sysctl =
        fam == IPT_FAM_IPV4 ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
    if (!strcmp(t->name, "nat")) {
        for (size_t j = 0; j < t->nchains; j++) {
            const struct ipt_chain *c = t->chains[j];
            for (uint32_t i = 0; i < c->nrules; i++) {
                const struct ipt_rule *r = c->rules[i];
                struct rinfo *ri = RI_at(L, c, i);
                uint8_t lo[16], hi[16];
                uint16_t pl, ph;
                bool hp;
                if (!r->target || strcmp(r->target->ops->name, "DNAT") ||
                    !(ri->hooks_hit & (1u << IPT_HOOK_PREROUTING)) ||
                    !ext_nat_to(r->target, lo, hi, &pl, &ph, &hp) || host_local(L, fam, lo))
                    continue;
                char a[64];
                addr_format(fam, lo, a, sizeof(a));
                char *w = NULL;
                if (ri->hit && ri->hit_hook == IPT_HOOK_PREROUTING) {
                    for (unsigned v = 0; v < 4 && !w; v++) {
                        struct strbuf b;
                        sb_init(&b);
                        an_cube_witness(&L->x, ri->hit, IPT_HOOK_PREROUTING, v, &b);
                        struct sim_result res;
                        if (b.s && simulate(L, b.s, &res)) {
                            bool ok = res.nbranches > 0;
                            for (size_t k = 0; k < res.nbranches; k++)
                                ok &=
                                    rule_in_branch(&res.branches[k], r) &&
                                    res.branches[k].fate.by &&
                                    !strcmp(res.branches[k].fate.by, "routing:forwarding-disabled");
                            sim_result_free(&res);
                            if (ok) {
                                w = b.s;
                                break;
                            }
                        }
                        sb_free(&b);
                    }
                }
                add_finding(L, "ip-forward-off", r, NULL, NULL,
                            fmt("%s=0: packets this rule DNATs to %s (another host) are "
                                "dropped by routing, forwarding is off",
                                sysctl, a),
                            fmt("sysctl -w %s=1", sysctl), w);
            }
        }
    }
    if (!strcmp(t->name, "filter")) {
        const struct ipt_chain *f = table_find_chain(t, "FORWARD");
        uint32_t acc = 0;
        const struct ipt_rule *first = NULL;
        for (uint32_t i = 0; f && i < f->nrules; i++)
            if (f->rules[i]->verdict == IPT_V_ACCEPT || f->rules[i]->verdict == IPT_V_JUMP) {
                acc++;
                if (!first)
                    first = f->rules[i];
            }
        if (first)
            add_finding(L, "ip-forward-off", first, NULL, NULL,
                        fmt("%s=0, but filter FORWARD has %u rule%s that accept or pass on "
                            "forwarded packets: no packet is forwarded, they never match",
                            sysctl, acc, acc == 1 ? "" : "s"),
                        fmt("sysctl -w %s=1 (or delete the forwarding rules)", sysctl), NULL);
    }
}

static bool has_nat_rules(const struct ipt_ruleset *rs, int family)
{
    const struct ipt_table *nat = ruleset_find_table(rs, family, "nat");
    for (size_t j = 0; nat && j < nat->nchains; j++)
        for (uint32_t i = 0; i < nat->chains[j]->nrules; i++)
            if (is_nat_target(nat->chains[j]->rules[i]))
                return true;
    return false;
}

static void check_invalid(struct lint *L, const struct ipt_table *t)
{
    if (strcmp(t->name, "filter") || !has_nat_rules(L->rs, t->family))
        return;
    static const int hooks[] = {IPT_HOOK_INPUT, IPT_HOOK_FORWARD};
    for (size_t i = 0; i < ARRAY_SIZE(hooks); i++) {
        int hk = hooks[i];
        if (!L->inv_acc[hk])
            continue;
        const struct ipt_chain *base = NULL;
        for (size_t k = 0; k < t->nbases; k++)
            if (t->bases[k]->hook == hk)
                base = t->bases[k];
        if (!base)
            continue;
        const struct ipt_rule *acc = L->inv_rule[hk];
        char *w = NULL;
        for (unsigned v = 0; v < 4 && !w; v++) {
            struct strbuf b;
            sb_init(&b);
            an_cube_witness(&L->x, &L->inv_cube[hk], hk, v, &b);
            struct sim_result res;
            if (b.s && simulate(L, b.s, &res)) {
                bool ok = res.nbranches > 0;
                for (size_t k = 0; k < res.nbranches; k++) {
                    const struct sim_branch *br = &res.branches[k];
                    bool through = br->fate.kind == FATE_LOCAL || br->fate.kind == FATE_FORWARD;
                    bool passed = false;
                    for (size_t e = 0; e < br->nevents; e++)
                        passed |= br->events[e].hook == hk && br->events[e].table == t;
                    ok &= through && passed && br->ctstate == CT_INVALID &&
                          (!acc || rule_in_branch(br, acc));
                }
                sim_result_free(&res);
                if (ok) {
                    w = b.s;
                    break;
                }
            }
            sb_free(&b);
        }
        if (!w)
            continue;
        char *where = acc ? fmt("the rule at line %u accepts them", acc->loc.line)
                          : fmt("the %s policy ACCEPT lets them through", base->name);
        add_finding(L, "invalid-not-dropped", acc, acc ? NULL : base, NULL,
                    fmt("packets conntrack calls INVALID (e.g. a TCP ACK outside the window) "
                        "reach filter %s and %s; this host does NAT and conntrack does not "
                        "translate INVALID packets, so they %s",
                        base->name, where,
                        hk == IPT_HOOK_INPUT
                            ? "reach the host itself untranslated (a RST from the host can kill "
                              "the connection)"
                            : "are forwarded untranslated (internal addresses leak, the peer may "
                              "reset the connection)"),
                    fmt("-I %s 1 -m conntrack --ctstate INVALID -j DROP", base->name), w);
        free(where);
    }
}

/* Docker's and kube-proxy's chains: they manage them, and rely on them running. */
static bool is_managed_chain(const char *n)
{
    return !strncmp(n, "DOCKER", 6) || !strncmp(n, "KUBE-", 5);
}

static const char *manager_of(const char *n)
{
    return !strncmp(n, "DOCKER", 6) ? "Docker" : "kube-proxy";
}

/* unreachable-rule findings (from index `from` on) about a jump to a Docker or
 * kube-proxy chain, or an ACCEPT/DNAT inside one, whose packets a rule outside
 * those chains takes first: the chain is dead (a DROP/REJECT takes them) or
 * bypassed (an ACCEPT does). */
static void check_managed_dead(struct lint *L, size_t from)
{
    for (size_t i = from; i < L->res->n; i++) {
        struct lint_finding *f = &L->res->v[i];
        const struct ipt_rule *r = f->rule, *by = f->related;
        if (!r || !by || !f->witness ||
            (strcmp(f->check, "unreachable-rule") && strcmp(f->check, "nat-unreachable")))
            continue;
        bool jump = (r->verdict == IPT_V_JUMP || r->verdict == IPT_V_GOTO) && r->jump &&
                    is_managed_chain(r->jump->name) && !is_managed_chain(r->chain->name);
        bool inside = is_managed_chain(r->chain->name) &&
                      (verdict_class(r) == 1 || is_nat_target(r) ||
                       ((r->verdict == IPT_V_JUMP || r->verdict == IPT_V_GOTO) && r->jump &&
                        is_managed_chain(r->jump->name)));
        int vc = verdict_class(by);
        if ((!jump && !inside) || is_managed_chain(by->chain->name) || !vc)
            continue;
        const char *chain = jump ? r->jump->name : r->chain->name;
        const char *who = manager_of(chain);
        bool docker = who[0] == 'D';
        char *bt = rule_text(by);
        const struct ipt_chain *base = by->chain;
        bool policy_drop = base->base && base->policy == IPT_POLICY_DROP;
        char *msg;
        if (jump)
            msg = fmt("%s's chain %s never runs: the %s at line %u (%s) takes every packet this "
                      "jump would send to it, %s",
                      who, chain, verdict_word(by), by->loc.line, bt,
                      vc == 2 ? (docker ? "so published ports and container traffic that "
                                          "Docker accepts there are dropped"
                                        : "so Service traffic that kube-proxy accepts or "
                                          "translates there is dropped")
                              : "so the rules it holds (isolation, drops) are bypassed");
        else
            msg = fmt("this %s in %s's chain %s never fires: the %s at line %u (%s) takes its "
                      "packets first%s",
                      verdict_word(r), who, chain, verdict_word(by), by->loc.line, bt,
                      vc == 2 ? ", so the traffic it accepts is dropped" : "");
        free(bt);
        if (policy_drop && vc == 2) {
            char *m2 = fmt("%s (filter %s's policy DROP is normal: %s relies on its own ACCEPT "
                           "rules running before it)",
                           msg, base->name, who);
            free(msg);
            msg = m2;
        }
        free(f->message);
        f->message = msg;
        free(f->fix);
        f->fix = by->chain == r->chain
                     ? fmt("move line %u below line %u, or narrow it%s", by->loc.line, r->loc.line,
                           docker ? " (rules of your own belong in DOCKER-USER)" : "")
                     : fmt("change the rule at line %u (in %s) so that it lets these packets "
                           "on%s",
                           by->loc.line, by->chain->name,
                           docker ? " (rules of your own belong in DOCKER-USER)" : "");
        f->check = docker ? "docker-chain-dead" : "kube-chain-dead";
        f->sev = vc == 2 ? LINT_ERROR : LINT_WARNING;
    }
}

/* Jumps to Docker's or kube-proxy's chains no packet reaches that no finding
 * above explains (after an unconditional rule only rule-after-terminal is
 * reported): confirm the packets' fate with a witness, then convert. */
static void check_managed_jumps(struct lint *L, const struct ipt_table *t)
{
    for (size_t j = 0; j < t->nchains; j++) {
        const struct ipt_chain *c = t->chains[j];
        if (is_managed_chain(c->name))
            continue;
        for (uint32_t i = 0; i < c->nrules; i++) {
            const struct ipt_rule *r = c->rules[i];
            struct rinfo *ri = RI_at(L, c, i);
            if ((r->verdict != IPT_V_JUMP && r->verdict != IPT_V_GOTO) || !r->jump ||
                !is_managed_chain(r->jump->name) || !ri->visits || ri->reach || !ri->pre)
                continue;
            bool done = false;
            for (size_t k = 0; k < L->res->n && !done; k++)
                done =
                    L->res->v[k].rule == r && (!strcmp(L->res->v[k].check, "docker-chain-dead") ||
                                               !strcmp(L->res->v[k].check, "kube-chain-dead"));
            if (done)
                continue;
            const struct ipt_rule *taker = NULL;
            L->container_witness = true;
            char *w = witness_taken(L, ri->pre, ri->pre_hook, r, NULL, &taker);
            L->container_witness = false;
            if (!w)
                continue;
            size_t at = L->res->n;
            add_finding(L, "unreachable-rule", r, NULL, taker, xstrdup(""), NULL, w);
            check_managed_dead(L, at);
            if (!strcmp(L->res->v[at].check, "unreachable-rule")) {
                lint_finding_drop_last(L->res); /* an ordinary rule took them */
            }
        }
    }
}

/* DOCKER-USER must return what it does not decide: Docker's own chains come
 * after the jump to it. */
static void check_docker_user(struct lint *L, const struct ipt_table *t)
{
    const struct ipt_rule *tk = L->du_taker;
    const struct ipt_chain *fwd = table_find_chain(t, "FORWARD");
    const struct ipt_chain *user = table_find_chain(t, "DOCKER-USER");
    const struct ipt_rule *j = fwd && user ? find_jump(fwd, user) : NULL;
    if (!tk || !j)
        return;
    uint32_t pos = rule_position(j);
    if (pos >= fwd->nrules)
        return; /* nothing after the jump: nothing it cuts off */
    const struct ipt_rule *next = fwd->rules[pos];
    for (uint32_t i = pos; i < fwd->nrules; i++)
        if ((fwd->rules[i]->verdict == IPT_V_JUMP || fwd->rules[i]->verdict == IPT_V_GOTO) &&
            fwd->rules[i]->jump && !strncmp(fwd->rules[i]->jump->name, "DOCKER", 6)) {
            next = fwd->rules[i];
            break;
        }
    struct rinfo *ri = RI(L, tk);
    char *w = NULL;
    const struct ipt_rule *taker = NULL;
    L->container_witness = true;
    if (ri->hit)
        w = witness_taken(L, ri->hit, ri->hit_hook, next, tk, &taker);
    L->container_witness = false;
    char *nt = rule_text(next);
    add_finding(L, "docker-user-no-return", tk, NULL, next,
                fmt("DOCKER-USER returns no packet: after this rule (-j %s) nothing is left to "
                    "return to FORWARD, so line %u (%s) and the Docker chains after it never "
                    "run; %s",
                    verdict_word(tk), next->loc.line, nt,
                    tk->verdict == IPT_V_ACCEPT
                        ? "containers bypass Docker's isolation and port rules"
                        : "traffic Docker would accept (published ports, containers going out) "
                          "is decided here instead"),
                xstrdup("end DOCKER-USER with -j RETURN (Docker creates it that way: "
                        "iptables -A DOCKER-USER -j RETURN), and decide only the packets you "
                        "mean to in it"),
                w);
    free(nt);
}

/* A finding about a whole table (nft tables, backends): at its `*TABLE` line. */
static struct lint_finding *table_finding(struct lint *L, const char *id, const struct ipt_table *t,
                                          char *msg, char *fix)
{
    const struct ipt_chain *c = t->nbases ? t->bases[0] : t->nchains ? t->chains[0] : NULL;
    add_finding(L, id, NULL, c, NULL, msg, fix, NULL);
    struct lint_finding *f = &L->res->v[L->res->n - 1];
    f->loc = t->loc;
    return f;
}

static bool rule_of_backend(const struct sim_branch *b, int backend, const struct ipt_rule **r)
{
    for (size_t i = 0; i < b->nevents; i++) {
        const struct sim_event *e = &b->events[i];
        if (e->type == SIM_EV_RULE && e->rule && e->table && e->table->backend == backend) {
            if (r)
                *r = e->rule;
            return true;
        }
    }
    return false;
}

/* The same host's iptables-legacy and nf_tables rules given together: both
 * are in the kernel and run on the same hooks, and each tool shows only its
 * own. The witness passes rules of both. */
static void check_backends(struct lint *L, int family)
{
    const struct ipt_table *leg = NULL, *nft = NULL, *warned = NULL;
    for (size_t i = 0; i < L->rs->ntables; i++) {
        const struct ipt_table *t = L->rs->tables[i];
        if (t->family != family)
            continue;
        if (t->backend == IPT_BACKEND_LEGACY && !leg)
            leg = t;
        if ((t->backend == IPT_BACKEND_NFT || t->origin == IPT_ORIGIN_NFT) && !nft)
            nft = t;
        if (t->legacy_warning && !warned)
            warned = t;
    }
    if (warned && !leg) {
        table_finding(L, "mixed-backends", warned,
                      fmt("this dump says \"iptables-legacy tables present\": the host also has "
                          "iptables-legacy rules, which run on the same hooks as these and are "
                          "not in the dump, so lint and trace see only part of the firewall"),
                      xstrdup("add their dump: iptables-legacy-save > legacy.rules, then "
                              "--dump legacy.rules"));
        return;
    }
    if (!leg || !nft)
        return;
    /* a witness: a packet that meets rules of both backends */
    char *w = NULL;
    const struct ipt_rule *rel = NULL;
    for (size_t k = 0; k < leg->nbases && !w && L->nconfirmed < MAX_CONFIRMED * 4; k++) {
        const struct ipt_chain *c = leg->bases[k];
        for (uint32_t i = 0; i < c->nrules && i < 8 && !w; i++) {
            struct an_set rs, hs, both;
            an_set_init(&rs);
            an_set_init(&hs);
            an_set_init(&both);
            bool um;
            an_rule_set(&L->x, c->rules[i], &rs, &um);
            an_hook_set(&L->x, leg, c->hook, &hs);
            an_set_intersect(&rs, &hs, &both);
            for (unsigned v = 0; v < 4 && both.n && !w; v++) {
                struct strbuf b;
                sb_init(&b);
                an_cube_witness(&L->x, &both.v[0], c->hook, v, &b);
                struct sim_result res;
                if (b.s && simulate(L, b.s, &res)) {
                    bool ok = res.nbranches > 0;
                    const struct ipt_rule *r = NULL;
                    for (size_t j = 0; j < res.nbranches; j++)
                        ok &= rule_in_branch(&res.branches[j], c->rules[i]) &&
                              rule_of_backend(&res.branches[j], IPT_BACKEND_NFT, &r);
                    sim_result_free(&res);
                    if (ok) {
                        w = b.s;
                        b.s = NULL;
                        rel = r;
                    }
                }
                sb_free(&b);
            }
            an_set_free(&rs);
            an_set_free(&hs);
            an_set_free(&both);
        }
    }
    struct lint_finding *f = table_finding(
        L, "mixed-backends", leg,
        fmt("this host holds iptables-legacy rules (table %s here) and nf_tables rules (table %s, "
            "line %u of the other dump) at once: the kernel runs both on the same hooks, a "
            "packet must get past both, and each tool shows only its own (iptables-nft -L prints "
            "only a warning about the legacy tables, iptables-legacy -L nothing about "
            "nf_tables)",
            leg->name, nft->name, nft->loc.line),
        xstrdup(
            "keep one backend: move the legacy rules over (iptables-legacy-save > r; "
            "iptables-nft-restore < r; then iptables-legacy -F and -X in each table) and "
            "point `iptables` at it (update-alternatives --set iptables /usr/sbin/iptables-nft)"));
    f->witness = w;
    f->related = rel;
}

/* ---- the run ---- */

static int finding_cmp(const void *a, const void *b)
{
    const struct lint_finding *x = a, *y = b;
    if (x->loc.file != y->loc.file)
        return x->loc.file < y->loc.file ? -1 : 1;
    if (x->loc.line != y->loc.line)
        return x->loc.line < y->loc.line ? -1 : 1;
    return strcmp(x->check, y->check);
}

void lint_sort(struct lint_result *r)
{
    if (r->n)
        qsort(r->v, r->n, sizeof(*r->v), finding_cmp);
}

void lint_run(const struct ipt_ruleset *rs, const struct lint_opts *o, struct lint_result *out)
{
    memset(out, 0, sizeof(*out));
    struct lint L = {.rs = rs, .o = o, .res = out};
    L.ix = sim_index_new(rs);
    L.hints = host_hints_new(rs);
    struct host h;
    host_init(&h);
    if (o && o->make_host)
        o->make_host(&h, o->make_host_arg);
    for (int fam = IPT_FAM_IPV4; fam <= IPT_FAM_IPV6; fam += IPT_FAM_IPV6 - IPT_FAM_IPV4) {
        bool any = false;
        for (size_t i = 0; i < rs->ntables; i++)
            any |= rs->tables[i]->family == fam;
        if (!any)
            continue;
        an_ctx_init(&L.x, rs, fam);
        if (o && o->max_cubes)
            L.x.max_cubes = o->max_cubes;
        if (L.x.ifs.overflow)
            note(out, fmt("more than %d interface names: tests of the others are treated as "
                          "unknown",
                          AN_IFCLASSES));
        for (size_t ti = 0; ti < rs->ntables; ti++) {
            const struct ipt_table *t = rs->tables[ti];
            if (t->family != fam)
                continue;
            if (t->origin == IPT_ORIGIN_NFT) {
                table_finding(&L, "nft-not-analysed", t,
                              fmt("nft table %s %s: lint does not analyse native nft rules; "
                                  "its chains are not checked (ipt-sim trace runs them)",
                                  family_name(t->family), t->name),
                              NULL);
                continue;
            }
            L.t = t;
            L.offs = xcalloc(t->nchains + 1, sizeof(uint32_t));
            size_t total = 0;
            for (size_t j = 0; j < t->nchains; j++) {
                L.offs[j] = (uint32_t)total;
                total += t->chains[j]->nrules;
            }
            L.ri = xcalloc(total + 1, sizeof(*L.ri));
            L.budget = 0;
            L.out_of_budget = false;
            L.nsh = 0;
            memset(L.inv_acc, 0, sizeof(L.inv_acc));
            L.du_taker = NULL;
            struct an_set entry, ret;
            an_set_init(&entry);
            an_set_init(&ret);
            for (size_t k = 0; k < t->nbases; k++) {
                const struct ipt_chain *c = t->bases[k];
                an_hook_set(&L.x, t, c->hook, &entry);
                an_set_clear(&ret);
                walk(&L, c, &entry, c->hook, 0, &ret);
            }
            an_set_free(&entry);
            an_set_free(&ret);
            if (L.out_of_budget) {
                note(out, fmt("%s table %s: too many paths through the chains; reachability "
                              "checks skipped",
                              family_name(fam), t->name));
            } else {
                size_t first = out->n;
                check_rules(&L, t);
                check_managed_dead(&L, first);
                check_managed_jumps(&L, t);
                if (!strcmp(t->name, "filter"))
                    check_docker_user(&L, t);
                check_shadows(&L);
                check_dnat_hooks(&L, t);
                check_invalid(&L, t);
            }
            check_forwarding(&L, t, &h);
            for (size_t i = 0; i < total; i++) {
                free(L.ri[i].hit);
                free(L.ri[i].pre);
            }
            free(L.ri);
            free(L.offs);
            L.ri = NULL;
        }
        check_docker(&L, rs, fam);
        check_backends(&L, fam);
        for (size_t ti = 0; ti < rs->ntables; ti++)
            if (rs->tables[ti]->family == fam && rs->tables[ti]->origin != IPT_ORIGIN_NFT)
                check_unused(&L, rs->tables[ti]);
        if (L.x.degraded)
            note(out, fmt("%s: some packet sets grew past %zu pieces; rules behind them are "
                          "reported only when certain",
                          family_name(fam), L.x.max_cubes ? L.x.max_cubes : (size_t)20000));
    }
    free(L.sh);
    host_free(&h);
    sim_index_free(L.ix);
    host_hints_free(L.hints);
    lint_sort(out);
}

void lint_result_free(struct lint_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].message);
        free(r->v[i].fix);
        free(r->v[i].witness);
    }
    free(r->v);
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    memset(r, 0, sizeof(*r));
}
