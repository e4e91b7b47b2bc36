trace --dump tests/golden/sim/ah.rules --iface eth0=10.0.0.1/24 --pkt 'ah:10.0.0.5->10.0.0.1 in=eth0' --color never
