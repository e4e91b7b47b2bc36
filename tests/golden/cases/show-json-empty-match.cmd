show --dump tests/fuzz/regressions/json-empty-expr-text --format json
