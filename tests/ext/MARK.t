# -j MARK (ext/xt_MARK.c)
*mangle
-A PREROUTING -j MARK --set-mark 5
= -A PREROUTING -j MARK --set-xmark 0x5/0xffffffff
-A PREROUTING -j MARK --set-mark 0x5/0xff
= -A PREROUTING -j MARK --set-xmark 0x5/0xff
-A PREROUTING -j MARK --set-mark 0x1/0x10
= -A PREROUTING -j MARK --set-xmark 0x1/0x11
-A PREROUTING -j MARK --set-mark 0
= -A PREROUTING -j MARK --set-xmark 0x0/0xffffffff
-A PREROUTING -j MARK --set-xmark 5
= -A PREROUTING -j MARK --set-xmark 0x5/0xffffffff
-A PREROUTING -j MARK --set-xmark 5/0xf
= -A PREROUTING -j MARK --set-xmark 0x5/0xf
-A PREROUTING -j MARK --and-mark 0xf0
= -A PREROUTING -j MARK --set-xmark 0x0/0xffffff0f
-A PREROUTING -j MARK --or-mark 0xf0
= -A PREROUTING -j MARK --set-xmark 0xf0/0xf0
-A PREROUTING -j MARK --xor-mark 0xf0
= -A PREROUTING -j MARK --set-xmark 0xf0/0x0
-A PREROUTING -j MARK --set-mark 4294967295
= -A PREROUTING -j MARK --set-xmark 0xffffffff/0xffffffff
-A PREROUTING -j MARK
! is required
-A PREROUTING -j MARK --set-mark 1 --or-mark 2
! cannot be used together
-A PREROUTING -j MARK --set-mark 1 --set-mark 2
! only one
-A PREROUTING -j MARK --set-mark 4294967296
! out of range
-A PREROUTING -j MARK --set-mark -1
! not a number
-A PREROUTING -j MARK ! --set-mark 1
! cannot be negated
*filter
-A INPUT -j MARK --set-mark 1
= -A INPUT -j MARK --set-xmark 0x1/0xffffffff
*nat
-A POSTROUTING -j MARK --or-mark 0x4000
= -A POSTROUTING -j MARK --set-xmark 0x4000/0x4000
@family 6
*mangle
-A OUTPUT -j MARK --set-mark 0x100/0x100
= -A OUTPUT -j MARK --set-xmark 0x100/0x100
