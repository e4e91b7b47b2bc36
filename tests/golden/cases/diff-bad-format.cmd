diff --old fixtures/review/base.rules --new fixtures/review/change.rules --format xml
