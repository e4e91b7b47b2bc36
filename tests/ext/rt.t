# -m rt (ext/xt_rt.c)
@family 6
-A INPUT -m rt
=
-A INPUT -m rt --rt-type 0 --rt-segsleft 0 -j DROP
=
-A INPUT -m rt ! --rt-type 2 ! --rt-segsleft 1:5 ! --rt-len 8
=
-A INPUT -m rt --rt-len 0x10 --rt-segsleft :5
= -A INPUT -m rt --rt-segsleft 0:5 --rt-len 16
-A INPUT -m rt --rt-segsleft 5:
= -A INPUT -m rt --rt-segsleft 5:4294967295
-A INPUT -m rt --rt-segsleft 5:3
=
-A INPUT -m rt --rt-segsleft 5:5
= -A INPUT -m rt --rt-segsleft 5
-A INPUT -m rt ! --rt-segsleft 0:4294967295
= -A INPUT -m rt
-A INPUT -m rt --rt-len 0
=
-A INPUT -m rt --rt-type 256 --rt-len 4294967295
=
-A INPUT -m rt --rt-type 0 --rt-0-res --rt-0-addrs ::1,2001:db8:0::2 --rt-0-not-strict
= -A INPUT -m rt --rt-type 0 --rt-0-res --rt-0-addrs ::1,2001:db8::2 --rt-0-not-strict
-A INPUT -m rt --rt-type 0 --rt-0-addrs ::1
=
-A INPUT -m rt --rt-0-res
! `--rt-type 0' required
-A INPUT -m rt --rt-type 2 --rt-0-res
! `--rt-type 0' required
-A INPUT -m rt ! --rt-type 0 --rt-0-addrs ::1
! `--rt-type 0' required
-A INPUT -m rt --rt-type 0 --rt-0-not-strict
! required before `--rt-0-not-strict'
-A INPUT -m rt --rt-type 0 --rt-0-addrs ::1,::2,::3,::4,::5,::6,::7,::8,::9,::10,::11,::12,::13,::14,::15,::16,::17
! too many addresses
-A INPUT -m rt --rt-type 0 --rt-0-addrs 1.2.3.4
! bad address
-A INPUT -m rt --rt-type 0 --rt-0-addrs ::1/64
! bad address
-A INPUT -m rt --rt-type 0 ! --rt-0-addrs ::1
! cannot be negated
-A INPUT -m rt --rt-type 0 ! --rt-0-res
! cannot be negated
-A INPUT -m rt --rt-segsleft 4294967296
! out of range
@family 4
-A INPUT -m rt --rt-type 0
! not available for iptables
