#!/usr/bin/env python3
"""A representative subset of ipt-sim command lines under valgrind (memcheck):
no invalid access, no use of uninitialised memory, no definite leak.

The command lines are golden cases (tests/golden/cases/NAME.cmd), and each
run must also print what NAME.out says (stdout and exit status), so the
code path is the one the golden test checks: `show` in every format, the
error path of a bad dump, a trace that forks (statistic), a conversation
(--reply), JSON output. A few more exercise the limits: a dump refused past
--limit rules, a fork cut short by --max-branches.

valgrind runs with --error-exitcode=1 --leak-check=full
--errors-for-leak-kinds=definite: ipt-sim itself exits 0 or 2 here, so
status 1 means valgrind found something. Needs the normal (not ASan) build;
skips (status 77) without valgrind or on an ASan binary.

usage: valgrind.py --ipt-sim BUILD/ipt-sim --root REPO_ROOT [--only NAME]
Last line: "N passed, N failed, N skipped".
"""
import argparse
import os
import shlex
import shutil
import subprocess
import sys

GOLDEN = [
    "show-docker-host",
    "show-json-empty-match",
    "error-messages",
    "trace-kube-statistic-fork",
    "sim-conntrack-dnat",
    "sim-REJECT-forward-json",
]

# (name, arguments, expected exit status, text stderr or stdout must hold)
EXTRA = [
    ("limit-rules", "show --dump fixtures/docker-host-7788.rules --limit rules=3 --color never", 2,
     "more than 3 rules"),
    ("fork-cut-short", "trace --dump fixtures/kube-service-3-endpoints.rules "
     "--pkt 'tcp:10.244.1.20->10.96.0.10:80 in=cni0' --max-branches 2 --color never", 0,
     "Cut short"),
    ("trace-kernel-format", "trace --dump fixtures/docker-host-7788.rules "
     "--pkt 'tcp:1.1.1.1->2.2.2.2:7788' --in ppp0 --format trace", 0, "TRACE:"),
]

VALGRIND = ["valgrind", "--error-exitcode=1", "--leak-check=full",
            "--errors-for-leak-kinds=definite", "--track-origins=yes", "--quiet"]


def golden(root, name):
    with open(os.path.join(root, "tests/golden/cases", name + ".cmd")) as f:
        args = f.read().strip()
    with open(os.path.join(root, "tests/golden/cases", name + ".out")) as f:
        out = f.read()
    stdout = out.split("--- stderr\n")[0]
    rc = int(out.rsplit("--- exit ", 1)[1].strip())
    return args, rc, stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--only")
    args = ap.parse_args()
    ipt_sim = os.path.abspath(args.ipt_sim)
    if not shutil.which("valgrind"):
        print("SKIP: valgrind is not installed\n0 passed, 0 failed, 1 skipped")
        return 77
    with open(ipt_sim, "rb") as f:
        if b"AddressSanitizer" in f.read():
            print("SKIP: an ASan build cannot run under valgrind\n0 passed, 0 failed, 1 skipped")
            return 77
    cases = []
    for name in GOLDEN:
        a, rc, stdout = golden(args.root, name)
        cases.append((name, a, rc, stdout, None))
    for name, a, rc, text in EXTRA:
        cases.append((name, a, rc, None, text))
    npass = nfail = 0
    for name, a, rc, stdout, text in cases:
        if args.only and args.only not in name:
            continue
        r = subprocess.run(VALGRIND + [ipt_sim] + shlex.split(a), cwd=args.root,
                           capture_output=True, stdin=subprocess.DEVNULL, timeout=600)
        out, err = r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
        problems = []
        if r.returncode == 1:
            problems.append("valgrind found errors:\n" + "\n".join(
                ln for ln in err.splitlines() if ln.startswith("==")))
        elif r.returncode != rc:
            problems.append(f"exit status {r.returncode}, expected {rc}")
        if stdout is not None and out != stdout:
            problems.append("stdout differs from the golden output")
        if text is not None and text not in out + err:
            problems.append(f"the output does not say {text!r}")
        if problems:
            nfail += 1
            print(f"FAIL: {name}: ipt-sim {a}\n  " + "\n  ".join(problems))
        else:
            npass += 1
            print(f"PASS: {name}")
    print(f"{npass} passed, {nfail} failed, 0 skipped")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
