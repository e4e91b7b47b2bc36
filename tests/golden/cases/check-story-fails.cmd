check --dump fixtures/review/change.rules --expect fixtures/review/docker-host.expect --color never
