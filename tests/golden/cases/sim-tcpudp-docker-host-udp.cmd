trace --dump fixtures/docker-host-7788.rules --pkt 'udp:1.1.1.1->2.2.2.2:50005 in=ppp0' --pkt 'udp:1.1.1.1->2.2.2.2:50011 in=ppp0' --color never
