/*
 * rsdiff.h - what a ruleset change does to traffic (`ipt-sim diff`).
 *
 * analysis/diff_pkts.c derives representative packets from the constants
 * two rulesets mention: for every address or prefix an address inside and
 * the addresses just outside it, for every port the port and its
 * neighbours, every interface (a '+' wildcard stands for one name it
 * matches), the protocols, the conntrack states the rules test, and the
 * marks of locally generated packets; plus one "anywhere" value per
 * dimension that no rule names. Where any rule's match can change, one of
 * these packets lies on each side of the edge.
 *
 * analysis/diff_compare.c traces each packet through both rulesets on the
 * same host and groups the packets whose fate, NAT result or deciding rule
 * changed into classes, each with a sentence and an example packet.
 */
#ifndef IPTSIM_RSDIFF_H
#define IPTSIM_RSDIFF_H

#include "iptsim/expect.h"
#include "iptsim/sim.h"

struct rsdiff_pkts {
    struct sim_pkt_spec *v;
    size_t n, cap;
    size_t wanted;        /* about how many the derivation gives without the cap */
    bool sampled;         /* the products were thinned to the cap */
    char other_iface[16]; /* the interface no rule names ("any other interface") */
};

/* Packets for rulesets rs[0..nrs-1] on host h (whose interfaces and
 * addresses are used). Rule-directed packets (one meeting each rule and
 * the rules that lead to it, one just missing each of its conditions) are
 * always there; the products of the constants are thinned evenly to about
 * `max` (0: no cap). */
void rsdiff_derive(const struct ipt_ruleset *const *rs, size_t nrs, const struct host *h,
                   size_t max, struct rsdiff_pkts *out);
/* Adds one packet (for --pkts), no duplicates. */
void rsdiff_add(struct rsdiff_pkts *p, const struct sim_pkt_spec *s);
void rsdiff_pkts_free(struct rsdiff_pkts *p);

/* The host address that derived packets are sent to for a family on an
 * interface: the interface's own address, else the first address of the
 * host. NULL when the host has none. */
const struct host_addr *rsdiff_host_addr(const struct host *h, int family, const char *iface);

/* One packet as a packet spec `trace --pkt` and `check` read back. */
void rsdiff_spec_format(struct strbuf *b, const struct sim_pkt_spec *s);

struct rsdiff_change {
    char *subject;         /* "tcp to 203.0.113.2:7788 from anywhere on ppp0" */
    char *was, *now;       /* "forward -> 172.17.0.2:7788 out of docker0", "local" */
    char *why;             /* "DNAT no longer reached; ..." or "" */
    char *example;         /* a packet spec */
    char *old_by, *new_by; /* deciding rules */
    size_t npkts;          /* packets of the class */
    /* the rule to look at: one the change added or removed, or the new
     * deciding rule (the name lives in the diags of rsdiff_opts) */
    const char *loc_file;
    uint32_t loc_line;
    /* the class */
    uint8_t family, proto, state;
    char **ins; /* interfaces it arrives on; "" = sent by the host */
    size_t nins;
    uint8_t (*dsts)[16]; /* destinations */
    size_t ndsts;
    uint16_t *dports;
    size_t ndports;
    bool src_any;
    /* the --allow line that declares the change intended ("FILE:LINE"), or NULL */
    char *intended;
};

struct rsdiff_result {
    struct rsdiff_change *v;
    size_t n;
    size_t npkts;     /* traced through both */
    size_t nchanged;  /* packets whose outcome changed */
    size_t nintended; /* classes an --allow line covers (listed after the others) */
};

struct rsdiff_opts {
    const struct sim_opts *so_old, *so_new;
    const struct diags *d; /* names the files rules came from */
    /* --allow (expect_load_allow_file), or NULL: a changed packet some line
     * covers is an intended change; classes never mix the two */
    const struct expect_file *allow;
};

/* Traces every packet through both rulesets on host h and groups changes. */
void rsdiff_compare(const struct ipt_ruleset *old_rs, const struct ipt_ruleset *new_rs,
                    struct host *h, const struct rsdiff_pkts *pk, const struct rsdiff_opts *o,
                    struct rsdiff_result *out);
void rsdiff_result_free(struct rsdiff_result *r);

void rsdiff_print_text(struct strbuf *b, const struct rsdiff_result *r);
/* h (may be NULL): the host the packets were traced on, printed as the
 * host options that rebuild it ("host": ["--iface", "eth0=...", ...]) so
 * that `trace` reproduces an example exactly. */
void rsdiff_print_json(struct strbuf *b, const struct rsdiff_result *r, const struct host *h);
/* SARIF 2.1.0 (report/sarif.h): one result per class, at the rule to look at. */
void rsdiff_print_sarif(struct strbuf *b, const struct rsdiff_result *r, const char *version);

#endif
