check --dump fixtures/review/change.rules --expect fixtures/review/docker-host.expect --junit - --color never
