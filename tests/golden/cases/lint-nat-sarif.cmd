lint --dump fixtures/lint-nat.rules --format sarif
