trace --dump tests/golden/sim/docker-host-fixed.rules --iface p1p1=192.168.200.1/30 --route 'default via 192.168.200.2 dev p1p1' --pkt 'tcp:172.17.0.2->8.8.8.8:7788 in=docker0' --color never
