/*
 * nft_nat.c - `dnat|snat [ip|ip6] to ADDR[-ADDR][:PORT[-PORT]] [flags]`,
 * `dnat ip to EXPR map { ... }`, `masquerade [to :PORT] [flags]`,
 * `redirect [to :PORT] [flags]` (kernel nft_nat.c, nft_masq.c,
 * nft_redir.c). The mapping is computed as ext/xt_NAT.c does.
 */
#include "nft_int.h"

#include <stdlib.h>
#include <ctype.h>
#include <string.h>

enum { K_DNAT, K_SNAT, K_MASQ, K_REDIR };

struct nat_stmt {
    uint8_t kind;
    uint8_t family; /* ip / ip6 written (0: none) */
    uint8_t flags;  /* EXT_NAT_PROTO_RANDOM ... */
    bool has_addr, has_port;
    struct nft_val amin, amax;
    uint16_t pmin, pmax;
    struct nft_x *expr; /* `to EXPR map {...}` or an expression */
    bool addr_port;     /* `ip addr . port to ...` */
};

static int nat_target(struct sim_ctx *c, const struct ipt_expr *e)
{
    const struct nat_stmt *d = e->data;
    struct ext_nat_req q = {0};
    q.flags = d->flags;
    if (d->expr) {
        struct nft_key k;
        int r = nft_x_eval(c, d->expr, &k);
        if (r < 0) {
            sim_ctx_note(c, "nat: ipt-sim cannot compute the address the map gives");
            return IPT_V_ACCEPT;
        }
        if (r == 0) {
            c->rule_break = true; /* no element: NFT_BREAK, not traced */
            return IPT_V_CONTINUE;
        }
        const struct nft_val *a = &k.c[0];
        q.flags |= EXT_NAT_MAP_IPS;
        memcpy(q.minaddr, a->b, a->len > 16 ? 16 : a->len);
        memcpy(q.maxaddr, q.minaddr, 16);
        if (d->addr_port || k.n > 1) {
            const struct nft_val *pv = k.n > 1 ? &k.c[1] : NULL;
            if (!pv && a->len >= 6) { /* one value: addr then port */
                static struct nft_val tmp;
                tmp.len = 2;
                memcpy(tmp.b, a->b + a->len - 2, 2);
                pv = &tmp;
            }
            if (pv) {
                q.flags |= EXT_NAT_PROTO_SPEC;
                q.minport = q.maxport = (uint16_t)nft_val_u64(pv);
            }
        }
    }
    if (d->has_addr) {
        q.flags |= EXT_NAT_MAP_IPS;
        memcpy(q.minaddr, d->amin.b, 16);
        memcpy(q.maxaddr, d->amax.b, 16);
    }
    if (d->has_port) {
        q.flags |= EXT_NAT_PROTO_SPEC;
        q.minport = d->pmin;
        q.maxport = d->pmax;
    }
    if (d->kind == K_SNAT || d->kind == K_MASQ) {
        if (c->hook != IPT_HOOK_POSTROUTING && c->hook != IPT_HOOK_INPUT)
            return IPT_V_ACCEPT;
    }
    return ext_nat_apply(c, d->kind, &q);
}

/* An IPv6 address is bracketed only before a port: `to feed::1`,
 * `to [c0::1a]:4242`. */
static void print_addr(struct strbuf *b, int fam, const struct nft_val *v, bool port)
{
    char buf[64];
    addr_format(fam, v->b, buf, sizeof(buf));
    if (fam == IPT_FAM_IPV6 && port)
        sb_printf(b, "[%s]", buf);
    else
        sb_puts(b, buf);
}

static void nat_print(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    const struct nat_stmt *d = e->data;
    static const char *const names[] = {"dnat", "snat", "masquerade", "redirect"};
    sb_printf(b, " %s", names[d->kind]);
    bool inet = r->chain && r->chain->table->family == IPT_FAM_INET;
    int fam = d->family ? d->family : r->chain ? r->chain->table->family : IPT_FAM_IPV4;
    if (fam != IPT_FAM_IPV6)
        fam = IPT_FAM_IPV4;
    /* nft names the family in an inet table when written, and always
     * when a map gives an address and a port (`dnat ip to ... map @m`) */
    const struct nft_set_impl *mi =
        d->expr && d->expr->kind == NX_MAP && d->expr->set ? d->expr->set->impl : NULL;
    bool concat_data =
        (mi && mi->typeof_data && mi->typeof_data->kind == NX_CONCAT) || (d->addr_port && d->expr);
    if ((d->kind == K_DNAT || d->kind == K_SNAT) && ((inet && d->family) || concat_data))
        sb_printf(b, " %s", fam == IPT_FAM_IPV6 ? "ip6" : "ip");
    /* `addr . port` is not listed: nft 1.0.6 lists `dnat ip to EXPR map
     * { K : ADDR . PORT }` (the map's data says it) */
    if (d->expr || d->has_addr || d->has_port) {
        sb_puts(b, " to ");
        if (d->expr) {
            nft_x_print(b, d->expr);
        } else {
            if (d->has_addr) {
                print_addr(b, fam, &d->amin, d->has_port);
                if (memcmp(d->amin.b, d->amax.b, 16)) {
                    sb_putc(b, '-');
                    print_addr(b, fam, &d->amax, d->has_port);
                }
            }
            if (d->has_port) {
                sb_printf(b, ":%u", d->pmin);
                if (d->pmax != d->pmin)
                    sb_printf(b, "-%u", d->pmax);
            }
        }
    }
    if (d->flags) {
        const char *sep = " ";
        if (d->flags & EXT_NAT_PROTO_RANDOM) {
            sb_printf(b, "%srandom", sep);
            sep = ",";
        }
        if (d->flags & EXT_NAT_RANDOM_FULLY) {
            sb_printf(b, "%sfully-random", sep);
            sep = ",";
        }
        if (d->flags & EXT_NAT_PERSISTENT)
            sb_printf(b, "%spersistent", sep);
    }
}

static const struct ext_ops nat_ops = {
    .name = "nft_nat",
    .kind = EXT_TARGET,
    .size = sizeof(struct nat_stmt),
    .save = nat_print,
    .target = nat_target,
    .terminal = true,
};

static bool parse_port_range(const char *s, uint16_t *lo, uint16_t *hi)
{
    char *end;
    unsigned long a = strtoul(s, &end, 10);
    if (end == s || a > 65535)
        return false;
    unsigned long b2 = a;
    if (*end == '-') {
        const char *q = end + 1;
        b2 = strtoul(q, &end, 10);
        if (end == q || b2 > 65535 || b2 < a)
            return false;
    }
    if (*end)
        return false;
    *lo = (uint16_t)a;
    *hi = (uint16_t)b2;
    return true;
}

static bool parse_addr_range(int fam, char *s, struct nft_val *lo, struct nft_val *hi)
{
    memset(lo, 0, sizeof(*lo));
    memset(hi, 0, sizeof(*hi));
    lo->len = hi->len = 16;
    if (addr_parse(fam, s, lo->b)) {
        *hi = *lo;
        return true;
    }
    for (char *dash = strchr(s, '-'); dash; dash = strchr(dash + 1, '-')) {
        *dash = 0;
        bool ok = addr_parse(fam, s, lo->b) && addr_parse(fam, dash + 1, hi->b);
        *dash = '-';
        if (ok)
            return true;
    }
    return false;
}

static int parse_flags(struct nft_parse *p, struct nat_stmt *d)
{
    for (;;) {
        const struct nft_tok *t = nft_peek(p);
        if (nft_tok_is(t, "random"))
            d->flags |= EXT_NAT_PROTO_RANDOM;
        else if (nft_tok_is(t, "fully-random"))
            d->flags |= EXT_NAT_RANDOM_FULLY;
        else if (nft_tok_is(t, "persistent"))
            d->flags |= EXT_NAT_PERSISTENT;
        else
            return 0;
        p->pos++;
        nft_accept(p, ",");
    }
}

static int parse_to(struct nft_parse *p, struct nat_stmt *d, int fam)
{
    if (nft_sel_starts(p)) {
        const struct nft_dtype *dt = fam == IPT_FAM_IPV6 ? &nft_dt_ipv6 : &nft_dt_ipv4;
        uint8_t len = fam == IPT_FAM_IPV6 ? 16 : 4;
        if (d->addr_port)
            len = (uint8_t)(len + 2);
        struct nft_x *key = nft_parse_lhs(p);
        if (!key)
            return -1;
        if (nft_accept(p, "map")) {
            /* `to EXPR map { K : ADDR . PORT }` is `addr . port` (as nft
             * lists it): the data of an element is a concatenation */
            if (nft_tok_is(nft_peek(p), "{")) {
                /* per element: is its data a concatenation, with a range? */
                int depth = 0;
                bool data = false, concat = false, e_concat = false, e_range = false;
                bool range_in_concat = false;
                for (size_t i = p->pos; i < p->ntok; i++) {
                    const struct nft_tok *t = &p->tok[i];
                    bool end = depth == 1 && (nft_tok_is(t, ",") || nft_tok_is(t, "}"));
                    if (end) {
                        range_in_concat |= e_concat && e_range;
                        data = e_concat = e_range = false;
                    }
                    if (nft_tok_is(t, "{")) {
                        depth++;
                    } else if (nft_tok_is(t, "}")) {
                        if (--depth == 0)
                            break;
                    } else if (depth == 1 && nft_tok_is(t, ":")) {
                        data = true;
                    } else if (depth == 1 && data && nft_tok_is(t, ".")) {
                        concat = e_concat = true;
                    } else if (depth == 1 && data && t->kind == NFT_TOK_WORD && t->text[0] >= '0' &&
                               t->text[0] <= '9' && strchr(t->text, '-')) {
                        e_range = true;
                    }
                }
                if (concat && !d->addr_port) {
                    d->addr_port = true;
                    len = (uint8_t)(len + 2);
                }
                if (range_in_concat)
                    nft_warn(p, nft_peek(p),
                             "an address range in the ADDRESS . PORT data of an anonymous nat "
                             "map: nft 1.0.6 sends it in a form the kernel refuses (\"Invalid "
                             "argument\"); nft 1.1 loads it, and ipt-sim reads it as nft 1.1 does");
            }
            if (d->addr_port) {
                const struct nft_tok *t = nft_peek(p);
                if (t && t->kind == NFT_TOK_SETREF) {
                    d->expr = nft_parse_map_of(p, key, dt, len);
                } else {
                    /* anonymous map to addr . port */
                    struct nft_set *s = nft_table_add_set(p->table, NULL, true);
                    struct nft_set_impl *im = nft_set_impl(s);
                    im->nk = (uint8_t)nft_x_types(key, im->kt, im->klen);
                    struct nft_x *cx = nft_x_new(p, NX_CONCAT);
                    cx->sub = nft_alloc(p, 2 * sizeof(*cx->sub));
                    cx->nsub = 2;
                    cx->sub[0] = nft_x_new(p, NX_VALUE);
                    cx->sub[0]->dt = dt;
                    cx->sub[0]->len = (uint8_t)(fam == IPT_FAM_IPV6 ? 16 : 4);
                    cx->sub[1] = nft_x_new(p, NX_VALUE);
                    cx->sub[1]->dt = &nft_dt_inet_service;
                    cx->sub[1]->len = 2;
                    im->typeof_data = cx;
                    im->data_is_type = true;
                    im->dt = &nft_dt_integer;
                    if (nft_set_parse_elems(p, s) < 0)
                        return -1;
                    struct nft_x *m = nft_x_new(p, NX_MAP);
                    m->sub = nft_alloc(p, sizeof(*m->sub));
                    m->sub[0] = key;
                    m->nsub = 1;
                    m->set = s;
                    d->expr = m;
                }
            } else {
                d->expr = nft_parse_map_of(p, key, dt, len);
            }
            return d->expr ? 0 : -1;
        }
        d->expr = key;
        return 0;
    }
    const struct nft_tok *t = nft_next(p);
    if (!t)
        return nft_error(p, NULL, "expected an address or \":PORT\" after \"to\"");
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", t->text);
    char *addr = buf, *port = NULL;
    if (nft_tok_is(t, "[")) { /* [ip6]:port */
        const struct nft_tok *a = nft_next(p);
        if (!a || !nft_accept(p, "]"))
            return nft_error(p, t, "expected \"[IPv6 address]\"");
        snprintf(buf, sizeof(buf), "%s", a->text);
        const struct nft_tok *pt = nft_peek(p);
        if (pt && pt->kind == NFT_TOK_WORD && pt->text[0] == ':' && !pt->space_before) {
            p->pos++;
            port = nft_strdup(p, pt->text + 1);
        }
    } else if (buf[0] == ':') {
        addr = NULL;
        port = buf + 1;
    } else if ((d->kind == K_REDIR || d->kind == K_MASQ) && isdigit((unsigned char)buf[0])) {
        addr = NULL; /* `redirect to 27`: the old spelling of `to :27` */
        port = buf;
    } else if (fam != IPT_FAM_IPV6) {
        char *colon = strrchr(buf, ':');
        if (colon) {
            *colon = 0;
            port = colon + 1;
        }
    }
    if (addr && *addr) {
        if (!parse_addr_range(fam == IPT_FAM_IPV6 ? IPT_FAM_IPV6 : IPT_FAM_IPV4, addr, &d->amin,
                              &d->amax))
            return nft_error(p, t, "\"%s\" is not an %s address or address range", addr,
                             fam == IPT_FAM_IPV6 ? "IPv6" : "IPv4");
        d->has_addr = true;
    }
    if (port) {
        if (!parse_port_range(port, &d->pmin, &d->pmax))
            return nft_error(p, t, "\"%s\" is not a port or port range", port);
        d->has_port = true;
    }
    return 0;
}

static int nat_parse(struct nft_parse *p, struct nft_rb *rb, int kind)
{
    const struct nft_tok *first = nft_next(p);
    struct nat_stmt *d = nft_alloc(p, sizeof(*d));
    d->kind = (uint8_t)kind;
    int fam = p->table->family;
    if (kind == K_DNAT || kind == K_SNAT) {
        if (nft_accept(p, "ip"))
            d->family = IPT_FAM_IPV4;
        else if (nft_accept(p, "ip6"))
            d->family = IPT_FAM_IPV6;
        if (d->family)
            fam = d->family;
        if (nft_tok_is(nft_peek(p), "addr") && nft_tok_is(nft_peek_at(p, 1), ".") &&
            nft_tok_is(nft_peek_at(p, 2), "port")) {
            p->pos += 3;
            d->addr_port = true;
        }
    }
    /* the old syntax without `to` (`dnat 10.0.0.1:80`) means the same */
    const struct nft_tok *nt = nft_peek(p);
    bool old_syntax =
        (kind == K_DNAT || kind == K_SNAT) && nt && !nft_tok_is(nt, "to") &&
        (nft_tok_is(nt, "[") || (nt->kind == NFT_TOK_WORD &&
                                 (isdigit((unsigned char)nt->text[0]) || strchr(nt->text, ':'))));
    /* in an inet table, nft takes the family from `meta nfproto` or an
     * address match before the statement */
    uint8_t guess = p->table->family == IPT_FAM_INET && !d->family ? nft_rb_family(rb) : 0;
    if (guess)
        fam = guess;
    if (old_syntax || nft_accept(p, "to")) {
        if (parse_to(p, d, fam) < 0)
            return -1;
    } else if (kind == K_DNAT || kind == K_SNAT) {
        return nft_error(p, nft_peek(p), "\"%s\" needs \"to ADDRESS\"", first->text);
    }
    if (d->has_addr && !d->family)
        d->family = guess;
    if (p->table->family == IPT_FAM_INET && d->has_addr && !d->family &&
        (kind == K_DNAT || kind == K_SNAT))
        return nft_error(p, first,
                         "in an inet table, say which family: \"%s ip to\" or "
                         "\"%s ip6 to\"",
                         first->text, first->text);
    if (parse_flags(p, d) < 0)
        return -1;
    if (rb->verdict || rb->has_target)
        return nft_error(p, first, "a rule has one verdict");
    nft_rb_target(p, rb, &nat_ops, d);
    return 0;
}

static int dnat_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return nat_parse(p, rb, K_DNAT);
}
static int snat_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return nat_parse(p, rb, K_SNAT);
}
static int masq_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return nat_parse(p, rb, K_MASQ);
}
static int redir_parse(struct nft_parse *p, struct nft_rb *rb)
{
    return nat_parse(p, rb, K_REDIR);
}

const struct nft_stmt_desc nft_stmt_dnat = {"dnat", dnat_parse};
const struct nft_stmt_desc nft_stmt_snat = {"snat", snat_parse};
const struct nft_stmt_desc nft_stmt_masquerade = {"masquerade", masq_parse};
const struct nft_stmt_desc nft_stmt_redirect = {"redirect", redir_parse};
