# pkttype match (ext/xt_pkttype.c)
-A INPUT -m pkttype --pkt-type unicast -j ACCEPT
=
-A INPUT -m pkttype ! --pkt-type broadcast -j ACCEPT
=
-A INPUT -m pkttype --pkt-type multicast -j ACCEPT
=
-A INPUT -m pkttype --pkt-type otherhost -j ACCEPT
=
-A INPUT -m pkttype --pkt-type host -j ACCEPT
= -A INPUT -m pkttype --pkt-type unicast -j ACCEPT
-A INPUT -m pkttype --pkt-type bcast -j ACCEPT
= -A INPUT -m pkttype --pkt-type broadcast -j ACCEPT
-A INPUT -m pkttype --pkt-type mcast -j ACCEPT
= -A INPUT -m pkttype --pkt-type multicast -j ACCEPT
-A INPUT -m pkttype --pkt-type BROADCAST -j ACCEPT
= -A INPUT -m pkttype --pkt-type broadcast -j ACCEPT
-A INPUT -m pkttype --pkt-type 0 -j ACCEPT
! bad packet type
-A INPUT -m pkttype --pkt-type outgoing -j ACCEPT
! bad packet type
-A INPUT -m pkttype --pkt-type uni -j ACCEPT
! bad packet type
-A INPUT -m pkttype -j ACCEPT
! must be specified
@family 6
-A INPUT -m pkttype --pkt-type multicast -j DROP
=
