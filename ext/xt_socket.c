/*
 * xt_socket.c - `-m socket` (net/netfilter/xt_socket.c): the packet belongs
 * to a local socket (transparent proxying). Revision 3 options.
 *
 * The socket lookup happens before the routing decision hands the packet to
 * the local stack, so the kernel allows it only in PREROUTING and INPUT.
 */
#include "iptsim/ext.h"

enum { O_TRANSPARENT, O_NOWILDCARD, O_RESTORESKMARK };

/* No data: the flags are the option bits. Save order: libxt_socket.c
 * socket_mt_save_v3. */
static const struct ext_opt socket_opts[] = {
    {"transparent", ARG_NONE, O_TRANSPARENT, 0},
    {"nowildcard", ARG_NONE, O_NOWILDCARD, 0},
    {"restore-skmark", ARG_NONE, O_RESTORESKMARK, 0},
};

const struct ext_ops ext_socket = {
    .name = "socket",
    .kind = EXT_MATCH,
    .size = 0,
    EXT_OPTS(socket_opts),
    .hooks = IPT_HOOK_BIT(IPT_HOOK_PREROUTING) | IPT_HOOK_BIT(IPT_HOOK_INPUT),
};
