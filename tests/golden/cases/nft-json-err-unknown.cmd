show --dump fixtures/nft/json-err-unknown.json
