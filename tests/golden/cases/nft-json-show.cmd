show --format nft --dump fixtures/nft/json-host.json
