show --dump fixtures/nft/err-priority.nft --format nft
