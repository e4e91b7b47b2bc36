lint --dump fixtures/lint-mixed-nft.rules --format json
