lint --dump fixtures/kube-service-3-endpoints.rules --color never
