trace --dump tests/golden/sim/u32.rules --iface eth0=10.0.0.1/24 --pkt 'icmp:10.0.0.5->10.0.0.1 in=eth0 len=84' --assume u32=fail --color never
