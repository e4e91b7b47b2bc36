lint --dump fixtures/lint-docker.rules --format github
