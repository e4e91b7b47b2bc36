#!/bin/sh
# Runs every libFuzzer target of a fuzz build for SECONDS each, seeded from
# fixtures/, tests/ and (when present) ../shared/corpus. A crash leaves its
# input in BUILD/ (crash-*): turn it into a regression case in
# tests/fuzz/regressions/, which every run replays first.
# usage: run.sh FUZZ_BUILD SECONDS      (a long, time-bound run)
#        run.sh FUZZ_BUILD runs=N       (N inputs with a fixed seed: what CI
#                                        runs, the same on every machine)
set -eu
build=$1 secs=$2
case "$secs" in
runs=*) limit="-runs=${secs#runs=} -seed=1"; secs="${secs#runs=} inputs" ;;
*) limit="-max_total_time=$secs"; secs="${secs}s" ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
for fz in "$build"/fuzz_*; do
    [ -x "$fz" ] || continue
    name=$(basename "$fz")
    corpus="$build/corpus-$name"
    seeds="$build/seeds-$name"
    mkdir -p "$corpus" "$seeds"
    find "$root/fixtures" "$root/tests/golden" -type f -name '*.rules' -exec cp {} "$seeds/" \; 2>/dev/null || true
    if [ -d "$root/../shared/corpus" ]; then
        find "$root/../shared/corpus" -name '*.rules' -size -200k -exec cp {} "$seeds/" \;
    fi
    if [ -d "$root/tests/fuzz/regressions" ]; then
        "$fz" -runs=0 "$root/tests/fuzz/regressions" >/dev/null 2>&1 || { echo "FAIL $name: a regression input crashes"; status=1; }
    fi
    echo "fuzzing $name for $secs"
    # shellcheck disable=SC2086
    if "$fz" $limit -max_len=16384 -timeout=5 -rss_limit_mb=2048 \
        -artifact_prefix="$build/" "$corpus" "$seeds" >"$build/$name.log" 2>&1; then
        grep -E '^#[0-9]+.*(DONE|pulse)' "$build/$name.log" | tail -1
        echo "ok $name: no finding in $secs"
    else
        tail -40 "$build/$name.log"
        echo "FAIL $name: see $build/$name.log"
        status=1
    fi
done
[ $status = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $status
