# -m eui64 (ext/xt_eui64.c)
@family 6
-A INPUT -m eui64
=
-A FORWARD -m eui64 -j DROP
=
-A OUTPUT -m eui64
! only valid in
*mangle
-A PREROUTING -m eui64
=
-A POSTROUTING -m eui64
! only valid in
@family 4
*filter
-A INPUT -m eui64
! not available for iptables
