show --dump fixtures/nft/basic.nft --dump fixtures/docker-host-7788.rules --format nft
