lint --dump fixtures/lint-filter.rules --fail-on sometimes
