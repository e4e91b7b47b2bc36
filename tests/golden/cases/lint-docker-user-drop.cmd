lint --dump fixtures/lint-docker-user-drop.rules --color never
