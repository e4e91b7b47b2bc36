show --dump tests/golden/hooks-user-chain.rules
