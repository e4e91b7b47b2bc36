trace --dump tests/golden/sim/set.rules --iface eth0=198.51.100.1/24 --route 'default via 198.51.100.254 dev eth0' --pkt 'tcp:192.0.2.7:40000->198.51.100.1:22 in=eth0' --color never
