show --dump fixtures/nft/json-ct-original.json --format nft
