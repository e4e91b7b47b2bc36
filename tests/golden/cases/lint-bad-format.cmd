lint --dump fixtures/lint-filter.rules --format yaml
