# -j TOS (ext/xt_TOS.c)
*mangle
-A PREROUTING -j TOS --set-tos 0x10
= -A PREROUTING -j TOS --set-tos 0x10/0xff
-A PREROUTING -j TOS --set-tos 16
= -A PREROUTING -j TOS --set-tos 0x10/0xff
-A PREROUTING -j TOS --set-tos 0x10/0x3f
=
-A PREROUTING -j TOS --set-tos 0/0
= -A PREROUTING -j TOS --set-tos 0x00/0x00
-A PREROUTING -j TOS --set-tos Minimize-Delay
= -A PREROUTING -j TOS --set-tos 0x10/0x3f
-A PREROUTING -j TOS --set-tos maximize-throughput
= -A PREROUTING -j TOS --set-tos 0x08/0x3f
-A PREROUTING -j TOS --set-tos Maximize-Reliability
= -A PREROUTING -j TOS --set-tos 0x04/0x3f
-A PREROUTING -j TOS --set-tos minimize-cost
= -A PREROUTING -j TOS --set-tos 0x02/0x3f
-A PREROUTING -j TOS --set-tos Normal-Service
= -A PREROUTING -j TOS --set-tos 0x00/0x3f
-A PREROUTING -j TOS --and-tos 0x0f
= -A PREROUTING -j TOS --set-tos 0x00/0xf0
-A PREROUTING -j TOS --or-tos 0x0f
= -A PREROUTING -j TOS --set-tos 0x0f/0x0f
-A PREROUTING -j TOS --xor-tos 0x0f
= -A PREROUTING -j TOS --set-tos 0x0f/0x00
-A PREROUTING -j TOS --set-tos 0x100
! unknown
-A PREROUTING -j TOS --set-tos 0x10/0x1ff
! illegal
-A PREROUTING -j TOS --set-tos 0x10/
! illegal
-A PREROUTING -j TOS --set-tos 0x10x
! illegal
-A PREROUTING -j TOS --and-tos 0x100
! out of range
-A PREROUTING -j TOS
! action is required
-A PREROUTING -j TOS --set-tos 1 --or-tos 2
! only one
*nat
-A OUTPUT -j TOS --set-tos 1
! only valid in the mangle table
@family 6
*mangle
-A PREROUTING -j TOS --set-tos 0x10
= -A PREROUTING -j TOS --set-tos 0x10/0xff
