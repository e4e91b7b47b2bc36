trace --dump tests/golden/sim/docker-host-fixed.rules --pkt 'tcp:1.1.1.1->2.2.2.2:7788 in=ppp0' --color never
