# tcp and udp matches (ext/xt_tcpudp.c); save form of iptables-nft 1.8.9
-A INPUT -p tcp --dport ssh -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
=
-A INPUT -p tcp --sport 1:2 --dport :80 -j ACCEPT
= -A INPUT -p tcp -m tcp --sport 1:2 --dport 0:80 -j ACCEPT
-A INPUT -p tcp --source-port 5: ! --destination-port 80:80 -j ACCEPT
= -A INPUT -p tcp -m tcp --sport 5:65535 ! --dport 80 -j ACCEPT
-A INPUT -p tcp --dport=22 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp --dpor 22 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp --dport 0x10 --sport 010 -j ACCEPT
= -A INPUT -p tcp -m tcp --sport 8 --dport 16 -j ACCEPT
-A INPUT -p tcp --dport ssh:http -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22:80 -j ACCEPT
-A INPUT -p tcp --dport 0 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 0 -j ACCEPT
-A INPUT -p 6 --dport 22 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp ! --dport 22 ! --sport 22 -j ACCEPT
= -A INPUT -p tcp -m tcp ! --sport 22 ! --dport 22 -j ACCEPT
-A INPUT -p tcp ! --sport 1 --dport 2 -j ACCEPT
= -A INPUT -p tcp -m tcp ! --sport 1 --dport 2 -j ACCEPT
# defaults: a full range is not printed; a match with nothing left
# keeps " -m tcp" only when it went to the kernel as an xt match
-A INPUT -p tcp --sport 0:65535 -j ACCEPT
= -A INPUT -p tcp -m tcp -j ACCEPT
-A INPUT -p tcp --dport : -j ACCEPT
= -A INPUT -p tcp -m tcp -j ACCEPT
-A INPUT -p tcp -m tcp -j ACCEPT
=
-A INPUT -p tcp ! --sport 0:65535 -j ACCEPT
= -A INPUT -p tcp -j ACCEPT
-A INPUT -p tcp ! --sport 0:65535 --dport 80 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -p tcp --tcp-flags NONE NONE -j ACCEPT
= -A INPUT -p tcp -m tcp -j ACCEPT
-A INPUT -p tcp ! --tcp-flags NONE NONE -j ACCEPT
= -A INPUT -p tcp -j ACCEPT
-A INPUT -p tcp --tcp-flags NONE SYN -j ACCEPT
= -A INPUT -p tcp -j ACCEPT
# flags
-A INPUT -p tcp --syn -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp ! --syn -j ACCEPT
= -A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags ALL NONE -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST,URG,PSH ALL -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG -j ACCEPT
-A INPUT -p tcp ! --tcp-flags syn,ack syn -j ACCEPT
= -A INPUT -p tcp -m tcp ! --tcp-flags SYN,ACK SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN SYN,ACK -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-flags SYN SYN,ACK -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN, SYN -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-flags SYN SYN -j ACCEPT
-A INPUT -p tcp --tcp-flags FIN,SYN,RST,ACK SYN --dport 80 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 80 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp --dport 22 --syn --sport 3 -j ACCEPT
= -A INPUT -p tcp -m tcp --sport 3 --dport 22 --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
# --tcp-option goes to the kernel as an xt match
-A INPUT -p tcp --tcp-option 5 -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-option 5 -j ACCEPT
-A INPUT -p tcp --tcp-flags SYN SYN ! --tcp-option 3 --dport 3 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 3 ! --tcp-option 3 --tcp-flags SYN SYN -j ACCEPT
-A INPUT -p tcp ! --sport 0:65535 --tcp-option 0x10 -j ACCEPT
= -A INPUT -p tcp -m tcp --tcp-option 16 -j ACCEPT
# inverted protocol: only the native form is accepted
-A INPUT ! -p tcp -m tcp --syn -j ACCEPT
= -A INPUT ! -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT ! -p tcp -m tcp --tcp-option 3 -j ACCEPT
! kernel refuses
-A INPUT ! -p tcp -m tcp -j ACCEPT
! kernel refuses
# errors
-A INPUT -p tcp --tcp-option 0 -j ACCEPT
! bad TCP option
-A INPUT -p tcp --tcp-option 256 -j ACCEPT
! bad TCP option
-A INPUT -p tcp --tcp-option 1 --tcp-option 2 -j ACCEPT
! only one
-A INPUT -p tcp --dport 70000 -j ACCEPT
! invalid port/service
-A INPUT -p tcp --dport 5:3 -j ACCEPT
! min > max
-A INPUT -p tcp --dport http:ssh -j ACCEPT
! min > max
-A INPUT -p tcp --dport nosuch -j ACCEPT
! invalid port/service
-A INPUT -p tcp --dport SSH -j ACCEPT
! invalid port/service
-A INPUT -p tcp --dport bootpc -j ACCEPT
! invalid port/service
-A INPUT -p tcp --dport 22-23 -j ACCEPT
! invalid port/service
-A INPUT -p tcp --dport -1 -j ACCEPT
! invalid port/service
-A INPUT -p tcp --dport 1:2:3 -j ACCEPT
! invalid port/service
-A INPUT -p tcp --tcp-flags FOO SYN -j ACCEPT
! unknown TCP flag
-A INPUT -p tcp --tcp-flags 1 2 -j ACCEPT
! unknown TCP flag
-A INPUT -p tcp --tcp-flags SYN -j ACCEPT
! requires two args
-A INPUT -m tcp --dport 22 -j ACCEPT
! requires "-p tcp"
-A INPUT -p udp -m tcp --dport 22 -j ACCEPT
! requires "-p tcp"
-A INPUT -p tcp --dport 22 --dport 23 -j ACCEPT
! only one
-A INPUT -p tcp --syn --tcp-flags SYN SYN -j ACCEPT
! only one
-A INPUT -p tcp --dport ! 22 -j ACCEPT
! pre-1.4.3
# udp
-A INPUT -p udp --dport 53 -j ACCEPT
= -A INPUT -p udp -m udp --dport 53 -j ACCEPT
-A INPUT -p udp --sport domain:bootps -j ACCEPT
= -A INPUT -p udp -m udp --sport 53:67 -j ACCEPT
-A INPUT -p udp --dport bootpc -j ACCEPT
= -A INPUT -p udp -m udp --dport 68 -j ACCEPT
-A INPUT -p udp -m udp -j ACCEPT
=
-A INPUT -p udp ! --sport 0:65535 -j ACCEPT
= -A INPUT -p udp -j ACCEPT
-A INPUT -p udp ! --sport 1 ! --dport 2 -j ACCEPT
= -A INPUT -p udp -m udp ! --sport 1 ! --dport 2 -j ACCEPT
-A INPUT -p udp --sport 0 --dport 2 -j ACCEPT
= -A INPUT -p udp -m udp --sport 0 --dport 2 -j ACCEPT
-A INPUT -p udp --dport 0:0 -j ACCEPT
= -A INPUT -p udp -m udp --dport 0 -j ACCEPT
-A INPUT -p udp --dport 1:65535 -j ACCEPT
= -A INPUT -p udp -m udp --dport 1:65535 -j ACCEPT
-A INPUT -p udp --dport 0:65534 -j ACCEPT
= -A INPUT -p udp -m udp --dport 0:65534 -j ACCEPT
-A INPUT ! -p udp -m udp --dport 3 -j ACCEPT
= -A INPUT ! -p udp -m udp --dport 3 -j ACCEPT
-A INPUT ! -p udp -m udp -j ACCEPT
! kernel refuses
-A INPUT -p udp --syn -j ACCEPT
! unknown option
-A INPUT -p udplite --dport 22 -j ACCEPT
! unknown option
-A INPUT -p icmp -m udp --dport 22 -j ACCEPT
! requires "-p udp"
@family 6
-A INPUT -p tcp --dport 22 -j ACCEPT
= -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p udp --sport 546 --dport 547 -j ACCEPT
= -A INPUT -p udp -m udp --sport 546 --dport 547 -j ACCEPT
