trace --dump tests/golden/sim/owner.rules --pkt 'tcp:10.0.0.2->8.8.8.8:443 local' --iface eth0=10.0.0.2/24 --iface eth1=10.1.0.1/24 --route 'default via 10.0.0.1 dev eth0' --color never
