trace --dump tests/golden/sim/rpfilter.rules --iface eth0=10.0.0.1/24 --route 'default via 10.0.0.254 dev eth0' --pkt 'tcp:10.0.0.1->10.0.0.1:22 local' --color never
