#!/usr/bin/env bash
# Parse benchmark: ipt-sim against iptables-restore --test on big generated
# dumps (kube-proxy and Docker hosts from ../shared/gen). Reports wall time
# and peak RSS of each; the numbers go to bench/RESULTS.md by hand.
#
# usage: bench/run.sh BUILD/ipt-sim [SERVICES...]     (default: 10000 50000)
# With BUILD/load_bench built (make -C BUILD load_bench) it also measures
# the loader without the program around it.
# Needs: python3, GNU time (/usr/bin/time), and for the iptables columns
# root with unshare (each runs inside a fresh network namespace).
set -euo pipefail
ipt_sim=$(realpath "$1"); shift
sizes=("${@:-10000 50000}")
gen=$(dirname "$0")/../../shared/gen
[ -d "$gen" ] || { echo "bench: ../shared/gen not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label cmd...: prints "seconds peakKiB" (best of 3 for wall time)
    local best="" rss=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
            echo "FAILED: $* ($(head -c 300 "$work/err"))" >&2; echo "- -"; return; }
        read -r s k <"$work/t"
        if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
        rss=$k
    done
    echo "$best $rss"
}

printf '| dump | bytes | tool | wall s (best of 3) | peak RSS MiB | RSS / dump size |\n|---|---:|---|---:|---:|---:|\n'
for n in ${sizes[*]}; do
    f="$work/kp-$n.rules"
    python3 "$gen/kube-proxy-iptables.py" --services "$n" --endpoints 5 --seed 1 -o "$f"
    bytes=$(stat -c %s "$f")
    row() {
        read -r s k <<<"$(measure "$@")"
        if [ "$k" = "-" ]; then
            printf '| kube-proxy %s svc | %s | %s | failed | | |\n' "$n" "$bytes" "$label"
        else
            printf '| kube-proxy %s svc | %s | %s | %s | %.0f | %.2f |\n' "$n" "$bytes" "$label" "$s" \
                "$(awk "BEGIN{print $k/1024}")" "$(awk "BEGIN{print $k*1024/$bytes}")"
        fi
    }
    label="ipt-sim show --format summary"; row "$ipt_sim" show --dump "$f" --format summary
    # the library alone, without the program's shared libraries (make -C BUILD load_bench)
    load_bench=$(dirname "$ipt_sim")/load_bench
    if [ -x "$load_bench" ]; then
        label="load_bench (the loader alone)"; row "$load_bench" "$f"
    fi
    if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
        label="iptables-legacy-restore --test"
        row unshare -n sh -c "iptables-legacy-restore --test < $f"
        label="iptables-restore --test (nft)"
        row unshare -n sh -c "iptables-restore --test < $f"
    fi
done
