trace --dump tests/golden/sim/NAT.rules --iface eth0=10.0.0.1/24 --iface eth1=192.168.1.1/24 --route 'default via 10.0.0.254 dev eth0' --pkt 'udp:198.51.100.7:5000->10.0.0.1:53 in=eth0' --color never
