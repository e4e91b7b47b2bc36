trace --dump fixtures/docker-host-7788.rules --iface p1p1=203.0.113.2/24 --route 'default via 203.0.113.1 dev p1p1' --pkt 'udp:172.17.0.2:5353->8.8.8.8:53 in=docker0' --format json --color never
