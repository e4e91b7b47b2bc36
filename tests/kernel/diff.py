#!/usr/bin/env python3
"""
diff.py - the kernel differential test: each scenario's packets go through
ipt-sim (`ipt-sim trace --format json`) and through the real kernel (a
throw-away namespace with the same ruleset, interfaces, routes and sysctls,
traced with nftrace), and the two are compared event by event.

    diff.py --ipt-sim PATH [--scenario FILE ...] [--verbose] [--keep-going]

Without --scenario, every fixtures/scenarios/*.scn of the repository.
Needs root (namespaces); without it every case is skipped with a "SKIP:"
line and the exit status is 0. The last line is "N passed, N failed,
N skipped"; the exit status is 1 when a case failed.

Scenario files (fixtures/scenarios/*.scn), one directive a line, '#'
starts a comment line:

    name: docker-7788              optional; default: the file's base name
    dump: fixtures/docker-host-7788.rules
                                   relative to the repository root (or to
                                   the .scn file); several dump: lines are
                                   all loaded, in order
    host: --iface ppp0=2.2.2.2/24 --route 'default via 2.2.2.1 dev ppp0'
          ipt-sim's host options, shell-quoted; several host: lines add up
    pkt: tcp:1.1.1.1->2.2.2.2:7788 in=ppp0
          ipt-sim's --pkt syntax, one packet per line; each packet is a case
          of its own (fresh conntrack table on both sides)

A case passes when some branch ipt-sim reports equals the kernel's path:
the same events, in order, each (table, chain, type rule|policy, 1-based
rule position, verdict, and for JUMP/GOTO the chain), and the same fate
(kind; for forward/output the interface; for forward/output/local the
addresses and ports after NAT; for reject the reply type). When ipt-sim
forked (several branches) the matching branch is named with its conditions.

What is not compared, because the nf_tables trace does not show it:
ipt-sim's "return" events (falling off the end of a user-defined chain:
nf_tables traces no implicit return, only an explicit -j RETURN rule), and
notes. Packets with state=, oow, or --reply need a conversation and are
skipped; so is mark= on a packet that is not local (a mark does not cross
the wire).
"""

import argparse
import difflib
import glob
import json
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))

import topology  # noqa: E402
from topology import HostSpec, Topology, TopologyError  # noqa: E402


class Scenario:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.dumps, self.host, self.pkts = [], [], []
        with open(path) as f:
            for n, line in enumerate(f, 1):
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                key, colon, val = s.partition(":")
                val = val.strip()
                if not colon:
                    raise ValueError("%s:%d: expected KEY: VALUE" % (path, n))
                if key == "name":
                    self.name = val
                elif key == "dump":
                    p = val if os.path.isabs(val) else os.path.join(REPO, val)
                    if not os.path.exists(p):
                        p = os.path.join(os.path.dirname(path), val)
                    self.dumps.append(p)
                elif key == "host":
                    self.host += shlex.split(val)
                elif key == "pkt":
                    self.pkts.append(val)
                else:
                    raise ValueError("%s:%d: unknown key %r" % (path, n, key))
        if not self.dumps or not self.pkts:
            raise ValueError("%s: needs dump: and pkt:" % path)


def run_iptsim(iptsim, sc, pkt):
    args = [iptsim, "trace", "--format", "json"]
    for d in sc.dumps:
        args += ["--dump", d]
    args += sc.host + ["--pkt", pkt]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=REPO)
    if p.returncode != 0:
        raise RuntimeError("ipt-sim exit %d: %s" % (p.returncode, p.stderr.strip()))
    return json.loads(p.stdout)


# ---- comparison ----

def ev_key(e):
    t = e.get("target") if e.get("verdict") in ("JUMP", "GOTO") else None
    return (e["table"], e["chain"], e["type"], e.get("rule"), e["verdict"], t)


def ev_line(k):
    table, chain, ty, rule, verdict, t = k
    if ty == "policy":
        return "%s %s policy %s (position %s)" % (table, chain, verdict, rule)
    return "%s %s rule %s %s%s" % (table, chain, rule, verdict, " " + t if t else "")


def sim_events(branch):
    return [ev_key(e) for e in branch["events"] if e["type"] != "return"]


FATE_FIELDS = {"forward": ("out", "src", "dst", "sport", "dport"),
               "output": ("out", "src", "dst", "sport", "dport"),
               "local": ("src", "dst", "sport", "dport"),
               "reject": ("reject_with",),
               "drop": (), "queue": ()}


def fate_line(f):
    s = f.get("kind") or "?"
    for k in FATE_FIELDS.get(f.get("kind"), ()):
        if f.get(k) is not None:
            s += " %s=%s" % (k, f[k])
    return s


def fate_diffs(sim, kern):
    if sim.get("kind") != kern.get("kind"):
        return ["fate: ipt-sim %s, kernel %s" % (fate_line(sim), fate_line(kern))]
    out = []
    for k in FATE_FIELDS.get(kern["kind"], ()):
        a, b = sim.get(k), kern.get(k)
        if k in ("sport", "dport") and (a is None or b is None):
            continue
        if sim.get("random") == k:
            continue  # ipt-sim says the kernel picks this port at random
        if str(a) != str(b):
            out.append("fate %s: ipt-sim %s, kernel %s" % (k, a, b))
    return out


def compare(sim_json, kr):
    """(matching branch index or None, per-branch list of differences)."""
    kev = [ev_key(e) for e in kr.events]
    res = []
    for br in sim_json["branches"]:
        sev = sim_events(br)
        d = []
        if sev != kev:
            d.append("events")
        d += fate_diffs(br["fate"], kr.fate)
        res.append(d)
    match = [i for i, d in enumerate(res) if not d]
    return (match[0] if match else None), res


def closeness(sim_branch, kev):
    sev = sim_events(sim_branch)
    return difflib.SequenceMatcher(a=sev, b=kev, autojunk=False).ratio()


def print_mismatch(sim_json, kr, diffs, out):
    kev = [ev_key(e) for e in kr.events]
    brs = sim_json["branches"]
    best = max(range(len(brs)), key=lambda i: (closeness(brs[i], kev),
                                               -len(diffs[i])))
    br = brs[best]
    if len(brs) > 1:
        out("  no branch of %d equals the kernel; the closest is branch %d:" % (len(brs), best + 1))
        for c in br["conditions"]:
            out("    if %s%s" % ("" if c["holds"] else "NOT: ", c["text"]))
    sev = [ev_line(k) for k in sim_events(br)]
    kel = [ev_line(k) for k in kev]
    if sev == kel:
        out("   the events agree (%d), the fate does not:" % len(kel))
    for line in difflib.unified_diff(sev, kel, "ipt-sim", "kernel", lineterm="", n=100):
        if line.startswith(("---", "+++")):
            out("  " + line)
        elif line.startswith("@@"):
            continue
        else:
            out("   " + line)
    out("   ipt-sim fate: %s%s" % (fate_line(br["fate"]),
                                  " (by %s)" % br["fate"]["by"]
                                  if br["fate"].get("by") and br["fate"]["kind"] in ("drop", "reject")
                                  else ""))
    out("   kernel  fate: %s" % fate_line(kr.fate))
    for d in diffs[best]:
        if d != "events":
            out("   ! " + d)


# ---- main ----

def skippable(spec_json, pkt_spec):
    p = spec_json["packet"]
    words = pkt_spec.split()[1:]
    for w in words:
        k = w.split("=")[0]
        if k in ("state", "oow"):
            return "packet option %s needs a conversation" % k
    if p.get("mark") and not spec_json.get("local"):
        return "a mark does not cross the wire (mark= on an arriving packet)"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--scenario", action="append", default=[])
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print the kernel's path for every case")
    ap.add_argument("--timeout", type=int, default=480,
                    help="give up (and clean up) after this many seconds")
    a = ap.parse_args()

    out = lambda s="": print(s, flush=True)  # noqa: E731
    os.environ["PATH"] = "/usr/sbin:/sbin:" + os.environ.get("PATH", "/usr/bin:/bin")
    files = a.scenario or sorted(glob.glob(os.path.join(REPO, "fixtures", "scenarios", "*.scn")))
    scenarios = []
    for f in files:
        try:
            scenarios.append(Scenario(f))
        except (OSError, ValueError) as e:
            out("ERROR: %s" % e)
            return 2
    ncases = sum(len(s.pkts) for s in scenarios)

    why = topology.available()
    if why:
        for s in scenarios:
            for p in s.pkts:
                out("SKIP: %s: %s: %s" % (s.name, p, why))
        out("0 passed, 0 failed, %d skipped" % ncases)
        return 0

    topology.install_cleanup()
    topology.cleanup_stale()

    def on_alarm(signum, frame):
        raise TimeoutError("the whole run took longer than %ds" % a.timeout)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(a.timeout)

    t0 = time.monotonic()
    passed = failed = skipped = 0
    try:
        for sc in scenarios:
            out("== %s (%s)" % (sc.name, os.path.relpath(sc.path, REPO)))
            cases = []
            for p in sc.pkts:
                try:
                    sj = run_iptsim(a.ipt_sim, sc, p)
                except Exception as e:
                    out("FAIL: %s: %s: %s" % (sc.name, p, e))
                    failed += 1
                    continue
                w = skippable(sj, p)
                if w:
                    out("SKIP: %s: %s: %s" % (sc.name, p, w))
                    skipped += 1
                    continue
                cases.append((p, sj))
            if not cases:
                continue
            try:
                host = HostSpec.parse(sc.host)
            except (TopologyError, ValueError) as e:
                for p, _ in cases:
                    out("SKIP: %s: %s: host options: %s" % (sc.name, p, e))
                skipped += len(cases)
                continue
            # ipt-sim's own default route, when the scenario gives none
            for p, sj in cases:
                for asm in sj.get("assumptions", []):
                    m = re.match(r"default (IPv6 )?route via (\S+)", asm)
                    fam = 6 if m and m.group(1) else 4
                    if m and not any(r[0] == "default" and r[3] == fam for r in host.routes):
                        host.routes.append(("default", None, m.group(2), fam))
                        if not host.iface(m.group(2)):
                            host.ifaces.append((m.group(2), []))
            fam = 6 if cases[0][1]["packet"]["family"] == "ipv6" else 4
            try:
                with Topology(host) as topo:
                    for d in sc.dumps:
                        topo.load(d, fam)
                    topo.set_sysctls()
                    for p, sj in cases:
                        r = run_case(topo, sc, p, sj, a, out)
                        passed += r == "pass"
                        failed += r == "fail"
                        skipped += r == "skip"
            except TopologyError as e:
                out("FAIL: %s: the kernel side failed: %s" % (sc.name, e))
                failed += len(cases)
    except TimeoutError as e:
        out("FAIL: %s" % e)
        failed += 1
    finally:
        signal.alarm(0)
        topology.cleanup_all()
    out("(%.1f s)" % (time.monotonic() - t0))
    out("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


def run_case(topo, sc, p, sj, a, out):
    import kernel
    pk = sj["packet"]
    local = bool(sj.get("local"))
    in_iface = pk.get("in")
    if not local and in_iface not in topo.peers:
        out("SKIP: %s: %s: the packet arrives on %s, which the host options do not "
            "describe" % (sc.name, p, in_iface))
        return "skip"
    fam = 6 if pk["family"] == "ipv6" else 4
    marker = random.randrange(0x2000, 0xFFFF if fam == 4 else 0xFFFFF)
    addrs = {pk["src"], pk["dst"]}
    for br in sj["branches"]:
        addrs |= {br["fate"].get("src"), br["fate"].get("dst")}
    try:
        topo.add_neighbours(sorted(a for a in addrs if a))
        kr = kernel.ask_kernel(topo, pk, local, in_iface, marker)
    except TopologyError as e:
        out("FAIL: %s: %s: kernel: %s" % (sc.name, p, e))
        return "fail"
    match, diffs = compare(sj, kr)
    n = len(sj["branches"])
    label = "%s: %s" % (sc.name, p)
    if match is not None:
        note = ""
        if n > 1:
            note = " (ipt-sim forked: %d branches; the kernel took branch %d)" % (n, match + 1)
        out("PASS: %s%s" % (label, note))
        if n > 1:
            for c in sj["branches"][match]["conditions"]:
                out("    if %s%s" % ("" if c["holds"] else "NOT: ", c["text"]))
        if a.verbose:
            for e in kr.events:
                out("    " + ev_line(ev_key(e)))
            out("    fate: " + fate_line(kr.fate))
        for nt in kr.notes:
            out("    note: " + nt)
        return "pass"
    out("FAIL: %s" % label)
    if not kr.events:
        out("   (the kernel trace is empty)")
    print_mismatch(sj, kr, diffs, out)
    for nt in kr.notes:
        out("   note: " + nt)
    for asm in sj.get("assumptions", []):
        out("   ipt-sim assumed: " + asm)
    return "fail"


if __name__ == "__main__":
    sys.exit(main())
