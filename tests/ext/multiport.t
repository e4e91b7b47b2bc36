# multiport match, revision 1 (ext/xt_multiport.c)
-A INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT
=
-A INPUT -p tcp -m multiport --dport 22,80 -j ACCEPT
= -A INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT
-A INPUT -p tcp -m multiport --destination-ports ssh,http:https -j ACCEPT
= -A INPUT -p tcp -m multiport --dports 22,80:443 -j ACCEPT
-A INPUT -p tcp -m multiport ! --sports 1:2,5 -j ACCEPT
=
-A INPUT -p tcp -m multiport --ports 1,2,3 -j ACCEPT
=
-A INPUT -p tcp -m multiport --port 1,2,3 -j ACCEPT
= -A INPUT -p tcp -m multiport --ports 1,2,3 -j ACCEPT
-A INPUT -p tcp -m multiport --source-ports 1 -j ACCEPT
= -A INPUT -p tcp -m multiport --sports 1 -j ACCEPT
-A INPUT -p udp -m multiport --dports 53 -j ACCEPT
=
-A INPUT -p udp -m multiport --dports bootpc -j ACCEPT
= -A INPUT -p udp -m multiport --dports 68 -j ACCEPT
-A INPUT -p sctp -m multiport --dports 53 -j ACCEPT
=
-A INPUT -p dccp -m multiport --dports 53 -j ACCEPT
=
-A INPUT -p udplite -m multiport --dports 53 -j ACCEPT
=
-A INPUT -p 6 -m multiport --dports 10 -j ACCEPT
= -A INPUT -p tcp -m multiport --dports 10 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT
=
-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15 -j ACCEPT
=
-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13,14 -j ACCEPT
=
-A INPUT -p tcp -m multiport --dports 0x10,010 -j ACCEPT
= -A INPUT -p tcp -m multiport --dports 16,8 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1,1 -j ACCEPT
=
-A INPUT -p tcp -m multiport --dports 22 -m multiport --sports 80 -j ACCEPT
=
-A INPUT -p tcp --dport 22 -m multiport --dports 10 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22 -m multiport --dports 10 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT
! too many ports
-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16 -j ACCEPT
! too many ports
-A INPUT -p tcp -m multiport --dports 5:3 -j ACCEPT
! invalid port range
-A INPUT -p tcp -m multiport --dports 3:3 -j ACCEPT
! invalid port range
-A INPUT -p tcp -m multiport --dports :3 -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports 3: -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports 3,,4 -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports 3, -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports foo -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports bootpc -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports 70000 -j ACCEPT
! invalid port/service
-A INPUT -p tcp -m multiport --dports 1:3:4 -j ACCEPT
! invalid port/service
-A INPUT -p icmp -m multiport --dports 53 -j ACCEPT
! only works with
-A INPUT ! -p tcp -m multiport --dports 53 -j ACCEPT
! only works with
-A INPUT -m multiport --dports 53 -j ACCEPT
! multiport needs
-A INPUT -p tcp -m multiport --dports 22 --sports 33 -j ACCEPT
! only one
-A INPUT -p tcp -m multiport -j ACCEPT
! multiport expects an option
@family 6
-A INPUT -p udp -m multiport --sports 546,547 -j ACCEPT
=
