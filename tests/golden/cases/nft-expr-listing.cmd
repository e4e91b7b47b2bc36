show --dump fixtures/nft/expr-listing.nft --format nft
