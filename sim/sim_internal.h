/*
 * sim_internal.h - what the engine's files share (sim/): the state of one
 * simulation run.
 */
#ifndef IPTSIM_SIM_INTERNAL_H
#define IPTSIM_SIM_INTERNAL_H

#include "iptsim/ext.h"
#include "iptsim/sim.h"

/* nf_tables allows 16 nested jumps (NFT_JUMP_STACK_SIZE); iptables-nft
 * rulesets live there, so deeper jumps cannot load. */
#define SIM_MAX_JUMP_DEPTH 16
#define SIM_MAX_STEPS      1000000
/* Per run: beyond these the run stops with a note (hostile or unknowable
 * rulesets must not exhaust memory). */
#define SIM_MAX_EVENTS     100000
#define SIM_MAX_QUESTIONS  1024

struct sim_run {
    const struct ipt_ruleset *rs;
    struct host *host;
    const struct sim_opts *opts;
    const struct sim_pkt_spec *spec;
    struct ct_table ct; /* this run's copy */
    /* forks */
    const bool *prefix;
    size_t nprefix;
    size_t ndecided;
    bool *answers;
    size_t nanswers, capanswers;
    size_t new_questions;
    /* result */
    struct sim_branch branch;
    bool done;
    bool overflow; /* a per-run limit was hit: stop walking */
    bool looped;   /* a local packet back in through lo: keeps its conntrack */
    bool reroute;  /* a route or nat chain in OUTPUT changed what routing sees */
    bool walk_traced; /* the current base chain walk has traced an event */
    /* storage for interface names the context points at */
    char iif[16], oif[16];
    char buf_dst[64];
    /* conntrack bookkeeping for this packet */
    int ct_index;     /* entry of this packet, -1 none */
    bool ct_created;  /* created by this packet (unconfirmed) */
};

/* index.c: the destination index of a big chain (NULL if none) */
struct chain_index;
const struct chain_index *sim_index_chain(const struct sim_index *x, const struct ipt_chain *c);
/* Walks the rule positions >= from that can match a packet to dst. */
struct sim_index_cursor {
    const uint32_t *wild, *keyed;
    uint32_t nwild, nkeyed, wi, ki;
};
void sim_index_cursor(const struct chain_index *ci, int family, const uint8_t dst[16],
                      uint32_t from, struct sim_index_cursor *cur);
uint32_t sim_index_cursor_next(struct sim_index_cursor *cur, uint32_t from);

void sim_note(struct sim_run *R, struct sim_ctx *c, const char *fmt, ...) IPTSIM_PRINTF(3, 4);

/* conntrack.c */
void sim_conntrack_in(struct sim_run *R, struct sim_ctx *c);
void sim_conntrack_confirm(struct sim_run *R, struct sim_ctx *c);
void sim_conntrack_discard_unconfirmed(struct sim_run *R, struct sim_ctx *c);
void sim_nat_apply_binding(struct sim_run *R, struct sim_ctx *c);
void sim_nat_null_binding(struct sim_run *R, struct sim_ctx *c);

#endif
