lint --dump fixtures/lint-docker-dead.rules --color never
