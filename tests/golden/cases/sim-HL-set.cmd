trace --dump tests/golden/sim/HL.rules --iface eth0=2001:db8::1/64 --pkt 'tcp:[2001:db8::7]:40000->[2001:db8::1]:22 in=eth0' --color never
