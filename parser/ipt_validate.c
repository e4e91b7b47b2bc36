/*
 * ipt_validate.c - what the kernel checks when a table is committed.
 *
 * net/ipv4/netfilter/ip_tables.c mark_source_chains() walks the jump graph
 * from every built-in chain: a loop is refused with ELOOP ("Too many
 * links"), and each target's checkentry (xt_check_target) is called with
 * the set of hooks its chain can be reached from, so DNAT in a user chain
 * reached from POSTROUTING is refused too. iptables-nft gets the same
 * answers from nf_tables' chain validation for an extension's fixed hooks,
 * but checks option-dependent limits only in built-in chains.
 */
#include "ipt_load.h"

#include <stdlib.h>
#include <string.h>

/* The noted locations, in the order the rules committed: by line, and
 * within a line in the rule's order (matches, then the target). */
struct ipt_expr_loc {
    uint32_t line, col, len;
};

void ipt_note_expr_loc(struct ipt_loader *L, uint32_t col, uint32_t len)
{
    if (L->nexpr_locs == L->expr_locs_cap) {
        /* grows by half: a big table notes 10^5 of them, kept until COMMIT */
        L->expr_locs_cap = L->expr_locs_cap ? L->expr_locs_cap + L->expr_locs_cap / 2 : 64;
        L->expr_locs = xrealloc(L->expr_locs, L->expr_locs_cap * sizeof(*L->expr_locs));
    }
    L->expr_locs[L->nexpr_locs++] = (struct ipt_expr_loc){L->line, col, len};
}

void ipt_forget_expr_locs(struct ipt_loader *L)
{
    free(L->expr_locs);
    L->expr_locs = NULL;
    L->nexpr_locs = L->expr_locs_cap = 0;
}

static bool hook_checked(const struct ipt_expr *e)
{
    return e->ops->hooks || e->ops->hooks_for;
}

/* Where expression e of rule r stood (col, len); 0, 0 if not noted. Only
 * messages ask. */
static struct ipt_expr_loc expr_loc(struct ipt_loader *L, const struct ipt_rule *r,
                                    const struct ipt_expr *e)
{
    struct ipt_expr_loc none = {r->loc.line, 0, 0};
    size_t lo = 0, hi = L->nexpr_locs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->expr_locs[mid].line < r->loc.line)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int k = 0; k <= r->nexprs; k++) {
        const struct ipt_expr *x = k < r->nexprs ? &r->exprs[k] : r->target;
        if (!x || !hook_checked(x))
            continue;
        if (lo >= L->nexpr_locs || L->expr_locs[lo].line != r->loc.line)
            return none;
        if (x == e)
            return L->expr_locs[lo];
        lo++;
    }
    return none;
}

/* Finds a jump loop with an iterative depth-first search (a dump may chain
 * 10^5 jumps; recursion would overflow the stack). Reports the first loop.
 * Like the kernel (mark_source_chains walks from the hooks; nf_tables
 * validates from base chains), only loops reachable from a built-in chain
 * count: `-A X -j X` with nothing jumping to X loads (measured, legacy and
 * nft). */
static void check_loops(struct ipt_loader *L, struct ipt_table *t)
{
    enum { WHITE, GREY, BLACK };
    size_t n = t->nchains;
    uint8_t *color = xcalloc(n, 1);
    struct frame {
        uint32_t c;    /* index in t->chains */
        uint32_t next; /* next rule to look at */
    } *st = xmalloc(n * sizeof(*st));
    for (size_t s0 = 0; s0 < n; s0++) {
        if (color[s0] != WHITE || !t->chains[s0]->base)
            continue;
        size_t depth = 0;
        st[depth++] = (struct frame){(uint32_t)s0, 0};
        color[s0] = GREY;
        while (depth) {
            struct frame *f = &st[depth - 1];
            const struct ipt_chain *fc = t->chains[f->c];
            if (f->next >= fc->nrules) {
                color[f->c] = BLACK;
                depth--;
                continue;
            }
            struct ipt_rule *r = fc->rules[f->next++];
            if (!r->jump)
                continue;
            struct ipt_chain *to = r->jump;
            if (color[to->index] == GREY) {
                struct strbuf b;
                sb_init(&b);
                size_t k = 0;
                while (st[k].c != to->index)
                    k++;
                for (; k < depth; k++)
                    sb_printf(&b, "%s -> ", t->chains[st[k].c]->name);
                sb_puts(&b, to->name);
                diag_add(L->diags, DIAG_ERROR, r->loc, NULL,
                         "chain loop %s: the kernel refuses the table (ELOOP, \"Too many "
                         "links\")",
                         b.s);
                sb_free(&b);
                goto out;
            }
            if (color[to->index] == WHITE) {
                color[to->index] = GREY;
                st[depth++] = (struct frame){to->index, 0};
            }
        }
    }
out:
    free(color);
    free(st);
}

/* Propagates to every chain the set of hooks it is reachable from. A chain
 * is queued again only when it gains a hook, so each is seen at most five
 * times; one that is queued already is not queued twice, so the stack
 * holds each chain at most once. */
static void propagate_hooks(struct ipt_table *t)
{
    size_t n = t->nchains, top = 0;
    uint32_t *work = xmalloc((n + 1) * sizeof(*work));
    uint8_t *queued = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++)
        if (t->chains[i]->base) {
            work[top++] = (uint32_t)i;
            queued[i] = 1;
        }
    while (top) {
        uint32_t ci = work[--top];
        queued[ci] = 0;
        struct ipt_chain *c = t->chains[ci];
        for (uint32_t i = 0; i < c->nrules; i++) {
            struct ipt_chain *to = c->rules[i]->jump;
            if (!to || (to->hook_mask | c->hook_mask) == to->hook_mask)
                continue;
            to->hook_mask |= c->hook_mask;
            if (!queued[to->index]) {
                queued[to->index] = 1;
                work[top++] = to->index;
            }
        }
    }
    free(work);
    free(queued);
}

/* nf_tables refuses a jump that nests NFT_JUMP_STACK_SIZE (16) chains
 * deep from a base chain (nft_chain_validate: -EMLINK, "Too many links");
 * iptables-nft rulesets live there. Longest jump depth by a topological
 * pass (the graph has no loop: check_loops ran first). */
static void check_depth(struct ipt_loader *L, struct ipt_table *t)
{
    enum { MAX_DEPTH = 16 };
    size_t n = t->nchains;
    uint32_t *indeg = xcalloc(n, sizeof(*indeg));
    int32_t *depth = xmalloc(n * sizeof(*depth));
    uint32_t *queue = xmalloc((n + 1) * sizeof(*queue));
    size_t head = 0, tail = 0, reported = 0;
    /* only chains reachable from a built-in chain count (an unreachable
     * one may loop): find them breadth-first, counting their jumps */
    for (size_t i = 0; i < n; i++) {
        depth[i] = t->chains[i]->base ? 0 : -1;
        if (t->chains[i]->base)
            queue[tail++] = (uint32_t)i;
    }
    while (head < tail) {
        const struct ipt_chain *c = t->chains[queue[head++]];
        for (uint32_t j = 0; j < c->nrules; j++) {
            const struct ipt_chain *to = c->rules[j]->jump;
            if (!to)
                continue;
            indeg[to->index]++;
            if (depth[to->index] < 0) {
                depth[to->index] = 0;
                queue[tail++] = to->index;
            }
        }
    }
    head = tail = 0;
    for (size_t i = 0; i < n; i++) {
        if (!t->chains[i]->base)
            depth[i] = -1;
        else if (!indeg[i])
            queue[tail++] = (uint32_t)i;
    }
    while (head < tail) {
        const struct ipt_chain *c = t->chains[queue[head++]];
        int32_t d = depth[c->index];
        for (uint32_t j = 0; j < c->nrules; j++) {
            const struct ipt_rule *r = c->rules[j];
            if (!r->jump)
                continue;
            uint32_t to = r->jump->index;
            if (d >= 0 && d + 1 > depth[to]) {
                depth[to] = d + 1;
                if (d + 1 >= MAX_DEPTH && reported++ < 5)
                    diag_add(L->diags, DIAG_ERROR, r->loc, NULL,
                             "this jump nests chain %s %d deep from a built-in chain; "
                             "nf_tables allows 15 (\"Too many links\")",
                             r->jump->name, d + 1);
            }
            if (--indeg[to] == 0)
                queue[tail++] = to;
        }
    }
    free(indeg);
    free(depth);
    free(queue);
}

static const char *hooks_text(uint32_t mask, char *buf, size_t n)
{
    buf[0] = 0;
    for (int h = 0; h < 5; h++)
        if (mask & IPT_HOOK_BIT(h)) {
            size_t l = strlen(buf);
            snprintf(buf + l, n - l, "%s%s", l ? ", " : "", hook_name(h));
        }
    return buf;
}

static void check_hooks(struct ipt_loader *L, struct ipt_table *t)
{
    for (size_t i = 0; i < t->nchains; i++) {
        struct ipt_chain *c = t->chains[i];
        for (uint32_t j = 0; j < c->nrules; j++) {
            struct ipt_rule *r = c->rules[j];
            for (int k = -1; k < r->nexprs; k++) {
                const struct ipt_expr *e = k < 0 ? r->target : &r->exprs[k];
                if (!e || !c->hook_mask)
                    continue;
                /* Limits that depend on the options (hooks_for) are an
                 * extension's own check, which iptables-nft runs only for
                 * built-in chains (measured: physdev --physdev-out in a
                 * user chain reached from OUTPUT loads; legacy refuses
                 * it). The extension's fixed hooks are checked along
                 * every jump. */
                if (e->ops->hooks_for && !c->base)
                    continue;
                uint32_t allowed = e->ops->hooks_for ? e->ops->hooks_for(e) : e->ops->hooks;
                if (!allowed)
                    continue;
                uint32_t bad = c->hook_mask & ~allowed;
                if (!bad)
                    continue;
                char ok[96], got[96];
                struct ipt_expr_loc el = expr_loc(L, r, e);
                struct ipt_loc loc = {r->loc.file, r->loc.line, el.col, el.len};
                diag_add(L->diags, DIAG_ERROR, loc, NULL,
                         "%s %s is only valid in %s, but chain %s is reached from %s: the "
                         "kernel refuses the rule",
                         e->ops->kind == EXT_TARGET ? "target" : "match", e->ops->name,
                         hooks_text(allowed, ok, sizeof(ok)), c->name,
                         hooks_text(bad, got, sizeof(got)));
            }
        }
    }
}

/* iptables' own check (xshared.c): -o makes no sense before routing has
 * chosen an output device, -i none on the local output path. It looks at
 * the built-in chain the rule is appended to. */
static void check_iface_direction(struct ipt_loader *L, struct ipt_table *t)
{
    for (size_t i = 0; i < t->nchains; i++) {
        struct ipt_chain *c = t->chains[i];
        if (!c->base)
            continue;
        bool no_out = c->hook == IPT_HOOK_PREROUTING || c->hook == IPT_HOOK_INPUT;
        bool no_in = c->hook == IPT_HOOK_OUTPUT || c->hook == IPT_HOOK_POSTROUTING;
        for (uint32_t j = 0; j < c->nrules; j++) {
            const struct ipt_rule *r = c->rules[j];
            struct ipt_header hdr;
            if (!rule_header(r, &hdr))
                continue;
            const struct ipt_header *h = &hdr;
            if ((no_out && h->oif) || (no_in && h->iif))
                diag_add(L->diags, DIAG_ERROR, r->loc, NULL, "can't use %s with %s: %s",
                         no_out ? "-o" : "-i", c->name,
                         no_out ? "no output interface is known before routing"
                                : "locally generated packets have no input interface");
        }
    }
}

void ipt_validate_table(struct ipt_loader *L, struct ipt_table *t)
{
    size_t errs = L->diags->nerr;
    check_loops(L, t);
    if (L->diags->nerr == errs)
        check_depth(L, t);
    propagate_hooks(t);
    check_iface_direction(L, t);
    check_hooks(L, t);
    ipt_forget_expr_locs(L);
}
