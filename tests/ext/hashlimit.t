# -m hashlimit (ext/xt_hashlimit.c), revision 3
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit 10/s --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-above 10/min --hashlimit-mode srcip,dstport --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-above 10/min --hashlimit-burst 5 --hashlimit-mode srcip,dstport --hashlimit-name foo -j ACCEPT
# '!' swaps upto and above
-A INPUT -m hashlimit ! --hashlimit-above 10/min --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/min --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit ! --hashlimit-upto 10/min --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-above 10/min --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
# every option, printed in iptables-save's order
-A INPUT -m hashlimit --hashlimit-dstmask 16 --hashlimit-srcmask 24 --hashlimit-htable-expire 3000 --hashlimit-htable-gcinterval 500 --hashlimit-htable-max 200 --hashlimit-htable-size 100 --hashlimit-name foo --hashlimit-mode dstport,dstip,srcport,srcip --hashlimit-burst 20 --hashlimit-upto 1/day -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 1/day --hashlimit-burst 20 --hashlimit-mode srcip,srcport,dstip,dstport --hashlimit-name foo --hashlimit-htable-size 100 --hashlimit-htable-max 200 --hashlimit-htable-gcinterval 500 --hashlimit-htable-expire 3000 --hashlimit-srcmask 24 --hashlimit-dstmask 16 -j ACCEPT
# defaults are not printed: expiry = the rate unit, gc 1000, masks /32
-A INPUT -m hashlimit --hashlimit-upto 10/h --hashlimit-name foo --hashlimit-htable-expire 3600000 --hashlimit-htable-gcinterval 1000 --hashlimit-srcmask 32 -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/hour --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-srcmask 255.255.0.0 --hashlimit-dstmask 0 -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo --hashlimit-srcmask 16 --hashlimit-dstmask 0 -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 3000/s --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 3003/sec --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-burst 5k -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5120 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-burst 1000000 -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 1000000 --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-mode srcip|dstip -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-mode srcip,dstip --hashlimit-name foo -j ACCEPT
# byte rates
-A INPUT -m hashlimit --hashlimit-upto 100kb/s --hashlimit-name foo -j ACCEPT
=
-A INPUT -m hashlimit --hashlimit-upto 1mb/s --hashlimit-burst 2mb --hashlimit-name foo -j ACCEPT
=
-A INPUT -m hashlimit --hashlimit-upto 100kb/s --hashlimit-name foo --hashlimit-burst 200kb -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 100kb/s --hashlimit-burst 200kb --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 1000b/s --hashlimit-name foo -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 992b/s --hashlimit-name foo -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 1500kb/s --hashlimit-name foo -j ACCEPT
=
-A INPUT -m hashlimit --hashlimit-upto 100kb/s --hashlimit-name foo --hashlimit-burst 1000 -j ACCEPT
! burst cannot be smaller than 102400b
# rate-match
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-rate-match -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo --hashlimit-rate-match -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/min --hashlimit-name foo --hashlimit-rate-match --hashlimit-rate-interval 5 -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo --hashlimit-htable-expire 60000 --hashlimit-rate-match --hashlimit-rate-interval 5 -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 100kb/s --hashlimit-name foo --hashlimit-rate-match -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 100kb/s --hashlimit-name foo --hashlimit-rate-match -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/min --hashlimit-name foo --hashlimit-rate-interval 5 -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/min --hashlimit-burst 5 --hashlimit-name foo -j ACCEPT
# errors
-A INPUT -m hashlimit --hashlimit-upto 10/s -j ACCEPT
! option --hashlimit-name must be specified
-A INPUT -m hashlimit --hashlimit-name foo -j ACCEPT
! you have to specify --hashlimit-upto or --hashlimit-above
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-above 5/s --hashlimit-name foo -j ACCEPT
! cannot be used together
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-mode foo -j ACCEPT
! bad value for "--hashlimit-mode"
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-srcmask 33 -j ACCEPT
! not a prefix length
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-burst 1000001 -j ACCEPT
! out of range (1-1000000)
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-burst 0 -j ACCEPT
! out of range (1-1000000)
-A INPUT -m hashlimit --hashlimit-upto 2000000/s --hashlimit-name foo -j ACCEPT
! rate too fast
-A INPUT -m hashlimit --hashlimit-upto 10/x --hashlimit-name foo -j ACCEPT
! bad value for "--hashlimit-upto"
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-htable-expire 0 -j ACCEPT
! must not be 0
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-htable-gcinterval 0 -j ACCEPT
! must not be 0
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-rate-interval 0 -j ACCEPT
! bad value for "--hashlimit-rate-interval"
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name "" -j ACCEPT
! at least 1 character
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo/bar -j ACCEPT
! cannot contain '/'
@family 6
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-srcmask 64 --hashlimit-dstmask 128 -j ACCEPT
= -A INPUT -m hashlimit --hashlimit-upto 10/sec --hashlimit-burst 5 --hashlimit-name foo --hashlimit-srcmask 64 -j ACCEPT
-A INPUT -m hashlimit --hashlimit-upto 10/s --hashlimit-name foo --hashlimit-srcmask 129 -j ACCEPT
! neither a valid network mask nor valid CIDR
