# -j NFQUEUE (ext/xt_NFQUEUE.c)
-A INPUT -j NFQUEUE
= -A INPUT -j NFQUEUE --queue-num 0
-A INPUT -j NFQUEUE --queue-num 0
=
-A INPUT -j NFQUEUE --queue-num 5
=
-A INPUT -j NFQUEUE --queue-num 65535
=
-A INPUT -j NFQUEUE --queue-balance 0:3
=
-A INPUT -j NFQUEUE --queue-balance 0x1:0x3
= -A INPUT -j NFQUEUE --queue-balance 1:3
-A INPUT -j NFQUEUE --queue-balance 1:
= -A INPUT -j NFQUEUE --queue-balance 1:65535
-A INPUT -j NFQUEUE --queue-balance 0:65534
=
-A INPUT -j NFQUEUE --queue-bypass
= -A INPUT -j NFQUEUE --queue-num 0 --queue-bypass
-A INPUT -j NFQUEUE --queue-bypass --queue-num 3
= -A INPUT -j NFQUEUE --queue-num 3 --queue-bypass
-A INPUT -j NFQUEUE --queue-cpu-fanout --queue-bypass --queue-balance 0:3
= -A INPUT -j NFQUEUE --queue-balance 0:3 --queue-bypass --queue-cpu-fanout
-A INPUT -j NFQUEUE --queue-num 65536
! out of range
-A INPUT -j NFQUEUE --queue-balance 3:3
! below the last
-A INPUT -j NFQUEUE --queue-balance 3:1
! below the last
-A INPUT -j NFQUEUE --queue-balance 3
! bad range
-A INPUT -j NFQUEUE --queue-balance 1:70000
! out of range
-A INPUT -j NFQUEUE --queue-balance 0:65535
! more than 65535
-A INPUT -j NFQUEUE --queue-num 1 --queue-balance 0:3
! cannot be used together
-A INPUT -j NFQUEUE --queue-cpu-fanout
! requires --queue-balance
-A INPUT -j NFQUEUE --queue-num 4 --queue-cpu-fanout
! requires --queue-balance
-A INPUT -j NFQUEUE --queue-bypass --queue-bypass
! only one
*mangle
-A PREROUTING -j NFQUEUE --queue-num 1
=
@family 6
*filter
-A FORWARD -j NFQUEUE --queue-balance 2:5 --queue-bypass
=
