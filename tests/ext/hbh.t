# -m hbh and -m dst (ext/xt_hbh.c)
@family 6
-A INPUT -m hbh
=
-A INPUT -m hbh --hbh-len 8
=
-A INPUT -m hbh --hbh-len 0
=
-A INPUT -m hbh --hbh-opts 0x10:4,5,1:2 ! --hbh-len 8
= -A INPUT -m hbh ! --hbh-len 8 --hbh-opts 16:4,5,1:2
-A INPUT -m hbh --hbh-opts 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
=
-A INPUT -m hbh --hbh-opts 256
= -A INPUT -m hbh --hbh-opts 0
-A INPUT -m hbh --hbh-opts 1:256
= -A INPUT -m hbh --hbh-opts 1:0
-A INPUT -m hbh --hbh-opts 1:255,2:-1
= -A INPUT -m hbh --hbh-opts 1,2
-A INPUT -m hbh --hbh-len 4294967295
=
-A INPUT -m hbh --hbh-opts 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17
! too many
-A INPUT -m hbh --hbh-opts 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16:1
! too many ranges
-A INPUT -m hbh --hbh-opts 0:3
! PAD0 has not got length
-A INPUT -m hbh ! --hbh-opts 1
! cannot be negated
-A INPUT -m hbh --hbh-opts 1:
! no valid digits in length
-A INPUT -m hbh --hbh-opts a
! no valid digits in opt
-A INPUT -m hbh --hbh-opts 1x
! error parsing opt
-A INPUT -m dst --dst-len 2 --dst-opts 3:4
=
-A INPUT -m dst ! --dst-len 2
=
-A INPUT -m dst --dst-opts 5 --dst-len 0
= -A INPUT -m dst --dst-len 0 --dst-opts 5
-A INPUT -m dst --hbh-len 2
! unknown option
@family 4
-A INPUT -m hbh
! not available for iptables
