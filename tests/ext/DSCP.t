# -j DSCP (ext/xt_DSCP.c)
*mangle
-A PREROUTING -j DSCP --set-dscp 10
= -A PREROUTING -j DSCP --set-dscp 0x0a
-A PREROUTING -j DSCP --set-dscp 0x0a
=
-A PREROUTING -j DSCP --set-dscp 63
= -A PREROUTING -j DSCP --set-dscp 0x3f
-A PREROUTING -j DSCP --set-dscp 0
= -A PREROUTING -j DSCP --set-dscp 0x00
-A PREROUTING -j DSCP --set-dscp-class EF
= -A PREROUTING -j DSCP --set-dscp 0x2e
-A PREROUTING -j DSCP --set-dscp-class af11
= -A PREROUTING -j DSCP --set-dscp 0x0a
-A PREROUTING -j DSCP --set-dscp-class AF43
= -A PREROUTING -j DSCP --set-dscp 0x26
-A POSTROUTING -j DSCP --set-dscp-class cs6
= -A POSTROUTING -j DSCP --set-dscp 0x30
-A PREROUTING -j DSCP --set-dscp-class BE
= -A PREROUTING -j DSCP --set-dscp 0x00
-A PREROUTING -j DSCP --set-dscp 64
! out of range
-A PREROUTING -j DSCP --set-dscp-class foo
! invalid DSCP class
-A PREROUTING -j DSCP --set-dscp-class af4
! invalid DSCP class
-A PREROUTING -j DSCP
! is required
-A PREROUTING -j DSCP --set-dscp 1 --set-dscp-class EF
! cannot be used together
*filter
-A INPUT -j DSCP --set-dscp 1
! only valid in the mangle table
@family 6
*mangle
-A OUTPUT -j DSCP --set-dscp-class AF21
= -A OUTPUT -j DSCP --set-dscp 0x12
