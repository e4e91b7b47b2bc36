show --dump fixtures/nft/basic.nft --format nft
