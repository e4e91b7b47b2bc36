#!/usr/bin/env bash
# Lint benchmark: `ipt-sim lint` on generated kube-proxy dumps (../shared/gen).
# The target (issue #6): a 10k-rule dump in about a second. Prints rules,
# wall time (best of 3), peak RSS and the finding counts; the numbers go to
# bench/RESULTS.md by hand.
#
# usage: bench/lint.sh BUILD/ipt-sim [SERVICES...]     (default: 800 2000 10000)
set -euo pipefail
ipt_sim=$(realpath "$1"); shift
sizes=("${@:-800 2000 10000}")
gen=$(dirname "$0")/../../shared/gen
[ -d "$gen" ] || { echo "bench: ../shared/gen not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| dump | rules | wall s (best of 3) | peak RSS MiB | findings (e/w/i) |\n|---|---:|---:|---:|---|\n'
for n in ${sizes[*]}; do
    f="$work/kp-$n.rules"
    python3 "$gen/kube-proxy-iptables.py" --services "$n" --endpoints 3 --seed 1 -o "$f" 2>/dev/null
    rules=$(grep -c '^-A' "$f")
    best="" rss=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/t" "$ipt_sim" lint --dump "$f" --format json \
            --fail-on never >"$work/out"
        read -r s k <"$work/t"
        if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
        rss=$k
    done
    sum=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("%d/%d/%d" % (s["error"], s["warning"], s["info"]))' "$work/out")
    printf '| kube-proxy %s svc | %s | %s | %.0f | %s |\n' "$n" "$rules" "$best" \
        "$(awk "BEGIN{print $rss/1024}")" "$sum"
done
