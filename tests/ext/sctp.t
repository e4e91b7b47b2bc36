# sctp match (ext/xt_sctp.c)
-A INPUT -p sctp --dport 80 -j ACCEPT
= -A INPUT -p sctp -m sctp --dport 80 -j ACCEPT
-A INPUT -p sctp --sport 1:2 ! --dport 5: -j ACCEPT
= -A INPUT -p sctp -m sctp --sport 1:2 ! --dport 5:65535 -j ACCEPT
-A INPUT -p sctp -m sctp -j ACCEPT
=
-A INPUT -p sctp --source-port 80 --destination-port 3 -j ACCEPT
= -A INPUT -p sctp -m sctp --sport 80 --dport 3 -j ACCEPT
-A INPUT -p sctp --dport 0:65535 -j ACCEPT
= -A INPUT -p sctp -m sctp --dport 0:65535 -j ACCEPT
-A INPUT -p sctp ! --dport 0:65535 -j ACCEPT
= -A INPUT -p sctp -m sctp ! --dport 0:65535 -j ACCEPT
-A INPUT -p sctp --dport 3:3 --sport 0 -j ACCEPT
= -A INPUT -p sctp -m sctp --sport 0 --dport 3 -j ACCEPT
-A INPUT -p sctp --chunk-types any DATA,INIT -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any DATA,INIT -j ACCEPT
-A INPUT -p sctp --chunk-types ANY init,data -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any DATA,INIT -j ACCEPT
-A INPUT -p sctp ! --chunk-types only INIT,ABORT -j ACCEPT
= -A INPUT -p sctp -m sctp ! --chunk-types only INIT,ABORT -j ACCEPT
-A INPUT -p sctp --chunk-types all DATA:Be -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types all DATA:Be -j ACCEPT
-A INPUT -p sctp --chunk-types all ABORT:T,SHUTDOWN_COMPLETE:t -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types all ABORT:T,SHUTDOWN_COMPLETE:t -j ACCEPT
-A INPUT -p sctp --chunk-types all ALL -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types all ALL -j ACCEPT
-A INPUT -p sctp --chunk-types any all -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any ALL -j ACCEPT
-A INPUT -p sctp --chunk-types all NONE -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types all NONE -j ACCEPT
-A INPUT -p sctp --chunk-types any INIT,INIT -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any INIT -j ACCEPT
-A INPUT -p sctp --chunk-types any INIT, -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any INIT -j ACCEPT
-A INPUT -p sctp --chunk-types any DATA:IUBE,DATA:e -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any DATA:IUBE -j ACCEPT
-A INPUT -p sctp --chunk-types any DATA:I,ABORT:T,SHUTDOWN_COMPLETE:T,DATA:B -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any DATA:IB,ABORT:T,SHUTDOWN_COMPLETE:T -j ACCEPT
-A INPUT -p sctp --chunk-types any DATA:I,ABORT:T,SHUTDOWN_COMPLETE:T,ECN_CWR -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any DATA:I,ABORT:T,ECN_CWR,SHUTDOWN_COMPLETE:T -j ACCEPT
-A INPUT -p sctp --chunk-types any I_DATA:B -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any I_DATA -j ACCEPT
-A INPUT -p sctp --chunk-types any ASCONF,RE_CONFIG,PAD,ASCONF_ACK,FORWARD_TSN,I_FORWARD_TSN -j ACCEPT
= -A INPUT -p sctp -m sctp --chunk-types any ASCONF_ACK,RE_CONFIG,PAD,FORWARD_TSN,ASCONF,I_FORWARD_TSN -j ACCEPT
-A INPUT -p sctp --dport 80 --chunk-types any INIT --sport 3 -j ACCEPT
= -A INPUT -p sctp -m sctp --sport 3 --dport 80 --chunk-types any INIT -j ACCEPT
-A INPUT -p sctp --chunk-types foo INIT -j ACCEPT
! has to be one of
-A INPUT -p sctp --chunk-types any FOO -j ACCEPT
! unknown sctp chunk
-A INPUT -p sctp --chunk-types any AUTH -j ACCEPT
! unknown sctp chunk
-A INPUT -p sctp --chunk-types any INIT:x -j ACCEPT
! invalid flag
-A INPUT -p sctp --chunk-types any I_DATA:X -j ACCEPT
! invalid flag
-A INPUT -p sctp --chunk-types any -j ACCEPT
! requires two args
-A INPUT -p sctp --dport http -j ACCEPT
! invalid port/service
-A INPUT -p sctp --dport 5:3 -j ACCEPT
! min > max
-A INPUT -p sctp --dport 3 --dport 4 -j ACCEPT
! only one
-A INPUT -m sctp --dport 3 -j ACCEPT
! needs "-p sctp"
-A INPUT ! -p sctp -m sctp --dport 3 -j ACCEPT
! needs "-p sctp"
@family 6
-A INPUT -p sctp --dport 80 -j ACCEPT
= -A INPUT -p sctp -m sctp --dport 80 -j ACCEPT
