trace --dump tests/golden/sim/conntrack.rules --iface eth0=203.0.113.1/24 --iface eth1=10.0.0.1/24 --pkt 'tcp:192.0.2.7:40000->203.0.113.1:8080 in=eth0' --reply --color never
