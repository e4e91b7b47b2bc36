trace --dump fixtures/nft/json-host.json --iface eth0=192.0.2.10/24 --iface br0=10.0.0.1/24 --route 'default via 192.0.2.254 dev eth0' --pkt 'tcp:192.0.2.77:40000->192.0.2.10:80 in=eth0' --reply
