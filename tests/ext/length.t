# length match (ext/xt_length.c)
-A INPUT -m length --length 3 -j ACCEPT
=
-A INPUT -m length --length 3:5 -j ACCEPT
=
-A INPUT -m length ! --length 3:5 -j ACCEPT
=
-A INPUT -m length --length :5 -j ACCEPT
= -A INPUT -m length --length 0:5 -j ACCEPT
-A INPUT -m length --length 5: -j ACCEPT
= -A INPUT -m length --length 5:65535 -j ACCEPT
-A INPUT -m length --length : -j ACCEPT
= -A INPUT -m length --length 0:65535 -j ACCEPT
-A INPUT -m length --length 0:65535 -j ACCEPT
=
-A INPUT -m length --length 5:3 -j ACCEPT
=
-A INPUT -m length --length 5:5 -j ACCEPT
= -A INPUT -m length --length 5 -j ACCEPT
-A INPUT -m length --length 0x10 -j ACCEPT
= -A INPUT -m length --length 16 -j ACCEPT
-A INPUT -m length --length 5:0x10 -j ACCEPT
= -A INPUT -m length --length 5:16 -j ACCEPT
-A INPUT -m length --length "" -j ACCEPT
= -A INPUT -m length --length 0 -j ACCEPT
-A INPUT -m length --length 65536 -j ACCEPT
! bad value
-A INPUT -m length --length 3-5 -j ACCEPT
! unexpected characters
-A INPUT -m length --length 1:2:3 -j ACCEPT
! too many values
-A INPUT -m length -j ACCEPT
! must be specified
@family 6
-A INPUT -m length --length 40:1280 -j ACCEPT
=
