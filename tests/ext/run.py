#!/usr/bin/env python3
"""Extension cases: one rule in, what iptables-save prints (or the error).

A case file (tests/ext/*.t) is plain text, one case per rule line:

    # comment
    @family 6                 all later cases are ip6tables (default 4)
    @setup ipset create foo hash:ip
                              a command run in the kernel's namespace before
                              later cases are restored (sets they name)
    *nat                      later cases go to this table (default filter)
    :MYCHAIN                  declare a user chain for later cases
    -A INPUT -p tcp --dport ssh -j ACCEPT
    = -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
    -A INPUT -p tcp --dport 70000 -j ACCEPT
    ! invalid port

After a rule line: `= TEXT` is the save form ipt-sim must print (`=` alone:
the same as the input); `! TEXT` means ipt-sim must refuse the rule with an
error containing TEXT; `~ TEXT` means it loads with a warning containing
TEXT (the kernel is then not asked).

With --kernel (root, unshare), every `=` case is also loaded into a
throw-away network namespace and must come back from the real
iptables-save exactly as expected, and every `!` case must be refused by
iptables-restore: the expectations are checked against the kernel, not
written from memory.

Prints "N passed, N failed, N skipped"; exit 1 on any failure.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

TABLE_CHAINS = {
    "filter": ["INPUT", "FORWARD", "OUTPUT"],
    "nat": ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
    "mangle": ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
    "raw": ["PREROUTING", "OUTPUT"],
    "security": ["INPUT", "FORWARD", "OUTPUT"],
}


def parse_cases(path):
    cases, fam, table, chains, setup = [], "4", "filter", {}, []
    with open(path) as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@family"):
            fam = line.split()[1]
        elif line.startswith("@setup"):
            setup.append(line[len("@setup"):].strip())
        elif line.startswith("*"):
            table = line[1:].strip()
        elif line.startswith(":"):
            chains.setdefault((fam, table), []).append(line[1:].split()[0])
        elif line.startswith("-A") or line.startswith("-I"):
            cases.append({"file": path, "line": n, "fam": fam, "table": table, "rule": line,
                          "chains": list(chains.get((fam, table), [])), "expect": None,
                          "setup": list(setup)})
        elif line[:1] in "=!~":
            if not cases or cases[-1]["expect"] is not None:
                raise SystemExit("%s:%d: expectation without a rule before it" % (path, n))
            kind, text = line[0], line[1:].strip()
            if kind == "=" and not text:
                text = cases[-1]["rule"]
            cases[-1]["expect"] = (kind, text)
        else:
            raise SystemExit("%s:%d: cannot read this line" % (path, n))
    for c in cases:
        if c["expect"] is None:
            raise SystemExit("%s:%d: rule without an expectation (= ! or ~)" % (c["file"], c["line"]))
    return cases


def dump_for(c):
    out = ["*%s" % c["table"]]
    for ch in TABLE_CHAINS.get(c["table"], []):
        out.append(":%s ACCEPT [0:0]" % ch)
    for ch in c["chains"]:
        out.append(":%s - [0:0]" % ch)
    out.append(c["rule"])
    out.append("COMMIT")
    return "\n".join(out) + "\n"


def rules_of(save_text):
    return [l for l in save_text.splitlines() if l.startswith("-A ")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--kernel", action="store_true", help="also check expectations against the kernel")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(os.path.dirname(__file__), "*.t")))
    kernel_ok = args.kernel and os.geteuid() == 0 and \
        subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    if args.kernel and not kernel_ok:
        print("SKIP kernel checks: needs root and unshare -n")
    passed = failed = skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            for c in parse_cases(path):
                where = "%s:%d" % (os.path.relpath(c["file"]), c["line"])
                dump = os.path.join(tmp, "case.rules")
                with open(dump, "w") as f:
                    f.write(dump_for(c))
                r = subprocess.run([args.ipt_sim, "show", "--dump", dump, "--family", c["fam"],
                                    "--color", "never"], capture_output=True, text=True)
                kind, text = c["expect"]
                ok, why = True, ""
                if kind == "=":
                    got = rules_of(r.stdout)
                    if r.returncode or got != [text]:
                        ok, why = False, "expected %r, ipt-sim printed %r (exit %d) %s" % (
                            text, got, r.returncode, r.stderr.strip()[:400])
                elif kind == "!":
                    if r.returncode != 2 or text not in r.stderr:
                        ok, why = False, "expected an error containing %r, got exit %d: %s" % (
                            text, r.returncode, (r.stderr or r.stdout).strip()[:400])
                else:
                    if r.returncode or text not in r.stderr:
                        ok, why = False, "expected a warning containing %r, got exit %d: %s" % (
                            text, r.returncode, r.stderr.strip()[:400])
                if ok and kernel_ok and kind in "=!":
                    restore = "ip6tables-restore" if c["fam"] == "6" else "iptables-restore"
                    save = "ip6tables-save" if c["fam"] == "6" else "iptables-save"
                    pre = "".join("%s >/dev/null && " % cmd for cmd in c["setup"])
                    k = subprocess.run(["unshare", "-n", "sh", "-c", "%s%s < %s && %s" % (pre, restore, dump, save)],
                                       capture_output=True, text=True)
                    if kind == "=" and (k.returncode or rules_of(k.stdout) != [text]):
                        ok, why = False, "the kernel disagrees with the expectation: iptables-save printed %r %s" % (
                            rules_of(k.stdout), k.stderr.strip()[:300])
                    if kind == "!" and k.returncode == 0:
                        ok, why = False, "the kernel accepts this rule (iptables-save: %r)" % rules_of(k.stdout)
                if ok:
                    passed += 1
                else:
                    failed += 1
                    print("FAIL %s: %s\n     %s" % (where, c["rule"], why))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
