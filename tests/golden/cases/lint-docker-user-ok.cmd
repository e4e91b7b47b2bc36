lint --dump fixtures/lint-docker-user-ok.rules --color never
