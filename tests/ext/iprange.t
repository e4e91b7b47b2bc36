# -m iprange (ext/xt_iprange.c)
-A INPUT -m iprange --src-range 1.2.3.4-1.2.3.10 ! --dst-range 10.0.0.1-10.0.0.1 -j ACCEPT
=
-A INPUT -m iprange --dst-range 10.0.0.1-10.0.0.9 --src-range 1.2.3.4-1.2.3.10 -j ACCEPT
= -A INPUT -m iprange --src-range 1.2.3.4-1.2.3.10 --dst-range 10.0.0.1-10.0.0.9 -j ACCEPT
-A INPUT -m iprange --src-range 1.2.3.4 -j ACCEPT
= -A INPUT -m iprange --src-range 1.2.3.4-1.2.3.4 -j ACCEPT
-A INPUT -m iprange --src-range 1.2.3-1.2.4 -j ACCEPT
= -A INPUT -m iprange --src-range 1.2.3.0-1.2.4.0 -j ACCEPT
-A INPUT -m iprange --src-range 1.2.3.10-1.2.3.4 -j ACCEPT
~ reversed and will never match
-A INPUT -m iprange --src-range 1.2.3.4/24-1.2.3.5 -j ACCEPT
! bad value for "--src-range" option: "1.2.3.4/24"
-A INPUT -m iprange --src-range 1.2.3.4-1.2.3.5-1.2.3.6 -j ACCEPT
! bad value for "--src-range" option: "1.2.3.5-1.2.3.6"
-A INPUT -m iprange --dst-range 0x01020304 -j ACCEPT
! bad value for "--dst-range" option: "0x01020304"
-A INPUT -m iprange --src-range localhost -j ACCEPT
! bad value
-A INPUT -m iprange -j ACCEPT
! you must specify `--src-range' or `--dst-range'
@family 6
-A INPUT -m iprange --src-range 2001:db8::1-2001:db8::ff ! --dst-range ::1 -j ACCEPT
= -A INPUT -m iprange --src-range 2001:db8::1-2001:db8::ff ! --dst-range ::1-::1 -j ACCEPT
-A INPUT -m iprange --src-range 1.2.3.4 -j ACCEPT
! bad value
