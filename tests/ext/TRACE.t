# -j TRACE (ext/xt_TRACE.c)
*raw
-A PREROUTING -j TRACE
=
-A OUTPUT -p tcp -j TRACE
=
-A PREROUTING -j TRACE --foo
! unknown option
# iptables-nft makes TRACE a native nft expression: any table takes it
*filter
-A INPUT -j TRACE
=
*mangle
-A PREROUTING -j TRACE
=
@family 6
*raw
-A PREROUTING -j TRACE
=
