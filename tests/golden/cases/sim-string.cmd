trace --dump tests/golden/sim/string.rules --iface eth0=10.0.0.1/24 --pkt 'tcp:10.0.0.5->10.0.0.1:80 in=eth0 len=60' --color never
