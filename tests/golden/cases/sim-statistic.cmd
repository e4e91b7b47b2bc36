trace --dump tests/golden/sim/statistic.rules --iface eth0=198.51.100.1/24 --route 'default via 198.51.100.254 dev eth0' --pkt 'udp:192.0.2.7:5000->198.51.100.1:53 in=eth0' --color never
