trace --family 6 --dump tests/golden/sim/ipv6header.rules --iface eth0=2001:db8::1/64 --pkt 'udp:[2001:db8::211:22ff:fe33:4455]:5000->[2001:db8::1]:53 in=eth0' --color never
