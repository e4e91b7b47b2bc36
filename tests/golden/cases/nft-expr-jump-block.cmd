show --dump fixtures/nft/expr-jump-block.nft --format nft
