show --dump fixtures/docker-host-7788.rules --limit rules=3 --color never
