# -j CONNMARK (ext/xt_CONNMARK.c)
*mangle
-A PREROUTING -j CONNMARK --set-mark 5
= -A PREROUTING -j CONNMARK --set-xmark 0x5/0xffffffff
-A PREROUTING -j CONNMARK --set-mark 5/0xf
= -A PREROUTING -j CONNMARK --set-xmark 0x5/0xf
-A PREROUTING -j CONNMARK --set-xmark 5/0xf
= -A PREROUTING -j CONNMARK --set-xmark 0x5/0xf
-A PREROUTING -j CONNMARK --save-mark
= -A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A PREROUTING -j CONNMARK --restore-mark
= -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A PREROUTING -j CONNMARK --save-mark --mask 0xff
= -A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -j CONNMARK --restore-mark --mask 0xff
= -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf0
= -A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf0
-A PREROUTING -j CONNMARK --restore-mark --ctmask 0xf0
= -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xf0
-A PREROUTING -j CONNMARK --and-mark 0xf
= -A PREROUTING -j CONNMARK --set-xmark 0x0/0xfffffff0
-A PREROUTING -j CONNMARK --or-mark 0xf
= -A PREROUTING -j CONNMARK --set-xmark 0xf/0xf
-A PREROUTING -j CONNMARK --xor-mark 0xf
= -A PREROUTING -j CONNMARK --set-xmark 0xf/0x0
-A PREROUTING -j CONNMARK --set-mark 1 --mask 3
= -A PREROUTING -j CONNMARK --set-xmark 0x1/0x3
-A PREROUTING -j CONNMARK --mask 3 --set-mark 1
= -A PREROUTING -j CONNMARK --set-xmark 0x1/0xffffffff
-A PREROUTING -j CONNMARK --set-xmark 1/2 --ctmask 4
= -A PREROUTING -j CONNMARK --set-xmark 0x1/0x4
-A PREROUTING -j CONNMARK --restore-mark --right-shift-mark 3
= -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff --right-shift-mark 3
-A PREROUTING -j CONNMARK --set-xmark 0x10 --left-shift-mark 3
= -A PREROUTING -j CONNMARK --set-xmark 0x10/0xffffffff --left-shift-mark 3
-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 0
= -A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 31
= -A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 31
-A PREROUTING -j CONNMARK
! no operation specified
-A PREROUTING -j CONNMARK --mask 3
! no operation specified
-A PREROUTING -j CONNMARK --set-mark 1 --save-mark
! only one operation
-A PREROUTING -j CONNMARK --save-mark --mask 0xff --nfmask 0xf
! cannot be used together
-A PREROUTING -j CONNMARK --save-mark --ctmask 0xff --mask 0xf
! cannot be used together
-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 32
! 32 bits
-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 33
! out of range
-A PREROUTING -j CONNMARK --save-mark --shift-left 3
! unknown option
*filter
-A INPUT -j CONNMARK --save-mark
= -A INPUT -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
@family 6
*mangle
-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff00 --ctmask 0xff
=
