lint --dump fixtures/docker-host-7788-fixed.rules --color never
