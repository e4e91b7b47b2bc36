# -m set (ext/xt_set.c). The kernel refuses a set that does not exist and
# the test namespace has no ipsets: the "=" cases below were checked by
# hand against iptables-save with the sets created (ipset create foo
# hash:ip; ipset create bar hash:ip,port), and fail under --kernel.
@setup ipset create foo hash:ip
@setup ipset create bar hash:ip,port
-A INPUT -m set --match-set foo src -j ACCEPT
=
-A INPUT -m set ! --match-set foo dst -j ACCEPT
=
-A INPUT -m set --bytes-gt 100 --packets-eq 5 ! --update-subcounters ! --update-counters --return-nomatch --match-set bar src,dst -j ACCEPT
= -A INPUT -m set --match-set bar src,dst --return-nomatch ! --update-counters ! --update-subcounters --packets-eq 5 --bytes-gt 100 -j ACCEPT
-A INPUT -m set --match-set bar src,dst ! --packets-eq 5 --bytes-lt 100 -j ACCEPT
=
-A INPUT -m set --match-set bar src,dst --update-counters --update-subcounters -j ACCEPT
= -A INPUT -m set --match-set bar src,dst -j ACCEPT
-A INPUT -m set --match-set foo srcx -j ACCEPT
= -A INPUT -m set --match-set foo src -j ACCEPT
-A INPUT -m set --match-set foo src,dst,src,dst,src,dst -j ACCEPT
=
-A INPUT -m set --match-set foo src --packets-gt 0x10 -j ACCEPT
= -A INPUT -m set --match-set foo src --packets-gt 16 -j ACCEPT
-A INPUT -m set --set foo src -j ACCEPT
~ deprecated
-A INPUT -m set --match-set foo src,dst,src,dst,src,dst,src -j ACCEPT
! more src/dst options than 6
-A INPUT -m set --match-set foo -j ACCEPT
! requires two args
-A INPUT -m set -j ACCEPT
! you must specify `--match-set'
-A INPUT -m set --match-set foo src ! --return-nomatch -j ACCEPT
! cannot be negated
-A INPUT -m set --match-set foo src ! --packets-gt 1 -j ACCEPT
! cannot be negated
-A INPUT -m set --match-set foo src --packets-gt 1 --packets-lt 5 -j ACCEPT
! only one of the --packets-[eq|lt|gt]
-A INPUT -m set --match-set foo src --match-set bar dst -j ACCEPT
! only one --match-set
-A INPUT -m set --match-set foo "" -j ACCEPT
! 'src' or 'dst'
-A INPUT -m set --match-set foo ,src -j ACCEPT
! 'src' or 'dst'
-A INPUT -m set --match-set foo src, -j ACCEPT
! 'src' or 'dst'
-A INPUT -m set --match-set abcdefghijabcdefghijabcdefghijab src -j ACCEPT
! too long
