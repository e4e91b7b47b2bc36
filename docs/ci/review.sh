#!/bin/sh
# review.sh - review a firewall change in any CI (docs/ci.md).
#
# Runs in a git checkout of the repository that holds the ruleset:
#   1. ipt-sim: $IPT_SIM, or `ipt-sim` on PATH, or built from source
#      (--build SRC: Debian packages by SRC/tools/install-deps.sh, then CMake);
#   2. `ipt-sim lint` (SARIF) if this ipt-sim has it;
#   3. `ipt-sim check` of the expectations file (JUnit XML), if there is one;
#   4. `ipt-sim diff` of the ruleset at the base branch against the working tree,
#      with the changes the pull request declares intended (--allow FILE);
#   5. a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set).
#
# usage: review.sh --rules FILE [--base REF] [--expect FILE] [--host FILE]
#                  [--allow FILE] [--out DIR] [--build SRC] [--fail-on-change]
#
# Exit status: 0 the expectations hold (or there are none), 1 some fail (or,
# with --allow or --fail-on-change, traffic changed in a way --allow does not
# declare), 2 bad usage or input.
set -u

rules="" base="" expect="" hostfile="" allow="" out="ipt-sim-review" build="" fail_on_change=0
usage() {
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case $1 in
    --rules) rules=${2:-}; shift 2 ;;
    --base) base=${2:-}; shift 2 ;;
    --expect) expect=${2:-}; shift 2 ;;
    --host) hostfile=${2:-}; shift 2 ;;
    --allow) allow=${2:-}; shift 2 ;;
    --out) out=${2:-}; shift 2 ;;
    --build) build=${2:-}; shift 2 ;;
    --fail-on-change) fail_on_change=1; shift ;;
    -h|--help) usage ;;
    *) echo "review.sh: unknown option \"$1\"" >&2; usage ;;
    esac
done
[ -n "$rules" ] || { echo "review.sh: --rules FILE is required" >&2; usage; }
[ -f "$rules" ] || { echo "review.sh: $rules: no such file" >&2; exit 2; }
mkdir -p "$out" || exit 2

# 1. ipt-sim
if [ -n "$build" ]; then
    "$build/tools/install-deps.sh" || exit 2
    cmake -S "$build" -B "$build/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
        >/dev/null || exit 2
    cmake --build "$build/build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null || exit 2
    IPT_SIM=$build/build/ipt-sim
fi
IPT_SIM=${IPT_SIM:-$(command -v ipt-sim || true)}
if [ -z "$IPT_SIM" ] || [ ! -x "$IPT_SIM" ]; then
    echo "review.sh: no ipt-sim: set IPT_SIM, put it on PATH, or pass --build SRC" >&2
    exit 2
fi
host_opt=""
[ -n "$hostfile" ] && host_opt="--host $hostfile"
allow_opt=""
if [ -n "$allow" ]; then
    # the pull request declares its intended changes: anything else fails
    allow_opt="--allow $allow"
    fail_on_change=1
fi

status=0
summary=$out/summary.md
{
    echo "## ipt-sim review of \`$rules\`"
    echo
} >"$summary"

# 2. lint, when this ipt-sim has it
if "$IPT_SIM" lint --help >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    "$IPT_SIM" lint --dump "$rules" $host_opt --format sarif --fail-on never \
        >"$out/lint.sarif" 2>"$out/lint.err"
    rc=$?
    # shellcheck disable=SC2086
    "$IPT_SIM" lint --dump "$rules" $host_opt --fail-on never --color never \
        >"$out/lint.txt" 2>>"$out/lint.err"
    if [ $rc -eq 2 ]; then
        echo "### lint: the ruleset has errors" >>"$summary"
        sed 's/^/    /' "$out/lint.err" >>"$summary"
        status=2
    else
        n=$(grep -c '"ruleId"' "$out/lint.sarif" || true)
        echo "### lint: $n finding(s) (\`lint.sarif\`)" >>"$summary"
    fi
    echo >>"$summary"
fi

# 3. check
if [ -n "$expect" ]; then
    # shellcheck disable=SC2086
    "$IPT_SIM" check --dump "$rules" --expect "$expect" $host_opt --junit "$out/check.xml" \
        --color never >"$out/check.txt" 2>"$out/check.err"
    rc=$?
    case $rc in
    0) echo "### check: every expectation of \`$expect\` holds" >>"$summary" ;;
    1) echo "### check: some expectations of \`$expect\` fail" >>"$summary"
       [ $status -eq 0 ] && status=1 ;;
    *) echo "### check: could not run" >>"$summary"; status=2 ;;
    esac
    {
        echo
        echo '```'
        grep -E '^(PASS|FAIL|  expected)|expectations?:' "$out/check.txt"
        cat "$out/check.err"
        echo '```'
        echo
    } >>"$summary"
fi

# 4. diff against the base branch's ruleset
if [ -n "$base" ]; then
    if git show "$base:$rules" >"$out/base.rules" 2>/dev/null; then
        # shellcheck disable=SC2086
        "$IPT_SIM" diff --old "$out/base.rules" --new "$rules" $host_opt $allow_opt \
            --color never >"$out/diff.txt" 2>"$out/diff.err"
        rc=$?
        # shellcheck disable=SC2086
        "$IPT_SIM" diff --old "$out/base.rules" --new "$rules" $host_opt $allow_opt \
            --format json >"$out/diff.json" 2>/dev/null
        case $rc in
        0) if grep -q '^No change' "$out/diff.txt"; then
               echo "### diff against \`$base\`: no traffic changes" >>"$summary"
           else
               echo "### diff against \`$base\`: only the changes \`$allow\` declares intended" \
                   >>"$summary"
           fi ;;
        1) if [ -n "$allow" ]; then
               echo "### diff against \`$base\`: traffic changes that \`$allow\` does not declare" \
                   >>"$summary"
           else
               echo "### diff against \`$base\`: traffic changes" >>"$summary"
           fi
           [ $fail_on_change -eq 1 ] && [ $status -eq 0 ] && status=1 ;;
        *) echo "### diff against \`$base\`: could not run" >>"$summary"; status=2 ;;
        esac
        {
            echo
            echo '```'
            cat "$out/diff.txt" "$out/diff.err"
            echo '```'
        } >>"$summary"
    else
        echo "### diff: \`$rules\` does not exist at \`$base\` (a new ruleset)" >>"$summary"
    fi
fi

[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$summary" >>"$GITHUB_STEP_SUMMARY"
cat "$summary"
exit $status
