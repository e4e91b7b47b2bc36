show --dump fixtures/nft/warn-newer-nft.nft --format nft
