# -m socket (ext/xt_socket.c)
*mangle
-A PREROUTING -m socket
=
-A PREROUTING -m socket --transparent -j ACCEPT
=
-A PREROUTING -m socket --nowildcard --transparent --restore-skmark
= -A PREROUTING -m socket --transparent --nowildcard --restore-skmark
-A INPUT -m socket --nowildcard
=
-A PREROUTING -m socket ! --transparent
! cannot be negated
-A OUTPUT -m socket
! only valid in PREROUTING, INPUT
-A FORWARD -m socket
! only valid in PREROUTING, INPUT
*filter
-A INPUT -m socket
=
-A OUTPUT -m socket
! only valid in PREROUTING, INPUT
*nat
-A PREROUTING -m socket
=
@family 6
*mangle
-A PREROUTING -m socket --nowildcard
=
