show --dump fixtures/nft/json-err-syntax.json
