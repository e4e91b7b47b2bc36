trace --dump tests/golden/sim/socket.rules --iface eth0=10.0.0.1/24 --pkt 'icmp:10.0.0.5->10.0.0.1 in=eth0' --color never
