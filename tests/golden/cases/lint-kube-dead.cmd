lint --dump fixtures/lint-kube-dead.rules --color never
