# DNAT, SNAT, MASQUERADE, REDIRECT (ext/xt_NAT.c)
*nat
-A PREROUTING -j DNAT --to-destination 1.2.3.4
=
-A PREROUTING -j DNAT --to 1.2.3.4
= -A PREROUTING -j DNAT --to-destination 1.2.3.4
-A PREROUTING -j DNAT --to-destination=1.2.3.4
= -A PREROUTING -j DNAT --to-destination 1.2.3.4
-A PREROUTING -j DNAT --to-destination 1.2.3.4-1.2.3.10
=
-A PREROUTING -j DNAT --to-destination 1.2.3.4-1.2.3.4
= -A PREROUTING -j DNAT --to-destination 1.2.3.4
-A PREROUTING -j DNAT --to-destination 1.2.3.5-1.2.3.4
=
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80
=
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:http
= -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-90
=
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-80
= -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4-1.2.3.5:80-90
=
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-90/85
=
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:0
=
-A PREROUTING -p udp -j DNAT --to-destination :80
=
-A PREROUTING -p sctp -j DNAT --to-destination 1.2.3.4:80
=
-A PREROUTING -p dccp -j DNAT --to-destination 1.2.3.4:80
=
-A PREROUTING -p icmp -j DNAT --to-destination 1.2.3.4:80
=
-A PREROUTING ! -p tcp -j DNAT --to-destination 1.2.3.4:80
=
-A PREROUTING -j DNAT --to-destination 1.2.3.4 --random
=
-A PREROUTING -j DNAT --to-destination 1.2.3.4 --persistent --random
= -A PREROUTING -j DNAT --to-destination 1.2.3.4 --random --persistent
-A OUTPUT -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
=
-A PREROUTING -j DNAT --to-destination 1.2.3.4:80
! needs "-p tcp"
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:90-80
! backwards
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:65536
! not valid
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:
! not valid
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-
! not valid
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80:90
! bad IP address
-A PREROUTING -j DNAT --to-destination foo
! bad IP address
-A PREROUTING -j DNAT --to-destination 1.2.3.4/24
! bad IP address
-A PREROUTING -j DNAT --to-destination [1.2.3.4]
! invalid address format
-A PREROUTING -j DNAT --to-destination 1.2.3.4 --random-fully
! unknown option
-A PREROUTING -j DNAT
! must be specified
-A PREROUTING -j DNAT --to-destination 1.2.3.4 --to-destination 1.2.3.5
! only one
-A INPUT -j DNAT --to-destination 1.2.3.4
! only valid in PREROUTING, OUTPUT
-A POSTROUTING -j DNAT --to-destination 1.2.3.4
! only valid in PREROUTING, OUTPUT
-A POSTROUTING -j SNAT --to-source 1.2.3.4
=
-A POSTROUTING -j SNAT --to 1.2.3.4
= -A POSTROUTING -j SNAT --to-source 1.2.3.4
-A INPUT -j SNAT --to-source 1.2.3.4
=
-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1024-2048 --random --random-fully --persistent
=
-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1024-2048 --persistent --random-fully --random
= -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1024-2048 --random --random-fully --persistent
-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1024-2048/1500
= -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1024-2048/0
-A POSTROUTING -o eth0 -j SNAT --to-source 192.168.1.1-192.168.1.9
=
-A OUTPUT -j SNAT --to-source 1.2.3.4
! only valid in INPUT, POSTROUTING
-A POSTROUTING -j SNAT --to-source :80
! needs "-p tcp"
-A POSTROUTING -j SNAT
! must be specified
-A POSTROUTING -j MASQUERADE
=
-A POSTROUTING -o eth0 -j MASQUERADE
=
-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024
=
-A POSTROUTING -p udp -j MASQUERADE --to-ports 1024-2048
=
-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-2048/1030
= -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-2048/0
-A POSTROUTING -j MASQUERADE --random
=
-A POSTROUTING -j MASQUERADE --random-fully --random
= -A POSTROUTING -j MASQUERADE --random --random-fully
-A POSTROUTING -j MASQUERADE --to-ports 1024
! needs "-p tcp"
-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024:2048
! use a dash
-A POSTROUTING -j MASQUERADE --persistent
! unknown option
-A PREROUTING -j MASQUERADE
! only valid in POSTROUTING
-A INPUT -j MASQUERADE
! only valid in POSTROUTING
-A PREROUTING -j REDIRECT
=
-A PREROUTING -p tcp -j REDIRECT --to-ports 8080
=
-A PREROUTING -p tcp -j REDIRECT --to-port 8080
= -A PREROUTING -p tcp -j REDIRECT --to-ports 8080
-A PREROUTING -p tcp -j REDIRECT --to-ports http
= -A PREROUTING -p tcp -j REDIRECT --to-ports 80
-A PREROUTING -p tcp -j REDIRECT --to-ports 0
=
-A PREROUTING -p tcp -j REDIRECT --to-ports 8080-8090 --random
=
-A OUTPUT -p tcp -j REDIRECT --to-ports 8080
=
-A PREROUTING -p tcp -j REDIRECT --to-ports 8080-8090/8085
! shifted portmap
-A POSTROUTING -p tcp -j REDIRECT --to-ports 8080
! only valid in PREROUTING, OUTPUT
-A PREROUTING -j REDIRECT --to-ports 8080
! needs "-p tcp"
*filter
-A INPUT -j DNAT --to-destination 1.2.3.4
! only valid in the nat table
*mangle
-A POSTROUTING -j MASQUERADE
! only valid in the nat table
@family 6
*nat
-A PREROUTING -j DNAT --to-destination 2001:db8::1
=
-A PREROUTING -j DNAT --to-destination [2001:db8::1]
= -A PREROUTING -j DNAT --to-destination 2001:db8::1
-A PREROUTING -p tcp -j DNAT --to-destination [2001:db8::1]:80
=
-A PREROUTING -p tcp -j DNAT --to-destination [2001:db8::1]:80-90/85
=
-A PREROUTING -j DNAT --to-destination 2001:db8::1-2001:db8::5
=
-A PREROUTING -p tcp -j DNAT --to-destination [2001:db8::1-2001:db8::5]:80
=
-A PREROUTING -p tcp -j DNAT --to-destination 2001:0db8:0::1
= -A PREROUTING -p tcp -j DNAT --to-destination 2001:db8::1
-A PREROUTING -p tcp -j DNAT --to-destination ::ffff:1.2.3.4
=
-A PREROUTING -p tcp -j DNAT --to-destination :80
=
-A PREROUTING -p tcp -j DNAT --to-destination []:80
= -A PREROUTING -p tcp -j DNAT --to-destination :80
-A PREROUTING -p tcp -j DNAT --to-destination [2001:db8::1]-[2001:db8::5]:80
! not valid
-A PREROUTING -p ipv6-icmp -j DNAT --to-destination [::1]:80
! needs "-p tcp"
-A PREROUTING -j DNAT --to-destination 1.2.3.4
! bad IP address
-A PREROUTING -p udp -j REDIRECT --to-ports 53
=
-A POSTROUTING -p tcp -j SNAT --to-source [2001:db8::1]:1000-2000/1500
= -A POSTROUTING -p tcp -j SNAT --to-source [2001:db8::1]:1000-2000/0
-A POSTROUTING -j SNAT --to-source 2001:db8::1
=
-A POSTROUTING -j MASQUERADE --random-fully
=
-A POSTROUTING -p tcp -j MASQUERADE --to-ports 100-200
=
