check --dump fixtures/review/change-fixed.rules --expect fixtures/review/docker-host.expect --color never
