show --dump tests/golden/sim/set.save
