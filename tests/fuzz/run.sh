#!/bin/sh
# Runs every libFuzzer target of a fuzz build, each seeded in its own input
# format by seeds.py (fixtures/, tests/golden/, docs/, and ../shared/corpus
# when present). Before fuzzing, each target replays its regression inputs:
# tests/fuzz/regressions/TARGET/ (fuzz_trace also replays the dumps of
# fuzz_iptables_save: a dump alone is a valid trace input). A crash leaves its
# input in BUILD/ (crash-*): fix it, then copy the input into
# tests/fuzz/regressions/TARGET/ under a name that says what it was.
# usage: run.sh FUZZ_BUILD SECONDS      (a long, time-bound run per target)
#        run.sh FUZZ_BUILD runs=N       (N inputs per target with a fixed
#                                        seed: what CI runs, the same on every
#                                        machine; N is scaled per target so the
#                                        whole session stays about a minute)
set -eu
build=$1 secs=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
# undefined behaviour is a finding: without this, UBSan (recoverable in a
# fuzz build) prints a report and the fuzzer goes on as if nothing happened
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0 npass=0 nfail=0
for fz in "$build"/fuzz_*; do
    [ -x "$fz" ] || continue
    name=$(basename "$fz")
    case "$secs" in
    runs=*)
        runs=${secs#runs=}
        # fuzz_trace parses a dump and then traces packets: an input costs
        # several times one of fuzz_iptables_save, so it gets a tenth of N;
        # the packet and host parsers take no time. With -entropic=0 (the
        # entropic scheduler's bookkeeping was 40% of the time, for the
        # same coverage in a short run) the session, runs=6000, takes about
        # a minute of wall time on a 2-core machine.
        [ "$name" = fuzz_trace ] && runs=$((runs / 10))
        limit="-runs=$runs -seed=1 -entropic=0"
        what="$runs inputs"
        # a fresh corpus each time: the same inputs on every machine
        corpus="$build/corpus-short-$name"
        rm -rf "$corpus"
        ;;
    *)
        limit="-max_total_time=$secs"
        what="${secs}s"
        corpus="$build/corpus-$name" # kept between long runs
        ;;
    esac
    seeds="$build/seeds-$name"
    rm -rf "$seeds"
    mkdir -p "$corpus" "$seeds"
    python3 "$root/tests/fuzz/seeds.py" "$name" "$seeds" "$root" >/dev/null
    regdirs=""
    for d in "$root/tests/fuzz/regressions/$name" \
        $([ "$name" = fuzz_trace ] && echo "$root/tests/fuzz/regressions/fuzz_iptables_save"); do
        [ -d "$d" ] && regdirs="$regdirs $d"
    done
    if [ -n "$regdirs" ]; then
        # shellcheck disable=SC2086
        if ! "$fz" -runs=0 $regdirs >"$build/$name.regressions.log" 2>&1; then
            tail -30 "$build/$name.regressions.log"
            echo "FAIL $name: a regression input crashes (see $build/$name.regressions.log)"
            status=1 nfail=$((nfail + 1))
            continue
        fi
    fi
    echo "fuzzing $name for $what"
    start=$(date +%s)
    # shellcheck disable=SC2086
    if "$fz" $limit -max_len=16384 -timeout=5 -rss_limit_mb=2048 \
        -artifact_prefix="$build/" "$corpus" "$seeds" >"$build/$name.log" 2>&1; then
        grep -E '^#[0-9]+.*(DONE|pulse)' "$build/$name.log" | tail -1
        echo "ok $name: no finding in $what ($(($(date +%s) - start))s)"
        npass=$((npass + 1))
    else
        tail -40 "$build/$name.log"
        echo "FAIL $name: see $build/$name.log"
        status=1 nfail=$((nfail + 1))
    fi
done
echo "$npass passed, $nfail failed"
exit $status
