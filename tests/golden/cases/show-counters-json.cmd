show --dump tests/golden/counters.rules --format json
