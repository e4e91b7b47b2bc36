# -m connlimit (ext/xt_connlimit.c)
-A INPUT -m connlimit --connlimit-above 5
= -A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 32 --connlimit-saddr
-A INPUT -m connlimit --connlimit-upto 5
= -A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 32 --connlimit-saddr
-A INPUT -m connlimit ! --connlimit-upto 5
= -A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 32 --connlimit-saddr
-A INPUT -m connlimit ! --connlimit-above 5
= -A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 32 --connlimit-saddr
-A INPUT -m connlimit --connlimit-daddr --connlimit-mask 24 --connlimit-above 0x10
= -A INPUT -m connlimit --connlimit-above 16 --connlimit-mask 24 --connlimit-daddr
-A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 255.255.0.0
= -A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 16 --connlimit-saddr
-A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 33
= -A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 32 --connlimit-saddr
-A INPUT -m connlimit --connlimit-above 4294967295 --connlimit-mask 0
= -A INPUT -m connlimit --connlimit-above 4294967295 --connlimit-mask 0 --connlimit-saddr
-A limit_enemy -m connlimit --connlimit-above 6298 --connlimit-mask 32 --connlimit-saddr -j DROP
! does not exist
-A INPUT -m connlimit --connlimit-above 5 --connlimit-saddr --connlimit-daddr
! cannot be used together
-A INPUT -m connlimit
! --connlimit-above" or "--connlimit-upto
-A INPUT -m connlimit --connlimit-above 5 --connlimit-upto 3
! cannot be used together
-A INPUT -m connlimit --connlimit-above 5 ! --connlimit-mask 8
! cannot be negated
-A INPUT -m connlimit --connlimit-above 5 --connlimit-mask abc
! neither a valid network mask nor valid CIDR
-A INPUT -m connlimit --connlimit-above 4294967296
! out of range
@family 6
-A INPUT -m connlimit --connlimit-above 5
= -A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 128 --connlimit-saddr
-A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 64
= -A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 64 --connlimit-saddr
-A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask ffff:ff00::
= -A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 24 --connlimit-saddr
-A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 129
! neither a valid network mask nor valid CIDR
