# -m conntrack (ext/xt_conntrack.c), revision 3
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
=
-A INPUT -m conntrack --ctstate DNAT,SNAT,UNTRACKED,ESTABLISHED,RELATED,NEW,INVALID -j ACCEPT
= -A INPUT -m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT -j ACCEPT
-A INPUT -m conntrack --ctstate s,d -j ACCEPT
= -A INPUT -m conntrack --ctstate SNAT,DNAT -j ACCEPT
-A INPUT -m conntrack ! --ctstate NEW --ctproto tcp -j ACCEPT
= -A INPUT -m conntrack ! --ctstate NEW --ctproto 6 -j ACCEPT
# every option, given backwards: printed in the fixed order
-A INPUT -m conntrack --ctdir REPLY --ctexpire 10:20 --ctstatus ASSURED,SEEN_REPLY,EXPECTED,CONFIRMED --ctrepldstport 80:90 --ctreplsrcport 22 --ctorigdstport 1 --ctorigsrcport 5 --ctrepldst 1.2.3.4 --ctreplsrc 1.2.3.0/24 --ctorigdst 10.0.0.1 --ctorigsrc 1.1.1.1 --ctproto 6 --ctstate NEW -j ACCEPT
= -A INPUT -m conntrack --ctstate NEW --ctproto 6 --ctorigsrc 1.1.1.1 --ctorigdst 10.0.0.1 --ctreplsrc 1.2.3.0/24 --ctrepldst 1.2.3.4 --ctorigsrcport 5 --ctorigdstport 1 --ctreplsrcport 22 --ctrepldstport 80:90 --ctstatus EXPECTED,SEEN_REPLY,ASSURED,CONFIRMED --ctexpire 10:20 --ctdir REPLY -j ACCEPT
-A INPUT -m conntrack ! --ctproto udp ! --ctorigsrc 1.1.1.1 ! --ctorigdst 2.2.2.2 ! --ctreplsrc 3.3.3.3 ! --ctrepldst 4.4.4.4 ! --ctorigsrcport 1 ! --ctorigdstport 2 ! --ctreplsrcport 3 ! --ctrepldstport 4 ! --ctstatus NONE ! --ctexpire 5 -j ACCEPT
= -A INPUT -m conntrack ! --ctproto 17 ! --ctorigsrc 1.1.1.1 ! --ctorigdst 2.2.2.2 ! --ctreplsrc 3.3.3.3 ! --ctrepldst 4.4.4.4 ! --ctorigsrcport 1 ! --ctorigdstport 2 ! --ctreplsrcport 3 ! --ctrepldstport 4 ! --ctstatus NONE ! --ctexpire 5 -j ACCEPT
-A INPUT -m conntrack --ctproto all -j ACCEPT
= -A INPUT -m conntrack --ctproto 0 -j ACCEPT
-A INPUT -m conntrack --ctproto icmp -j ACCEPT
= -A INPUT -m conntrack --ctproto 1 -j ACCEPT
-A INPUT -m conntrack --ctproto 300 -j ACCEPT
! unknown protocol "300"
-A INPUT -m conntrack --ctproto foo -j ACCEPT
! unknown protocol "foo"
# addresses keep their host bits; a full mask prints as nothing
-A INPUT -m conntrack --ctorigsrc 1.2.3.4/24 --ctorigdst 1.2.3.4/255.255.0.0 --ctreplsrc 0.0.0.0/0 --ctrepldst 5.6.7.8/32 -j ACCEPT
= -A INPUT -m conntrack --ctorigsrc 1.2.3.4/24 --ctorigdst 1.2.3.4/16 --ctreplsrc 0.0.0.0/0 --ctrepldst 5.6.7.8 -j ACCEPT
-A INPUT -m conntrack --ctorigsrc 1.2.3.4/255.0.255.0 -j ACCEPT
= -A INPUT -m conntrack --ctorigsrc 1.2.3.4 -j ACCEPT
-A INPUT -m conntrack --ctorigsrc 10.1 -j ACCEPT
= -A INPUT -m conntrack --ctorigsrc 10.0.0.1 -j ACCEPT
-A INPUT -m conntrack --ctorigsrc localhost -j ACCEPT
= -A INPUT -m conntrack --ctorigsrc 127.0.0.1 -j ACCEPT
-A INPUT -m conntrack --ctorigsrc 1.2.3.4/abc -j ACCEPT
! neither a valid network mask nor valid CIDR
-A INPUT -m conntrack --ctorigsrc 1.2.3.4/ -j ACCEPT
! neither a valid network mask nor valid CIDR
-A INPUT -m conntrack --ctorigsrc 300.1.1.1 -j ACCEPT
! bad address
# ports: names, open ends; 1.8.9 takes a reversed range as given
-A INPUT -m conntrack --ctorigsrcport ssh:http -j ACCEPT
= -A INPUT -m conntrack --ctorigsrcport 22:80 -j ACCEPT
-A INPUT -m conntrack --ctorigdstport :80 -j ACCEPT
= -A INPUT -m conntrack --ctorigdstport 0:80 -j ACCEPT
-A INPUT -m conntrack --ctreplsrcport 80: -j ACCEPT
= -A INPUT -m conntrack --ctreplsrcport 80:65535 -j ACCEPT
-A INPUT -m conntrack --ctrepldstport 5:3 -j ACCEPT
=
-A INPUT -m conntrack --ctorigsrcport 7:7 -j ACCEPT
= -A INPUT -m conntrack --ctorigsrcport 7 -j ACCEPT
-A INPUT -m conntrack --ctorigsrcport foo -j ACCEPT
! does not resolve to anything
-A INPUT -m conntrack --ctorigsrcport 1:2:3 -j ACCEPT
! too many components
# expire: a number or a range, any base
-A INPUT -m conntrack --ctexpire 0x10 -j ACCEPT
= -A INPUT -m conntrack --ctexpire 16 -j ACCEPT
-A INPUT -m conntrack --ctexpire 20:10 -j ACCEPT
=
-A INPUT -m conntrack --ctexpire 4294967295 -j ACCEPT
=
-A INPUT -m conntrack --ctexpire 10-20 -j ACCEPT
! unexpected characters near "-20"
# status
-A INPUT -m conntrack --ctstatus expected,none -j ACCEPT
= -A INPUT -m conntrack --ctstatus EXPECTED -j ACCEPT
-A INPUT -m conntrack --ctstatus NONE -j ACCEPT
=
-A INPUT -m conntrack --ctstatus foo -j ACCEPT
! bad ctstatus "foo"
# direction
-A INPUT -m conntrack --ctdir reply -j ACCEPT
= -A INPUT -m conntrack --ctdir REPLY -j ACCEPT
-A INPUT -m conntrack --ctdir ORIGINAL -j ACCEPT
=
-A INPUT -m conntrack ! --ctdir REPLY -j ACCEPT
! cannot be negated
-A INPUT -m conntrack --ctdir foo -j ACCEPT
! bad value for "--ctdir"
# errors
-A INPUT -m conntrack -j ACCEPT
! at least one option
-A INPUT -m conntrack --ctstate NEW --ctstate EST -j ACCEPT
! only one --ctstate
-A INPUT -m conntrack --ctstate foo -j ACCEPT
! bad ctstate "foo"
-A INPUT -m conntrack --ctstate NEW, -j ACCEPT
! bad ctstate ""
# an abbreviation that fits two options (--ctstate, --ctstatus)
-A INPUT -m conntrack --cts NEW -j ACCEPT
! ambiguous
@family 6
-A INPUT -m conntrack --ctorigsrc 2001:db8::1/64 --ctrepldst ::/0 -j ACCEPT
=
-A INPUT -m conntrack --ctorigsrc 2001:db8::1/128 -j ACCEPT
= -A INPUT -m conntrack --ctorigsrc 2001:db8::1 -j ACCEPT
-A INPUT -m conntrack --ctorigsrc ::ffff:1.2.3.4 -j ACCEPT
=
-A INPUT -m conntrack --ctorigsrc 2001:db8::1/129 -j ACCEPT
! neither a valid network mask nor valid CIDR
-A INPUT -m conntrack --ctorigsrc 1.2.3.4 -j ACCEPT
! bad address
