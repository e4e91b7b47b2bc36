check --dump fixtures/review/base.rules --expect fixtures/review/bad-host.expect --color never
