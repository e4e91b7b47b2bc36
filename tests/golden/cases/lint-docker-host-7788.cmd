lint --dump fixtures/docker-host-7788.rules --color never
