# -m frag (ext/xt_frag.c)
@family 6
-A INPUT -m frag
=
-A INPUT -m frag --fragid 5 --fraglen 8 --fragres --fragfirst --fragmore
=
-A INPUT -m frag --fragmore --fragfirst --fragres --fraglen 8 --fragid 5
= -A INPUT -m frag --fragid 5 --fraglen 8 --fragres --fragfirst --fragmore
-A INPUT -m frag ! --fragid 1:5 ! --fraglen 3 --fraglast
=
-A INPUT -m frag --fragid :5
= -A INPUT -m frag --fragid 0:5
-A INPUT -m frag --fragid 5:
= -A INPUT -m frag --fragid 5:4294967295
-A INPUT -m frag --fragid 5:5
= -A INPUT -m frag --fragid 5
-A INPUT -m frag --fragid 7:3
=
-A INPUT -m frag --fragid 0x10 --fraglen 0
= -A INPUT -m frag --fragid 16 --fraglen 0
-A INPUT -m frag --fragid 0:4294967295
= -A INPUT -m frag
-A INPUT -m frag ! --fragid 0:4294967295
= -A INPUT -m frag
-A INPUT -m frag --fragfirst --fraglast
=
-A INPUT -m frag --fragmore --fraglast
! cannot be used together
-A INPUT -m frag ! --fragres
! cannot be negated
-A INPUT -m frag --fragid 1:2:3
! too many components
-A INPUT -m frag --fragid 4294967296
! out of range
-A INPUT -m frag --fragid x
! not a number
@family 4
-A INPUT -m frag
! not available for iptables
