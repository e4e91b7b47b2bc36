show --dump fixtures/docker-host-7788.rules
