trace --dump tests/golden/sim/icmp6.rules --family 6 --pkt 'icmpv6:2001:db8::1->2001:db8::2 in=eth0 icmp-type=1 icmp-code=4' --iface eth0=2001:db8::2/64 --color never
