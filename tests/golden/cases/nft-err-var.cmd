show --dump fixtures/nft/err-var.nft --format nft
