# -m policy (ext/xt_policy.c)
-A INPUT -m policy --dir in --pol ipsec
=
-A INPUT -m policy --pol none --dir in
= -A INPUT -m policy --dir in --pol none
-A INPUT -m policy --dir in
= -A INPUT -m policy --dir in --pol ipsec
-A FORWARD -m policy --dir out --pol none
=
-A INPUT -m policy --dir in --pol ipsec --strict --reqid 5 --spi 0x10 --proto esp --mode tunnel --tunnel-src 1.2.3.4 --tunnel-dst 5.6.7.0/24 --next --proto ah --mode transport
= -A INPUT -m policy --dir in --pol ipsec --strict --reqid 5 --spi 0x10 --proto esp --mode tunnel --tunnel-dst 5.6.7.0/24 --tunnel-src 1.2.3.4 --next --proto ah --mode transport
-A INPUT -m policy --dir in --pol ipsec --proto 51 --mode transport --spi 10
= -A INPUT -m policy --dir in --pol ipsec --spi 0xa --proto ah --mode transport
-A INPUT -m policy --dir in --pol ipsec ! --reqid 5 ! --spi 7 ! --proto 108 ! --mode transport ! --tunnel-src 1.2.3.4/8 ! --tunnel-dst 5.6.7.8
= -A INPUT -m policy --dir in --pol ipsec ! --reqid 5 ! --spi 0x7 ! --proto ipcomp ! --mode transport ! --tunnel-dst 5.6.7.8 ! --tunnel-src 1.2.3.4/8
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 1.2.3.4/255.255.0.0 --tunnel-dst 1.2.3.4/255.0.255.0
= -A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-dst 1.2.3.4 --tunnel-src 1.2.3.4/16
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 1.2.3.4/33 --tunnel-dst 0.0.0.0/0
= -A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-dst 0.0.0.0/0 --tunnel-src 1.2.3.4
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 1.2.3.4/0x8
= -A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 1.2.3.4/8
-A INPUT -m policy --dir in --pol ipsec --strict --mode tunnel --next --mode tunnel --next --spi 1 --next --spi 2
= -A INPUT -m policy --dir in --pol ipsec --strict --mode tunnel --next --mode tunnel --next --spi 0x1 --next --spi 0x2
-A INPUT -m policy --dir in --pol ipsec --reqid 1 --next --reqid 2 --strict
= -A INPUT -m policy --dir in --pol ipsec --strict --reqid 1 --next --reqid 2
# policy none drops the element options
-A INPUT -m policy --dir in --pol none --reqid 1
= -A INPUT -m policy --dir in --pol none
-A PREROUTING -m policy --dir in --pol ipsec -j ACCEPT
! does not exist
*mangle
-A PREROUTING -m policy --dir in --pol ipsec
=
-A POSTROUTING -m policy --dir out --pol ipsec --proto esp
=
*filter
-A INPUT -m policy --dir out --pol ipsec
! output policy
-A OUTPUT -m policy --dir in --pol ipsec
! input policy
-A INPUT -m policy --pol ipsec
! neither --dir in nor --dir out
-A INPUT -m policy --dir in --pol ipsec --next
! also requires "--strict"
-A INPUT -m policy --dir in --pol ipsec --tunnel-src 1.2.3.4
! only valid in tunnel mode
-A INPUT -m policy --dir in --pol ipsec ! --mode tunnel --tunnel-src 1.2.3.4
! only valid in tunnel mode
-A INPUT -m policy --dir in --pol ipsec --strict
! empty policy element 0
-A INPUT -m policy --dir in --pol ipsec --strict --mode tunnel --next
! empty policy element 1
-A INPUT -m policy --dir in --pol ipsec --strict --mode tunnel --next --mode tunnel --next --spi 1 --next --spi 2 --next --spi 3
! maximum policy depth
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --reqid 1 --reqid 2
! double --reqid
-A INPUT -m policy --dir in --pol ipsec --next --reqid 1 --strict --reqid 2
! double --reqid
-A INPUT -m policy --dir in --pol none --strict
! policy none but --strict
-A INPUT -m policy --dir in --pol ipsec --proto 6
! protocol must be ah/esp/ipcomp
-A INPUT -m policy --dir in --pol ipsec --proto tcp
! protocol must be ah/esp/ipcomp
-A INPUT -m policy --dir in --pol ipsec --proto AH
! unknown protocol
-A INPUT -m policy --dir in --pol ipsec --mode foo
! invalid mode
-A INPUT -m policy --dir foo --pol ipsec
! invalid dir
-A INPUT -m policy --dir in --pol bar
! invalid policy
-A INPUT -m policy ! --dir in --pol ipsec
! cannot be negated
-A INPUT -m policy --dir in ! --pol ipsec
! cannot be negated
-A INPUT -m policy --dir in --dir out --pol ipsec
! only one --dir
-A INPUT -m policy --dir in --pol ipsec --reqid 0x100000000
! out of range
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 1.2.3.4/abc
! neither a valid network mask nor valid CIDR
@family 6
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 2001:db8::1/64 --tunnel-dst ::1
= -A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-dst ::1 --tunnel-src 2001:db8::1/64
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src ::/0 --tunnel-dst ::1/ffff::
= -A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-dst ::1/16 --tunnel-src ::/0
-A INPUT -m policy --dir in --pol ipsec --mode tunnel --tunnel-src 2001:db8::1/129
! neither a valid network mask nor valid CIDR
