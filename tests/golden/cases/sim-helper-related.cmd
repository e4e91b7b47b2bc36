trace --dump tests/golden/sim/helper-related.rules --iface eth0=10.0.0.1/24 --pkt 'tcp:10.0.0.5:20->10.0.0.1:40000 in=eth0 state=RELATED' --color never
