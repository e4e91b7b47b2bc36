trace --dump fixtures/docker-host-7788.rules --pkt 'tcp:1.1.1.1->2.2.2.2:7788 in=ppp0' --pkt 'tcp:1.1.1.1->2.2.2.2:8080 in=ppp0' --color never
