diff --old fixtures/review/base.rules
