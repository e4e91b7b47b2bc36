# -m statistic (ext/xt_statistic.c)
-A INPUT -m statistic --mode random --probability 0.33333333333 -j ACCEPT
= -A INPUT -m statistic --mode random --probability 0.33333333349 -j ACCEPT
-A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT
= -A INPUT -m statistic --mode random --probability 0.50000000000 -j ACCEPT
-A INPUT -m statistic --mode random ! --probability 1 -j ACCEPT
= -A INPUT -m statistic --mode random ! --probability 1.00000000000 -j ACCEPT
-A INPUT -m statistic --mode random --probability 0 -j ACCEPT
= -A INPUT -m statistic --mode random --probability 0.00000000000 -j ACCEPT
-A INPUT -m statistic --mode random --probability 1e-1 -j ACCEPT
= -A INPUT -m statistic --mode random --probability 0.10000000009 -j ACCEPT
-A INPUT -m statistic --probability .25 --mode random -j ACCEPT
= -A INPUT -m statistic --mode random --probability 0.25000000000 -j ACCEPT
-A INPUT -m statistic --mode nth --every 3 --packet 2 -j ACCEPT
=
-A INPUT -m statistic --mode nth --every 3 --packet 0 -j ACCEPT
=
-A INPUT -m statistic --mode nth ! --every 4 --packet 1 -j ACCEPT
= -A INPUT -m statistic --mode nth ! --every 4 --packet 1 -j ACCEPT
-A INPUT -m statistic --mode random --probability 1.5 -j ACCEPT
! out of range (0-1)
-A INPUT -m statistic --mode random --probability abc -j ACCEPT
! out of range (0-1)
-A INPUT -m statistic --mode random -j ACCEPT
! --probability must be specified
-A INPUT -m statistic --mode nth -j ACCEPT
! --every and --packet must be specified
-A INPUT -m statistic --mode nth --every 3 -j ACCEPT
! also requires "--packet"
-A INPUT -m statistic --mode nth --packet 0 -j ACCEPT
! also requires "--every"
-A INPUT -m statistic --mode nth --every 3 --packet 3 -j ACCEPT
! --packet p must be 0 <= p <= n-1
-A INPUT -m statistic --mode nth --every 0 --packet 0 -j ACCEPT
! out of range
-A INPUT -m statistic --mode nth --every 2 --packet 0 --probability 0.5 -j ACCEPT
! cannot be used together
-A INPUT -m statistic --mode foo -j ACCEPT
! bad mode "foo"
-A INPUT -m statistic --probability 0.5 -j ACCEPT
! option --mode must be specified
-A INPUT -m statistic ! --mode random --probability 0.5 -j ACCEPT
! cannot be negated
@family 6
-A INPUT -m statistic --mode random --probability 0.1 -j ACCEPT
= -A INPUT -m statistic --mode random --probability 0.10000000009 -j ACCEPT
