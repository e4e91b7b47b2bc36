/*
 * trace.c - printing a simulation: readable text, the kernel's TRACE lines
 * (net/netfilter/nf_log_syslog.c and ip_tables.c trace_packet()), and JSON
 * (the contract in docs/trace-json.md).
 */
#include "iptsim/ext.h"
#include "iptsim/nft.h"
#include "iptsim/report.h"
#include "iptsim/sim.h"
#include "iptsim/trace_report.h"

#include <string.h>

static const char *proto_label(int p)
{
    switch (p) {
    case 6:
        return "TCP";
    case 17:
        return "UDP";
    case 1:
        return "ICMP";
    case 58:
        return "ICMPv6";
    case 132:
        return "SCTP";
    }
    return NULL;
}

static void put_addr(struct strbuf *b, int fam, const uint8_t *a)
{
    char s[64];
    addr_format(fam, a, s, sizeof(s));
    sb_puts(b, s);
}

static void put_flags(struct strbuf *b, uint8_t f, const char *sep)
{
    static const char *const n[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    bool first = true;
    for (int i = 0; i < 8; i++)
        if (f & (1 << i)) {
            sb_printf(b, "%s%s", first ? "" : sep, n[i]);
            first = false;
        }
    if (first)
        sb_puts(b, "none");
}

static bool has_ports(int p)
{
    return p == 6 || p == 17 || p == 132 || p == 136;
}

void pkt_describe(struct strbuf *b, const struct sim_pkt *p)
{
    const char *pl = proto_label(p->proto);
    if (pl) {
        for (const char *c = pl; *c; c++)
            sb_putc(b, (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c));
    } else {
        sb_printf(b, "proto %u", p->proto);
    }
    sb_putc(b, ' ');
    bool v6 = p->family == IPT_FAM_IPV6;
    bool ports = has_ports(p->proto);
    if (v6 && ports)
        sb_putc(b, '[');
    put_addr(b, p->family, p->src);
    if (v6 && ports)
        sb_putc(b, ']');
    if (ports)
        sb_printf(b, ":%u", p->sport);
    sb_puts(b, " -> ");
    if (v6 && ports)
        sb_putc(b, '[');
    put_addr(b, p->family, p->dst);
    if (v6 && ports)
        sb_putc(b, ']');
    if (ports)
        sb_printf(b, ":%u", p->dport);
    if (p->proto == 6) {
        sb_puts(b, " [");
        put_flags(b, p->tcp_flags, ",");
        sb_putc(b, ']');
    }
    if (p->proto == 1 || p->proto == 58)
        sb_printf(b, " type %u code %u", p->icmp_type, p->icmp_code);
    if (p->mark)
        sb_printf(b, " mark 0x%x", p->mark);
}

static const char *fate_name(int k)
{
    static const char *const n[] = {"local", "forward", "output", "drop", "reject", "queue"};
    return k >= 0 && k < (int)ARRAY_SIZE(n) ? n[k] : "?";
}

static const char *event_verdict(const struct sim_event *ev)
{
    return verdict_name(ev->verdict);
}

/* ---- kernel TRACE lines ---- */

static void nf_log_fields(struct strbuf *b, const struct sim_event *ev)
{
    const struct sim_pkt *p = &ev->pkt;
    sb_printf(b, " IN=%s OUT=%s", ev->iif, ev->oif);
    if (ev->iif[0])
        sb_puts(b, " MAC=");
    sb_puts(b, " SRC=");
    put_addr(b, p->family, p->src);
    sb_puts(b, " DST=");
    put_addr(b, p->family, p->dst);
    if (p->family == IPT_FAM_IPV6)
        sb_printf(b, " LEN=%u TC=%u HOPLIMIT=%u FLOWLBL=0", p->len, p->tos, p->ttl);
    else
        sb_printf(b, " LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u ID=0", p->len, p->tos & 0x1e,
                  p->tos & 0xe0, p->ttl);
    if (p->fragment)
        sb_puts(b, " MF");
    const char *pl = proto_label(p->proto);
    if (pl)
        sb_printf(b, " PROTO=%s", pl);
    else
        sb_printf(b, " PROTO=%u", p->proto);
    if (has_ports(p->proto))
        sb_printf(b, " SPT=%u DPT=%u", p->sport, p->dport);
    if (p->proto == 6) {
        sb_printf(b, " SEQ=%u ACK=%u WINDOW=65535 RES=0x00", p->seq, p->ack);
        for (int i = 0; i < 6; i++) {
            static const int order[] = {TCPF_CWR, TCPF_ECE, TCPF_URG, TCPF_ACK, TCPF_PSH, TCPF_RST};
            static const char *const nm[] = {"CWR", "ECE", "URG", "ACK", "PSH", "RST"};
            if (p->tcp_flags & order[i])
                sb_printf(b, " %s", nm[i]);
        }
        if (p->tcp_flags & TCPF_SYN)
            sb_puts(b, " SYN");
        if (p->tcp_flags & TCPF_FIN)
            sb_puts(b, " FIN");
        sb_puts(b, " URGP=0");
    } else if (p->proto == 17) {
        sb_printf(b, " LEN=%u", p->len > 20 ? p->len - 20 : 8);
    } else if (p->proto == 1 || p->proto == 58) {
        sb_printf(b, " TYPE=%u CODE=%u", p->icmp_type, p->icmp_code);
    }
    if (p->mark)
        sb_printf(b, " MARK=0x%x", p->mark);
}

static void fate_line(struct strbuf *b, const struct sim_branch *br)
{
    const struct sim_fate *f = &br->fate;
    sb_printf(b, "FATE: %s", fate_name(f->kind));
    if (f->kind == FATE_FORWARD || f->kind == FATE_OUTPUT)
        sb_printf(b, " OUT=%s", f->out);
    sb_puts(b, " SRC=");
    put_addr(b, f->pkt.family, f->pkt.src);
    sb_puts(b, " DST=");
    put_addr(b, f->pkt.family, f->pkt.dst);
    if (has_ports(f->pkt.proto))
        sb_printf(b, " SPT=%u DPT=%u", f->pkt.sport, f->pkt.dport);
    sb_printf(b, " BY=%s", f->by ? f->by : "");
    if (f->reject_with)
        sb_printf(b, " REJECT-WITH=%s", f->reject_with);
    sb_putc(b, '\n');
}

/* ---- nft monitor trace lines (nftables src/netlink.c trace_cb) ---- */

static bool is_nft(const struct ipt_table *t)
{
    return t && t->origin == IPT_ORIGIN_NFT;
}

/* The rule as nft prints it: nft_rule_print for nft tables, the
 * iptables-save words for the others. */
static void rule_text(struct strbuf *b, const struct ipt_rule *r)
{
    if (is_nft(r->chain->table))
        nft_rule_print(b, r);
    else
        rule_save(b, r);
}

static void nft_verdict(struct strbuf *b, const struct sim_event *ev)
{
    static const char *const w[] = {"continue", "accept", "drop", "return",
                                    "queue",    "jump",   "goto", "accept"};
    sb_puts(b, ev->verdict < ARRAY_SIZE(w) ? w[ev->verdict] : "?");
    if ((ev->verdict == IPT_V_JUMP || ev->verdict == IPT_V_GOTO) && ev->jump)
        sb_printf(b, " %s", ev->jump->name);
}

static void nft_trace_hdr(struct strbuf *b, uint32_t id, const struct ipt_table *t,
                          const struct ipt_chain *c)
{
    sb_printf(b, "trace id %08x %s %s %s ", id, family_name(t->family), t->name, c->name);
}

/* The packet as nft prints a trace's packet dump: interfaces, then the
 * network and transport headers (no link layer: ipt-sim has no MACs). */
static void nft_trace_packet(struct strbuf *b, const struct sim_event *ev)
{
    const struct sim_pkt *p = &ev->pkt;
    bool v6 = p->family == IPT_FAM_IPV6;
    if (ev->iif[0])
        sb_printf(b, "iif \"%s\" ", ev->iif);
    if (ev->oif[0])
        sb_printf(b, "oif \"%s\" ", ev->oif);
    if (p->mark)
        sb_printf(b, "meta mark 0x%08x ", p->mark);
    sb_puts(b, v6 ? "ip6 saddr " : "ip saddr ");
    put_addr(b, p->family, p->src);
    sb_puts(b, v6 ? " ip6 daddr " : " ip daddr ");
    put_addr(b, p->family, p->dst);
    if (v6)
        sb_printf(b, " ip6 hoplimit %u", p->ttl);
    else
        sb_printf(b, " ip ttl %u ip length %u", p->ttl, p->len);
    switch (p->proto) {
    case 6:
        sb_printf(b, " tcp sport %u tcp dport %u tcp flags == ", p->sport, p->dport);
        {
            static const char *const n[] = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};
            bool first = true;
            for (int i = 0; i < 8; i++)
                if (p->tcp_flags & (1 << i)) {
                    sb_printf(b, "%s%s", first ? "" : " | ", n[i]);
                    first = false;
                }
            if (first)
                sb_puts(b, "0x0");
        }
        break;
    case 17:
        sb_printf(b, " udp sport %u udp dport %u", p->sport, p->dport);
        break;
    case 132:
        sb_printf(b, " sctp sport %u sctp dport %u", p->sport, p->dport);
        break;
    case 1:
        sb_printf(b, " icmp type %u icmp code %u", p->icmp_type, p->icmp_code);
        break;
    case 58:
        sb_printf(b, " icmpv6 type %u icmpv6 code %u", p->icmp_type, p->icmp_code);
        break;
    default:
        sb_printf(b, " meta l4proto %u", p->proto);
    }
    sb_puts(b, " \n");
}

/* `nft monitor trace` for an event of an nft table: the packet dump with
 * the walk's first event, then `rule ... (verdict X)` or `policy X`.
 * nf_tables traces no implicit return: none is printed. */
static void nft_trace_event(struct strbuf *b, uint32_t id, const struct sim_event *ev)
{
    if (ev->type == SIM_EV_RETURN)
        return;
    const struct ipt_chain *base = ev->base ? ev->base : ev->chain;
    if (ev->first_in_walk) {
        nft_trace_hdr(b, id, base->table, base);
        sb_puts(b, "packet: ");
        nft_trace_packet(b, ev);
    }
    nft_trace_hdr(b, id, ev->table, ev->chain);
    if (ev->type == SIM_EV_POLICY) {
        sb_puts(b, "policy ");
        nft_verdict(b, ev);
        sb_putc(b, ' ');
        if (ev->pkt.mark)
            sb_printf(b, "meta mark 0x%08x ", ev->pkt.mark);
        sb_putc(b, '\n');
        return;
    }
    sb_puts(b, "rule ");
    rule_text(b, ev->rule);
    sb_puts(b, " (verdict ");
    nft_verdict(b, ev);
    sb_puts(b, ")\n");
}

/* A trace id for a branch: the same packet gives the same id. */
static uint32_t trace_id(const struct sim_branch *br, size_t i)
{
    uint32_t h = 2166136261u;
    const struct sim_pkt *p = br->nevents ? &br->events[0].pkt : &br->fate.pkt;
    const uint8_t *bytes[] = {p->src, p->dst};
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < 16; j++)
            h = (h ^ bytes[k][j]) * 16777619u;
    h = (h ^ p->sport) * 16777619u;
    h = (h ^ p->dport) * 16777619u;
    h = (h ^ p->proto) * 16777619u;
    return h ^ (uint32_t)i;
}

void trace_print_kernel(struct strbuf *b, const struct sim_result *r)
{
    for (size_t i = 0; i < r->nbranches; i++) {
        const struct sim_branch *br = &r->branches[i];
        if (r->nbranches > 1) {
            sb_printf(b, "# branch %zu of %zu", i + 1, r->nbranches);
            if (br->probability >= 0)
                sb_printf(b, " (probability %.4g)", br->probability);
            sb_putc(b, '\n');
            for (size_t k = 0; k < br->nconds; k++)
                sb_printf(b, "#   if %s%s\n", br->conds[k].taken ? "" : "NOT: ", br->conds[k].text);
        }
        for (size_t k = 0; k < br->nevents; k++) {
            const struct sim_event *ev = &br->events[k];
            if (ev->type == SIM_EV_NOTE)
                continue;
            if (is_nft(ev->table)) {
                nft_trace_event(b, trace_id(br, i), ev);
                continue;
            }
            const char *ty = ev->type == SIM_EV_RULE     ? "rule"
                             : ev->type == SIM_EV_RETURN ? "return"
                                                         : "policy";
            sb_printf(b, "TRACE: %s:%s:%s:%u", ev->table->name, ev->chain->name, ty, ev->rulenum);
            nf_log_fields(b, ev);
            sb_putc(b, '\n');
        }
        fate_line(b, br);
    }
}

/* ---- text ---- */

struct colors {
    const char *bold, *dim, *red, *green, *yellow, *cyan, *reset;
};

static const char *verdict_color(const struct colors *C, int v)
{
    switch (v) {
    case IPT_V_ACCEPT:
        return C->green;
    case IPT_V_DROP:
        return C->red;
    case IPT_V_QUEUE:
        return C->yellow;
    }
    return C->cyan;
}

void trace_print_text(struct strbuf *b, const struct sim_result *r, const struct host *h,
                      const struct diags *d, bool color)
{
    static const struct colors plain = {"", "", "", "", "", "", ""};
    static const struct colors ansi = {"\033[1m",  "\033[2m",  "\033[31m", "\033[32m",
                                       "\033[33m", "\033[36m", "\033[0m"};
    const struct colors *C = color ? &ansi : &plain;
    struct strbuf t;
    sb_init(&t);
    for (size_t i = 0; i < r->nbranches; i++) {
        const struct sim_branch *br = &r->branches[i];
        if (r->nbranches > 1) {
            sb_printf(b, "%sBranch %zu of %zu%s", C->bold, i + 1, r->nbranches, C->reset);
            if (br->probability >= 0)
                sb_printf(b, " (probability %.4g)", br->probability);
            sb_puts(b, ":\n");
            for (size_t k = 0; k < br->nconds; k++)
                sb_printf(b, "  if %s%s\n", br->conds[k].taken ? "" : "NOT: ", br->conds[k].text);
        }
        int hook = -1;
        for (size_t k = 0; k < br->nevents; k++) {
            const struct sim_event *ev = &br->events[k];
            if (ev->hook != hook && ev->type != SIM_EV_NOTE) {
                hook = ev->hook;
                sb_printf(b, "%s%s%s\n", C->bold, hook_name(hook), C->reset);
            }
            if (ev->type == SIM_EV_NOTE) {
                sb_printf(b, "  %s%s%s\n", C->dim, ev->note, C->reset);
                continue;
            }
            sb_reset(&t);
            if (is_nft(ev->table))
                sb_printf(&t, "%s %s %s", family_name(ev->table->family), ev->table->name,
                          ev->chain->name);
            else
                sb_printf(&t, "%s %s", ev->table->name, ev->chain->name);
            sb_printf(b, "  %-28s ", t.s);
            if (ev->type == SIM_EV_POLICY) {
                sb_printf(b, "policy %s%s%s\n", verdict_color(C, ev->verdict), event_verdict(ev),
                          C->reset);
                continue;
            }
            if (ev->type == SIM_EV_RETURN) {
                sb_printf(b, "end of chain: return\n");
                continue;
            }
            sb_printf(b, "rule %u %s%s%s", ev->rulenum, verdict_color(C, ev->verdict),
                      event_verdict(ev), C->reset);
            if (ev->jump)
                sb_printf(b, " %s", ev->jump->name);
            else if (ev->rule->target && !is_nft(ev->table)) /* nft: the text names it */
                sb_printf(b, " (%s)", ev->rule->target->ops->name);
            sb_printf(b, "  %s%s:%u%s\n", C->dim, diags_file_name(d, ev->rule->loc.file),
                      ev->rule->loc.line, C->reset);
            sb_reset(&t);
            rule_text(&t, ev->rule);
            sb_printf(b, "      %s\n", t.s);
        }
        const struct sim_fate *f = &br->fate;
        sb_reset(&t);
        pkt_describe(&t, &f->pkt);
        const char *fc = f->kind <= FATE_OUTPUT ? C->green : C->red;
        sb_printf(b, "%sFate:%s %s%s%s", C->bold, C->reset, fc, fate_name(f->kind), C->reset);
        switch (f->kind) {
        case FATE_LOCAL:
            sb_puts(b, " - delivered to the host itself (local input)");
            break;
        case FATE_FORWARD:
            sb_printf(b, " - forwarded out of %s", f->out);
            break;
        case FATE_OUTPUT:
            sb_printf(b, " - sent out of %s", f->out);
            break;
        case FATE_DROP:
            sb_puts(b, " - dropped");
            break;
        case FATE_REJECT:
            sb_printf(b, " - rejected with %s", f->reject_with ? f->reject_with : "?");
            break;
        case FATE_QUEUE:
            sb_puts(b, " - queued to userspace");
            break;
        }
        sb_printf(b, " as %s", t.s);
        if (f->by && f->kind >= FATE_DROP)
            sb_printf(b, " (by %s)", f->by);
        sb_puts(b, "\n");
        if (i + 1 < r->nbranches)
            sb_putc(b, '\n');
    }
    if (r->truncated) {
        /* a fork explosion: say so, and how much of the picture is shown */
        double shown = 0;
        size_t drop = 0;
        for (size_t i = 0; i < r->nbranches && shown >= 0; i++)
            shown = r->branches[i].probability < 0 ? -1 : shown + r->branches[i].probability;
        for (size_t i = 0; i < r->nbranches; i++)
            drop += r->branches[i].fate.kind >= FATE_DROP;
        sb_printf(b,
                  "\n%sCut short:%s the packet forks into more branches than --max-branches "
                  "(%zu); the rest are not shown.\n",
                  C->bold, C->reset, r->nbranches);
        if (shown >= 0)
            sb_printf(b,
                      "The %zu shown are %.4g%% of the probability; %zu of them end in a drop, "
                      "reject or queue.\n",
                      r->nbranches, shown * 100, drop);
        else
            sb_printf(b, "Of the %zu shown, %zu end in a drop, reject or queue.\n", r->nbranches,
                      drop);
        sb_puts(b, "Settle what ipt-sim cannot know with --assume EXT=pass|fail, or raise "
                   "--max-branches.\n");
    }
    if (h && h->nassumptions) {
        sb_printf(b, "%sAssumed%s (describe the host with --iface/--route/--sysctl to change):\n",
                  C->bold, C->reset);
        for (size_t i = 0; i < h->nassumptions; i++)
            sb_printf(b, "  - %s\n", h->assumptions[i]);
    }
    sb_free(&t);
}

/* ---- JSON ---- */

static void pkt_json(struct strbuf *b, const struct sim_pkt *p, const char *iif, const char *oif,
                     int state)
{
    char s[64];
    sb_printf(b, "{\"family\":\"%s\",\"proto\":", p->family == IPT_FAM_IPV6 ? "ipv6" : "ipv4");
    const char *pl = proto_label(p->proto);
    if (pl) {
        char low[16];
        size_t n = 0;
        for (; pl[n] && n < 15; n++)
            low[n] = (char)(pl[n] >= 'A' && pl[n] <= 'Z' ? pl[n] - 'A' + 'a' : pl[n]);
        low[n] = 0;
        sb_json_str(b, low);
    } else {
        sb_printf(b, "%u", p->proto);
    }
    addr_format(p->family, p->src, s, sizeof(s));
    sb_puts(b, ",\"src\":");
    sb_json_str(b, s);
    addr_format(p->family, p->dst, s, sizeof(s));
    sb_puts(b, ",\"dst\":");
    sb_json_str(b, s);
    if (has_ports(p->proto))
        sb_printf(b, ",\"sport\":%u,\"dport\":%u", p->sport, p->dport);
    if (p->proto == 6) {
        struct strbuf f;
        sb_init(&f);
        put_flags(&f, p->tcp_flags, ",");
        sb_puts(b, ",\"flags\":");
        sb_json_str(b, f.s);
        sb_free(&f);
    }
    if (p->proto == 1 || p->proto == 58)
        sb_printf(b, ",\"icmp_type\":%u,\"icmp_code\":%u", p->icmp_type, p->icmp_code);
    sb_printf(b, ",\"mark\":%u,\"ttl\":%u,\"len\":%u", p->mark, p->ttl, p->len);
    if (iif) {
        sb_puts(b, ",\"in\":");
        sb_json_str(b, iif);
    }
    if (oif) {
        sb_puts(b, ",\"out\":");
        sb_json_str(b, oif);
    }
    if (state >= 0) {
        sb_puts(b, ",\"state\":");
        sb_json_str(b, ct_state_name(state));
    }
    sb_putc(b, '}');
}

void trace_print_json(struct strbuf *b, const struct sim_result *r, const struct host *h,
                      const struct diags *d, const struct sim_pkt_spec *spec)
{
    sb_puts(b, "{\"ipt_sim\":1,\"packet\":");
    pkt_json(b, &spec->pkt, spec->local ? NULL : spec->in, NULL,
             r->nbranches ? r->branches[0].ctstate : -1);
    if (spec->local)
        sb_puts(b, ",\"local\":true");
    sb_puts(b, ",\"assumptions\":[");
    for (size_t i = 0; h && i < h->nassumptions; i++) {
        if (i)
            sb_putc(b, ',');
        sb_json_str(b, h->assumptions[i]);
    }
    sb_printf(b, "],\"truncated\":%s,\"branches\":[", r->truncated ? "true" : "false");
    struct strbuf t;
    sb_init(&t);
    for (size_t i = 0; i < r->nbranches; i++) {
        const struct sim_branch *br = &r->branches[i];
        if (i)
            sb_putc(b, ',');
        sb_puts(b, "{\"probability\":");
        if (br->probability >= 0)
            sb_printf(b, "%.6g", br->probability);
        else
            sb_puts(b, "null");
        sb_puts(b, ",\"conditions\":[");
        for (size_t k = 0; k < br->nconds; k++) {
            if (k)
                sb_putc(b, ',');
            sb_puts(b, "{\"text\":");
            sb_json_str(b, br->conds[k].text);
            sb_printf(b, ",\"holds\":%s}", br->conds[k].taken ? "true" : "false");
        }
        sb_puts(b, "],\"events\":[");
        bool first = true;
        for (size_t k = 0; k < br->nevents; k++) {
            const struct sim_event *ev = &br->events[k];
            if (ev->type == SIM_EV_NOTE)
                continue;
            if (!first)
                sb_putc(b, ',');
            first = false;
            sb_printf(b, "{\"hook\":\"%s\",\"family\":\"%s\",\"table\":", hook_name(ev->hook),
                      family_name(ev->table->family));
            sb_json_str(b, ev->table->name);
            sb_puts(b, ",\"chain\":");
            sb_json_str(b, ev->chain->name);
            sb_printf(b, ",\"type\":\"%s\",\"rule\":%u,\"verdict\":\"%s\"",
                      ev->type == SIM_EV_RULE     ? "rule"
                      : ev->type == SIM_EV_RETURN ? "return"
                                                  : "policy",
                      ev->rulenum, event_verdict(ev));
            if (ev->type == SIM_EV_RULE) {
                if (ev->jump) {
                    sb_puts(b, ",\"target\":");
                    sb_json_str(b, ev->jump->name);
                } else if (ev->rule->target) {
                    sb_puts(b, ",\"target\":");
                    sb_json_str(b, ev->rule->target->ops->name);
                }
                sb_puts(b, ",\"file\":");
                sb_json_str(b, diags_file_name(d, ev->rule->loc.file));
                sb_printf(b, ",\"line\":%u,\"text\":", ev->rule->loc.line);
                sb_reset(&t);
                rule_text(&t, ev->rule);
                sb_json_str(b, t.s);
            }
            sb_puts(b, ",\"packet\":");
            pkt_json(b, &ev->pkt, ev->iif[0] ? ev->iif : NULL, ev->oif[0] ? ev->oif : NULL, -1);
            sb_putc(b, '}');
        }
        sb_puts(b, "],\"notes\":[");
        first = true;
        for (size_t k = 0; k < br->nevents; k++) {
            const struct sim_event *ev = &br->events[k];
            if (ev->type != SIM_EV_NOTE)
                continue;
            if (!first)
                sb_putc(b, ',');
            first = false;
            sb_printf(b, "{\"hook\":\"%s\",\"text\":", hook_name(ev->hook));
            sb_json_str(b, ev->note);
            sb_putc(b, '}');
        }
        const struct sim_fate *f = &br->fate;
        char s[64];
        sb_printf(b, "],\"fate\":{\"kind\":\"%s\"", fate_name(f->kind));
        addr_format(f->pkt.family, f->pkt.src, s, sizeof(s));
        sb_puts(b, ",\"src\":");
        sb_json_str(b, s);
        addr_format(f->pkt.family, f->pkt.dst, s, sizeof(s));
        sb_puts(b, ",\"dst\":");
        sb_json_str(b, s);
        if (has_ports(f->pkt.proto))
            sb_printf(b, ",\"sport\":%u,\"dport\":%u", f->pkt.sport, f->pkt.dport);
        if (f->out[0]) {
            sb_puts(b, ",\"out\":");
            sb_json_str(b, f->out);
        }
        sb_puts(b, ",\"by\":");
        sb_json_str(b, f->by ? f->by : "");
        if (f->reject_with) {
            sb_puts(b, ",\"reject_with\":");
            sb_json_str(b, f->reject_with);
        }
        if (f->random_port)
            sb_printf(b, ",\"random\":\"%s\"", f->random_port);
        sb_puts(b, "}}");
    }
    sb_puts(b, "]}");
    sb_free(&t);
}
