check --dump fixtures/review/base.rules --expect fixtures/review/docker-host.expect --color never
