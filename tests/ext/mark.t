# mark and connmark matches (ext/xt_mark.c, ext/xt_connmark.c)
-A INPUT -m mark --mark 1 -j ACCEPT
= -A INPUT -m mark --mark 0x1 -j ACCEPT
-A INPUT -m mark --mark 0x1/0xff -j ACCEPT
=
-A INPUT -m mark ! --mark 0x1/0xffffffff -j ACCEPT
= -A INPUT -m mark ! --mark 0x1 -j ACCEPT
-A INPUT -m mark --mark 0 -j ACCEPT
= -A INPUT -m mark --mark 0x0 -j ACCEPT
-A INPUT -m mark --mark 0/0 -j ACCEPT
= -A INPUT -m mark --mark 0x0/0x0 -j ACCEPT
-A INPUT -m mark --mark 5/3 -j ACCEPT
= -A INPUT -m mark --mark 0x5/0x3 -j ACCEPT
-A INPUT -m mark --mark 010 -j ACCEPT
= -A INPUT -m mark --mark 0x8 -j ACCEPT
-A INPUT -m mark --mark 0xffffffff -j ACCEPT
=
-A INPUT -m mark --mark 0x100000000 -j ACCEPT
! out of range
-A INPUT -m mark --mark 1/ -j ACCEPT
! not a number
-A INPUT -m mark --mark /1 -j ACCEPT
! not a number
-A INPUT -m mark --mark abc -j ACCEPT
! not a number
-A INPUT -m mark -j ACCEPT
! must be specified
-A INPUT -m mark --mark 1 --mark 2 -j ACCEPT
! only one
-A INPUT -m connmark --mark 1 -j ACCEPT
= -A INPUT -m connmark --mark 0x1 -j ACCEPT
-A INPUT -m connmark ! --mark 0x1/0xff -j ACCEPT
=
-A INPUT -m connmark --mark 5/3 -j ACCEPT
= -A INPUT -m connmark --mark 0x5/0x3 -j ACCEPT
-A INPUT -m connmark -j ACCEPT
! must be specified
-A INPUT -m connmark --mark x -j ACCEPT
! not a number
@family 6
-A INPUT -m mark --mark 7 -j ACCEPT
= -A INPUT -m mark --mark 0x7 -j ACCEPT
-A INPUT -m connmark --mark 7/0xf -j ACCEPT
= -A INPUT -m connmark --mark 0x7/0xf -j ACCEPT
