show --dump fixtures/nft/json-err-value.json
