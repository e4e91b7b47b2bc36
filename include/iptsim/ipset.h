/*
 * ipset.h - ipset contents, so that `-m set --match-set` is decided instead
 * of forked.
 *
 * A dump of iptables rules names sets but does not hold them. `ipset save`
 * output (read with ipset_load_file) or a list of members given on the
 * command line (ipset_assume) fills an ipset_db; the engine asks
 * ipset_test() whether the element built from a packet is in a set. A set
 * ipt-sim knows only in part (an element it could not read, a MAC
 * dimension it cannot see) answers "unknown" and the simulation forks as
 * if the set were not given.
 */
#ifndef IPTSIM_IPSET_H
#define IPTSIM_IPSET_H

#include "iptsim/diag.h"

#define IPSET_MAXDIM 3

/* What one dimension of a set type holds (net/netfilter/ipset/ip_set_*). */
enum ipset_dim {
    IPSET_DIM_ADDR,  /* ip or net */
    IPSET_DIM_PORT,  /* proto:port */
    IPSET_DIM_MAC,   /* ether address: not known for a simulated packet */
    IPSET_DIM_MARK,  /* skb mark */
    IPSET_DIM_IFACE, /* interface name */
    IPSET_DIM_SET,   /* list:set: the member is a set */
};

struct ipset_entry {
    struct {
        uint8_t lo[16], hi[16]; /* ADDR: an inclusive range */
        uint8_t plen;           /* ADDR: its prefix length (specificity) */
        uint8_t proto;          /* PORT */
        uint16_t port_lo, port_hi;
        uint32_t mark; /* MARK */
        char name[32]; /* IFACE, SET */
    } d[IPSET_MAXDIM];
    bool nomatch;
    uint32_t line;
};

struct ipset {
    char name[32];
    char type[24];
    uint8_t family; /* IPT_FAM_IPV4 / IPT_FAM_IPV6; 0 for list:set */
    uint8_t ndim;
    uint8_t dims[IPSET_MAXDIM]; /* enum ipset_dim */
    uint8_t netmask;            /* hash:ip netmask (0: none) */
    uint32_t markmask;          /* hash:ip,mark */
    bool partial;               /* some entries could not be read: a miss is not sure */
    struct ipset_entry *v;
    size_t n, cap;
    char *file;    /* where it was read (NULL: --assume) */
    uint32_t line; /* where it was created */
};

struct ipset_db {
    struct ipset *v;
    size_t n, cap;
};

void ipset_db_free(struct ipset_db *db);
const struct ipset *ipset_find(const struct ipset_db *db, const char *name);

/* Reads `ipset save` (or an `ipset restore` script of create/add lines).
 * Problems go to diags with their location; returns 0 when it loaded
 * without errors. */
int ipset_load_buffer(struct ipset_db *db, struct diags *d, const char *name, const char *buf,
                      size_t len);
int ipset_load_file(struct ipset_db *db, struct diags *d, const char *path);

/* `NAME=MEMBER[,MEMBER...]` (addresses, prefixes or ranges): a hash:net
 * set holding exactly those. Returns NULL or an error message in err. */
const char *ipset_assume(struct ipset_db *db, const char *spec, char *err, size_t nerr);

/* The element the kernel builds from a packet (set_match_v4 ->
 * ip_set_test): per dimension, the source or the destination side. */
struct sim_pkt;
struct ipset_query {
    uint8_t family;
    uint8_t dim; /* dimensions the rule gave */
    bool src[6]; /* per dimension: src (else dst) */
    const struct sim_pkt *pkt;
    const char *iif, *oif;
    bool return_nomatch;
};

enum ipset_answer { IPSET_NO = 0, IPSET_YES = 1, IPSET_UNKNOWN = -1 };

/* Whether the set holds the packet's element. `why` gets a short
 * explanation ("10.0.0.5 is in 10.0.0.0/8 (sets.save:4)"). Depth guards
 * list:set recursion. */
enum ipset_answer ipset_test(const struct ipset_db *db, const struct ipset *s,
                             const struct ipset_query *q, char *why, size_t nwhy);

#endif
