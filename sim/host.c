/*
 * host.c - the host a packet meets: interfaces and their addresses, routes,
 * and the sysctls that change a packet's path.
 *
 * Given with --iface/--route/--sysctl (or --host FILE), or inferred from
 * the rules and the packets by host_infer(); every inference is recorded as
 * an assumption and printed with the result.
 */
#include "iptsim/ext.h"
#include "iptsim/sim.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void host_init(struct host *h)
{
    memset(h, 0, sizeof(*h));
    h->ip_forward = 1;
    h->ipv6_forwarding = 1;
    h->tcp_loose = 1;
}

void host_free(struct host *h)
{
    for (size_t i = 0; i < h->nifaces; i++)
        free(h->ifaces[i].addrs);
    free(h->ifaces);
    free(h->routes);
    for (size_t i = 0; i < h->nassumptions; i++)
        free(h->assumptions[i]);
    free(h->assumptions);
    ipset_db_free(&h->ipsets);
    memset(h, 0, sizeof(*h));
}

void host_assume(struct host *h, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < h->nassumptions; i++)
        if (strcmp(h->assumptions[i], s) == 0) {
            free(s);
            return;
        }
    h->assumptions = xrealloc(h->assumptions, (h->nassumptions + 1) * sizeof(char *));
    h->assumptions[h->nassumptions++] = s;
}

const struct host_iface *host_find_iface(const struct host *h, const char *name)
{
    for (size_t i = 0; i < h->nifaces; i++)
        if (strcmp(h->ifaces[i].name, name) == 0)
            return &h->ifaces[i];
    return NULL;
}

struct host_iface *host_get_iface(struct host *h, const char *name, bool inferred)
{
    struct host_iface *f = (struct host_iface *)host_find_iface(h, name);
    if (f)
        return f;
    h->ifaces = xrealloc(h->ifaces, (h->nifaces + 1) * sizeof(*h->ifaces));
    f = &h->ifaces[h->nifaces++];
    memset(f, 0, sizeof(*f));
    snprintf(f->name, sizeof(f->name), "%s", name);
    f->inferred = inferred;
    return f;
}

/* Adds an address and its connected route (as `ip addr add` does). */
static void iface_add_addr(struct host *h, struct host_iface *f, int family, const uint8_t a[16],
                           int plen)
{
    for (size_t i = 0; i < f->naddrs; i++)
        if (f->addrs[i].family == family && memcmp(f->addrs[i].a, a, 16) == 0)
            return;
    f->addrs = xrealloc(f->addrs, (f->naddrs + 1) * sizeof(*f->addrs));
    struct host_addr *ha = &f->addrs[f->naddrs++];
    ha->family = (uint8_t)family;
    memcpy(ha->a, a, 16);
    ha->plen = (uint8_t)plen;
    struct ipt_net n;
    net_from_prefix(family, a, plen, &n);
    struct host_route r = {.family = (uint8_t)family, .plen = (uint8_t)plen,
                           .inferred = f->inferred, .connected = true};
    memcpy(r.prefix, n.addr, 16);
    snprintf(r.dev, sizeof(r.dev), "%s", f->name);
    h->routes = xrealloc(h->routes, (h->nroutes + 1) * sizeof(*h->routes));
    h->routes[h->nroutes++] = r;
}

void host_add_addr(struct host *h, const char *iface, int family, const uint8_t a[16], int plen,
                   bool inferred)
{
    struct host_iface *f = host_get_iface(h, iface, inferred);
    iface_add_addr(h, f, family, a, plen);
}

static int family_of(const char *s)
{
    return strchr(s, ':') ? IPT_FAM_IPV6 : IPT_FAM_IPV4;
}

static const char *parse_addr_plen(const char *s, int *family, uint8_t a[16], int *plen)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", s);
    char *slash = strchr(buf, '/');
    *family = family_of(buf);
    *plen = addr_len(*family) * 8;
    if (slash) {
        *slash = 0;
        char *end;
        long v = strtol(slash + 1, &end, 10);
        if (*end || v < 0 || v > *plen)
            return "bad prefix length";
        *plen = (int)v;
    }
    if (!addr_parse(*family, buf, a))
        return "bad address";
    return NULL;
}

const char *host_add_iface_spec(struct host *h, const char *spec, char *err, size_t nerr)
{
    /* NAME=ADDR/LEN[+ADDR/LEN...], several separated by commas */
    char *copy = xstrdup(spec), *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        if (eq)
            *eq = 0;
        if (!*item || strlen(item) > 15) {
            snprintf(err, nerr, "bad interface \"%s\" in --iface (NAME=ADDR/LEN)", item);
            free(copy);
            return err;
        }
        struct host_iface *f = host_get_iface(h, item, false);
        f->inferred = false;
        if (!eq)
            continue;
        char *save2 = NULL;
        for (char *a = strtok_r(eq + 1, "+", &save2); a; a = strtok_r(NULL, "+", &save2)) {
            int fam, plen;
            uint8_t addr[16];
            const char *e = parse_addr_plen(a, &fam, addr, &plen);
            if (e) {
                snprintf(err, nerr, "%s \"%s\" in --iface %s", e, a, item);
                free(copy);
                return err;
            }
            iface_add_addr(h, f, fam, addr, plen);
        }
    }
    free(copy);
    return NULL;
}

const char *host_add_route_spec(struct host *h, const char *spec, char *err, size_t nerr)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", spec);
    struct host_route r = {0};
    char *save = NULL;
    char *w = strtok_r(buf, " \t", &save);
    if (!w)
        return "empty --route";
    if (strcmp(w, "default") == 0) {
        r.family = IPT_FAM_IPV4;
        r.plen = 0;
    } else {
        int fam, plen;
        const char *e = parse_addr_plen(w, &fam, r.prefix, &plen);
        if (e) {
            snprintf(err, nerr, "%s \"%s\" in --route (PREFIX|default [via GW] dev IFACE)",
                     e, w);
            return err;
        }
        r.family = (uint8_t)fam;
        r.plen = (uint8_t)plen;
    }
    while ((w = strtok_r(NULL, " \t", &save))) {
        char *arg = strtok_r(NULL, " \t", &save);
        if (!arg) {
            snprintf(err, nerr, "\"%s\" needs a value in --route", w);
            return err;
        }
        if (strcmp(w, "via") == 0) {
            int fam = family_of(arg);
            if (!addr_parse(fam, arg, r.gw)) {
                snprintf(err, nerr, "bad gateway \"%s\" in --route", arg);
                return err;
            }
            r.has_gw = true;
            if (strcmp(spec, "default") != 0 && fam != r.family && r.plen == 0)
                r.family = (uint8_t)fam;
        } else if (strcmp(w, "dev") == 0) {
            snprintf(r.dev, sizeof(r.dev), "%s", arg);
        } else {
            snprintf(err, nerr, "unknown word \"%s\" in --route (via, dev)", w);
            return err;
        }
    }
    if (!r.dev[0] && r.has_gw) {
        /* the gateway must be on a connected network (as `ip route` says:
         * "Nexthop has invalid gateway" otherwise) */
        const struct host_route *via = host_route_lookup(h, r.family, r.gw);
        if (via && !via->has_gw)
            snprintf(r.dev, sizeof(r.dev), "%s", via->dev);
    }
    if (!r.dev[0])
        return "--route needs \"dev IFACE\" (or a gateway on a network of a known "
               "interface)";
    host_get_iface(h, r.dev, false);
    h->routes = xrealloc(h->routes, (h->nroutes + 1) * sizeof(*h->routes));
    h->routes[h->nroutes++] = r;
    return NULL;
}

const char *host_set_sysctl(struct host *h, const char *kv, char *err, size_t nerr)
{
    const char *eq = strchr(kv, '=');
    if (!eq)
        return "--sysctl needs KEY=VALUE";
    char key[128];
    snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
    for (char *p = key; *p; p++)
        if (*p == '/')
            *p = '.';
    char *end;
    long v = strtol(eq + 1, &end, 10);
    if (*end || end == eq + 1) {
        snprintf(err, nerr, "--sysctl %s: value must be a number", key);
        return err;
    }
    const char *k = key;
    if (!strcmp(k, "net.ipv4.ip_forward") || !strcmp(k, "net.ipv4.conf.all.forwarding")) {
        h->ip_forward = v != 0;
        h->ip_forward_given = true;
    } else if (!strcmp(k, "net.ipv6.conf.all.forwarding")) {
        h->ipv6_forwarding = v != 0;
    } else if (!strncmp(k, "net.ipv4.conf.", 14) && strstr(k, ".rp_filter") &&
               !strcmp(strstr(k, ".rp_filter"), ".rp_filter")) {
        /* the effective value is the larger of conf/all and conf/IFACE */
        if (v < 0 || v > 2)
            return "rp_filter is 0, 1 (strict) or 2 (loose)";
        if (v > h->rp_filter)
            h->rp_filter = (int)v;
    } else if (!strncmp(k, "net.ipv4.conf.", 14) && strstr(k, ".route_localnet")) {
        h->route_localnet = v != 0;
    } else if (!strcmp(k, "net.netfilter.nf_conntrack_tcp_be_liberal")) {
        h->tcp_be_liberal = v != 0;
    } else if (!strcmp(k, "net.netfilter.nf_conntrack_tcp_loose")) {
        h->tcp_loose = v != 0;
    } else {
        snprintf(err, nerr,
                 "unknown sysctl %s (ipt-sim models net.ipv4.ip_forward, "
                 "net.ipv6.conf.all.forwarding, net.ipv4.conf.*.rp_filter, "
                 "net.ipv4.conf.*.route_localnet, net.netfilter.nf_conntrack_tcp_be_liberal, "
                 "net.netfilter.nf_conntrack_tcp_loose)",
                 key);
        return err;
    }
    return NULL;
}

bool host_is_local(const struct host *h, int family, const uint8_t a[16])
{
    if (family == IPT_FAM_IPV4 && a[0] == 127)
        return true;
    static const uint8_t lo6[16] = {[15] = 1};
    if (family == IPT_FAM_IPV6 && memcmp(a, lo6, 16) == 0)
        return true;
    for (size_t i = 0; i < h->nifaces; i++)
        for (size_t j = 0; j < h->ifaces[i].naddrs; j++) {
            const struct host_addr *x = &h->ifaces[i].addrs[j];
            if (x->family == family && memcmp(x->a, a, 16) == 0)
                return true;
        }
    return false;
}

static bool prefix_match(int family, const uint8_t p[16], int plen, const uint8_t a[16])
{
    struct ipt_net n;
    net_from_prefix(family, p, plen, &n);
    return net_contains(&n, a);
}

const struct host_route *host_route_lookup(const struct host *h, int family,
                                           const uint8_t dst[16])
{
    /* longest prefix wins; interfaces' connected nets are routes too */
    const struct host_route *best = NULL;
    for (size_t i = 0; i < h->nroutes; i++) {
        const struct host_route *r = &h->routes[i];
        if (r->family == family && (!best || r->plen > best->plen) &&
            prefix_match(family, r->prefix, r->plen, dst))
            best = r;
    }
    return best;
}

const struct host_addr *host_iface_addr(const struct host *h, const char *iface, int family)
{
    const struct host_iface *f = host_find_iface(h, iface);
    if (!f)
        return NULL;
    for (size_t i = 0; i < f->naddrs; i++)
        if (f->addrs[i].family == family)
            return &f->addrs[i];
    return NULL;
}

int host_addr_type(const struct host *h, int family, const uint8_t a[16])
{
    if (host_is_local(h, family, a))
        return ADDRT_LOCAL;
    if (family == IPT_FAM_IPV4) {
        if ((a[0] & 0xf0) == 0xe0)
            return ADDRT_MULTICAST;
        if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
            return ADDRT_BROADCAST;
        /* the broadcast address of a connected subnet */
        for (size_t i = 0; i < h->nifaces; i++)
            for (size_t j = 0; j < h->ifaces[i].naddrs; j++) {
                const struct host_addr *x = &h->ifaces[i].addrs[j];
                if (x->family != family || x->plen >= 31)
                    continue;
                struct ipt_net n;
                net_from_prefix(family, x->a, x->plen, &n);
                bool bcast = net_contains(&n, a);
                for (int k = 0; k < 4 && bcast; k++)
                    bcast = (a[k] | n.mask[k]) == 0xff;
                if (bcast)
                    return ADDRT_BROADCAST;
            }
        if (a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0)
            return ADDRT_BROADCAST; /* 0.0.0.0 is RTN_BROADCAST in inet_addr_type */
    } else if (a[0] == 0xff) {
        return ADDRT_MULTICAST;
    }
    return ADDRT_UNICAST;
}
