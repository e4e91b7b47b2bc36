# -m quota (ext/xt_quota.c)
-A INPUT -m quota --quota 1000000 -j ACCEPT
=
-A INPUT -m quota ! --quota 1000 -j DROP
=
-A INPUT -m quota --quota 0 -j ACCEPT
=
-A INPUT -m quota --quota 18446744073709551615 -j ACCEPT
=
-A INPUT -m quota --quota 18446744073709551616 -j ACCEPT
! --quota
-A INPUT -m quota -j ACCEPT
! --quota
-A INPUT -m quota --quota -1 -j ACCEPT
! --quota
