# The rule header: -s -d -i -o -p -f (ext/xt_ip.c)
-A INPUT -s 10.1.2.3/8 -j ACCEPT
= -A INPUT -s 10.0.0.0/8 -j ACCEPT
-A INPUT -s 1.2.3.4 -j ACCEPT
= -A INPUT -s 1.2.3.4/32 -j ACCEPT
-A INPUT -s 1.2.3.4/255.0.255.0 -f -j RETURN
= -A INPUT -s 1.0.3.0/255.0.255.0 -f -j RETURN
-A INPUT -p udp -i eth+ ! -d 1.2.3.4 -j DROP
= -A INPUT ! -d 1.2.3.4/32 -i eth+ -p udp -j DROP
-A INPUT -p all -j ACCEPT
= -A INPUT -j ACCEPT
-A INPUT -p 47 -j ACCEPT
= -A INPUT -p gre -j ACCEPT
-A INPUT -s 0.0.0.0/0 -j ACCEPT
= -A INPUT -j ACCEPT
-A INPUT ! -p tcp -j ACCEPT
=
-A INPUT -s 10.1.2.300 -j ACCEPT
! bad address
-A INPUT -s 10.0.0.0/33 -j ACCEPT
! prefix length
-A INPUT -o eth0 -j ACCEPT
! can't use -o with INPUT
-A OUTPUT -i eth0 -j ACCEPT
! can't use -i with OUTPUT
-A INPUT -s ! 1.2.3.4 -j ACCEPT
! pre-1.4.3 negation
-A INPUT -p tcp -j NOPE
! does not exist
-A INPUT -i abcdefghijklmnopq -j ACCEPT
! longer than 15
@family 6
-A INPUT -s 2001:db8::1/64 -j ACCEPT
= -A INPUT -s 2001:db8::/64 -j ACCEPT
-A INPUT -p ipv6-icmp -j ACCEPT
=
-A INPUT -s 10.0.0.1 -j ACCEPT
! IPv4 address
