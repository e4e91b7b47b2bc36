show --dump tests/fuzz/regressions/fuzz_iptables_save/json-empty-expr-text --format json
