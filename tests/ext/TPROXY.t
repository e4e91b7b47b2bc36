# -j TPROXY (ext/xt_TPROXY.c)
*mangle
-A PREROUTING -p tcp -j TPROXY --on-port 80
= -A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0
-A PREROUTING -p tcp -j TPROXY --on-port http
= -A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0
-A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 1.2.3.4
= -A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 1.2.3.4 --tproxy-mark 0x0/0x0
-A PREROUTING -p tcp -j TPROXY --on-port 80 --tproxy-mark 0x1/0x1
= -A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x1/0x1
-A PREROUTING -p tcp -j TPROXY --on-port 80 --tproxy-mark 1
= -A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x1/0xffffffff
-A PREROUTING -p udp -j TPROXY --tproxy-mark 0 --on-ip 0.0.0.0 --on-port 0
= -A PREROUTING -p udp -j TPROXY --on-port 0 --on-ip 0.0.0.0 --tproxy-mark 0x0/0xffffffff
-A PREROUTING -p tcp -j TPROXY --on-ip 1.2.3.4
! must be specified
-A PREROUTING -j TPROXY --on-port 80
! needs "-p tcp"
-A PREROUTING -p sctp -j TPROXY --on-port 80
! needs "-p tcp"
-A PREROUTING ! -p tcp -j TPROXY --on-port 80
! needs "-p tcp"
-A INPUT -p tcp -j TPROXY --on-port 80
! only valid in PREROUTING
-A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip foo
! bad address
*nat
-A PREROUTING -p tcp -j TPROXY --on-port 80
! only valid in the mangle table
@family 6
*mangle
-A PREROUTING -p tcp -j TPROXY --on-port 80
= -A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip :: --tproxy-mark 0x0/0x0
-A PREROUTING -p udp -j TPROXY --on-port 53 --on-ip 2001:db8::1 --tproxy-mark 0x10/0x10
= -A PREROUTING -p udp -j TPROXY --on-port 53 --on-ip 2001:db8::1 --tproxy-mark 0x10/0x10
