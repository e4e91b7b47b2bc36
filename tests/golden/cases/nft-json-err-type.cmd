show --dump fixtures/nft/json-err-type.json
