# tos and dscp matches (ext/xt_tos.c, ext/xt_dscp.c)
-A INPUT -m tos --tos 0x10 -j ACCEPT
= -A INPUT -m tos --tos 0x10/0xff -j ACCEPT
-A INPUT -m tos --tos 16 -j ACCEPT
= -A INPUT -m tos --tos 0x10/0xff -j ACCEPT
-A INPUT -m tos ! --tos 0x10/0x3f -j ACCEPT
=
-A INPUT -m tos --tos Minimize-Delay -j ACCEPT
= -A INPUT -m tos --tos 0x10/0x3f -j ACCEPT
-A INPUT -m tos --tos minimize-delay -j ACCEPT
= -A INPUT -m tos --tos 0x10/0x3f -j ACCEPT
-A INPUT -m tos --tos Normal-Service -j ACCEPT
= -A INPUT -m tos --tos 0x00/0x3f -j ACCEPT
-A INPUT -m tos --tos Maximize-Throughput -j ACCEPT
= -A INPUT -m tos --tos 0x08/0x3f -j ACCEPT
-A INPUT -m tos --tos Maximize-Reliability -j ACCEPT
= -A INPUT -m tos --tos 0x04/0x3f -j ACCEPT
-A INPUT -m tos --tos Minimize-Cost -j ACCEPT
= -A INPUT -m tos --tos 0x02/0x3f -j ACCEPT
-A INPUT -m tos --tos 0 -j ACCEPT
= -A INPUT -m tos --tos 0x00/0xff -j ACCEPT
-A INPUT -m tos --tos 0x12 -j ACCEPT
= -A INPUT -m tos --tos 0x12/0xff -j ACCEPT
-A INPUT -m tos --tos 0x100 -j ACCEPT
! is unknown
-A INPUT -m tos --tos normal -j ACCEPT
! is unknown
-A INPUT -m tos --tos 0x10/0x100 -j ACCEPT
! illegal TOS value
-A INPUT -m tos --tos 5/ -j ACCEPT
! illegal TOS value
-A INPUT -m tos -j ACCEPT
! must be specified
-A INPUT -m dscp --dscp 10 -j ACCEPT
= -A INPUT -m dscp --dscp 0x0a -j ACCEPT
-A INPUT -m dscp --dscp 0x0a -j ACCEPT
=
-A INPUT -m dscp ! --dscp 63 -j ACCEPT
= -A INPUT -m dscp ! --dscp 0x3f -j ACCEPT
-A INPUT -m dscp --dscp-class EF -j ACCEPT
= -A INPUT -m dscp --dscp 0x2e -j ACCEPT
-A INPUT -m dscp --dscp-class af11 -j ACCEPT
= -A INPUT -m dscp --dscp 0x0a -j ACCEPT
-A INPUT -m dscp ! --dscp-class CS1 -j ACCEPT
= -A INPUT -m dscp ! --dscp 0x08 -j ACCEPT
-A INPUT -m dscp --dscp-class be -j ACCEPT
= -A INPUT -m dscp --dscp 0x00 -j ACCEPT
-A INPUT -m dscp --dscp-class cs7 -j ACCEPT
= -A INPUT -m dscp --dscp 0x38 -j ACCEPT
-A INPUT -m dscp --dscp-class AF43 -j ACCEPT
= -A INPUT -m dscp --dscp 0x26 -j ACCEPT
-A INPUT -m dscp --dscp 64 -j ACCEPT
! out of range
-A INPUT -m dscp --dscp-class XX -j ACCEPT
! invalid DSCP class
-A INPUT -m dscp --dscp 1 --dscp-class EF -j ACCEPT
! cannot be used together
-A INPUT -m dscp -j ACCEPT
! is required
@family 6
-A INPUT -m tos --tos 0x10 -j ACCEPT
= -A INPUT -m tos --tos 0x10/0xff -j ACCEPT
-A INPUT -m dscp --dscp-class EF -j ACCEPT
= -A INPUT -m dscp --dscp 0x2e -j ACCEPT
