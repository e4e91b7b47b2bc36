# -m addrtype (ext/xt_addrtype.c): types print in RTN_* order
-A INPUT -m addrtype --src-type LOCAL,UNICAST ! --dst-type broadcast -j ACCEPT
= -A INPUT -m addrtype --src-type UNICAST,LOCAL ! --dst-type BROADCAST -j ACCEPT
-A INPUT -m addrtype --dst-type XRESOLVE,NAT,THROW,PROHIBIT,UNREACHABLE,BLACKHOLE,MULTICAST,ANYCAST,UNSPEC -j ACCEPT
= -A INPUT -m addrtype --dst-type UNSPEC,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE -j ACCEPT
-A INPUT ! -m addrtype --dst-type LOCAL -j ACCEPT
! cannot negate -m
# a prefix picks the first type in RTN_* order
-A INPUT -m addrtype --dst-type u -j ACCEPT
= -A INPUT -m addrtype --dst-type UNSPEC -j ACCEPT
-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT
=
-A FORWARD -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT
=
:U
-A U -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT
=
-A OUTPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT
! only valid in PREROUTING, INPUT, FORWARD, but chain OUTPUT
-A INPUT -m addrtype --dst-type LOCAL --limit-iface-out -j ACCEPT
! only valid in FORWARD, OUTPUT, POSTROUTING, but chain INPUT
-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out --limit-iface-in -j ACCEPT
! cannot be used together
-A INPUT -m addrtype --limit-iface-in -j ACCEPT
! you must specify --src-type or --dst-type
-A INPUT -m addrtype --dst-type foo -j ACCEPT
! bad type "foo"
-A INPUT -m addrtype --dst-type LOCAL, -j ACCEPT
! bad type ""
-A INPUT -m addrtype ! --limit-iface-in --dst-type LOCAL -j ACCEPT
! cannot be negated
*nat
-A PREROUTING -m addrtype --dst-type LOCAL -j ACCEPT
=
-A POSTROUTING -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT
=
@family 6
*filter
-A INPUT -m addrtype --dst-type LOCAL,MULTICAST,ANYCAST -j ACCEPT
= -A INPUT -m addrtype --dst-type LOCAL,ANYCAST,MULTICAST -j ACCEPT
-A INPUT -m addrtype --dst-type BROADCAST -j ACCEPT
! BROADCAST
-A INPUT -m addrtype --src-type BLACKHOLE -j ACCEPT
! BLACKHOLE
-A INPUT -m addrtype --src-type THROW -j ACCEPT
! PROHIBIT
-A INPUT -m addrtype --src-type UNREACHABLE -j ACCEPT
=
