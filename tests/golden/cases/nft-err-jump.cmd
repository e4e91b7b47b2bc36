show --dump fixtures/nft/err-jump.nft --format nft
