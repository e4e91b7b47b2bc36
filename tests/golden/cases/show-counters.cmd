show --dump tests/golden/counters.rules --counters
