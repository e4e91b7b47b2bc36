trace --dump fixtures/scenarios/filter-basic.rules --host tests/golden/sim/host-long-lines.txt --pkt 'tcp:10.0.0.9:40000->10.59.0.1:22 in=eth0' --color never
