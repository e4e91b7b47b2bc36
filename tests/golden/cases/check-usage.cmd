check --dump fixtures/review/base.rules
