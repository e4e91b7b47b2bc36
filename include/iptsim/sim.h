/*
 * sim.h - the simulator: a packet, the host it meets, the connection
 * tracking table, and the walk through every hook.
 *
 * The engine (sim/engine.c) runs the hooks in the kernel's order and, on
 * each hook, every base chain in priority order (xtables tables at their
 * fixed priorities, conntrack at -200). Each rule's expressions are
 * evaluated by their extension's .match function, which reads the packet
 * from struct sim_ctx; targets act through .target.
 *
 * What the simulator cannot know (statistic, limit, an unknown extension,
 * an empty ipset) is a fork: the extension calls sim_decide(), the engine
 * runs the simulation once per combination of answers, and every branch is
 * reported with its conditions and probability.
 */
#ifndef IPTSIM_SIM_H
#define IPTSIM_SIM_H

#include "iptsim/ipset.h"
#include "iptsim/model.h"
#include "iptsim/net.h"

/* ---- the packet ---- */

#define TCPF_FIN 0x01
#define TCPF_SYN 0x02
#define TCPF_RST 0x04
#define TCPF_PSH 0x08
#define TCPF_ACK 0x10
#define TCPF_URG 0x20
#define TCPF_ECE 0x40
#define TCPF_CWR 0x80

struct sim_pkt {
    uint8_t family; /* IPT_FAM_IPV4 / IPT_FAM_IPV6 */
    uint8_t proto;  /* IPPROTO_* */
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
    uint8_t tcp_flags;
    uint8_t icmp_type, icmp_code;
    uint8_t ttl;
    uint8_t tos;
    bool fragment;
    uint16_t len;
    uint32_t seq, ack;
    uint32_t mark;
};

/* Conntrack states as xt_conntrack sees them (XT_CONNTRACK_STATE_*). */
enum ct_state {
    CT_NEW,
    CT_ESTABLISHED,
    CT_RELATED,
    CT_INVALID,
    CT_UNTRACKED,
};
const char *ct_state_name(int s);
int ct_state_parse(const char *s); /* -1 if unknown */

/* ---- the host ---- */

struct host_addr {
    uint8_t family;
    uint8_t a[16];
    uint8_t plen;
};

struct host_iface {
    char name[16];
    struct host_addr *addrs;
    size_t naddrs;
    bool inferred; /* guessed from the rules, not given */
};

struct host_route {
    uint8_t family;
    uint8_t prefix[16];
    uint8_t plen;
    bool has_gw;
    uint8_t gw[16];
    char dev[16];
    bool inferred;
    bool connected; /* an interface address's own subnet */
};

struct host {
    struct host_iface *ifaces;
    size_t nifaces;
    struct host_route *routes;
    size_t nroutes;
    /* sysctls */
    int ip_forward;      /* net.ipv4.ip_forward (default 1: a router/Docker host) */
    int ipv6_forwarding; /* net.ipv6.conf.all.forwarding */
    int rp_filter;       /* net.ipv4.conf.all.rp_filter (0 off, 1 strict, 2 loose) */
    int route_localnet;  /* net.ipv4.conf.all.route_localnet */
    int tcp_be_liberal;  /* net.netfilter.nf_conntrack_tcp_be_liberal */
    int tcp_loose;       /* net.netfilter.nf_conntrack_tcp_loose (default 1) */
    bool ip_forward_given;
    /* ipset contents (--ipset FILE, --assume set:NAME=...) */
    struct ipset_db ipsets;
    /* what ipt-sim assumed, in words, for the report */
    char **assumptions;
    size_t nassumptions;
};

void host_init(struct host *h);
void host_free(struct host *h);
/* These return NULL, or an error message (a constant, or written into err). */
/* "docker0=172.17.0.1/16[+ADDR/LEN...]" */
const char *host_add_iface_spec(struct host *h, const char *spec, char *err, size_t nerr);
/* "10.0.0.0/8 via 1.2.3.4 dev eth0", "default dev eth0" */
const char *host_add_route_spec(struct host *h, const char *spec, char *err, size_t nerr);
/* "net.ipv4.ip_forward=0" */
const char *host_set_sysctl(struct host *h, const char *kv, char *err, size_t nerr);
void host_assume(struct host *h, const char *fmt, ...) IPTSIM_PRINTF(2, 3);
const struct host_iface *host_find_iface(const struct host *h, const char *name);
struct host_iface *host_get_iface(struct host *h, const char *name, bool inferred);
/* Adds an address (and its connected route) to an interface. */
void host_add_addr(struct host *h, const char *iface, int family, const uint8_t a[16], int plen,
                   bool inferred);
/* Is the address one of the host's own? */
bool host_is_local(const struct host *h, int family, const uint8_t a[16]);
/* Route lookup: the output interface for dst (longest prefix), or NULL. */
const struct host_route *host_route_lookup(const struct host *h, int family, const uint8_t dst[16]);
/* The primary address of an interface in a family (MASQUERADE, REDIRECT). */
const struct host_addr *host_iface_addr(const struct host *h, const char *iface, int family);

/* Address types as xt_addrtype / RTN_*. */
enum addr_type {
    ADDRT_UNSPEC = 0,
    ADDRT_UNICAST = 1,
    ADDRT_LOCAL = 2,
    ADDRT_BROADCAST = 3,
    ADDRT_ANYCAST = 4,
    ADDRT_MULTICAST = 5,
    ADDRT_BLACKHOLE = 6,
    ADDRT_UNREACHABLE = 7,
    ADDRT_PROHIBIT = 8,
    ADDRT_THROW = 9,
    ADDRT_NAT = 10,
    ADDRT_XRESOLVE = 11,
};
/* The routing type of an address on this host (inet_addr_type). */
int host_addr_type(const struct host *h, int family, const uint8_t a[16]);

/* ---- conntrack ---- */

struct ct_tuple {
    uint8_t src[16], dst[16];
    uint16_t sport, dport; /* ICMP: id in sport, type in dport */
    uint8_t proto;
};

#define CT_STATUS_SEEN_REPLY   0x01
#define CT_STATUS_ASSURED      0x02
#define CT_STATUS_CONFIRMED    0x04
#define CT_STATUS_SNAT         0x08
#define CT_STATUS_DNAT         0x10
#define CT_STATUS_NAT_DONE_SRC 0x20
#define CT_STATUS_NAT_DONE_DST 0x40

struct ct_entry {
    uint8_t family;
    struct ct_tuple orig, reply; /* reply reflects NAT */
    uint32_t status;
    uint32_t mark;
    uint8_t tcp_state;                  /* simplified TCP tracking */
    uint32_t seq_hi_orig, seq_hi_reply; /* highest sequence seen, for window checks */
    bool has_seq;
    /* per direction: when (an increasing count) and by which interface a
     * packet of the connection last left the host; 0 and "" if none did.
     * An ICMP error coming back is about the latest such packet. */
    uint32_t left[2];
    char left_if[2][16];
};

struct ct_table {
    struct ct_entry *v;
    size_t n, cap;
};

/* ---- results ---- */

enum sim_event_type { SIM_EV_RULE, SIM_EV_RETURN, SIM_EV_POLICY, SIM_EV_NOTE };

struct sim_event {
    uint8_t type; /* enum sim_event_type */
    uint8_t hook;
    uint8_t verdict; /* enum ipt_verdict as the kernel trace reports it */
    const struct ipt_table *table;
    const struct ipt_chain *chain;
    const struct ipt_rule *rule; /* SIM_EV_RULE */
    /* the base chain whose walk this event belongs to, and for JUMP/GOTO
     * the chain jumped to (the rule's, or the one a verdict map chose) */
    const struct ipt_chain *base, *jump;
    bool first_in_walk; /* the walk's first event (nft traces dump the packet) */
    uint32_t rulenum;   /* 1-based; policy/return: nrules + 1 */
    struct sim_pkt pkt; /* the packet as it entered this rule */
    char iif[16], oif[16];
    char *note; /* SIM_EV_NOTE: routing, conntrack, NAT explanations */
};

enum sim_fate_kind {
    FATE_LOCAL,   /* delivered to a local socket */
    FATE_FORWARD, /* sent out of an interface, forwarded */
    FATE_OUTPUT,  /* locally generated, sent out */
    FATE_DROP,
    FATE_REJECT,
    FATE_QUEUE,
};

struct sim_fate {
    uint8_t kind;
    struct sim_pkt pkt; /* as it leaves (after NAT) */
    char out[16];
    char *by;                    /* "filter:INPUT:rule:3", "routing:forwarding-disabled", ... */
    char *reject_with;           /* "tcp-reset", "icmp-port-unreachable", ... */
    const char *random_port;     /* "sport"/"dport": the kernel picks it at random */
    const struct ipt_rule *rule; /* the deciding rule, if any */
};

struct sim_condition {
    char *text; /* "statistic --probability 0.5 matched" */
    bool taken;
    double probability; /* of this answer, or -1 unknown */
};

struct sim_branch {
    double probability; /* -1 when some condition has no probability */
    struct sim_condition *conds;
    size_t nconds;
    struct sim_event *events;
    size_t nevents, capevents;
    struct sim_fate fate;
    uint8_t ctstate; /* the state the packet had */
};

struct sim_result {
    struct sim_branch *branches;
    size_t nbranches;
    bool truncated; /* more branches than the limit */
};

void sim_result_free(struct sim_result *r);

/* ---- the context extensions see ---- */

struct sim_run; /* engine-private */

struct sim_ctx {
    struct sim_run *run;
    const struct host *host;
    struct sim_pkt *pkt;
    uint8_t family;
    uint8_t hook;
    const char *iif, *oif; /* NULL when there is none */
    struct ct_entry *ct;   /* NULL when untracked */
    uint8_t ctstate;       /* enum ct_state */
    uint8_t ctdir;         /* 0 original, 1 reply */
    bool ct_is_new;        /* first packet of the connection (nat chains run) */
    const struct ipt_table *table;
    const struct ipt_chain *chain;
    const struct ipt_rule *rule;
    const struct ipt_expr *expr; /* the expression being evaluated */
    /* set by targets */
    const char *reject_with;
    const char *random_port; /* "sport"/"dport" when NAT picked it at random */
    bool notrack;
    bool trace;
    /* a target returning IPT_V_JUMP or IPT_V_GOTO (an nft verdict map)
     * names the chain here */
    const struct ipt_chain *jump;
    /* an nft target whose lookup found no element (a verdict map, `dnat
     * to ... map`) sets this and returns IPT_V_CONTINUE: NFT_BREAK, the
     * rule did not match after all and the kernel traces no event for it
     * (a map element `continue` leaves it unset: traced as continue) */
    bool rule_break;
    /* a target whose trace verdict differs from what it does sets this
     * (NFQUEUE --queue-bypass with no program on the queue: the trace says
     * QUEUE, the packet is accepted) */
    uint8_t shown_verdict;
};

/* For an extension whose answer the simulator cannot know: returns the
 * answer of the current branch (true = matches). `probability` is the
 * chance of a match, or a negative number when unknown. The engine reports
 * `what` as the branch's condition. */
bool sim_decide(struct sim_ctx *c, const char *what, double probability);

/* The verdict of a packet sent to nfnetlink queue(s) num..num+total-1:
 * whether a program reads the queue is unknown, so the simulation forks;
 * without one the packet is dropped, or accepted with --queue-bypass. */
int sim_queue_verdict(struct sim_ctx *c, unsigned num, unsigned total, bool bypass);

/* A line in the trace's notes (NAT, conntrack and routing explanations)
 * from an extension. */
void sim_ctx_note(struct sim_ctx *c, const char *fmt, ...) IPTSIM_PRINTF(2, 3);

/* Address helpers for match functions. */
static inline const uint8_t *sim_src(const struct sim_ctx *c)
{
    return c->pkt->src;
}
static inline const uint8_t *sim_dst(const struct sim_ctx *c)
{
    return c->pkt->dst;
}
/* Interface name match with iptables' '+' wildcard. */
bool sim_iface_match(const char *rule_iface, const char *pkt_iface);

/* NAT requests from targets (sim/nat.c). A range of addresses and ports;
 * the engine picks the first address and keeps or maps the port. */
struct sim_nat_range {
    uint8_t min_addr[16], max_addr[16];
    uint16_t min_port, max_port;
    bool has_addr, has_port;
};
/* Applies source or destination NAT to the packet and the connection. */
int sim_nat(struct sim_ctx *c, bool dst, const struct sim_nat_range *r);

/* ---- running it ---- */

struct sim_pkt_spec {
    struct sim_pkt pkt;
    char in[16]; /* arrives on this interface ("" with local) */
    bool local;  /* generated by the host */
    int state;   /* forced conntrack state, -1 for "as conntrack decides" */
    bool reply;  /* build as the reply to the previous packet */
    bool sport_given;
    bool out_of_window; /* a TCP segment outside the connection's window */
};

/* Parses "tcp:1.1.1.1[:SPORT]->2.2.2.2:DPORT [in=IF] [local] [state=S] [flags=SYN,ACK]
 * [mark=N] [ttl=N] [len=N] [icmp-type=N]". Returns NULL or an error
 * message written into err. */
const char *sim_pkt_parse(const char *spec, struct sim_pkt_spec *out, char *err, size_t nerr);

/* An index of the big chains of a ruleset (sim/index.c), built once and
 * passed in sim_opts: a chain of thousands of `-d ADDR/32` rules is then
 * looked up instead of scanned. Results are the same with or without. */
struct sim_index;
struct sim_index *sim_index_new(const struct ipt_ruleset *rs);
void sim_index_free(struct sim_index *x);

struct sim_opts {
    size_t max_branches;           /* default 64 */
    const struct sim_index *index; /* optional */
    /* --assume NAME=pass|fail for extensions (limit, statistic, ...) */
    const char **assume;
    size_t nassume;
};

/* Simulates one packet on `ct` (updated for the next packet). */
int sim_run_packet(const struct ipt_ruleset *rs, struct host *h, struct ct_table *ct,
                   const struct sim_pkt_spec *spec, const struct sim_opts *o,
                   struct sim_result *out);

/* Fills in interfaces and routes the rules and the packets imply, each
 * recorded as an assumption. */
void host_infer(struct host *h, const struct ipt_ruleset *rs, const struct sim_pkt_spec *pkts,
                size_t npkts);
/* The same in two steps, for a caller that infers a host for many packets
 * of one ruleset (lint's witnesses): what the rules imply is read once. */
struct host_hints;
struct host_hints *host_hints_new(const struct ipt_ruleset *rs);
void host_hints_free(struct host_hints *x);
void host_infer_hints(struct host *h, const struct host_hints *x, const struct sim_pkt_spec *pkts,
                      size_t npkts);

#endif
