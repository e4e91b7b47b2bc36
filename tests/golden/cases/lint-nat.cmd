lint --dump fixtures/lint-nat.rules --color never
