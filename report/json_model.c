/*
 * json_model.c - `ipt-sim show --format json`: the loaded model as JSON.
 *
 * The shape is documented in docs/json.md. Each expression carries its
 * save text and its options one by one, so tools can read either.
 */
#include "iptsim/ext.h"
#include "iptsim/report.h"

#include <string.h>

static const char *kind_name(enum ext_kind k)
{
    return k == EXT_TARGET ? "target" : k == EXT_HEADER ? "header" : "match";
}

static void expr_json(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    struct strbuf t;
    sb_init(&t);
    expr_save(&t, r, e);
    sb_printf(b, "{\"kind\":\"%s\",\"name\":", kind_name(e->ops->kind));
    sb_json_str(b, e->ops->name);
    sb_puts(b, ",\"text\":");
    /* some expressions print nothing (iptables-save drops an all-default
     * -m tcp): the buffer is then still empty (found by the fuzzer) */
    const char *txt = t.s ? t.s : "";
    sb_json_str(b, txt[0] == ' ' ? txt + 1 : txt);
    sb_puts(b, ",\"options\":[");
    uint32_t done = 0;
    bool first = true;
    for (size_t i = 0; i < e->ops->nopts; i++) {
        const struct ext_opt *o = &e->ops->opts[i];
        if (!ext_has(e, o->id) || (done >> o->id & 1u))
            continue;
        done |= 1u << o->id;
        sb_reset(&t);
        ext_opt_value(&t, e, o);
        sb_printf(b, "%s{\"name\":", first ? "" : ",");
        sb_json_str(b, o->name);
        sb_printf(b, ",\"invert\":%s,\"value\":", ext_inv(e, o->id) ? "true" : "false");
        sb_json_str(b, t.len ? t.s + 1 : "");
        sb_putc(b, '}');
        first = false;
    }
    sb_puts(b, "]}");
    sb_free(&t);
}

static void rule_json(struct strbuf *b, const struct ipt_rule *r, const struct diags *d,
                      uint32_t pos)
{
    struct strbuf t;
    sb_init(&t);
    rule_save(&t, r);
    sb_printf(b, "{\"position\":%u,\"file\":", pos);
    sb_json_str(b, diags_file_name(d, r->loc.file));
    sb_printf(b, ",\"line\":%u,\"text\":", r->loc.line);
    sb_json_str(b, t.s);
    if (r->has_counters)
        sb_printf(b, ",\"counters\":{\"packets\":%llu,\"bytes\":%llu}",
                  (unsigned long long)rule_counters(r)->pkts,
                  (unsigned long long)rule_counters(r)->bytes);
    if (r->comment) {
        sb_puts(b, ",\"comment\":");
        sb_json_str(b, r->comment);
    }
    sb_puts(b, ",\"exprs\":[");
    for (uint16_t i = 0; i < r->nexprs; i++) {
        if (i)
            sb_putc(b, ',');
        expr_json(b, r, &r->exprs[i]);
    }
    sb_puts(b, "],\"verdict\":");
    sb_json_str(b, verdict_name(r->verdict));
    if (r->jump) {
        sb_puts(b, ",\"chain\":");
        sb_json_str(b, r->jump->name);
    }
    if (r->target) {
        sb_puts(b, ",\"target\":");
        expr_json(b, r, r->target);
    }
    sb_putc(b, '}');
    sb_free(&t);
}

void ruleset_json(struct strbuf *b, const struct ipt_ruleset *rs, const struct diags *d)
{
    sb_puts(b, "{\"ipt_sim\":1,\"tables\":[");
    for (size_t i = 0; i < rs->ntables; i++) {
        const struct ipt_table *t = rs->tables[i];
        sb_printf(b, "%s\n{\"family\":\"%s\",\"name\":", i ? "," : "", family_name(t->family));
        sb_json_str(b, t->name);
        sb_printf(b, ",\"origin\":\"%s\",\"file\":",
                  t->origin == IPT_ORIGIN_XTABLES ? "iptables" : "nft");
        sb_json_str(b, diags_file_name(d, t->loc.file));
        sb_puts(b, ",\"chains\":[");
        for (size_t j = 0; j < t->nchains; j++) {
            const struct ipt_chain *c = t->chains[j];
            sb_printf(b, "%s\n {\"name\":", j ? "," : "");
            sb_json_str(b, c->name);
            if (c->base)
                sb_printf(b, ",\"base\":true,\"hook\":\"%s\",\"priority\":%d,\"policy\":\"%s\"",
                          hook_name(c->hook), c->priority, policy_name(c->policy));
            else
                sb_printf(b, ",\"base\":false,\"references\":%u", c->nrefs);
            struct ipt_counters cc = chain_counters(c);
            sb_printf(b, ",\"counters\":{\"packets\":%llu,\"bytes\":%llu},\"rules\":[",
                      (unsigned long long)cc.pkts, (unsigned long long)cc.bytes);
            for (uint32_t k = 0; k < c->nrules; k++) {
                sb_puts(b, k ? ",\n  " : "\n  ");
                rule_json(b, c->rules[k], d, k + 1);
            }
            sb_puts(b, "]}");
        }
        sb_puts(b, "]}");
    }
    sb_puts(b, "\n]}\n");
}
