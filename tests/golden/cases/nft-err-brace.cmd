show --dump fixtures/nft/err-brace.nft --format nft
