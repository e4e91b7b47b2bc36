trace --family 6 --dump tests/golden/sim/ipv6header.rules --iface eth0=2001:db8::1/64 --pkt 'mh:2001:db8::5->2001:db8::1 in=eth0' --color never
