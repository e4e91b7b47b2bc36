# -m ah (ext/xt_ah.c): IPv4 ipt_ah needs -p ah and has only --ahspi
-A INPUT -p ah -m ah --ahspi 5
=
-A INPUT -p ah --ahspi 5
= -A INPUT -p ah -m ah --ahspi 5
-A INPUT -p 51 -m ah ! --ahspi 1:5
= -A INPUT -p ah -m ah ! --ahspi 1:5
-A INPUT -p ah -m ah --ahspi 0:4294967295
= -A INPUT -p ah -m ah
-A INPUT -p ah -m ah --ahspi 9:
= -A INPUT -p ah -m ah --ahspi 9:4294967295
-A INPUT -p ah -m ah
=
-A INPUT -m ah --ahspi 5
! needs "-p ah"
-A INPUT -p ah -m ah --ahlen 3
! unknown option
-A INPUT -p ah -m ah --ahres
! unknown option
@family 6
-A INPUT -m ah
=
-A INPUT -m ah --ahspi 5 --ahlen 3 --ahres
=
-A INPUT -m ah --ahres --ahlen 3 --ahspi 5
= -A INPUT -m ah --ahspi 5 --ahlen 3 --ahres
-A INPUT -m ah ! --ahspi 1:5 ! --ahlen 8
=
-A INPUT -m ah --ahspi 9:3
=
-A INPUT -m ah --ahlen 0
= -A INPUT -m ah
-A INPUT -m ah ! --ahlen 0
=
-A INPUT -m ah ! --ahspi 0:4294967295
= -A INPUT -m ah
-A INPUT -m ah ! --ahres
! cannot be negated
