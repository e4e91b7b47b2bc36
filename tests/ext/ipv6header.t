# -m ipv6header (ext/xt_ipv6header.c)
@family 6
-A INPUT -m ipv6header --header hop
= -A INPUT -m ipv6header --header hop-by-hop
-A INPUT -m ipv6header --header hop-by-hop,dst,route,frag,auth,esp,none,prot --soft
= -A INPUT -m ipv6header --header hop-by-hop,ipv6-opts,ipv6-route,ipv6-frag,ah,esp,ipv6-nonxt,protocol --soft
-A INPUT -m ipv6header ! --header ipv6-route,ipv6-frag,ah,ipv6-opts,ipv6-nonxt,protocol,0
= -A INPUT -m ipv6header ! --header hop-by-hop,ipv6-opts,ipv6-route,ipv6-frag,ah,ipv6-nonxt,protocol
-A INPUT -m ipv6header --header 43,44,50,51,59,60,255
= -A INPUT -m ipv6header --header ipv6-opts,ipv6-route,ipv6-frag,ah,esp,ipv6-nonxt,protocol
-A INPUT -m ipv6header --header hopopt,IPv6-Route,ipv6-nonxt,IPSEC-AH
= -A INPUT -m ipv6header --header hop-by-hop,ipv6-route,ah,ipv6-nonxt
-A INPUT -m ipv6header --soft --header 0
= -A INPUT -m ipv6header --header hop-by-hop --soft
-A INPUT -m ipv6header --header esp,hop,hop
= -A INPUT -m ipv6header --header hop-by-hop,esp
-A INPUT -m ipv6header --header ,,esp,
= -A INPUT -m ipv6header --header esp
-A INPUT -m ipv6header --header tcp
! unknown header `6'
-A INPUT -m ipv6header --header 6
! unknown header `6'
-A INPUT -m ipv6header --header 256
! unknown header `256'
-A INPUT -m ipv6header --header HOP
! unknown header `HOP'
-A INPUT -m ipv6header --header IPV6-NoNxt
! unknown header
-A INPUT -m ipv6header
! --header must be specified
-A INPUT -m ipv6header --header ""
! cannot parse header names
-A INPUT -m ipv6header ! --soft --header hop
! cannot be negated
