trace --dump tests/golden/sim/policy.rules --iface eth0=10.0.0.1/24 --pkt 'tcp:10.0.0.1->10.0.0.9:22 local' --color never
