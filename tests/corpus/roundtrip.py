#!/usr/bin/env python3
"""Corpus round-trip: ipt-sim against the real iptables-save.

For every iptables-save / ip6tables-save file of ../shared/corpus that
MANIFEST.tsv says loads into the kernel, load it with iptables-restore into
a throw-away network namespace (unshare -n), print it back with
iptables-save, and compare with `ipt-sim show --format save`, ignoring
`#` lines, counters and the order of tables and chains (iptables-save does
not keep those stable). Rule order inside a chain must match.

For every file the kernel refuses, ipt-sim must report an error on the line
the kernel names (MANIFEST notes: "Error occurred at line: N").

Never touches the machine's own namespace: every load happens inside
`unshare -n`, which is gone when the command ends.

Exit 0 when all agree, 1 on any disagreement; prints "N passed, N failed,
N skipped". Without root, namespaces or the corpus, the cases are skipped
with a message saying why.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys


def normalize(text):
    """Save text -> (chain declarations, {(table, chain): [rules]})."""
    decls, rules = set(), {}
    table = None
    for line in text.splitlines():
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if line.startswith("*"):
            table = line[1:]
            continue
        if line == "COMMIT":
            table = None
            continue
        if line.startswith(":"):
            parts = line[1:].split()
            decls.add((table, parts[0], parts[1] if len(parts) > 1 else ""))
            continue
        line = re.sub(r"^\[\d+:\d+\] ", "", line)
        m = re.match(r"-A (\S+)", line)
        chain = m.group(1) if m else "?"
        rules.setdefault((table, chain), []).append(line)
    return decls, rules


def diff(exp, got, limit=12):
    out = []
    (ed, er), (gd, gr) = exp, got
    for d in sorted(ed - gd, key=str):
        out.append("  missing chain %s:%s %s" % d)
    for d in sorted(gd - ed, key=str):
        out.append("  extra chain   %s:%s %s" % d)
    for key in sorted(set(er) | set(gr), key=str):
        a, b = er.get(key, []), gr.get(key, [])
        if a == b:
            continue
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else "(none)"
            y = b[i] if i < len(b) else "(none)"
            if x != y:
                out.append("  %s rule %d\n    kernel:  %s\n    ipt-sim: %s" % (key[0], i + 1, x, y))
                if len(out) >= limit:
                    return out
    return out[:limit]


def can_unshare():
    if os.geteuid() != 0:
        return "not root"
    if not shutil.which("unshare") or not shutil.which("iptables-restore"):
        return "unshare or iptables-restore missing"
    r = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if r.returncode:
        return "unshare -n failed: " + r.stderr.decode().strip()
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "../../../shared/corpus"))
    ap.add_argument("--only", help="substring of the file paths to test")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    manifest = os.path.join(corpus, "MANIFEST.tsv")
    if not os.path.exists(manifest):
        print("SKIP: corpus not found at %s (it lives in ../shared/corpus)" % corpus)
        print("0 passed, 0 failed, 1 skipped")
        return 0
    why_not = can_unshare()

    passed = failed = skipped = 0
    with open(manifest) as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    for row in rows:
        path, kind, loads, notes = row[0], row[1], row[7], row[8]
        if kind not in ("iptables-save", "ip6tables-save"):
            continue
        if args.only and args.only not in path:
            continue
        fam = "6" if kind == "ip6tables-save" else "4"
        full = os.path.join(corpus, path)
        ours = subprocess.run([args.ipt_sim, "show", "--dump", full, "--family", fam, "--color", "never"],
                              capture_output=True, text=True)
        if loads.startswith("yes"):
            if why_not:
                print("SKIP %s: kernel reference unavailable (%s)" % (path, why_not))
                skipped += 1
                continue
            cmd = loads.split(":", 1)[1].strip().replace("FILE", path)
            save = "ip6tables-save" if fam == "6" else "iptables-save"
            k = subprocess.run(["unshare", "-n", "sh", "-c", "%s >/dev/null && %s" % (cmd, save)],
                               capture_output=True, text=True, cwd=corpus)
            if k.returncode:
                print("SKIP %s: the kernel here refused it: %s" % (path, k.stderr.strip()[:200]))
                skipped += 1
                continue
            if ours.returncode:
                print("FAIL %s: ipt-sim refused a file the kernel loads:\n%s" % (path, ours.stderr[:2000]))
                failed += 1
                continue
            d = diff(normalize(k.stdout), normalize(ours.stdout))
            if d:
                print("FAIL %s: save output differs from iptables-save\n%s" % (path, "\n".join(d)))
                failed += 1
            else:
                if args.verbose:
                    print("ok   %s" % path)
                passed += 1
        else:
            m = re.search(r"Error occurred at line: (\d+)", notes)
            line = m.group(1) if m else None
            base = os.path.basename(path)
            where = re.findall(r"%s:(\d+):" % re.escape(base), ours.stderr)
            if ours.returncode == 0:
                # accepted: only fine if a warning says what the kernel would refuse
                if "warning" in ours.stderr and "refuse" in ours.stderr:
                    passed += 1
                else:
                    print("FAIL %s: the kernel refuses it (line %s) but ipt-sim accepted it silently" % (path, line))
                    failed += 1
            elif line and line not in where:
                print("FAIL %s: the kernel refuses line %s; ipt-sim's errors are on lines %s:\n%s"
                      % (path, line, ",".join(sorted(set(where))) or "none", ours.stderr[:1500]))
                failed += 1
            else:
                if args.verbose:
                    print("ok   %s (refused, as the kernel does, at line %s)" % (path, line))
                passed += 1
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
