show --dump fixtures/nft/err-token.nft --format nft
