#!/bin/sh
# Golden tests: tests/golden/cases/NAME.cmd holds one ipt-sim command line
# (arguments only, paths relative to the repository root); NAME.out holds
# what it must print: stdout, then stderr after a "--- stderr" line, then
# "--- exit N". Adding a test is adding those two files; write NAME.cmd and
# run `tests/golden/run.sh BUILD/ipt-sim . --update NAME` to create NAME.out,
# then read it before committing. `--update` without names rewrites every
# .out with what this build prints: only for a change meant to alter them all.
#
# usage: run.sh IPT_SIM REPO_ROOT [--update [NAME...]]
set -u
ipt_sim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
update=${3:-}
only=""
[ $# -gt 3 ] && shift 3 && only=" $* "
cd "$root" || exit 2
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cmd in tests/golden/cases/*.cmd; do
    [ -e "$cmd" ] || continue
    name=${cmd%.cmd}
    args=$(cat "$cmd")
    # shellcheck disable=SC2086
    eval "\"$ipt_sim\" $args" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    { cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; echo "--- exit $rc"; } >"$tmp/got"
    if [ "$update" = "--update" ]; then
        case "$only" in
        "" | *" $(basename "$name") "*) cp "$tmp/got" "$name.out" ;;
        esac
    fi
    if [ -f "$name.out" ] && cmp -s "$tmp/got" "$name.out"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name: ipt-sim $args"
        if [ -f "$name.out" ]; then diff -u "$name.out" "$tmp/got" | head -40; else echo "  (no $name.out)"; fi
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
