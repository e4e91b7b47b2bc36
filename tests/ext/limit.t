# -m limit (ext/xt_limit.c)
-A INPUT -m limit -j ACCEPT
= -A INPUT -m limit --limit 3/hour -j ACCEPT
-A INPUT -m limit --limit 10/s -j ACCEPT
= -A INPUT -m limit --limit 10/sec -j ACCEPT
-A INPUT -m limit --limit 10/second --limit-burst 5 -j ACCEPT
= -A INPUT -m limit --limit 10/sec -j ACCEPT
-A INPUT -m limit --limit-burst 10000 --limit 7/minute -j ACCEPT
= -A INPUT -m limit --limit 7/min --limit-burst 10000 -j ACCEPT
-A INPUT -m limit --limit 7/m --limit-burst 0 -j ACCEPT
= -A INPUT -m limit --limit 7/min -j ACCEPT
-A INPUT -m limit --limit 1/d -j ACCEPT
= -A INPUT -m limit --limit 1/day -j ACCEPT
-A INPUT -m limit --limit 100/h --limit-burst 1 -j ACCEPT
= -A INPUT -m limit --limit 100/hour --limit-burst 1 -j ACCEPT
-A INPUT -m limit --limit 3 -j ACCEPT
= -A INPUT -m limit --limit 3/sec -j ACCEPT
-A INPUT -m limit --limit 61/hour -j ACCEPT
=
-A INPUT -m limit --limit 120/min -j ACCEPT
= -A INPUT -m limit --limit 2/sec -j ACCEPT
-A INPUT -m limit --limit 3000/s -j ACCEPT
= -A INPUT -m limit --limit 3333/sec -j ACCEPT
-A INPUT -m limit --limit 10000/s -j ACCEPT
= -A INPUT -m limit --limit 10000/sec -j ACCEPT
-A INPUT -m limit --limit 5abc/s -j ACCEPT
= -A INPUT -m limit --limit 5/sec -j ACCEPT
-A INPUT -m limit --limit 10001/s -j ACCEPT
! rate too fast
-A INPUT -m limit --limit 7/m --limit-burst 10001 -j ACCEPT
! out of range
-A INPUT -m limit --limit 7/x -j ACCEPT
! bad rate "7/x"
-A INPUT -m limit --limit 0/s -j ACCEPT
! bad rate
-A INPUT -m limit --limit 2/ -j ACCEPT
! bad rate
-A INPUT -m limit --limit abc -j ACCEPT
! bad rate
-A INPUT -m limit ! --limit 5/s -j ACCEPT
! cannot be negated
@family 6
-A INPUT -m limit --limit 5/min --limit-burst 8 -j ACCEPT
=
