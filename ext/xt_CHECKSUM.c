/*
 * xt_CHECKSUM.c - `-j CHECKSUM --checksum-fill`: compute a checksum that was
 * left to offloading, for guests that cannot handle partial checksums
 * (net/netfilter/xt_CHECKSUM.c: mangle table only). Not terminal.
 */
#include "iptsim/ext.h"

enum { O_FILL };

static const struct ext_opt checksum_opts[] = {
    {"checksum-fill", ARG_NONE, O_FILL, EXT_OPT_MAND, .off = 0},
};

const struct ext_ops ext_CHECKSUM = {
    .name = "CHECKSUM",
    .kind = EXT_TARGET,
    .size = 1,
    EXT_OPTS(checksum_opts),
    .table = "mangle",
};
