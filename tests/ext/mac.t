# mac match (ext/xt_mac.c)
-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
=
-A INPUT -m mac ! --mac-source 0:1:2:3:4:AA -j ACCEPT
= -A INPUT -m mac ! --mac-source 00:01:02:03:04:aa -j ACCEPT
-A INPUT -m mac --mac-source :1:2:3:4:5 -j ACCEPT
= -A INPUT -m mac --mac-source 00:01:02:03:04:05 -j ACCEPT
-A FORWARD -m mac --mac-source AA:BB:CC:DD:EE:FF -j DROP
= -A FORWARD -m mac --mac-source aa:bb:cc:dd:ee:ff -j DROP
*mangle
-A PREROUTING -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
=
*filter
-A INPUT -m mac --mac-source XX:XX:XX:XX:XX:XX -j ACCEPT
! invalid MAC address
-A INPUT -m mac --mac-source 00:11:22:33:44 -j ACCEPT
! invalid MAC address
-A INPUT -m mac --mac-source 00:11:22:33:44:55:66 -j ACCEPT
! invalid MAC address
-A INPUT -m mac --mac-source 000:11:22:33:44:55 -j ACCEPT
! invalid MAC address
-A INPUT -m mac --mac-source 00-11-22-33-44-55 -j ACCEPT
! invalid MAC address
-A INPUT -m mac --mac-source 1:2:3:4:5:6: -j ACCEPT
! invalid MAC address
-A INPUT -m mac -j ACCEPT
! must be specified
-A OUTPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
! only valid in
@family 6
-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
=
