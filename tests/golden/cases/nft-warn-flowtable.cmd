show --dump fixtures/nft/warn-flowtable.nft --format nft
