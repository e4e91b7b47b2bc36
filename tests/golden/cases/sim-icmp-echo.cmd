trace --dump tests/golden/sim/icmp.rules --pkt 'icmp:10.0.0.1->10.0.0.2 in=eth0' --iface eth0=10.0.0.2/24 --iface eth1=10.1.0.1/24 --route 'default via 10.0.0.1 dev eth0' --color never
