# -j CT and -j NOTRACK (ext/xt_CT.c)
*raw
-A PREROUTING -j NOTRACK
=
-A OUTPUT -p udp -m udp --dport 53 -j NOTRACK
=
-A PREROUTING -j NOTRACK --notrack
! unknown option
-A PREROUTING -j CT --notrack
=
-A PREROUTING -j CT
=
-A PREROUTING -p tcp -j CT --helper ftp
=
-A PREROUTING -p udp -j CT --helper tftp
=
-A PREROUTING -p udp -j CT --helper sip
=
-A PREROUTING -p tcp -j CT --helper sip
=
-A PREROUTING -p tcp -j CT --helper Q.931
=
-A PREROUTING -j CT --helper ftp
! needs "-p tcp"
-A PREROUTING -p udp -j CT --helper ftp
! needs "-p tcp"
-A PREROUTING -p tcp -j CT --helper FTP
! no conntrack helper
-A PREROUTING -p tcp -j CT --helper bogus
! no conntrack helper
-A PREROUTING -j CT --ctevents new,related,destroy,reply,assured,protoinfo,helper,mark,natseqinfo,secmark
=
-A PREROUTING -j CT --ctevents destroy,new
= -A PREROUTING -j CT --ctevents new,destroy
-A PREROUTING -j CT --expevents new
=
-A PREROUTING -j CT --ctevents bogus
! unknown event type
-A PREROUTING -j CT --ctevents new,
! unknown event type
-A PREROUTING -j CT --ctevents new --ctevents related
! only one
-A PREROUTING -j CT --zone 5
=
-A PREROUTING -j CT --zone 0x10
= -A PREROUTING -j CT --zone 16
-A PREROUTING -j CT --zone 65535
=
-A PREROUTING -j CT --zone 0
= -A PREROUTING -j CT
-A PREROUTING -j CT --zone-orig 5
=
-A PREROUTING -j CT --zone-reply 5
=
-A PREROUTING -j CT --zone-reply 0
= -A PREROUTING -j CT
-A PREROUTING -j CT --zone mark
=
-A PREROUTING -j CT --zone MARK
= -A PREROUTING -j CT --zone mark
-A PREROUTING -j CT --zone-orig mark
=
-A PREROUTING -j CT --zone-orig mark --zone 5
= -A PREROUTING -j CT --zone-orig mark
-A PREROUTING -j CT --zone-orig 3 --zone-reply 4
= -A PREROUTING -j CT --zone 4
-A PREROUTING -j CT --zone 3 --zone-orig 3
= -A PREROUTING -j CT --zone-orig 3
-A PREROUTING -j CT --zone 65536
! zone ID
-A PREROUTING -j CT --zone 5 --zone 6
! only one
-A PREROUTING -j CT --notrack --notrack
! only one
-A PREROUTING -j CT --zone 5 --ctevents new --expevents new --notrack
= -A PREROUTING -j CT --notrack --ctevents new --expevents new --zone 5
-A PREROUTING -p tcp -j CT --zone 5 --ctevents new --expevents new --helper ftp --notrack
= -A PREROUTING -p tcp -j CT --notrack --helper ftp --ctevents new --expevents new --zone 5
-A PREROUTING -j CT --timeout foo
~ timeout policy
*filter
-A INPUT -j NOTRACK
! only valid in the raw table
-A INPUT -j CT --notrack
! only valid in the raw table
@family 6
*raw
-A PREROUTING -j NOTRACK
=
-A OUTPUT -j CT --notrack --zone 7
=
