trace --dump fixtures/docker-host-7788.rules --pkt 'tcp:1.1.1.1->2.2.2.2:7788' --in ppp0 --format json
