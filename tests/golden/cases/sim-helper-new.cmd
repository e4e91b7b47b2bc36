trace --dump tests/golden/sim/helper.rules --iface eth0=10.0.0.1/24 --pkt 'tcp:10.0.0.5->10.0.0.1:21 in=eth0' --pkt 'tcp:10.0.0.5:40001->10.0.0.1:21 in=eth0 state=UNTRACKED' --color never
