lint --dump fixtures/lint-filter.rules --color never --fail-on warning
