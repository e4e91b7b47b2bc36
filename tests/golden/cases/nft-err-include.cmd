show --dump fixtures/nft/err-include.nft --format nft
