diff --old fixtures/review/reorder-base.rules --new fixtures/review/reorder-independent.rules
