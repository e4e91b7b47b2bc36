#!/usr/bin/env python3
"""
random_diff.py - random rulesets and packets (tests/kernel/randgen.py)
through ipt-sim and the real kernel (tests/kernel/diff.py), and the
agreement rate.

    random_diff.py --ipt-sim BIN [--seeds A-B[,C,...]] [--seed N ...]
                   [--packets N] [--jobs N] [--keep DIR] [--verbose]
                   [--no-conversations] [--diff-py PATH]

For every seed it writes the ruleset (rand-SEED.rules) and a scenario
(rand-SEED.scn: the host options and --packets packets, single ones and
conversations: a first packet, its reply, sometimes a later packet of the
same connection) into a temporary directory (or DIR with --keep, which is
then kept), runs diff.py on the scenarios (--jobs processes at a time, each
with its own namespaces), and prints

    K rulesets, N packets: P agree, F disagree, S skipped (rate X%)

where the rate is P / (P + F); then each failing seed with the command
that reproduces it. Every FAIL is shown with diff.py's explanation.

A conversation is cut (its packets before the cut are still compared)
before a reply to a packet ipt-sim says did not get through, and after the
first packet on which ipt-sim forks (ipt-sim continues a conversation with
the conntrack table of its first branch; the kernel with the branch it
took), and after the reply to a TCP segment delivered to the host (the
host's own TCP stack answers it with a RST in the kernel), so the packets
of a seed depend a little on ipt-sim's answers.
Without root diff.py skips every case (visibly) and the exit status is 0;
it is 1 when a case disagreed, 2 on bad usage.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

import randgen  # noqa: E402

LINE_RE = re.compile(r"^(PASS|FAIL|SKIP): rand-(\d+): (.*)$")


def cut_at(iptsim, rules, host, steps):
    """How many steps of a conversation diff.py can compare, or None for
    all: up to a `reply:` that ipt-sim refuses because the packet before
    it did not get through (nothing to answer), and up to the first packet
    on which ipt-sim forks (-m statistic, -m limit, ...): ipt-sim goes on
    with the conntrack table of its first branch, the kernel with the one
    of the branch it took."""
    args = [iptsim, "trace", "--format", "json", "--dump", rules] + host
    for st in steps:
        args += ["--pkt", st] if st else ["--reply"]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    m = re.search(r"packet (\d+): --reply: the previous packet did not get through", p.stderr)
    if p.returncode == 2 and m:
        return int(m.group(1)) - 1
    if p.returncode != 0:
        return None  # diff.py shows the error
    j = json.loads(p.stdout)
    for i, pk in enumerate(j["sequence"] if "sequence" in j else [j]):
        if len(pk.get("branches", [])) > 1 and i + 1 < len(steps):
            return i + 1
        # a TCP segment delivered to the host: in the kernel its own TCP
        # stack answers (a RST, as nothing listens), which closes the
        # connection before the packets after the reply
        if (steps[i] and steps[i].startswith("tcp:") and pk.get("branches")
                and pk["branches"][0]["fate"].get("kind") == "local" and i + 2 < len(steps)):
            return i + 2
    return None


def fit(iptsim, rules, host, cases, npackets):
    """The cases, up to npackets packets, with each conversation cut where
    cut_at() says. Cutting on ipt-sim's word loses nothing: the packet
    before the cut is still compared with the kernel."""
    out, n = [], 0
    for c in cases:
        if n >= npackets:
            break
        if isinstance(c, str):
            out.append(c)
            n += 1
            continue
        steps = c[:npackets - n]
        while len(steps) > 1:
            k = cut_at(iptsim, rules, host, steps)
            if k is None:
                break
            steps = steps[:k]
        out.append(steps[0] if len(steps) == 1 else steps)
        n += len(steps)
    return out


def write_case(d, seed, npackets, convs, iptsim):
    # more than enough packets: cut conversations leave room for more cases
    text, host, cases = randgen.generate(seed, 3 * npackets, convs)
    rules = os.path.join(d, "rand-%d.rules" % seed)
    scn = os.path.join(d, "rand-%d.scn" % seed)
    with open(rules, "w") as f:
        f.write(text)
    cases = fit(iptsim, rules, host, cases, npackets)
    with open(scn, "w") as f:
        f.write(randgen.scenario_text(seed, rules, host, cases))
    return scn, randgen.count_packets(cases)


def run_diff(diffpy, iptsim, scns, timeout, verbose):
    args = [sys.executable, diffpy, "--ipt-sim", iptsim,
            "--timeout", str(timeout)]
    if verbose:
        args.append("--verbose")
    for s in scns:
        args += ["--scenario", s]
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout + 120)
    return p.returncode, p.stdout, p.stderr


def parse(out):
    """[(status, seed or None, packet text, [detail lines])]"""
    res = []
    for line in out.splitlines():
        m = LINE_RE.match(line)
        if m:
            res.append([m.group(1), int(m.group(2)), m.group(3), []])
        elif line.startswith(("FAIL: ", "ERROR: ")):
            res.append(["FAIL", None, line.split(": ", 1)[1], []])
        elif line.startswith(("   ", "    ")) and res:
            res[-1][3].append(line)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipt-sim", required=True, help="the ipt-sim binary")
    ap.add_argument("--seeds", action="append", default=[], metavar="A-B",
                    help="seed ranges, e.g. 1-30 or 1-5,9 (repeatable)")
    ap.add_argument("--seed", action="append", type=int, default=[], metavar="N",
                    help="one seed (repeatable)")
    ap.add_argument("--packets", type=int, default=10, help="packets per ruleset (default 10)")
    ap.add_argument("--no-conversations", action="store_true",
                    help="single packets only (no conv: blocks with replies)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="diff.py processes at a time (default 2)")
    ap.add_argument("--keep", metavar="DIR", help="write the rulesets and scenarios here and keep them")
    ap.add_argument("--diff-py", default=os.path.join(HERE, "diff.py"), metavar="PATH",
                    help="the differential harness to run (default: tests/kernel/diff.py)")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print diff.py's whole output (every case)")
    a = ap.parse_args()

    seeds = list(a.seed)
    try:
        for s in a.seeds:
            seeds += randgen.parse_seeds(s)
    except ValueError as e:
        ap.error(str(e))
    if not seeds:
        ap.error("give --seeds A-B or --seed N")
    seeds = sorted(set(seeds))
    if a.packets < 1 or a.jobs < 1:
        ap.error("--packets and --jobs must be at least 1")
    iptsim = os.path.abspath(a.ipt_sim)
    if not os.access(iptsim, os.X_OK):
        ap.error("no executable ipt-sim at %s" % a.ipt_sim)

    d = os.path.abspath(a.keep) if a.keep else tempfile.mkdtemp(prefix="ipt-sim-random-")
    os.makedirs(d, exist_ok=True)
    t0 = time.monotonic()
    try:
        scns = {}
        npk = 0
        for s in seeds:
            scns[s], n = write_case(d, s, a.packets, not a.no_conversations, iptsim)
            npk += n
        # round-robin over the jobs, so each gets a similar share
        shares = [[scns[s] for s in seeds[i::a.jobs]] for i in range(a.jobs)]
        shares = [x for x in shares if x]
        results = [None] * len(shares)

        def work(i):
            # about 1.5 s a packet and 2 s a ruleset on an idle machine;
            # the alarm is there for a hung kernel side, not for speed
            per = len(shares[i])
            results[i] = run_diff(a.diff_py, iptsim, shares[i], 120 + per * (10 + 6 * a.packets), a.verbose)
        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(shares))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        cases = []
        for i, (rc, out, err) in enumerate(results):
            if a.verbose:
                sys.stdout.write(out)
            if rc not in (0, 1) or err.strip():
                print("diff.py (job %d) exit %d%s" % (i + 1, rc, (": " + err.strip()) if err.strip() else ""))
                if rc not in (0, 1):
                    cases.append(["FAIL", None, "diff.py exit %d" % rc, out.splitlines()[-5:]])
            cases += parse(out)
        agree = sum(1 for c in cases if c[0] == "PASS")
        skipped = [c for c in cases if c[0] == "SKIP"]
        failed = [c for c in cases if c[0] == "FAIL"]
        # "FAIL: rand-N: the kernel side failed: ..." stands for every packet
        # of that ruleset; count the packets no line was printed for
        seen = sum(1 for c in cases if c[1] is not None)
        missing = npk - seen
        nfail = len(failed)
        for c in failed:
            if c[1] is not None and c[2].startswith("the kernel side failed"):
                nfail += a.packets - 1
                missing -= a.packets - 1
        if missing > 0:
            nfail += 0  # reported below
        if not a.verbose:
            for c in failed:
                print("FAIL: %s%s" % ("rand-%d: " % c[1] if c[1] is not None else "", c[2]))
                for line in c[3]:
                    print(line)
            for c in skipped[:5]:
                print("SKIP: rand-%s: %s" % (c[1], c[2]))
            if len(skipped) > 5:
                print("... and %d more skipped" % (len(skipped) - 5))
        decided = agree + nfail
        rate = 100.0 * agree / decided if decided else 0.0
        print("(%.1f s, %d job%s)" % (time.monotonic() - t0, len(shares), "s" if len(shares) > 1 else ""))
        if missing > 0:
            print("%d packets got no result from diff.py (it stopped early)" % missing)
        print("%d rulesets, %d packets: %d agree, %d disagree, %d skipped (rate %.2f%%)"
              % (len(seeds), npk, agree, nfail, len(skipped), rate))
        bad = sorted({c[1] for c in failed if c[1] is not None})
        if bad:
            print("failing seeds: %s" % " ".join(str(s) for s in bad))
            here = os.path.relpath(__file__, REPO)
            print("reproduce one: python3 %s --ipt-sim %s --seed %d --packets %d --keep /tmp/rand-%d -v"
                  % (here, a.ipt_sim, bad[0], a.packets, bad[0]))
            print("  (then: python3 tests/kernel/diff.py --ipt-sim %s --scenario /tmp/rand-%d/rand-%d.scn)"
                  % (a.ipt_sim, bad[0], bad[0]))
        return 1 if (failed or missing > 0) else 0
    finally:
        if not a.keep:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
