# icmp and icmp6 matches (ext/xt_icmp.c)
-A INPUT -p icmp --icmp-type echo-request -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
=
-A INPUT -p icmp --icmp-type 8/0 -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 8/0 -j ACCEPT
-A INPUT -p icmp --icmp-type fragmentation-needed -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp --icmp-type destination-unreachable -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 3 -j ACCEPT
-A INPUT -p icmp --icmp-type ECHO-REQUEST -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp --icmp-type pong -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 0 -j ACCEPT
-A INPUT -p icmp --icmp-type ttl-zero-during-reassembly -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 11/1 -j ACCEPT
-A INPUT -p icmp --icmp-type TOS-host-redirect -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 5/3 -j ACCEPT
-A INPUT -p icmp --icmp-type timestamp-req -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 13 -j ACCEPT
-A INPUT -p icmp --icmp-type any -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp ! --icmp-type any -j ACCEPT
= -A INPUT -p icmp -m icmp ! --icmp-type any -j ACCEPT
-A INPUT -p icmp --icmp-type 255 -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp --icmp-type 255/3 -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp ! --icmp-type 0 -j ACCEPT
= -A INPUT -p icmp -m icmp ! --icmp-type 0 -j ACCEPT
-A INPUT -p icmp --icmp-type 0x8 -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp --icmp-type 3/0x1 -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 3/1 -j ACCEPT
-A INPUT -p 1 --icmp-type 3 -j ACCEPT
= -A INPUT -p icmp -m icmp --icmp-type 3 -j ACCEPT
-A INPUT -p icmp --icmp-type 256 -j ACCEPT
! unknown ICMP type
-A INPUT -p icmp --icmp-type 3/256 -j ACCEPT
! unknown ICMP code
-A INPUT -p icmp --icmp-type 3/ -j ACCEPT
! unknown ICMP code
-A INPUT -p icmp --icmp-type /3 -j ACCEPT
! unknown ICMP type
-A INPUT -p icmp --icmp-type 3/3/3 -j ACCEPT
! unknown character
-A INPUT -p icmp --icmp-type 08 -j ACCEPT
! unknown character
-A INPUT -p icmp --icmp-type foo -j ACCEPT
! unknown ICMP type
-A INPUT -p icmp --icmp-type echo -j ACCEPT
! ambiguous ICMP type
-A INPUT -p icmp --icmp-type "" -j ACCEPT
! ambiguous ICMP type
-A INPUT -p icmp -m icmp -j ACCEPT
! must be specified
-A INPUT -p icmp --icmp-type 8 --icmp-type 3 -j ACCEPT
! only one
-A INPUT -m icmp --icmp-type 8 -j ACCEPT
! needs "-p icmp"
-A INPUT ! -p icmp -m icmp --icmp-type 8 -j ACCEPT
! needs "-p icmp"
-A INPUT -p tcp -m icmp --icmp-type 8 -j ACCEPT
! needs "-p icmp"
@family 6
-A INPUT -p ipv6-icmp --icmpv6-type echo-request -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT
-A INPUT -p icmpv6 --icmpv6-type 1/3 -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/3 -j ACCEPT
-A INPUT -p ipv6-icmp ! --icmpv6-type neighbor-solicitation -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 ! --icmpv6-type 135 -j ACCEPT
-A INPUT -p ipv6-icmp --icmpv6-type neighbour-advertisement -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j ACCEPT
-A INPUT -p ipv6-icmp --icmpv6-type 255 -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 255 -j ACCEPT
-A INPUT -p ipv6-icmp --icmpv6-type 0x80 -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT
-A INPUT -p ipv6-icmp --icmpv6-type no-route -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/0 -j ACCEPT
-A INPUT -p 58 --icmpv6-type 1 -j ACCEPT
= -A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1 -j ACCEPT
-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 2 -j ACCEPT
=
-A INPUT -p ipv6-icmp --icmpv6-type any -j ACCEPT
! unknown ICMPv6 type
-A INPUT -p ipv6-icmp --icmpv6-type 256 -j ACCEPT
! unknown ICMPv6 type
-A INPUT -p ipv6-icmp --icmpv6-type 1/256 -j ACCEPT
! unknown ICMPv6 code
-A INPUT -p ipv6-icmp --icmpv6-type e -j ACCEPT
! ambiguous ICMPv6 type
-A INPUT -p ipv6-icmp --icmpv6-type 1/3/3 -j ACCEPT
! unknown character
-A INPUT -p ipv6-icmp -m icmp6 -j ACCEPT
! must be specified
-A INPUT -m icmp6 --icmpv6-type 1 -j ACCEPT
! needs "-p ipv6-icmp"
-A INPUT -p ipv6-icmp --icmp-type 3 -j ACCEPT
! unknown option
-A INPUT -p icmp --icmp-type 3 -j ACCEPT
! unknown option
-A INPUT -m icmp --icmp-type 3 -j ACCEPT
! not available
