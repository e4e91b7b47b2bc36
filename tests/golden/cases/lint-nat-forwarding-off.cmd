lint --dump fixtures/lint-nat.rules --color never --sysctl net.ipv4.ip_forward=0 --fail-on never
