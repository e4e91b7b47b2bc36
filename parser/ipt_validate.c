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

/* Finds a jump loop with an iterative depth-first search (a dump may chain
 * 10^5 jumps; recursion would overflow the stack). Reports the first loop. */
static void check_loops(struct ipt_loader *L, struct ipt_table *t)
{
    enum { WHITE, GREY, BLACK };
    size_t n = t->nchains;
    uint8_t *color = xcalloc(n, 1);
    struct frame {
        struct ipt_chain *c;
        uint32_t next; /* next rule to look at */
    } *st = xmalloc(n * sizeof(*st));
    for (size_t s0 = 0; s0 < n; s0++) {
        if (color[s0] != WHITE)
            continue;
        size_t depth = 0;
        st[depth++] = (struct frame){t->chains[s0], 0};
        color[s0] = GREY;
        while (depth) {
            struct frame *f = &st[depth - 1];
            if (f->next >= f->c->nrules) {
                color[f->c->index] = BLACK;
                depth--;
                continue;
            }
            struct ipt_rule *r = f->c->rules[f->next++];
            if (!r->jump)
                continue;
            struct ipt_chain *to = r->jump;
            if (color[to->index] == GREY) {
                struct strbuf b;
                sb_init(&b);
                size_t k = 0;
                while (st[k].c != to)
                    k++;
                for (; k < depth; k++)
                    sb_printf(&b, "%s -> ", st[k].c->name);
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
                st[depth++] = (struct frame){to, 0};
            }
        }
    }
out:
    free(color);
    free(st);
}

/* Propagates to every chain the set of hooks it is reachable from. A chain
 * is queued again only when it gains a hook, so each is seen at most five
 * times. */
static void propagate_hooks(struct ipt_table *t)
{
    size_t n = t->nchains, cap = n * 5 + 1, top = 0;
    struct ipt_chain **work = xmalloc(cap * sizeof(*work));
    for (size_t i = 0; i < n; i++)
        if (t->chains[i]->base)
            work[top++] = t->chains[i];
    while (top) {
        struct ipt_chain *c = work[--top];
        for (uint32_t i = 0; i < c->nrules; i++) {
            struct ipt_chain *to = c->rules[i]->jump;
            if (!to || (to->hook_mask | c->hook_mask) == to->hook_mask)
                continue;
            to->hook_mask |= c->hook_mask;
            if (top == cap) {
                cap *= 2;
                work = xrealloc(work, cap * sizeof(*work));
            }
            work[top++] = to;
        }
    }
    free(work);
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
    size_t *queue = xmalloc(n * sizeof(*queue));
    for (size_t i = 0; i < n; i++) {
        depth[i] = t->chains[i]->base ? 0 : -1;
        for (uint32_t j = 0; j < t->chains[i]->nrules; j++)
            if (t->chains[i]->rules[j]->jump)
                indeg[t->chains[i]->rules[j]->jump->index]++;
    }
    size_t head = 0, tail = 0, reported = 0;
    for (size_t i = 0; i < n; i++)
        if (!indeg[i])
            queue[tail++] = i;
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
                struct ipt_loc loc = {r->loc.file, r->loc.line, e->col, e->len};
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
                diag_add(L->diags, DIAG_ERROR, r->loc, NULL,
                         "can't use %s with %s: %s", no_out ? "-o" : "-i", c->name,
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
}
