check --dump fixtures/docker-host-7788.rules --expect fixtures/review/docker-host.expect --max-branches 0
