diff --old fixtures/review/base.rules --new fixtures/review/change-fixed.rules --iface ppp0=203.0.113.2/24 --allow fixtures/review/intended.allow
