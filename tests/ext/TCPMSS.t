# -j TCPMSS (ext/xt_TCPMSS.c)
*mangle
-A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
= -A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
-A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu
=
-A POSTROUTING -p tcp -j TCPMSS --clamp-mss-to-pmtu
=
-A OUTPUT -p tcp -j TCPMSS --clamp-mss-to-pmtu
=
-A FORWARD -p tcp -j TCPMSS --set-mss 1400
=
-A INPUT -p tcp -j TCPMSS --set-mss 100
=
-A PREROUTING -p tcp -j TCPMSS --set-mss 0
=
-A FORWARD -p tcp -j TCPMSS --set-mss 65515
=
-A FORWARD -p tcp -j TCPMSS --set-mss 1 --clamp-mss-to-pmtu
= -A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu
-A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu --set-mss 1
= -A FORWARD -p tcp -j TCPMSS --set-mss 1
-A FORWARD -p tcp -j TCPMSS --set-mss 65516
! out of range
-A FORWARD -p tcp -j TCPMSS
! is required
-A FORWARD -j TCPMSS --set-mss 1400
! needs "-p tcp"
-A FORWARD ! -p tcp -j TCPMSS --set-mss 1400
! needs "-p tcp"
-A FORWARD -p udp -j TCPMSS --set-mss 1400
! needs "-p tcp"
-A PREROUTING -p tcp -j TCPMSS --clamp-mss-to-pmtu
! is only valid in FORWARD, OUTPUT, POSTROUTING
-A INPUT -p tcp -j TCPMSS --clamp-mss-to-pmtu
! is only valid in FORWARD, OUTPUT, POSTROUTING
*filter
-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
=
@family 6
*mangle
-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1280
=
-A FORWARD -p tcp -j TCPMSS --set-mss 65495
=
