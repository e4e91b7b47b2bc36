# Thin wrapper over CMake so that the README's two commands work on a fresh
# Debian 12 machine:
#   make demo   install build dependencies, build, trace the bundled example
#   make test   build and run the whole suite, then again under ASan+UBSan
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build demo test test-fast test-asan test-valgrind fuzz fuzz-short bench format clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	$(BUILD)/ipt-sim trace --dump fixtures/docker-host-7788.rules --pkt 'tcp:1.1.1.1->2.2.2.2:7788' --in ppp0

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/Makefile:
	CC=clang cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DIPTSIM_SANITIZE=ON

# Tests labelled `oracle` compare ipt-sim with the kernel over many random
# cases; their code paths run under the sanitizers in the other tests, so
# the ASan run leaves them out (review.kernel_edits would add 3 minutes).
test-asan: deps $(ASAN_BUILD)/Makefile
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) -LE oracle

test: deps test-fast test-asan fuzz-short

FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_RUNS ?= 6000
$(FUZZ_BUILD)/Makefile:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DIPTSIM_FUZZ=ON -DBUILD_TESTING=OFF

# Long fuzz runs: FUZZ_SECONDS per target, corpus kept in $(FUZZ_BUILD)/corpus-*.
fuzz: deps $(FUZZ_BUILD)/Makefile
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The short session CI runs.
fuzz-short: deps $(FUZZ_BUILD)/Makefile
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	tests/fuzz/run.sh $(FUZZ_BUILD) runs=$(FUZZ_RUNS)

# Golden command lines under valgrind (tests/hostile/valgrind.py); also part
# of test-fast (ctest label valgrind).
test-valgrind: build
	cd $(BUILD) && ctest --output-on-failure -L valgrind

bench: build
	cmake --build $(BUILD) --target load_bench
	bench/run.sh $(BUILD)/ipt-sim

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
