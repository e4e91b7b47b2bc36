trace --dump fixtures/docker-host-7788.rules --pkt 'tcp:1.1.1.1->2.2.2.2:80 in=ppp0' --family 7
