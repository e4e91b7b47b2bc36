check --dump fixtures/review/base.rules --expect fixtures/review/bad.expect --color never
