show --dump fixtures/nft/expr-errors.nft --format nft
