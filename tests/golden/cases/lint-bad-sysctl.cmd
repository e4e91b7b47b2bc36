lint --dump fixtures/lint-filter.rules --sysctl net.ipv4.ip_forward
