/*
 * expect.h - expectations: what must happen to a packet (`ipt-sim check`).
 *
 * An expectations file has one line per packet, in the packet language of
 * `trace` (sim/packet.c), an arrow, and the fate that must follow:
 *
 *   # ssh only from the office
 *   tcp:198.51.100.7->203.0.113.2:22 in=eth0 => drop
 *   tcp:203.0.113.9->203.0.113.2:443 in=eth0 => forward out=docker0 dst=172.17.0.2:8443
 *   # host: --iface eth0=203.0.113.2/24
 *
 * Fates: local, forward, output, drop, reject [with KIND], queue; before the
 * fate `any` or `all` says which branches of a fork must have it (default:
 * all). Constraints: out=IFACE, src=ADDR[:PORT], dst=ADDR[:PORT] (the packet
 * as it leaves, after NAT; ADDR may be `*` to constrain only the port), and
 * by=TABLE:CHAIN:rule:N, by=TABLE:CHAIN:policy or by="comment text".
 * `# host:` lines carry host options (--iface, --route, --sysctl, --host).
 * docs/check.md is the user's description.
 */
#ifndef IPTSIM_EXPECT_H
#define IPTSIM_EXPECT_H

#include "iptsim/diag.h"
#include "iptsim/sim.h"

enum expect_quant { EXPECT_ALL, EXPECT_ANY };

struct expect_endpoint {
    bool set;
    bool has_addr;
    uint8_t family;
    uint8_t addr[16];
    int port; /* -1: any */
};

/* The packet side of an --allow line of `ipt-sim diff` (docs/diff.md): a
 * set of packets rather than one. Empty lists match anything. */
struct expect_pattern {
    int proto; /* -1: any */
    struct ipt_net *src, *dst;
    size_t nsrc, ndst;
    uint16_t (*sports)[2], (*dports)[2]; /* ranges lo..hi */
    size_t nsports, ndports;
    char in[16]; /* "": from anywhere (an interface or the host) */
    bool in_neg; /* in=!IFACE */
    bool local;  /* only packets the host sends */
    int state;   /* -1: any */
};

struct expect {
    struct ipt_loc loc; /* the line (col 1, len: the whole line) */
    char *line;         /* the line as written */
    char *pkt_text;     /* the packet spec part, trimmed */
    struct sim_pkt_spec spec;
    uint8_t quant; /* enum expect_quant */
    bool quant_given;
    uint8_t fate;      /* enum sim_fate_kind */
    char *reject_with; /* NULL: any kind */
    char *out;         /* NULL: any interface */
    struct expect_endpoint src, dst;
    char *by;   /* NULL: any deciding rule */
    char *want; /* the expectation after "=>", normalised, for reports */
    /* --allow lines only (expect_load_allow_file): */
    struct expect_pattern *pat; /* the packets (spec is unused) */
    struct expect *was;         /* NULL, or what they did before ("was FATE ...") */
    bool any_now;               /* no "=>": any new outcome */
};

/* A `# host: --iface eth0=1.2.3.4/24` option, located for error messages. */
struct expect_host_opt {
    char *name; /* "iface", "route", "sysctl", "host" */
    char *value;
    struct ipt_loc loc;
    char *line;
};

struct expect_file {
    const char *path;
    struct expect *v;
    size_t n;
    struct expect_host_opt *host;
    size_t nhost;
};

/* Reads an expectations file. Every bad line is recorded in d (located, with
 * the line and a caret); returns -1 if any was bad, 0 otherwise. */
int expect_load_file(struct expect_file *f, const char *path, struct diags *d);
/* The same from text in memory (`name` names it in messages). */
int expect_load_text(struct expect_file *f, const char *name, const char *text, size_t len,
                     struct diags *d);
void expect_file_free(struct expect_file *f);

/* An --allow file of `ipt-sim diff`: lines
 *   PATTERN [was [any|all] FATE CONSTRAINTS...] [=> [any|all] FATE CONSTRAINTS...]
 * where PATTERN is PROTO:SRC[:SPORTS]->DST[:DPORTS] [in=[!]IFACE|local]
 * [state=STATE], PROTO may be `any`, SRC/DST `any` or comma-separated
 * ADDR[/LEN], PORTS comma-separated N or N-M. Located errors as above. */
int expect_load_allow_file(struct expect_file *f, const char *path, struct diags *d);
int expect_load_allow_text(struct expect_file *f, const char *name, const char *text, size_t len,
                           struct diags *d);
bool expect_pattern_match(const struct expect_pattern *p, const struct sim_pkt_spec *s);
/* Does --allow line x cover a packet that went from `old` to `new`? */
bool expect_allows(const struct expect *x, const struct sim_pkt_spec *s,
                   const struct sim_result *old, const struct sim_result *new_);

/* Does the result meet the expectation? When not, `why` (may be NULL) gets
 * one sentence saying what happened instead. */
bool expect_judge(const struct expect *x, const struct sim_result *r, struct strbuf *why);

/* "local", "forward", ... */
const char *expect_fate_name(int kind);

#endif
