lint --dump tests/golden/bad-rules.rules --color never
