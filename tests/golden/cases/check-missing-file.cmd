check --dump fixtures/review/base.rules --expect fixtures/review/missing.expect --color never
