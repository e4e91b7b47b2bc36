# devgroup match (ext/xt_devgroup.c)
-A INPUT -m devgroup --src-group 1 -j ACCEPT
= -A INPUT -m devgroup --src-group 0x1 -j ACCEPT
-A INPUT -m devgroup --src-group 0 -j ACCEPT
= -A INPUT -m devgroup --src-group default -j ACCEPT
-A INPUT -m devgroup ! --src-group default -j ACCEPT
=
-A OUTPUT -m devgroup --dst-group 3 -j ACCEPT
= -A OUTPUT -m devgroup --dst-group 0x3 -j ACCEPT
-A FORWARD -m devgroup --dst-group 3 --src-group 4 -j ACCEPT
= -A FORWARD -m devgroup --src-group 0x4 --dst-group 0x3 -j ACCEPT
-A FORWARD -m devgroup ! --src-group 0x1/0xf ! --dst-group 2/3 -j ACCEPT
= -A FORWARD -m devgroup ! --src-group 0x1/0xf ! --dst-group 0x2/0x3 -j ACCEPT
-A FORWARD -m devgroup --src-group 0/0 -j ACCEPT
= -A FORWARD -m devgroup --src-group 0x0/0x0 -j ACCEPT
-A FORWARD -m devgroup --src-group 0/0xffffffff -j ACCEPT
= -A FORWARD -m devgroup --src-group default -j ACCEPT
-A INPUT -m devgroup -j ACCEPT
! you must specify either
-A INPUT -m devgroup --src-group foo -j ACCEPT
! could not map name
-A INPUT -m devgroup --src-group Default -j ACCEPT
! could not map name
-A INPUT -m devgroup --src-group 5/ -j ACCEPT
! bad integer value
-A INPUT -m devgroup --dst-group 3 -j ACCEPT
! only valid in FORWARD, OUTPUT and POSTROUTING
-A OUTPUT -m devgroup --src-group 3 -j ACCEPT
! only valid in PREROUTING, INPUT and FORWARD
@family 6
-A FORWARD -m devgroup --src-group 2 -j ACCEPT
= -A FORWARD -m devgroup --src-group 0x2 -j ACCEPT
