# -j CLASSIFY (ext/xt_CLASSIFY.c)
*mangle
-A POSTROUTING -j CLASSIFY --set-class 1:10
= -A POSTROUTING -j CLASSIFY --set-class 0001:0010
-A POSTROUTING -j CLASSIFY --set-class 0:0
= -A POSTROUTING -j CLASSIFY --set-class 0000:0000
-A POSTROUTING -j CLASSIFY --set-class ffff:ffff
=
-A FORWARD -j CLASSIFY --set-class 0x1:0x2
= -A FORWARD -j CLASSIFY --set-class 0001:0002
-A OUTPUT -j CLASSIFY --set-class ABC:def
= -A OUTPUT -j CLASSIFY --set-class 0abc:0def
-A POSTROUTING -j CLASSIFY --set-class 10000:1
= -A POSTROUTING -j CLASSIFY --set-class 0000:0001
-A POSTROUTING -j CLASSIFY --set-class 1
! bad class value
-A POSTROUTING -j CLASSIFY --set-class 1:
! bad class value
-A POSTROUTING -j CLASSIFY --set-class :1
! bad class value
-A POSTROUTING -j CLASSIFY
! must be specified
-A PREROUTING -j CLASSIFY --set-class 1:1
! only valid in FORWARD, OUTPUT, POSTROUTING
-A INPUT -j CLASSIFY --set-class 1:1
! only valid in
*filter
-A OUTPUT -j CLASSIFY --set-class 1:10
= -A OUTPUT -j CLASSIFY --set-class 0001:0010
-A INPUT -j CLASSIFY --set-class 1:10
! only valid in
@family 6
*mangle
-A POSTROUTING -j CLASSIFY --set-class 1:10
= -A POSTROUTING -j CLASSIFY --set-class 0001:0010
