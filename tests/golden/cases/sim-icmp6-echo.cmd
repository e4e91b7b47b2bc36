trace --dump tests/golden/sim/icmp6.rules --family 6 --pkt 'icmpv6:2001:db8::1->2001:db8::2 in=eth0' --iface eth0=2001:db8::2/64 --color never
