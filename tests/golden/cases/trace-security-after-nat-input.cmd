trace --dump fixtures/scenarios/pipeline6.rules --iface eth0=2001:db8::1/64 --iface eth1=2001:db8:1::1/64 --pkt 'tcp:[2001:db8::5]:40000->[2001:db8::1]:22 in=eth0' --color never
