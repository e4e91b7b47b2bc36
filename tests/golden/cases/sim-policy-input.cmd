trace --dump tests/golden/sim/policy.rules --iface eth0=10.0.0.1/24 --pkt 'tcp:10.0.0.5->10.0.0.1:22 in=eth0' --color never
