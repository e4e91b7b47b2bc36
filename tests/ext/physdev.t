# -m physdev (ext/xt_physdev.c)
-A FORWARD -m physdev --physdev-in eth0 ! --physdev-out eth1 --physdev-is-in ! --physdev-is-out --physdev-is-bridged -j ACCEPT
= -A FORWARD -m physdev --physdev-is-in --physdev-in eth0 ! --physdev-is-out ! --physdev-out eth1 --physdev-is-bridged -j ACCEPT
-A FORWARD -m physdev --physdev-in eth+ -j ACCEPT
=
-A FORWARD -m physdev ! --physdev-is-bridged -j ACCEPT
=
-A INPUT -m physdev ! --physdev-in br0 -j ACCEPT
=
-A OUTPUT -m physdev --physdev-out eth0 --physdev-is-bridged -j ACCEPT
=
:U
-A U -m physdev --physdev-is-out -j ACCEPT
=
-A OUTPUT -m physdev --physdev-out eth0 -j ACCEPT
! only valid in PREROUTING, INPUT, FORWARD, POSTROUTING, but chain OUTPUT
-A OUTPUT -m physdev --physdev-is-out ! --physdev-is-bridged -j ACCEPT
! only valid in PREROUTING, INPUT, FORWARD, POSTROUTING, but chain OUTPUT
-A FORWARD -m physdev -j ACCEPT
! no physdev option specified
-A FORWARD -m physdev --physdev-in abcdefghijklmnop -j ACCEPT
! longer than 15
*mangle
-A POSTROUTING -m physdev --physdev-out eth0 -j ACCEPT
=
@family 6
*filter
-A FORWARD -m physdev --physdev-is-bridged --physdev-out eth1 -j ACCEPT
= -A FORWARD -m physdev --physdev-out eth1 --physdev-is-bridged -j ACCEPT
