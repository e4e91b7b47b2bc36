show --dump fixtures/nft/err-family.nft --format nft
