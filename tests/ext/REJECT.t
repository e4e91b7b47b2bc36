# -j REJECT (ext/xt_REJECT.c)
-A INPUT -j REJECT
= -A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -j REJECT --reject-with icmp-net-unreachable
=
-A FORWARD -j REJECT --reject-with icmp-host-unreachable
=
-A OUTPUT -j REJECT --reject-with icmp-proto-unreachable
=
-A INPUT -j REJECT --reject-with icmp-net-prohibited
=
-A INPUT -j REJECT --reject-with icmp-host-prohibited
=
-A INPUT -j REJECT --reject-with icmp-admin-prohibited
=
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
=
-A INPUT -p 6 -j REJECT --reject-with tcp-rst
= -A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j REJECT --reject-with net-unreach
= -A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with port-unreach
= -A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -j REJECT --reject-with admin-prohib
= -A INPUT -j REJECT --reject-with icmp-admin-prohibited
-A INPUT -j REJECT --reject-with ICMP-HOST-UNREACHABLE
= -A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-host
= -A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-
= -A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject icmp-host-prohibited
= -A INPUT -j REJECT --reject-with icmp-host-prohibited
-A INPUT -j REJECT --reject-with=host-prohib
= -A INPUT -j REJECT --reject-with icmp-host-prohibited
:U
-A U -p tcp -j REJECT --reject-with tcp-reset
=
-A INPUT -j REJECT --reject-with tcp-reset
! needs "-p tcp"
-A INPUT ! -p tcp -j REJECT --reject-with tcp-reset
! needs "-p tcp"
-A INPUT -p udp -j REJECT --reject-with tcp
! needs "-p tcp"
-A INPUT -j REJECT --reject-with icmp6-adm-prohibited
! unknown reject type
-A INPUT -j REJECT --reject-with echo-reply
! unknown reject type
-A INPUT -j REJECT --reject-with icmp-port-unreachablex
! unknown reject type
-A INPUT -j REJECT ! --reject-with icmp-host-unreachable
! cannot be negated
-A INPUT -p tcp -j REJECT --reject-with tcp-reset --reject-with tcp-reset
! only one
*mangle
-A INPUT -j REJECT
! only valid in the filter table
*raw
-A PREROUTING -j REJECT
! only valid in the filter table
@family 6
*filter
-A INPUT -j REJECT
= -A INPUT -j REJECT --reject-with icmp6-port-unreachable
-A INPUT -j REJECT --reject-with icmp6-no-route
=
-A INPUT -j REJECT --reject-with no-route
= -A INPUT -j REJECT --reject-with icmp6-no-route
-A INPUT -j REJECT --reject-with adm-prohibited
= -A INPUT -j REJECT --reject-with icmp6-adm-prohibited
-A INPUT -j REJECT --reject-with icmp6-addr-unreachable
=
-A INPUT -j REJECT --reject-with addr-unreach
= -A INPUT -j REJECT --reject-with icmp6-addr-unreachable
-A INPUT -j REJECT --reject-with port-unreach
= -A INPUT -j REJECT --reject-with icmp6-port-unreachable
-A INPUT -j REJECT --reject-with icmp6-policy-fail
=
-A INPUT -j REJECT --reject-with icmp6-reject-route
=
-A INPUT -j REJECT --reject-with icmp6
= -A INPUT -j REJECT --reject-with icmp6-no-route
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
=
-A INPUT -j REJECT --reject-with tcp-reset
! needs "-p tcp"
-A INPUT -j REJECT --reject-with icmp-port-unreachable
! unknown reject type
