# -j CHECKSUM (ext/xt_CHECKSUM.c)
*mangle
-A POSTROUTING -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill
=
-A PREROUTING -j CHECKSUM --checksum-fill
=
-A PREROUTING -j CHECKSUM --checksum
= -A PREROUTING -j CHECKSUM --checksum-fill
-A PREROUTING -j CHECKSUM
! must be specified
-A PREROUTING -j CHECKSUM ! --checksum-fill
! cannot be negated
*filter
-A INPUT -j CHECKSUM --checksum-fill
! only valid in the mangle table
@family 6
*mangle
-A POSTROUTING -j CHECKSUM --checksum-fill
=
