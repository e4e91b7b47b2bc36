lint --dump fixtures/lint-mixed-legacy.rules --dump fixtures/lint-mixed-nft.rules --color never
