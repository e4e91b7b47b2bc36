# ttl (iptables) and hl (ip6tables) matches (ext/xt_ttl.c)
-A INPUT -m ttl --ttl-eq 3 -j ACCEPT
=
-A INPUT -m ttl ! --ttl-eq 3 -j ACCEPT
=
-A INPUT -m ttl --ttl-lt 3 -j ACCEPT
=
-A INPUT -m ttl --ttl-gt 3 -j ACCEPT
=
-A INPUT -m ttl --ttl 3 -j ACCEPT
= -A INPUT -m ttl --ttl-eq 3 -j ACCEPT
-A INPUT -m ttl --ttl-lt 0x10 -j ACCEPT
= -A INPUT -m ttl --ttl-lt 16 -j ACCEPT
-A INPUT -m ttl --ttl-eq 0 -j ACCEPT
=
-A INPUT -m ttl --ttl-eq 255 -j ACCEPT
=
-A INPUT -m ttl ! --ttl-gt 3 -j ACCEPT
! cannot be negated
-A INPUT -m ttl --ttl-gt 256 -j ACCEPT
! out of range
-A INPUT -m ttl --ttl-eq -1 -j ACCEPT
! not a number
-A INPUT -m ttl --ttl-gt 3 --ttl-eq 3 -j ACCEPT
! cannot be used together
-A INPUT -m ttl -j ACCEPT
! you must specify one of
-A INPUT -m hl --hl-eq 3 -j ACCEPT
! not available
@family 6
-A INPUT -p ipv6-icmp -m hl --hl-eq 255 -j ACCEPT
=
-A INPUT -m hl ! --hl-eq 3 -j ACCEPT
=
-A INPUT -m hl --hl-lt 3 -j ACCEPT
=
-A INPUT -m hl --hl-gt 64 -j ACCEPT
=
-A INPUT -m hl --hl-eq 0x10 -j ACCEPT
= -A INPUT -m hl --hl-eq 16 -j ACCEPT
-A INPUT -m hl --hl 7 -j ACCEPT
= -A INPUT -m hl --hl-eq 7 -j ACCEPT
-A INPUT -m hl --hl-gt 256 -j ACCEPT
! out of range
-A INPUT -m hl --hl-gt 3 --hl-lt 5 -j ACCEPT
! cannot be used together
-A INPUT -m hl ! --hl-lt 3 -j ACCEPT
! cannot be negated
-A INPUT -m hl -j ACCEPT
! you must specify one of
-A INPUT -m ttl --ttl-eq 3 -j ACCEPT
! not available
