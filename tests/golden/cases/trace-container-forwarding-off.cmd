trace --dump fixtures/docker-host-7788.rules --pkt 'udp:172.17.0.2:5353->8.8.8.8:53 in=docker0' --sysctl net.ipv4.ip_forward=0 --color never
