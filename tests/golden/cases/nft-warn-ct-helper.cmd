show --dump fixtures/nft/warn-ct-helper.nft --format nft
