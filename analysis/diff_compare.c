/*
 * diff_compare.c - each representative packet through the old and the new
 * ruleset on one host, and the packets whose outcome changed grouped into
 * classes a reviewer can read (rsdiff.h).
 *
 * An outcome is, per branch: the fate, the interface it leaves by, the
 * source and destination after NAT (a port NAT kept is written "=", so one
 * class covers many ports), and the deciding rule, named by its table,
 * chain and text rather than its number, so that inserting a rule above
 * does not count as a change. Packets with the same pair of outcomes, the
 * same protocol, state and destination form a class; its subject lists the
 * ports and says "from anywhere" when every source tried behaved the same.
 */
#include "iptsim/ext.h"
#include "iptsim/report.h"
#include "iptsim/rsdiff.h"
#include "iptsim/sarif.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *fate_word(int k)
{
    static const char *const n[] = {"local", "forward", "output", "drop", "reject", "queue"};
    return k >= 0 && k < 6 ? n[k] : "?";
}

static bool is_nat_target(const struct ipt_rule *r)
{
    if (!r || !r->target)
        return false;
    const char *n = r->target->ops->name;
    return !strcmp(n, "DNAT") || !strcmp(n, "SNAT") || !strcmp(n, "MASQUERADE") ||
           !strcmp(n, "REDIRECT") || !strcmp(n, "NETMAP");
}

static void rule_key(struct strbuf *b, const struct ipt_rule *r)
{
    sb_printf(b, "%s:%s:", r->chain->table->name, r->chain->name);
    rule_save(b, r);
}

static void rule_name(struct strbuf *b, const struct ipt_rule *r)
{
    sb_printf(b, "%s:%s:rule:%u", r->chain->table->name, r->chain->name, rule_position(r));
}

static void rule_where(struct strbuf *b, const struct ipt_rule *r, const struct diags *d)
{
    rule_name(b, r);
    const char *f = d ? diags_file_name(d, r->loc.file) : NULL;
    if (f && *f)
        sb_printf(b, " (%s:%u)", f, r->loc.line);
}

/* The event that decided a branch: the dropping rule, or the last
 * filter-table ACCEPT of a packet that got through. */
static const struct sim_event *decider(const struct sim_branch *br)
{
    const struct sim_event *last = NULL;
    for (size_t i = 0; i < br->nevents; i++) {
        const struct sim_event *ev = &br->events[i];
        if (ev->type != SIM_EV_RULE && ev->type != SIM_EV_POLICY)
            continue;
        if (br->fate.kind >= FATE_DROP) {
            if (ev->rule && ev->rule == br->fate.rule)
                last = ev;
            else if (!br->fate.rule && ev->type == SIM_EV_POLICY && ev->verdict == IPT_V_DROP)
                last = ev;
        } else if (ev->verdict == IPT_V_ACCEPT && !strcmp(ev->chain->table->name, "filter")) {
            last = ev;
        }
    }
    return last;
}

static void decider_key(struct strbuf *b, const struct sim_branch *br)
{
    const struct sim_event *ev = decider(br);
    if (ev && ev->type == SIM_EV_RULE && ev->rule)
        rule_key(b, ev->rule);
    else if (ev)
        sb_printf(b, "%s:%s:policy", ev->chain->table->name, ev->chain->name);
    else
        sb_puts(b, br->fate.by ? br->fate.by : "-");
}

static void decider_name(struct strbuf *b, const struct sim_branch *br)
{
    const struct sim_event *ev = decider(br);
    if (ev && ev->type == SIM_EV_RULE && ev->rule)
        rule_name(b, ev->rule);
    else if (ev)
        sb_printf(b, "%s:%s:policy", ev->chain->table->name, ev->chain->name);
    else
        sb_puts(b, br->fate.by ? br->fate.by : "-");
}

static void put_ep(struct strbuf *b, int fam, const uint8_t a[16], int port)
{
    char s[64];
    addr_format(fam, a, s, sizeof(s));
    if (port < 0)
        sb_puts(b, s);
    else
        sb_printf(b, fam == IPT_FAM_IPV6 ? "[%s]:%d" : "%s:%d", s, port);
}

static bool ports_of(int proto)
{
    return proto == 6 || proto == 17 || proto == 132 || proto == 136;
}

/* The outcome key of one branch (see the file comment). */
static void branch_key(struct strbuf *b, const struct sim_pkt_spec *s, const struct sim_branch *br)
{
    const struct sim_fate *f = &br->fate;
    const struct sim_pkt *in = &s->pkt, *out = &f->pkt;
    bool ports = ports_of(in->proto);
    sb_printf(b, "%s|%s|", fate_word(f->kind), f->out);
    if (f->kind < FATE_DROP) {
        if (memcmp(in->src, out->src, 16) || (ports && in->sport != out->sport)) {
            put_ep(b, out->family, out->src, -1);
            if (ports && f->random_port && !strcmp(f->random_port, "sport"))
                sb_puts(b, ":*");
            else if (ports)
                sb_printf(b, in->sport == out->sport ? ":=" : ":%u", out->sport);
        }
        sb_putc(b, '|');
        if (memcmp(in->dst, out->dst, 16) || (ports && in->dport != out->dport)) {
            put_ep(b, out->family, out->dst, -1);
            if (ports)
                sb_printf(b, in->dport == out->dport ? ":=" : ":%u", out->dport);
        }
    } else if (f->kind == FATE_REJECT) {
        sb_puts(b, f->reject_with ? f->reject_with : "");
    }
    sb_putc(b, '|');
    decider_key(b, br);
}

/* "forward -> 172.17.0.2:7788 out of docker0", "drop by filter:INPUT:rule:3" */
static void branch_desc(struct strbuf *b, const struct sim_pkt_spec *s, const struct sim_branch *br,
                        bool one_port)
{
    const struct sim_fate *f = &br->fate;
    const struct sim_pkt *in = &s->pkt, *out = &f->pkt;
    bool ports = ports_of(in->proto);
    sb_puts(b, fate_word(f->kind));
    if (f->kind < FATE_DROP) {
        if (memcmp(in->dst, out->dst, 16) || (ports && in->dport != out->dport)) {
            sb_puts(b, " -> ");
            if (!ports)
                put_ep(b, out->family, out->dst, -1);
            else if (one_port || in->dport != out->dport)
                put_ep(b, out->family, out->dst, out->dport);
            else
                put_ep(b, out->family, out->dst, -1), sb_puts(b, " (same port)");
        }
        if (f->kind != FATE_LOCAL)
            sb_printf(b, " out of %s", f->out);
        if (memcmp(in->src, out->src, 16)) {
            sb_puts(b, " from ");
            put_ep(b, out->family, out->src, -1);
        }
    } else {
        if (f->kind == FATE_REJECT && f->reject_with)
            sb_printf(b, " with %s", f->reject_with);
        sb_puts(b, " by ");
        decider_name(b, br);
    }
}

struct outcome {
    char *key;
};

static void outcome_key(struct strbuf *b, const struct sim_pkt_spec *s, const struct sim_result *r)
{
    /* branches in a stable order: sort their keys */
    size_t n = r->nbranches;
    char **k = xcalloc(n ? n : 1, sizeof(*k));
    for (size_t i = 0; i < n; i++) {
        struct strbuf t;
        sb_init(&t);
        branch_key(&t, s, &r->branches[i]);
        k[i] = t.s ? t.s : xstrdup("");
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(k[j - 1], k[j]) > 0; j--) {
            char *x = k[j];
            k[j] = k[j - 1];
            k[j - 1] = x;
        }
    for (size_t i = 0; i < n; i++) {
        if (!i || strcmp(k[i], k[i - 1]))
            sb_printf(b, "%s%s", i ? " || " : "", k[i]);
    }
    for (size_t i = 0; i < n; i++)
        free(k[i]);
    free(k);
}

static void result_desc(struct strbuf *b, const struct sim_pkt_spec *s, const struct sim_result *r,
                        bool one_port)
{
    for (size_t i = 0; i < r->nbranches; i++) {
        if (i)
            sb_puts(b, " or ");
        branch_desc(b, s, &r->branches[i], one_port);
        if (r->nbranches > 1 && r->branches[i].nconds)
            sb_printf(b, " (if %s)", r->branches[i].conds[0].text);
    }
}

/* rules present in a ruleset, by table:chain:text */
static void rules_index(struct strmap *m, struct arena *a, const struct ipt_ruleset *rs)
{
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < rs->ntables; i++)
        for (size_t j = 0; j < rs->tables[i]->nchains; j++) {
            const struct ipt_chain *c = rs->tables[i]->chains[j];
            for (uint32_t k = 0; k < c->nrules; k++) {
                sb_reset(&b);
                rule_key(&b, c->rules[k]);
                strmap_put(m, arena_strdup(a, b.s), (void *)1);
            }
        }
    sb_free(&b);
}

/* The first rule this branch went through that the other ruleset lacks
 * and that did something (a verdict, NAT). */
static const struct ipt_rule *foreign_rule(const struct sim_branch *br, const struct strmap *other)
{
    struct strbuf b;
    sb_init(&b);
    const struct ipt_rule *found = NULL;
    for (size_t i = 0; i < br->nevents && !found; i++) {
        const struct sim_event *ev = &br->events[i];
        if (ev->type != SIM_EV_RULE || !ev->rule)
            continue;
        if (ev->verdict == IPT_V_CONTINUE && !is_nat_target(ev->rule))
            continue;
        sb_reset(&b);
        rule_key(&b, ev->rule);
        if (!strmap_get(other, b.s))
            found = ev->rule;
    }
    sb_free(&b);
    return found;
}

static const struct ipt_rule *nat_rule(const struct sim_branch *br)
{
    for (size_t i = 0; i < br->nevents; i++)
        if (br->events[i].type == SIM_EV_RULE && is_nat_target(br->events[i].rule))
            return br->events[i].rule;
    return NULL;
}

static void explain(struct strbuf *b, const struct sim_branch *ob, const struct sim_branch *nb,
                    const struct strmap *old_rules, const struct strmap *new_rules,
                    const struct diags *d)
{
    const struct ipt_rule *on = nat_rule(ob), *nn = nat_rule(nb);
    bool any = false;
    struct strbuf k1, k2;
    sb_init(&k1);
    sb_init(&k2);
    if (on)
        rule_key(&k1, on);
    if (nn)
        rule_key(&k2, nn);
    if (on && !nn) {
        sb_printf(b, "%s no longer reached", on->target->ops->name);
        any = true;
    } else if (nn && !on) {
        sb_printf(b, "now %s by ", nn->target->ops->name);
        rule_where(b, nn, d);
        any = true;
    } else if (on && nn && strcmp(k1.s, k2.s)) {
        sb_printf(b, "%s by ", nn->target->ops->name);
        rule_where(b, nn, d);
        sb_puts(b, " instead of ");
        rule_name(b, on);
        any = true;
    }
    sb_free(&k1);
    sb_free(&k2);
    const struct ipt_rule *added = foreign_rule(nb, old_rules);
    if (added) {
        sb_printf(b, "%snew rule ", any ? "; " : "");
        rule_where(b, added, d);
        sb_puts(b, " matches it");
        any = true;
    }
    const struct ipt_rule *gone = foreign_rule(ob, new_rules);
    if (gone) {
        sb_printf(b, "%srule ", any ? "; " : "");
        rule_where(b, gone, d);
        sb_puts(b, " that matched it is gone");
        any = true;
    }
    if (!any) {
        struct strbuf x, y;
        sb_init(&x);
        sb_init(&y);
        decider_name(&x, ob);
        decider_name(&y, nb);
        if (strcmp(x.s, y.s))
            sb_printf(b, "decided by %s, was %s", y.s, x.s);
        sb_free(&x);
        sb_free(&y);
    }
}

/* ---- grouping ---- */

struct member {
    uint16_t dport;
    uint8_t src[16];
    const char *in; /* the packet's, "" when local */
};

/* the sources tried for one interface/destination/port */
struct srcs {
    uint8_t (*v)[16];
    size_t n;
};

static void srcs_add(struct srcs *s, const uint8_t a[16])
{
    for (size_t i = 0; i < s->n; i++)
        if (!memcmp(s->v[i], a, 16))
            return;
    s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
    memcpy(s->v[s->n++], a, 16);
}

struct group {
    char *key;
    const struct expect *allow; /* the --allow line covering it, or NULL */
    size_t example;             /* packet index */
    char *old_key, *new_key;
    struct member *m;
    size_t nm, capm;
    char **ins;
    size_t nins;
};

static void group_add_in(struct group *g, const char *in)
{
    for (size_t i = 0; i < g->nins; i++)
        if (!strcmp(g->ins[i], in))
            return;
    g->ins = xrealloc(g->ins, (g->nins + 1) * sizeof(*g->ins));
    g->ins[g->nins++] = xstrdup(in);
}

static void class_key(struct strbuf *b, const struct sim_pkt_spec *s, bool with_in, bool with_port,
                      bool with_src)
{
    char a[64];
    addr_format(s->pkt.family, s->pkt.dst, a, sizeof(a));
    sb_printf(b, "%u/%u/%d/%s", s->pkt.family, s->pkt.proto, s->state, a);
    if (with_in)
        sb_printf(b, "/%s", s->local ? "" : s->in);
    if (with_port)
        sb_printf(b, "/%u/%u/%u", s->pkt.dport, s->pkt.icmp_type, s->pkt.mark);
    if (with_src) {
        addr_format(s->pkt.family, s->pkt.src, a, sizeof(a));
        sb_printf(b, "/%s/%u", a, s->pkt.sport);
    }
}

static int cmp_addr16(const void *a, const void *b)
{
    return memcmp(a, b, 16);
}

static int cmp_u16(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* Classes that differ only in their destination become one; then each
 * gets its subject "tcp to A, B port 7788 from anywhere on ppp0". */
static void merge_classes(struct rsdiff_result *r, char **heads, char **ptxts, char **tails,
                          const char *other)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        struct rsdiff_change *c = &r->v[i];
        size_t into = n;
        for (size_t j = 0; j < n && into == n; j++) {
            struct rsdiff_change *m = &r->v[j];
            if (m->family == c->family && !strcmp(heads[j], heads[i]) &&
                !strcmp(ptxts[j], ptxts[i]) && !strcmp(tails[j], tails[i]) &&
                !strcmp(m->was, c->was) && !strcmp(m->now, c->now) && !strcmp(m->why, c->why) &&
                !m->intended == !c->intended && (!m->intended || !strcmp(m->intended, c->intended)))
                into = j;
        }
        if (into < n) {
            struct rsdiff_change *m = &r->v[into];
            bool dup = false;
            for (size_t q = 0; q < m->ndsts && !dup; q++)
                dup = !memcmp(m->dsts[q], c->dsts[0], 16);
            if (!dup) {
                m->dsts = xrealloc(m->dsts, (m->ndsts + 1) * sizeof(*m->dsts));
                memcpy(m->dsts[m->ndsts++], c->dsts[0], 16);
            }
            m->npkts += c->npkts;
            for (size_t k = 0; k < c->nins; k++) {
                bool seen = false;
                for (size_t q = 0; q < m->nins && !seen; q++)
                    seen = !strcmp(m->ins[q], c->ins[k]);
                if (!seen) {
                    m->ins = xrealloc(m->ins, (m->nins + 1) * sizeof(*m->ins));
                    m->ins[m->nins++] = xstrdup(c->ins[k]);
                }
            }
            free(c->dsts);
            free(c->was);
            free(c->now);
            free(c->why);
            free(c->example);
            free(c->old_by);
            free(c->new_by);
            free(c->dports);
            free(c->intended);
            for (size_t k = 0; k < c->nins; k++)
                free(c->ins[k]);
            free(c->ins);
            free(heads[i]);
            free(ptxts[i]);
            free(tails[i]);
            continue;
        }
        r->v[n] = *c;
        heads[n] = heads[i];
        ptxts[n] = ptxts[i];
        tails[n] = tails[i];
        n++;
    }
    r->n = n;
    for (size_t i = 0; i < n; i++) {
        struct rsdiff_change *c = &r->v[i];
        struct strbuf b;
        sb_init(&b);
        sb_printf(&b, "%s to ", heads[i]);
        bool one = c->ndsts == 1 && c->ndports == 1 && ports_of(c->proto);
        for (size_t k = 0; k < c->ndsts && k < 6; k++) {
            sb_puts(&b, k ? (k + 1 == c->ndsts ? " or " : ", ") : "");
            put_ep(&b, c->family, c->dsts[k], one ? c->dports[0] : -1);
        }
        if (c->ndsts > 6)
            sb_printf(&b, " (+%zu more)", c->ndsts - 6);
        if (!one)
            sb_puts(&b, ptxts[i]);
        sb_puts(&b, tails[i]);
        bool local = false;
        size_t nreal = 0;
        for (size_t k = 0; k < c->nins; k++)
            if (!c->ins[k][0])
                local = true;
            else
                nreal++;
        if (nreal) {
            sb_puts(&b, " on ");
            size_t k2 = 0;
            for (size_t k = 0; k < c->nins; k++) {
                if (!c->ins[k][0])
                    continue;
                sb_puts(&b, k2++ ? (k2 == nreal ? " or " : ", ") : "");
                if (other[0] && !strcmp(c->ins[k], other))
                    sb_printf(&b, "any other interface (e.g. %s)", c->ins[k]);
                else
                    sb_puts(&b, c->ins[k]);
            }
        }
        if (local)
            sb_puts(&b, nreal ? ", and sent by the host itself" : " sent by the host itself");
        c->subject = b.s;
        free(heads[i]);
        free(ptxts[i]);
        free(tails[i]);
    }
}

void rsdiff_compare(const struct ipt_ruleset *old_rs, const struct ipt_ruleset *new_rs,
                    struct host *h, const struct rsdiff_pkts *pk, const struct rsdiff_opts *o,
                    struct rsdiff_result *out)
{
    memset(out, 0, sizeof(*out));
    struct arena a;
    arena_init(&a);
    struct strmap old_rules, new_rules, groups, universe;
    strmap_init(&old_rules);
    strmap_init(&new_rules);
    strmap_init(&groups);
    strmap_init(&universe);
    rules_index(&old_rules, &a, old_rs);
    rules_index(&new_rules, &a, new_rs);
    struct group *gv = NULL;
    size_t ng = 0;
    struct strbuf ko, kn, k;
    sb_init(&ko);
    sb_init(&kn);
    sb_init(&k);
    /* the sources tried per interface/destination/port */
    struct srcs *unis = NULL;
    size_t nunis = 0;
    for (size_t i = 0; i < pk->n; i++) {
        sb_reset(&k);
        class_key(&k, &pk->v[i], true, true, false);
        uintptr_t c = (uintptr_t)strmap_get(&universe, k.s);
        if (!c) {
            unis = xrealloc(unis, (nunis + 1) * sizeof(*unis));
            memset(&unis[nunis], 0, sizeof(*unis));
            c = ++nunis;
            strmap_put(&universe, arena_strdup(&a, k.s), (void *)c);
        }
        srcs_add(&unis[c - 1], pk->v[i].pkt.src);
    }
    for (size_t i = 0; i < pk->n; i++) {
        const struct sim_pkt_spec *s = &pk->v[i];
        struct sim_result ro, rn;
        struct ct_table c1 = {0}, c2 = {0};
        sim_run_packet(old_rs, h, &c1, s, o->so_old, &ro);
        sim_run_packet(new_rs, h, &c2, s, o->so_new, &rn);
        free(c1.v);
        free(c2.v);
        sb_reset(&ko);
        sb_reset(&kn);
        outcome_key(&ko, s, &ro);
        outcome_key(&kn, s, &rn);
        out->npkts++;
        if (strcmp(ko.s ? ko.s : "", kn.s ? kn.s : "")) {
            out->nchanged++;
            const struct expect *al = NULL;
            for (size_t q = 0; o->allow && q < o->allow->n && !al; q++)
                if (expect_allows(&o->allow->v[q], s, &ro, &rn))
                    al = &o->allow->v[q];
            sb_reset(&k);
            sb_printf(&k, "%s\x1f%s\x1f%zu\x1f", ko.s, kn.s,
                      al ? (size_t)(al - o->allow->v) + 1 : 0);
            class_key(&k, s, false, false, false);
            uintptr_t gi = (uintptr_t)strmap_get(&groups, k.s);
            if (!gi) {
                gv = xrealloc(gv, (ng + 1) * sizeof(*gv));
                memset(&gv[ng], 0, sizeof(gv[ng]));
                gv[ng].key = arena_strdup(&a, k.s);
                gv[ng].example = i;
                gv[ng].allow = al;
                strmap_put(&groups, gv[ng].key, (void *)(uintptr_t)(ng + 1));
                gi = ++ng;
            }
            struct group *g = &gv[gi - 1];
            if (g->nm == g->capm) {
                g->capm = g->capm ? g->capm * 2 : 16;
                g->m = xrealloc(g->m, g->capm * sizeof(*g->m));
            }
            g->m[g->nm].dport = ports_of(s->pkt.proto) ? s->pkt.dport : s->pkt.icmp_type;
            memcpy(g->m[g->nm].src, s->pkt.src, 16);
            g->m[g->nm].in = s->local ? "" : s->in;
            g->nm++;
            group_add_in(g, s->local ? "" : s->in);
        }
        sim_result_free(&ro);
        sim_result_free(&rn);
    }
    /* describe each group */
    out->v = xcalloc(ng ? ng : 1, sizeof(*out->v));
    char **heads = xcalloc(ng + 1, sizeof(char *)), **ptxts = xcalloc(ng + 1, sizeof(char *));
    char **tails = xcalloc(ng + 1, sizeof(char *));
    for (size_t gi = 0; gi < ng; gi++) {
        struct group *g = &gv[gi];
        const struct sim_pkt_spec *s = &pk->v[g->example];
        struct rsdiff_change *c = &out->v[out->n++];
        struct strbuf b0;
        c->family = s->pkt.family;
        c->proto = s->pkt.proto;
        c->state = (uint8_t)(s->state < 0 ? CT_NEW : s->state);
        c->dsts = xmalloc(sizeof(*c->dsts));
        memcpy(c->dsts[0], s->pkt.dst, 16);
        c->ndsts = 1;
        c->npkts = g->nm;
        c->ins = g->ins;
        c->nins = g->nins;
        if (g->allow) {
            sb_init(&b0);
            sb_printf(&b0, "%s:%u",
                      o->d ? diags_file_name(o->d, g->allow->loc.file) : o->allow->path,
                      g->allow->loc.line);
            c->intended = b0.s;
        }
        /* ports */
        uint16_t *ports = xmalloc((g->nm ? g->nm : 1) * sizeof(*ports));
        size_t np = 0;
        for (size_t i = 0; i < g->nm; i++)
            ports[np++] = g->m[i].dport;
        qsort(ports, np, sizeof(*ports), cmp_u16);
        size_t u = 0;
        for (size_t i = 0; i < np; i++)
            if (!u || ports[u - 1] != ports[i])
                ports[u++] = ports[i];
        c->dports = ports;
        c->ndports = u;
        /* sources: which of those tried for each interface and port are
         * missing from the class */
        struct srcs missing = {0};
        for (size_t ii = 0; ii < g->nins; ii++)
            for (size_t pi = 0; pi < u; pi++) {
                struct sim_pkt_spec t = *s;
                snprintf(t.in, sizeof(t.in), "%s", g->ins[ii]);
                t.local = !g->ins[ii][0];
                if (ports_of(t.pkt.proto))
                    t.pkt.dport = ports[pi];
                else
                    t.pkt.icmp_type = (uint8_t)ports[pi];
                sb_reset(&k);
                class_key(&k, &t, true, true, false);
                uintptr_t ui = (uintptr_t)strmap_get(&universe, k.s);
                if (!ui)
                    continue;
                const struct srcs *U = &unis[ui - 1];
                bool any_member = false;
                for (size_t i = 0; i < g->nm; i++)
                    any_member |= g->m[i].dport == ports[pi] && !strcmp(g->m[i].in, g->ins[ii]);
                if (!any_member)
                    continue; /* this interface and port are another class's */
                for (size_t q = 0; q < U->n; q++) {
                    bool have = false;
                    for (size_t i = 0; i < g->nm && !have; i++)
                        have = g->m[i].dport == ports[pi] && !strcmp(g->m[i].in, g->ins[ii]) &&
                               !memcmp(g->m[i].src, U->v[q], 16);
                    if (!have)
                        srcs_add(&missing, U->v[q]);
                }
            }
        c->src_any = missing.n == 0;
        /* the subject, in parts: the destination is added when classes
         * that differ only in it are merged below */
        struct strbuf b;
        sb_init(&b);
        if (c->state != CT_NEW)
            sb_printf(&b, "%s ", ct_state_name(c->state));
        const char *pn = c->proto == 6     ? "tcp"
                         : c->proto == 17  ? "udp"
                         : c->proto == 1   ? "icmp"
                         : c->proto == 58  ? "icmpv6"
                         : c->proto == 132 ? "sctp"
                                           : NULL;
        if (pn)
            sb_puts(&b, pn);
        else
            sb_printf(&b, "protocol %u", c->proto);
        heads[gi] = b.s;
        sb_init(&b);
        bool ports_p = ports_of(c->proto);
        if (u > 0 && (ports_p || c->proto == 1 || c->proto == 58)) {
            sb_puts(&b, ports_p ? (u == 1 ? " port " : " ports ") : u == 1 ? " type " : " types ");
            for (size_t i = 0; i < u && i < 8; i++)
                sb_printf(&b, "%s%u", i ? ", " : "", ports[i]);
            if (u > 8)
                sb_printf(&b, " (+%zu more)", u - 8);
        }
        ptxts[gi] = b.s ? b.s : xstrdup("");
        sb_init(&b);
        if (c->src_any) {
            sb_puts(&b, " from anywhere");
        } else if (missing.n <= 3) {
            qsort(missing.v, missing.n, 16, cmp_addr16);
            sb_puts(&b, " from anywhere except ");
            for (size_t i = 0; i < missing.n; i++) {
                sb_puts(&b, i ? (i + 1 == missing.n ? " and " : ", ") : "");
                put_ep(&b, c->family, missing.v[i], -1);
            }
        } else {
            uint8_t(*srcs)[16] = xmalloc(g->nm * 16);
            size_t ns = 0;
            for (size_t i = 0; i < g->nm; i++) {
                bool dup = false;
                for (size_t j = 0; j < ns && !dup; j++)
                    dup = !memcmp(srcs[j], g->m[i].src, 16);
                if (!dup)
                    memcpy(srcs[ns++], g->m[i].src, 16);
            }
            sb_puts(&b, " from ");
            for (size_t i = 0; i < ns && i < 4; i++) {
                sb_puts(&b, i ? ", " : "");
                put_ep(&b, c->family, srcs[i], -1);
            }
            if (ns > 4)
                sb_printf(&b, " (+%zu more)", ns - 4);
            free(srcs);
        }
        tails[gi] = b.s;
        free(missing.v);
        /* was, now, why: from the example packet */
        struct sim_result ro, rn;
        struct ct_table c1 = {0}, c2 = {0};
        sim_run_packet(old_rs, h, &c1, s, o->so_old, &ro);
        sim_run_packet(new_rs, h, &c2, s, o->so_new, &rn);
        free(c1.v);
        free(c2.v);
        sb_init(&b);
        result_desc(&b, s, &ro, u == 1);
        c->was = b.s;
        sb_init(&b);
        result_desc(&b, s, &rn, u == 1);
        c->now = b.s;
        sb_init(&b);
        if (ro.nbranches && rn.nbranches)
            explain(&b, &ro.branches[0], &rn.branches[0], &old_rules, &new_rules, o->d);
        c->why = b.s ? b.s : xstrdup("");
        if (ro.nbranches && rn.nbranches) {
            /* rules of the new ruleset first: that is the file under review */
            const struct ipt_rule *lr = foreign_rule(&rn.branches[0], &old_rules);
            const struct sim_event *dv = decider(&rn.branches[0]);
            if (!lr && dv && dv->type == SIM_EV_RULE)
                lr = dv->rule;
            if (!lr)
                lr = foreign_rule(&ro.branches[0], &new_rules);
            if (!lr && (dv = decider(&ro.branches[0])) && dv->type == SIM_EV_RULE)
                lr = dv->rule;
            if (lr && o->d) {
                c->loc_file = diags_file_name(o->d, lr->loc.file);
                c->loc_line = lr->loc.line;
            }
        }
        sb_init(&b);
        if (ro.nbranches)
            decider_name(&b, &ro.branches[0]);
        c->old_by = b.s ? b.s : xstrdup("");
        sb_init(&b);
        if (rn.nbranches)
            decider_name(&b, &rn.branches[0]);
        c->new_by = b.s ? b.s : xstrdup("");
        sb_init(&b);
        rsdiff_spec_format(&b, s);
        c->example = b.s;
        sim_result_free(&ro);
        sim_result_free(&rn);
        free(g->m);
    }
    merge_classes(out, heads, ptxts, tails, pk->other_iface);
    /* the changes no --allow line covers first: they are what to review */
    struct rsdiff_change *sorted = xcalloc(out->n ? out->n : 1, sizeof(*sorted));
    size_t ns = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < out->n; i++)
            if (!out->v[i].intended == !pass)
                sorted[ns++] = out->v[i];
    free(out->v);
    out->v = sorted;
    for (size_t i = 0; i < out->n; i++)
        out->nintended += out->v[i].intended != NULL;
    free(heads);
    free(ptxts);
    free(tails);
    free(gv);
    sb_free(&ko);
    sb_free(&kn);
    sb_free(&k);
    strmap_free(&old_rules);
    strmap_free(&new_rules);
    strmap_free(&groups);
    strmap_free(&universe);
    for (size_t i = 0; i < nunis; i++)
        free(unis[i].v);
    free(unis);
    arena_free(&a);
}

void rsdiff_result_free(struct rsdiff_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        struct rsdiff_change *c = &r->v[i];
        free(c->subject);
        free(c->was);
        free(c->now);
        free(c->why);
        free(c->example);
        free(c->old_by);
        free(c->new_by);
        free(c->dports);
        free(c->dsts);
        free(c->intended);
        for (size_t k = 0; k < c->nins; k++)
            free(c->ins[k]);
        free(c->ins);
    }
    free(r->v);
    memset(r, 0, sizeof(*r));
}

/* ---- printing ---- */

void rsdiff_print_text(struct strbuf *b, const struct rsdiff_result *r)
{
    if (!r->n) {
        sb_printf(b, "No change: %zu packets traced through both rulesets behave the same.\n",
                  r->npkts);
        return;
    }
    sb_printf(b, "%zu class%s of packets changed (%zu of %zu packets traced through both rulesets)",
              r->n, r->n == 1 ? "" : "es", r->nchanged, r->npkts);
    if (!r->nintended)
        sb_puts(b, ":\n");
    else if (r->nintended == r->n)
        sb_printf(b, ", %s intended (--allow):\n", r->n == 1 ? "it is" : "all");
    else
        sb_printf(b, ": %zu not intended, then %zu intended (--allow):\n", r->n - r->nintended,
                  r->nintended);
    for (size_t i = 0; i < r->n; i++) {
        const struct rsdiff_change *c = &r->v[i];
        sb_printf(b, "\n%s:\n  was %s,\n  now %s", c->subject, c->was, c->now);
        if (c->why && *c->why)
            sb_printf(b, "\n  (%s)", c->why);
        sb_printf(b, "\n  e.g. %s\n", c->example);
        if (c->intended)
            sb_printf(b, "  intended: %s\n", c->intended);
    }
}

static void host_args(struct strbuf *b, const struct host *h)
{
    char a[64];
    struct strbuf t;
    sb_init(&t);
    bool first = true;
    for (size_t i = 0; i < h->nifaces; i++) {
        const struct host_iface *f = &h->ifaces[i];
        sb_reset(&t);
        sb_puts(&t, f->name);
        for (size_t k = 0; k < f->naddrs; k++) {
            addr_format(f->addrs[k].family, f->addrs[k].a, a, sizeof(a));
            sb_printf(&t, "%c%s/%u", k ? '+' : '=', a, f->addrs[k].plen);
        }
        sb_puts(b, first ? "\"--iface\"," : ",\"--iface\",");
        sb_json_str(b, t.s);
        first = false;
    }
    for (size_t i = 0; i < h->nroutes; i++) {
        const struct host_route *r = &h->routes[i];
        sb_reset(&t);
        if (r->plen == 0) {
            sb_puts(&t, "default");
        } else {
            addr_format(r->family, r->prefix, a, sizeof(a));
            sb_printf(&t, "%s/%u", a, r->plen);
        }
        if (r->has_gw) {
            addr_format(r->family, r->gw, a, sizeof(a));
            sb_printf(&t, " via %s", a);
        }
        sb_printf(&t, " dev %s", r->dev);
        sb_puts(b, first ? "\"--route\"," : ",\"--route\",");
        sb_json_str(b, t.s);
        first = false;
    }
    sb_free(&t);
}

void rsdiff_print_json(struct strbuf *b, const struct rsdiff_result *r, const struct host *h)
{
    sb_printf(b, "{\"ipt_sim\":1,\"packets\":%zu,\"changed_packets\":%zu,\"unintended\":%zu,",
              r->npkts, r->nchanged, r->n - r->nintended);
    if (h) {
        sb_puts(b, "\"host\":[");
        host_args(b, h);
        sb_puts(b, "],");
    }
    sb_puts(b, "\"changes\":[");
    for (size_t i = 0; i < r->n; i++) {
        const struct rsdiff_change *c = &r->v[i];
        char a[64];
        sb_puts(b, i ? "," : "");
        sb_puts(b, "{\"summary\":");
        sb_json_str(b, c->subject);
        sb_puts(b, ",\"class\":{\"family\":");
        sb_json_str(b, c->family == IPT_FAM_IPV6 ? "ipv6" : "ipv4");
        sb_printf(b, ",\"proto\":%u,\"state\":", c->proto);
        sb_json_str(b, ct_state_name(c->state));
        sb_puts(b, ",\"dst\":[");
        for (size_t k = 0; k < c->ndsts; k++) {
            addr_format(c->family, c->dsts[k], a, sizeof(a));
            sb_puts(b, k ? "," : "");
            sb_json_str(b, a);
        }
        sb_putc(b, ']');
        sb_puts(b, ports_of(c->proto) ? ",\"dports\":[" : ",\"icmp_types\":[");
        for (size_t k = 0; k < c->ndports; k++)
            sb_printf(b, "%s%u", k ? "," : "", c->dports[k]);
        sb_printf(b, "],\"src_any\":%s,\"in\":[", c->src_any ? "true" : "false");
        for (size_t k = 0; k < c->nins; k++) {
            sb_puts(b, k ? "," : "");
            if (c->ins[k][0])
                sb_json_str(b, c->ins[k]);
            else
                sb_puts(b, "null");
        }
        sb_printf(b, "],\"packets\":%zu},\"was\":", c->npkts);
        sb_json_str(b, c->was);
        sb_puts(b, ",\"now\":");
        sb_json_str(b, c->now);
        sb_puts(b, ",\"old_by\":");
        sb_json_str(b, c->old_by);
        sb_puts(b, ",\"new_by\":");
        sb_json_str(b, c->new_by);
        sb_puts(b, ",\"why\":");
        sb_json_str(b, c->why);
        sb_puts(b, ",\"example\":");
        sb_json_str(b, c->example);
        sb_puts(b, ",\"intended\":");
        if (c->intended)
            sb_json_str(b, c->intended);
        else
            sb_puts(b, "null");
        sb_putc(b, '}');
    }
    sb_puts(b, "]}\n");
}

void rsdiff_print_sarif(struct strbuf *b, const struct rsdiff_result *r, const char *version)
{
    struct sarif_log *s = sarif_new("ipt-sim", version, NULL);
    sarif_add_rule(s, "traffic-changed",
                   "packets whose fate, NAT or deciding rule differs between the old and the "
                   "new ruleset");
    if (r->nintended)
        sarif_add_rule(s, "traffic-changed-intended",
                       "packets whose fate, NAT or deciding rule differs, as an --allow line "
                       "declares intended");
    for (size_t i = 0; i < r->n; i++) {
        const struct rsdiff_change *c = &r->v[i];
        struct strbuf m;
        sb_init(&m);
        sb_printf(&m, "%s: was %s, now %s", c->subject, c->was, c->now);
        if (c->why && *c->why)
            sb_printf(&m, " (%s)", c->why);
        if (c->intended)
            sb_printf(&m, "; intended (%s)", c->intended);
        struct sarif_result *res =
            sarif_add_result(s, c->intended ? "traffic-changed-intended" : "traffic-changed",
                             c->intended ? SARIF_NOTE : SARIF_WARNING, m.s, c->loc_file,
                             c->loc_file ? c->loc_line : 0, c->loc_file && c->loc_line ? 1 : 0);
        sarif_result_property(res, "example", c->example);
        sarif_result_property(res, "was", c->was);
        sarif_result_property(res, "now", c->now);
        if (c->intended)
            sarif_result_property(res, "intended", c->intended);
        sb_free(&m);
    }
    sarif_write(s, b);
    sarif_free(s);
}
