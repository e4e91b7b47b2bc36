#!/usr/bin/env python3
"""nft corpus listing: `ipt-sim show --format nft` against `nft list ruleset`.

For every file of kind `nft` in ../shared/corpus (MANIFEST.tsv), try to load
it with the system nft in a throw-away network namespace (`unshare -n`,
gone when the command ends; the machine's own namespace is never touched):

  - nft loads it: ipt-sim must load it without error, and
    `ipt-sim show --format nft` must equal `nft list ruleset` of that
    namespace, compared table by table, with these normalisations:
      * handles: none are printed (no `-a`), nothing to drop;
      * counter values (`packets N bytes N`) are zeroed on both sides:
        the kernel's count packets, a file's are whatever it says;
      * the order of tables, and of the items (chains, sets, maps,
        objects, flowtables) inside a table, is ignored: nft lists what
        the kernel returns, in an order a script does not fix. The lines
        inside an item (rules of a chain, elements) must match in order;
      * a table's `flags`/`comment` lines stay at its head;
      * the milliseconds of a duration (`timeout 5m10s250ms`) are rounded
        to 10 ms: the kernel keeps set timeouts in jiffies and lists the
        file's value rounded down to 1000/CONFIG_HZ ms (250 ms -> 248 ms
        at HZ=250), a kernel build setting, not the ruleset; ipt-sim
        prints the file's value.
    Any difference prints a unified diff of that file's normalised texts,
    so the part that prints it wrong (rule bodies, elements) can be fixed.
  - nft refuses it: ipt-sim must either report a located error
    (`FILE:LINE:COLUMN: error:`, exit 2) or load it with a located warning
    (`FILE:LINE:COLUMN: warning:`) naming what it accepted beyond the
    system nft or kernel; loading it without a word fails. Each such file
    is listed with nft's first error and ipt-sim's first error or warning.

Files listed in tests/nft/corpus_known.txt are known to differ today (with
the reason in that file): a difference there is reported as XFAIL, and a
listed file that now agrees fails the test until it is removed from the
list, so the list only shrinks.

Exit 0 when all agree, 1 on a disagreement, 77 (skip) without the corpus,
nft, root or network namespaces.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

SKIP = 77


def run(cmd, cwd=None, timeout=60):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def tables(text):
    """listing -> sorted list of (header lines, sorted items) per table"""
    text = re.sub(r"packets \d+ bytes \d+", "packets 0 bytes 0", text)
    text = re.sub(r"(\d+)ms\b", lambda m: "%dms" % (round(int(m.group(1)) / 10.0) * 10), text)
    out = []
    cur = None
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("table "):
            cur = {"head": [line], "items": [], "item": None}
            continue
        if cur is None:
            continue
        if line == "}":
            if cur["item"]:
                cur["items"].append("\n".join(cur["item"]))
            out.append("\n".join(cur["head"]) + "\n" + "\n\n".join(sorted(cur["items"])) + "\n}")
            cur = None
            continue
        if line == "":
            if cur["item"]:
                cur["items"].append("\n".join(cur["item"]))
            cur["item"] = None
            continue
        if cur["item"] is None and not line.startswith("\t\t") and not line.endswith("{"):
            cur["head"].append(line)  # flags, comment of the table
            continue
        if cur["item"] is None:
            cur["item"] = []
        cur["item"].append(line)
    return "\n".join(sorted(out)) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--known", default=os.path.join(os.path.dirname(__file__),
                                                    "corpus_known.txt"))
    ap.add_argument("--only", help="run only files whose path contains this")
    a = ap.parse_args()
    a.ipt_sim = os.path.abspath(a.ipt_sim)
    manifest = os.path.join(a.corpus, "MANIFEST.tsv")
    if not os.path.exists(manifest):
        print("SKIP: no corpus at %s" % a.corpus)
        return SKIP
    if not shutil.which("nft"):
        print("SKIP: no nft on this machine")
        return SKIP
    if os.geteuid() != 0:
        print("SKIP: needs root (nft in a network namespace)")
        return SKIP
    if run(["unshare", "-n", "true"])[0] != 0:
        print("SKIP: cannot create a network namespace (unshare -n)")
        return SKIP
    known = {}
    if os.path.exists(a.known):
        for line in open(a.known):
            line = line.strip()
            if line and not line.startswith("#"):
                path, _, why = line.partition(" ")
                known[path] = why.strip()
    # Files nft refuses that ipt-sim still loads without a word (reason
    # given): reported as XFAIL; a listed file that now gets its warning or
    # error fails until it is removed, so the list only shrinks.
    refused_known = {}
    rk = os.path.join(os.path.dirname(a.known), "corpus_refused_known.txt")
    if os.path.exists(rk):
        for line in open(rk):
            line = line.strip()
            if line and not line.startswith("#"):
                path, _, why = line.partition(" ")
                refused_known[path] = why.strip()
    files = []
    with open(manifest) as f:
        for row in f:
            cols = row.rstrip("\n").split("\t")
            if len(cols) > 1 and cols[1] == "nft":
                files.append(cols[0])
    npass = nfail = nxfail = 0
    for rel in files:
        if a.only and a.only not in rel:
            continue
        path = os.path.join(a.corpus, rel)
        d, base = os.path.dirname(path), os.path.basename(path)
        rc, exp, err = run(["unshare", "-n", "sh", "-c", 'nft -f "$1" && nft list ruleset',
                            "sh", base], cwd=d)
        grc, got, gerr = run([a.ipt_sim, "show", "--format", "nft", "--color", "never",
                              "--dump", base], cwd=d)
        if rc != 0:
            located = re.search(r"^%s:\d+:\d+: error:" % re.escape(base), gerr, re.M)
            warned = re.search(r"^%s:\d+:\d+: warning: .*$" % re.escape(base), gerr, re.M)
            nft_said = next((l for l in err.splitlines() if "Error:" in l), "")
            if rel in refused_known and (grc != 0 or warned):
                print("FAIL %s: ipt-sim now says something; remove it from "
                      "corpus_refused_known.txt" % rel)
                nfail += 1
            elif grc == 0 and warned:
                print("OK   %s: nft refuses it (%s), ipt-sim loads it and warns: %s"
                      % (rel, nft_said, warned.group(0)))
                npass += 1
            elif grc == 0 and rel in refused_known:
                print("XFAIL %s (%s): nft refuses it (%s), ipt-sim loads it without a word"
                      % (rel, refused_known[rel], nft_said))
                nxfail += 1
            elif grc == 0:
                print("FAIL %s: nft refuses it (%s), ipt-sim loads it without a located "
                      "warning saying what it accepted beyond the system nft" % (rel, nft_said))
                nfail += 1
            elif grc == 2 and located:
                first = gerr.splitlines()[0] if gerr else ""
                print("OK   %s: nft refuses it, ipt-sim: %s" % (rel, first))
                npass += 1
            else:
                print("FAIL %s: nft refuses it and ipt-sim gave no located error (exit %d)"
                      % (rel, grc))
                print("\n".join("  " + l for l in gerr.splitlines()[:10]))
                nfail += 1
            continue
        problem = None
        if grc != 0:
            problem = "ipt-sim refuses what nft loads (exit %d):\n%s" % (
                grc, "\n".join("  " + l for l in gerr.splitlines()[:30]))
        else:
            e, g = tables(exp), tables(got)
            if e != g:
                problem = "the listings differ (- nft list ruleset, + ipt-sim show):\n" + \
                    "".join(list(difflib.unified_diff(e.splitlines(True), g.splitlines(True),
                                                      "nft", "ipt-sim", n=1))[:80])
        if problem is None:
            if rel in known:
                print("FAIL %s: agrees now; remove it from %s" % (rel, a.known))
                nfail += 1
            else:
                print("PASS %s" % rel)
                npass += 1
        elif rel in known:
            print("XFAIL %s (%s): %s" % (rel, known[rel], problem))
            nxfail += 1
        else:
            print("FAIL %s: %s" % (rel, problem))
            nfail += 1
    print("%d passed, %d failed, %d known to differ" % (npass, nfail, nxfail))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
