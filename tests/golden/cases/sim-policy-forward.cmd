trace --dump tests/golden/sim/policy.rules --iface eth0=10.0.0.1/24 --iface eth1=192.168.1.1/24 --pkt 'tcp:10.0.0.5->192.168.1.7:22 in=eth0' --color never
