diff --old fixtures/review/base.rules --new fixtures/review/change.rules --pkts fixtures/review/bad.pkts
