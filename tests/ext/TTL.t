# -j TTL and -j HL (ext/xt_TTL.c)
*mangle
-A PREROUTING -j TTL --ttl-set 64
=
-A PREROUTING -j TTL --ttl-set 0
=
-A PREROUTING -j TTL --ttl-dec 1
=
-A POSTROUTING -j TTL --ttl-inc 255
=
-A PREROUTING -j TTL --ttl-set 0x40
= -A PREROUTING -j TTL --ttl-set 64
-A PREROUTING -j TTL --ttl-dec 0
! out of range
-A PREROUTING -j TTL --ttl-inc 0
! out of range
-A PREROUTING -j TTL --ttl-set 256
! out of range
-A PREROUTING -j TTL
! must specify an action
-A PREROUTING -j TTL --ttl-set 1 --ttl-inc 2
! only one
-A PREROUTING -j HL --hl-set 5
! not available for iptables
*filter
-A INPUT -j TTL --ttl-set 1
! only valid in the mangle table
@family 6
*mangle
-A PREROUTING -j HL --hl-set 5
=
-A PREROUTING -j HL --hl-dec 1
=
-A PREROUTING -j HL --hl-inc 2
=
-A PREROUTING -j HL --hl-dec 0
! out of range
-A PREROUTING -j HL
! must specify an action
-A PREROUTING -j TTL --ttl-set 5
! not available for ip6tables
