trace --dump tests/golden/sim/NAT.rules --iface eth0=10.0.0.1/24 --iface eth1=192.168.1.1/24 --route 'default via 10.0.0.254 dev eth0' --pkt 'udp:192.168.1.5:5000->8.8.8.8:53 in=eth1' --color never
