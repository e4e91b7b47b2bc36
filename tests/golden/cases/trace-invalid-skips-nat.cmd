trace --dump fixtures/docker-host-7788.rules --pkt 'tcp:1.1.1.1->2.2.2.2:8080 in=ppp0 flags=ACK state=INVALID' --color never
