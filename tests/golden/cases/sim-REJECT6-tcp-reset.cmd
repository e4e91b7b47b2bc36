trace --dump tests/golden/sim/REJECT6.rules --iface eth0=2001:db8::1/64 --pkt 'tcp:[2001:db8::7]:40000->[2001:db8::1]:23 in=eth0' --color never
