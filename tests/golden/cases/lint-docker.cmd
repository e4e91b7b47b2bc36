lint --dump fixtures/lint-docker.rules --color never
