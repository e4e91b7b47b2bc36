show --dump fixtures/nft/warn-nat-range.nft --format nft
