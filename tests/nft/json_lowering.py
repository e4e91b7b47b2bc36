#!/usr/bin/env python3
"""The JSON front end's lowering (parser/nft_json.c) against the system nft.

For every nft-json file of the corpus that the system nft loads
(`nft -j -f FILE` in a throw-away network namespace), and for the JSON nft
writes (`nft -j list ruleset`) after loading each loadable nft file of the
corpus and each fixtures/nft/*.nft, the lowered text must equal what
`nft list ruleset` prints after nft loads that same JSON.

Compared modulo what the brief allows and what is not the lowering's to
decide: handles, counter and quota-used values, element `expires`, the
order of tables and of the blocks inside a table, the wrapping of a set's
`elements = { ... }` over lines (the text printer's job), the order of
elements inside `{ }` (the kernel's hash order), and set comments (nft
1.0.6 drops them when it reads JSON; the lowering keeps them).

With --ipt-sim, the whole path too, for each JSON the system nft loads:
  - `ipt-sim show --dump FILE.json --format nft` must print exactly what
    `ipt-sim show --format nft` prints for the lowered text, and report as
    many errors, each located in FILE.json (file:line:col), never in a text
    the user did not write;
  - it must load without errors and equal the kernel's `nft list ruleset`
    (the same normalisation), unless the file is known to differ today:
    listed in tests/nft/json_known.txt (JSON files of the corpus, with the
    reason; a listed file that agrees fails the test until it is removed)
    or, for JSON nft wrote from a text file, in tests/nft/corpus_known.txt
    (that text's known difference, the text front end's list).

Exit 77 (skipped) without root, nft or unshare; the corpus part is skipped
when ../shared/corpus is absent.
usage: json_lowering.py --lower NFT_JSON_LOWER --root REPO [--corpus DIR]
                        [--ipt-sim IPT_SIM] [-v]
"""
import argparse
import csv
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run_ns(script):
    return subprocess.run(["unshare", "-n", "sh", "-c", script], capture_output=True, text=True,
                          timeout=60)


def blocks(text):
    """A listing as {table header: sorted list of its blocks}, normalised."""
    text = re.sub(r" expires [0-9dhms]+", "", text)
    text = re.sub(r"packets \d+ bytes \d+", "packets N bytes N", text)
    text = re.sub(r" used \d+ \w+", "", text)
    # elements wrapped over lines: join them
    text = re.sub(r",\n\t+ *", ", ", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    # the order of a set's elements is the kernel's (hash order)
    text = re.sub(r"\{ ([^{}\n]*) \}", lambda m: "{ " + ", ".join(sorted(m.group(1).split(", "))) + " }", text)
    # nft 1.0.6 reads no set comment from JSON (a newer nft does)
    text = re.sub(r"\n\t\tcomment \"[^\"\n]*\"(?=\n(\t\telements|\t\}))", "", text)
    tables = {}
    cur = None
    body = []
    for line in text.split("\n"):
        if line.startswith("table "):
            cur = line
            body = []
        elif line == "}" and cur is not None:
            # split the body into blocks at blank lines
            parts, blk = [], []
            for l in body:
                if l.strip() == "":
                    if blk:
                        parts.append("\n".join(blk))
                    blk = []
                else:
                    blk.append(l)
            if blk:
                parts.append("\n".join(blk))
            tables[cur] = sorted(parts)
            cur = None
        elif cur is not None:
            body.append(line)
    return tables


def block_diff(a, b, got_word):
    diff = []
    for t in sorted(set(a) | set(b)):
        wa, wb = a.get(t, []), b.get(t, [])
        if wa != wb:
            sa, sb = set(wa), set(wb)
            for blk in wa:
                if blk not in sb:
                    diff.append(f"  {t}: nft lists\n" + "\n".join("    - " + l for l in blk.split("\n")))
            for blk in wb:
                if blk not in sa:
                    diff.append(f"  {t}: {got_word}\n" + "\n".join("    + " + l for l in blk.split("\n")))
    return "\n".join(diff)


def compare(name, json_path, lower, verbose):
    r = run_ns(f"nft -j -f '{json_path}' && nft list ruleset")
    if r.returncode != 0:
        return "skip", f"the system nft refuses the JSON: {r.stderr.strip().splitlines()[:1]}", None
    want = r.stdout
    got = subprocess.run([lower, json_path], capture_output=True, text=True, timeout=60)
    if got.returncode != 0:
        return "fail", f"lowering failed:\n{got.stderr}", want
    a, b = blocks(want), blocks(got.stdout)
    if a == b:
        return "ok", "", want
    return "fail", block_diff(a, b, "lowered to"), want


def show(ipt_sim, path):
    return subprocess.run([ipt_sim, "show", "--format", "nft", "--color", "never", "--dump", path],
                          capture_output=True, text=True, timeout=60)


def full_path(json_path, lower, ipt_sim, want, known, tmp):
    """ipt-sim show on the JSON: the same as on its lowering, and the kernel's listing.
    Returns (status, why): ok, xfail (known to differ), fail."""
    full = show(ipt_sim, json_path)
    low = subprocess.run([lower, json_path], capture_output=True, text=True, timeout=60)
    text = os.path.join(tmp, "lowered.nft")
    with open(text, "w") as f:
        f.write(low.stdout)
    ref = show(ipt_sim, text)
    errs = re.findall(r"^(.*?):\d+:\d+: error: ", full.stderr, re.M)
    nerr_ref = len(re.findall(r"^.*?:\d+:\d+: error: ", ref.stderr, re.M))
    if full.returncode != ref.returncode or full.stdout != ref.stdout or len(errs) != nerr_ref:
        return "fail", (f"show on the JSON (exit {full.returncode}, {len(errs)} errors) differs from "
                        f"show on its lowering (exit {ref.returncode}, {nerr_ref} errors):\n"
                        + "".join(difflib.unified_diff(ref.stdout.splitlines(True),
                                                       full.stdout.splitlines(True), "lowering",
                                                       "json"))[:4000] + full.stderr[:2000])
    if any(e != json_path for e in errs) or (full.returncode == 2 and not errs):
        return "fail", f"errors not located in {json_path}:\n{full.stderr[:2000]}"
    if full.returncode != 0:
        why = f"ipt-sim refuses it: {full.stderr.splitlines()[0][:300]}"
    else:
        why = block_diff(blocks(want), blocks(full.stdout), "ipt-sim show prints")
        if not why:
            return "ok", ""
    if known:
        return "xfail", known
    return "fail", why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lower", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--ipt-sim")
    ap.add_argument("-v", action="store_true")
    o = ap.parse_args()
    if os.geteuid() != 0 or not shutil.which("nft") or not shutil.which("unshare"):
        print("SKIP: needs root, nft and unshare (a throw-away network namespace)")
        return 77
    tmp = tempfile.mkdtemp(prefix="nftjson-")
    here = os.path.dirname(os.path.abspath(__file__))
    json_known, text_known = read_known(os.path.join(here, "json_known.txt")), \
        read_known(os.path.join(here, "corpus_known.txt"))
    cases = []  # (name, json file, known-to-differ reason or None, own list)
    corpus = o.corpus if o.corpus and os.path.isfile(os.path.join(o.corpus, "MANIFEST.tsv")) else None
    texts = sorted(glob.glob(os.path.join(o.root, "fixtures/nft/*.nft")))
    if corpus:
        with open(os.path.join(corpus, "MANIFEST.tsv")) as f:
            seen = set()
            for row in csv.DictReader(f, delimiter="\t"):
                p = row["path"]
                if p in seen:
                    continue
                seen.add(p)
                if row["kind"] == "nft-json":
                    cases.append((p, os.path.join(corpus, p), json_known.get(p), True))
                elif row["kind"] == "nft":
                    texts.append(os.path.join(corpus, p))
    else:
        print("note: no corpus (../shared/corpus): checking fixtures/nft only")
    for t in texts:
        out = os.path.join(tmp, re.sub(r"[^A-Za-z0-9.]", "_", os.path.relpath(t, o.root)) + ".json")
        r = run_ns(f"nft -f '{t}' && nft -j list ruleset > '{out}'")
        if r.returncode == 0:
            # corpus files by their corpus path, fixtures by their repository path
            rel = os.path.relpath(t, corpus) if corpus and t.startswith(corpus) else \
                os.path.relpath(t, o.root)
            known = json_known.get(rel) or text_known.get(rel)
            cases.append((os.path.relpath(t, o.root) + " (as nft -j lists it)", out, known,
                          rel in json_known))
    npass = nfail = nskip = 0
    fpass = ffail = fxfail = 0
    for name, path, known, own in cases:
        status, why, want = compare(name, path, o.lower, o.v)
        if status == "ok":
            npass += 1
            if o.v:
                print(f"ok   {name}")
        elif status == "skip":
            nskip += 1
            print(f"skip {name}: {why}")
        else:
            nfail += 1
            print(f"FAIL {name}\n{why}")
        if not o.ipt_sim or want is None:
            continue
        status, why = full_path(path, o.lower, o.ipt_sim, want, known, tmp)
        if status == "ok" and known and own:
            ffail += 1
            print(f"FAIL {name}: show --format nft agrees now; remove it from json_known.txt")
        elif status == "ok":
            fpass += 1
            if o.v:
                print(f"ok   {name}: show --format nft")
        elif status == "xfail":
            fxfail += 1
            print(f"XFAIL {name}: show --format nft: {why}")
        else:
            ffail += 1
            print(f"FAIL {name}: show --format nft\n{why}")
    shutil.rmtree(tmp)
    print(f"lowering: {npass} passed, {nfail} failed, {nskip} skipped (the system nft refuses them)")
    if o.ipt_sim:
        print(f"show --format nft: {fpass} passed, {ffail} failed, {fxfail} known to differ")
    return 1 if nfail or ffail else 0


def read_known(path):
    known = {}
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line and not line.startswith("#"):
                p, _, why = line.partition(" ")
                known[p] = why.strip()
    return known


if __name__ == "__main__":
    sys.exit(main())
