/*
 * ext.c - the extension registry, value parsers and the generic option
 * printer shared by every ext/xt_*.c file.
 *
 * The registry is generated: ext/CMakeLists.txt collects every
 * `const struct ext_ops ext_NAME = {` definition of the ext/xt_*.c files
 * into ext_registry.inc, so nothing here names an extension.
 */
#include "iptsim/ext.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define EXT(sym) extern const struct ext_ops sym;
#include "ext_registry.inc"
#undef EXT

static const struct ext_ops *const registry[] = {
#define EXT(sym) &sym,
#include "ext_registry.inc"
#undef EXT
};

const struct ext_ops *const *ext_all(size_t *n)
{
    *n = ARRAY_SIZE(registry);
    return registry;
}

const struct ext_ops *ext_find(enum ext_kind kind, const char *name)
{
    /* ~80 entries, looked up once per `-m`/`-j`: a linear scan is cheaper
     * than keeping a map, and there is no global state to initialise. */
    for (size_t i = 0; i < ARRAY_SIZE(registry); i++)
        if (registry[i]->name[0] == name[0] && registry[i]->kind == kind &&
            strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

/* ---- reporting ---- */

int ext_error(struct ext_parse *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(p->diags, DIAG_ERROR, p->loc, p->src_line, fmt, ap);
    va_end(ap);
    return -1;
}

int ext_error_opt(struct ext_parse *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(p->diags, DIAG_ERROR, p->opt_loc, p->src_line, fmt, ap);
    va_end(ap);
    return -1;
}

void ext_warn(struct ext_parse *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(p->diags, DIAG_WARNING, p->loc, p->src_line, fmt, ap);
    va_end(ap);
}

/* ---- value parsers ---- */

int ext_parse_uint(struct ext_parse *p, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    /* xtables_strtoul_base(s, ..., 0): decimal, 0x hex or 0 octal. */
    char *end;
    if (!*s || *s == '-' || isspace((unsigned char)*s))
        return ext_error(p, "\"%s\" is not a number", s);
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (*end || errno)
        return ext_error(p, "\"%s\" is not a number", s);
    if (v < min || v > max)
        return ext_error(p, "%s is out of range (%llu-%llu)", s, (unsigned long long)min,
                         (unsigned long long)max);
    *out = v;
    return 0;
}

int ext_parse_port(struct ext_parse *p, const char *s, uint16_t *out)
{
    /* xtables_parse_port(): a number in any base strtoul takes (0x10,
     * 010), else a service name of the rule's protocol only. */
    if (isdigit((unsigned char)*s)) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 0);
        if (*end || errno || v > 65535)
            return ext_error(p, "invalid port \"%s\" (0-65535 or a service name)", s);
        *out = (uint16_t)v;
        return 0;
    }
    const char *proto = p->proto == 17    ? "udp"
                        : p->proto == 132 ? "sctp"
                        : p->proto == 33  ? "dccp"
                        : p->proto == 136 ? "udp"
                                          : "tcp";
    int port = service_by_name(s, proto);
    if (port < 0)
        return ext_error(p, "invalid port \"%s\" (0-65535 or a %s service name)", s, proto);
    *out = (uint16_t)port;
    return 0;
}

int ext_parse_portrange(struct ext_parse *p, const char *s, struct ext_range16 *out)
{
    /* xtables_parse_port_range(): "a", "a:b", ":b" (0:b), "a:" (a:65535). */
    const char *colon = strchr(s, ':');
    if (!colon) {
        if (ext_parse_port(p, s, &out->lo))
            return -1;
        out->hi = out->lo;
        return 0;
    }
    char buf[64];
    size_t n = (size_t)(colon - s);
    if (n >= sizeof(buf))
        return ext_error(p, "invalid port range \"%s\"", s);
    memcpy(buf, s, n);
    buf[n] = 0;
    out->lo = 0;
    out->hi = 65535;
    if (n && ext_parse_port(p, buf, &out->lo))
        return -1;
    if (colon[1] && ext_parse_port(p, colon + 1, &out->hi))
        return -1;
    if (out->lo > out->hi)
        return ext_error(p, "invalid port range \"%s\": first port is above the last", s);
    return 0;
}

int ext_parse_markmask(struct ext_parse *p, const char *s, struct ext_markmask *out)
{
    /* xtables_parse_mark_mask(): value[/mask], mask defaults to all ones. */
    char buf[64];
    size_t n = strlen(s);
    if (n >= sizeof(buf))
        return ext_error(p, "invalid mark \"%s\"", s);
    memcpy(buf, s, n + 1);
    char *slash = strchr(buf, '/');
    uint64_t v, m = 0xffffffffu;
    if (slash)
        *slash = 0;
    if (ext_parse_uint(p, buf, 0, 0xffffffffu, &v))
        return -1;
    if (slash && ext_parse_uint(p, slash + 1, 0, 0xffffffffu, &m))
        return -1;
    out->val = (uint32_t)v;
    out->mask = (uint32_t)m;
    return 0;
}

int ext_parse_net(struct ext_parse *p, const char *s, struct ipt_net *out)
{
    const char *err = net_parse(p->family, s, out);
    if (err)
        return ext_error(p, "bad address \"%s\": %s", s, err);
    return 0;
}

int ext_parse_iface(struct ext_parse *p, const char *s, const char **out)
{
    /* xtables_parse_interface(): at most IFNAMSIZ-1 characters. */
    size_t n = strlen(s);
    if (n == 0)
        return ext_error(p, "empty interface name");
    if (n >= 16)
        return ext_error(p, "interface name \"%s\" is longer than 15 characters", s);
    for (const char *c = s; *c; c++)
        if (*c == ' ' || *c == '/')
            return ext_error(p, "invalid interface name \"%s\"", s);
    *out = ruleset_intern(p->rs, s);
    return 0;
}

/* ---- printers ---- */

void ext_print_string_quoted(struct strbuf *b, const char *s)
{
    /* xtables_save_string(): bare when every character is safe, else in
     * double quotes with '"', '\\' and '\'' escaped. */
    static const char safe[] = "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    size_t n = strspn(s, safe);
    if (n > 0 && s[n] == 0) {
        sb_puts(b, s);
        return;
    }
    sb_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\' || *s == '\'')
            sb_putc(b, '\\');
        sb_putc(b, *s);
    }
    sb_putc(b, '"');
}

void ext_print_net(struct strbuf *b, const struct ipt_net *n)
{
    char buf[128];
    net_format(n, buf, sizeof(buf));
    sb_puts(b, buf);
}

void ext_print_portrange(struct strbuf *b, const struct ext_range16 *r, char sep)
{
    if (r->lo == r->hi)
        sb_printf(b, "%u", r->lo);
    else
        sb_printf(b, "%u%c%u", r->lo, sep, r->hi);
}

static void print_value(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    const char *d = (const char *)e->data + o->off;
    bool hex = o->flags & EXT_OPT_HEX;
    switch (o->type) {
    case ARG_NONE:
    case ARG_CUSTOM:
        break;
    case ARG_U8:
        sb_printf(b, hex ? "0x%x" : "%u", *(const uint8_t *)d);
        break;
    case ARG_U16:
    case ARG_PORT:
        sb_printf(b, hex ? "0x%x" : "%u", *(const uint16_t *)d);
        break;
    case ARG_U32:
        sb_printf(b, hex ? "0x%x" : "%u", *(const uint32_t *)d);
        break;
    case ARG_U64:
        sb_printf(b, hex ? "0x%llx" : "%llu", (unsigned long long)*(const uint64_t *)d);
        break;
    case ARG_RANGE32: {
        const struct ext_range32 *r = (const void *)d;
        if (r->lo == r->hi)
            sb_printf(b, "%u", r->lo);
        else
            sb_printf(b, "%u:%u", r->lo, r->hi);
        break;
    }
    case ARG_PORTRANGE:
        ext_print_portrange(b, (const void *)d, ':');
        break;
    case ARG_STRING:
    case ARG_IFACE:
        sb_puts(b, *(const char *const *)d ? *(const char *const *)d : "");
        break;
    case ARG_QSTRING:
        ext_print_string_quoted(b, *(const char *const *)d ? *(const char *const *)d : "");
        break;
    case ARG_MARKMASK: {
        const struct ext_markmask *m = (const void *)d;
        if (m->mask == 0xffffffffu)
            sb_printf(b, "0x%x", m->val);
        else
            sb_printf(b, "0x%x/0x%x", m->val, m->mask);
        break;
    }
    case ARG_NET:
        ext_print_net(b, (const void *)d);
        break;
    }
}

void ext_opt_value(struct strbuf *b, const struct ipt_expr *e, const struct ext_opt *o)
{
    if (o->print)
        o->print(b, e, o);
    else if (o->type != ARG_NONE) {
        sb_putc(b, ' ');
        print_value(b, e, o);
    }
}

void ext_save_opts_generic(struct strbuf *b, const struct ipt_rule *r, const struct ipt_expr *e)
{
    (void)r;
    uint32_t done = 0;
    for (size_t i = 0; i < e->ops->nopts; i++) {
        const struct ext_opt *o = &e->ops->opts[i];
        if (!ext_has(e, o->id) || (done >> o->id & 1u) || (o->flags & EXT_OPT_NOSAVE))
            continue;
        done |= 1u << o->id;
        sb_puts(b, ext_inv(e, o->id) ? " ! --" : " --");
        sb_puts(b, o->name);
        ext_opt_value(b, e, o);
    }
}
