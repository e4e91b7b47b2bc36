trace --dump tests/golden/sim/NAT.rules --iface eth0=10.0.0.1/24 --iface eth1=192.168.1.1/24 --route 'default via 10.0.0.254 dev eth0' --pkt 'tcp:10.0.0.1:40000->203.0.113.80:80 local' --color never
