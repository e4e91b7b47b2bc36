#!/usr/bin/env python3
"""kernel_edits.py - random edits of rulesets, with the kernel as the oracle
for `ipt-sim diff`.

For each source ruleset (random rulesets of tests/kernel/randgen.py, and
the loadable iptables-save dumps of ../shared/corpus) it makes random edits
(swap two rules of a chain, delete a rule, change a target, change a port
or an address, move a rule to another chain of its table), keeps those
iptables-restore accepts (in a throw-away namespace), and sends the same
sample of packets through the kernel with the old and with each edited
ruleset (the source's packets, and packets made from the constants of the
edited rules: up to half of them among those ipt-sim's trace predicts to
change, the rest not; whether a fate changes is the kernel's word), with the differential harness of tests/kernel/diff.py (the same
host topology, nftrace, capture). Every edit for which the kernel gives
some packet another fate (kind, output interface, addresses and ports
after NAT, reject type) must be reported by `ipt-sim diff --old --new`
with --pkts holding those packets: exit status 1, and a reported class
holding each such packet. The same diff without --pkts is counted too: how
often diff's own representative packets found the change.

    kernel_edits.py --ipt-sim BIN [--corpus DIR] [--seeds A-B] [--dumps N]
                    [--edits N] [--packets N] [--seed N] [--keep DIR] [-v]

Packets on which ipt-sim forks (-m statistic, -m limit, ...) are left out
where the kernel's two answers are both branches ipt-sim gives (the kernel
takes one branch, e.g. at random); so are packets diff.py skips. A
packet whose kernel fate ipt-sim's trace does not reproduce is reported
with that fact, as a miss caused by the simulation rather than by diff's
packets. Needs root (namespaces); without it prints SKIP and exits 0.
Exit status 1 when an edit the kernel shows is not reported, or when no
edit at all changed a fate in the kernel (the run would prove nothing).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KDIR = os.path.join(HERE, "..", "kernel")
sys.path.insert(0, KDIR)
sys.path.insert(0, HERE)

import diff as kdiff  # noqa: E402  tests/kernel/diff.py
import randgen  # noqa: E402
import topology  # noqa: E402
from test_diff import fates, sample_packets  # noqa: E402

# ---- the kernel, through diff.py ----

RESULTS = {}  # label -> (ipt-sim JSON of the packet, KernelRun, matching branch or None)
_report = kdiff.report


def _recording_report(sj, kr, match, diffs, label, a, out):
    RESULTS[label] = (sj, kr, match)
    return _report(sj, kr, match, diffs, label, a, out)


# diff.py reports each packet it sent to the kernel through report(): the
# kernel's answer is taken from there
kdiff.report = _recording_report


class Args:
    def __init__(self, ipt_sim, verbose):
        self.ipt_sim, self.verbose = ipt_sim, verbose


def write_scn(path, name, rules, host, pkts):
    with open(path, "w") as f:
        f.write(randgen.scenario_text(0, rules, host, pkts).replace("name: rand-0", "name: " + name))


def kernel_fates(ipt, scn, name, pkts, verbose):
    """{packet spec: (kernel fate line, ipt-sim agrees, ipt-sim forked,
    {fate lines of ipt-sim's branches})}."""
    sc = kdiff.Scenario(scn)
    lines = []
    out = (lambda s="": print("    " + s)) if verbose else lines.append
    for _ in kdiff.run_scenario(sc, Args(ipt, False), out):
        pass
    res = {}
    for p in pkts:
        r = RESULTS.pop("%s: %s" % (name, p), None)
        if r:
            sj, kr, match = r
            res[p] = (kdiff.fate_line(kr.fate), match is not None, len(sj["branches"]) > 1,
                      {kdiff.fate_line(b["fate"]) for b in sj["branches"]})
    if not res:
        err = [l for l in lines if "FAIL" in l][:3]
        print("  note: no packet of %s reached the kernel%s" % (name, ": " + "; ".join(err) if err else ""))
    return res


def loads(text):
    p = subprocess.run(["unshare", "-n", "iptables-restore"], input=text, capture_output=True,
                       text=True, timeout=30)
    return p.returncode == 0


# ---- edits ----

def rules_of(lines):
    """[(line index, table, chain)] of the -A lines."""
    out, table = [], None
    for i, l in enumerate(lines):
        if l.startswith("*"):
            table = l[1:].strip()
        elif l.startswith("-A "):
            out.append((i, table, l.split()[1]))
    return out


def chains_of(lines):
    """{table: [chain, ...]} of the chains declared."""
    out, table = {}, None
    for l in lines:
        if l.startswith("*"):
            table = l[1:].strip()
            out[table] = []
        elif l.startswith(":") and table:
            out[table].append(l[1:].split()[0])
    return out


PORT_RE = re.compile(r"(--(?:dport|sport|dports|sports|to-ports) )(\d+)")
ADDR_RE = re.compile(r"( (?:-s|-d|--to-destination|--to-source) )(\d+\.\d+\.\d+\.)(\d+)")
TARGETS = {"nat": ["ACCEPT", "RETURN"], "filter": ["ACCEPT", "DROP", "RETURN"],
           "mangle": ["ACCEPT", "DROP", "RETURN"], "raw": ["ACCEPT", "DROP", "RETURN", "NOTRACK"]}


def edit(text, rnd):
    """(new text, what, [the rule lines it touched]) for one random edit, or
    (None, None, None)."""
    lines = text.split("\n")
    rules = rules_of(lines)
    if not rules:
        return None, None, None
    kind = rnd.choice(["swap", "swap", "delete", "target", "target", "port", "addr", "move"])
    # mostly rules of built-in chains, which most packets pass
    builtin = [x for x in rules if x[2] in ("PREROUTING", "INPUT", "FORWARD", "OUTPUT",
                                             "POSTROUTING")]
    r = rnd.choice(builtin if builtin and rnd.random() < 0.7 else rules)
    i, table, chain = r
    if "REJECT answers" in lines[i]:
        # randgen's scaffolding: the harness recognises a REJECT by its answer
        return None, None, None
    touched = [lines[i]]
    if kind == "swap":
        same = [x for x in rules if x[1] == table and x[2] == chain and x[0] != i]
        if not same:
            return None, None, None
        j = rnd.choice(same)[0]
        touched.append(lines[j])
        lines[i], lines[j] = lines[j], lines[i]
        what = "swap lines %d and %d (%s %s)" % (i + 1, j + 1, table, chain)
    elif kind == "delete":
        del lines[i]
        what = "delete line %d (%s %s)" % (i + 1, table, chain)
    elif kind == "target":
        m = re.search(r" -j (\S+).*$", lines[i])
        choices = [t for t in TARGETS.get(table, []) if not m or t != m.group(1)]
        if not m or not choices:
            return None, None, None
        t = rnd.choice(choices)
        lines[i] = lines[i][:m.start()] + " -j " + t
        what = "line %d: -j %s instead of -j %s" % (i + 1, t, m.group(1))
    elif kind == "port":
        ms = list(PORT_RE.finditer(lines[i]))
        if not ms:
            return None, None, None
        m = rnd.choice(ms)
        v = int(m.group(2))
        nv = max(1, min(65535, v + rnd.choice([-1, 1, 1000])))
        lines[i] = lines[i][:m.start(2)] + str(nv) + lines[i][m.end(2):]
        touched.append(lines[i])
        what = "line %d: port %d instead of %d" % (i + 1, nv, v)
    elif kind == "addr":
        ms = list(ADDR_RE.finditer(lines[i]))
        if not ms:
            return None, None, None
        m = rnd.choice(ms)
        v = int(m.group(3))
        nv = (v + rnd.choice([1, 7, 128])) % 254 + 1
        lines[i] = lines[i][:m.start(3)] + str(nv) + lines[i][m.end(3):]
        touched.append(lines[i])
        what = "line %d: address %s%d instead of %s%d" % (i + 1, m.group(2), nv, m.group(2), v)
    else:  # move to another chain of the table, at a random place
        others = [c for c in chains_of(lines).get(table, []) if c != chain]
        if not others:
            return None, None, None
        to = rnd.choice(others)
        line = lines[i]
        del lines[i]
        line = "-A %s%s" % (to, line[len("-A " + chain):])
        there = [x[0] for x in rules_of(lines) if x[1] == table and x[2] == to]
        if there and rnd.random() < 0.6:
            at = rnd.choice(there)
        else:
            # after the last rule of the table (or its declarations)
            tl = [x[0] for x in rules_of(lines) if x[1] == table]
            at = tl[-1] + 1 if tl else next(k for k, l in enumerate(lines)
                                            if l.strip() == "COMMIT" and k > i - 1)
        lines.insert(at, line)
        what = "move line %d (%s %s) to chain %s" % (i + 1, table, chain, to)
    return "\n".join(lines), what, touched


def host_words(host):
    """(interfaces, addresses) of ipt-sim host options."""
    ifaces, addrs = [], []
    for k in range(len(host) - 1):
        if host[k] == "--iface":
            name, _, a = host[k + 1].partition("=")
            ifaces.append(name)
            addrs += [x.split("/")[0] for x in a.split("+") if x and ":" not in x]
    return ifaces, addrs


def edit_packets(touched, host, rnd, n):
    """Packets from the constants of the edited rules and the host's own
    addresses, arriving on the host's interfaces (test_diff.sample_packets)."""
    ifaces, addrs = host_words(host)
    text = "\n".join(touched) + "".join(" -d %s" % x for x in addrs) + "".join(
        " -i %s" % i for i in ifaces)
    out = []
    for spec in sample_packets(text, rnd, 4 * n):
        spec = " ".join(w for w in spec.split() if not w.startswith("state="))
        if spec.endswith(" local") and addrs:
            # the host sends from its own addresses (a raw socket aside)
            spec = re.sub(r"^(\w+):[\d.]+", lambda m: "%s:%s" % (m.group(1), rnd.choice(addrs)), spec)
        where = next((w[3:] for w in spec.split() if w.startswith("in=")), None)
        if (where is None or where in ifaces) and spec not in out:
            out.append(spec)
        if len(out) >= n:
            break
    return out


# ---- ipt-sim diff ----

def run_diff(ipt, old, new, host, pkts_file=None):
    args = [ipt, "diff", "--old", old, "--new", new, "--format", "json", *host]
    if pkts_file:
        args += ["--pkts", pkts_file]
    p = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if p.returncode == 2:
        return 2, None, p.stderr
    return p.returncode, json.loads(p.stdout), p.stderr


PROTOS = {"tcp": 6, "udp": 17, "icmp": 1}


def covered(spec, changes):
    """Is the packet in one of the reported classes? (by protocol,
    destination, port or ICMP type, and interface; a class's sources are
    summarised, so they are not compared)"""
    m = re.match(r"(\w+):([\d.]+)(?::\d+)?->([\d.]+)(?::(\d+))?", spec)
    if not m:
        return False
    proto, dst, dport = PROTOS.get(m.group(1)), m.group(3), m.group(4)
    words = spec.split()[1:]
    where = None if "local" in words else next((w[3:] for w in words if w.startswith("in=")), None)
    itype = next((int(w.split("=")[1]) for w in words if w.startswith("icmp-type=")), 8)
    for c in changes:
        k = c["class"]
        if k["proto"] != proto or dst not in k["dst"] or where not in k["in"]:
            continue
        if "dports" in k and dport is not None and int(dport) not in k["dports"]:
            continue
        if "icmp_types" in k and itype not in k["icmp_types"]:
            continue
        return True
    return False


# ---- sources ----

def randgen_sources(seeds, npk):
    for s in seeds:
        text, host, cases = randgen.generate(s, npk, convs=False)
        yield "rand-%d" % s, text, host, [c for c in cases if isinstance(c, str)]


def corpus_sources(ipt, corpus, ndumps, npk, rnd, tmp):
    manifest = os.path.join(corpus, "MANIFEST.tsv") if corpus else ""
    if not manifest or not os.path.exists(manifest):
        print("SKIP corpus dumps: %s not found" % (manifest or "--corpus"))
        return
    dumps = []
    with open(manifest) as f:
        for row in f.read().split("\n")[1:]:
            c = row.split("\t")
            if len(c) > 7 and c[1] == "iptables-save" and c[7].startswith("yes"):
                dumps.append(c[0])
    rnd.shuffle(dumps)
    n = 0
    for rel in dumps:
        if n >= ndumps:
            break
        with open(os.path.join(corpus, rel), errors="replace") as f:
            text = f.read()
        nr = len(rules_of(text.split("\n")))
        if nr < 3 or nr > 250 or not loads(text):
            continue
        path = os.path.join(tmp, "host.rules")
        with open(path, "w") as f:
            f.write(text)
        rc, j, err = run_diff(ipt, path, path, [])
        if rc != 0:
            continue
        host = j["host"]
        ifaces = {host[k + 1].split("=")[0] for k in range(len(host) - 1) if host[k] == "--iface"}
        pkts = []
        haddrs = host_words(host)[1]
        for spec in sample_packets(text, rnd, 6 * npk):
            spec = " ".join(w for w in spec.split() if not w.startswith("state="))
            if spec.endswith(" local") and haddrs:
                spec = re.sub(r"^(\w+):[\d.]+",
                              lambda m: "%s:%s" % (m.group(1), rnd.choice(haddrs)), spec)
            where = next((w[3:] for w in spec.split() if w.startswith("in=")), None)
            if (where is None or where in ifaces) and spec not in pkts:
                pkts.append(spec)
            if len(pkts) >= npk:
                break
        n += 1
        yield rel, text, host, pkts


# ---- main ----

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--corpus", help="../shared/corpus (its MANIFEST.tsv)")
    ap.add_argument("--seeds", default="1-5", help="randgen seeds (default 1-5)")
    ap.add_argument("--dumps", type=int, default=3, help="corpus dumps to edit (default 3)")
    ap.add_argument("--edits", type=int, default=4, help="edits per ruleset (default 4)")
    ap.add_argument("--packets", type=int, default=14, help="packets per ruleset (default 14)")
    ap.add_argument("--seed", type=int, default=8, help="seed of the edits and corpus packets")
    ap.add_argument("--keep", metavar="DIR", help="keep the rulesets, scenarios and packets here")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    ipt = os.path.abspath(a.ipt_sim)
    os.environ["PATH"] = "/usr/sbin:/sbin:" + os.environ.get("PATH", "/usr/bin:/bin")
    why = topology.available()
    if why:
        print("SKIP: %s (the kernel side needs network namespaces)" % why)
        return 0
    topology.install_cleanup()
    topology.cleanup_stale()
    rnd = random.Random(a.seed)
    tmp = os.path.abspath(a.keep) if a.keep else tempfile.mkdtemp(prefix="ipt-sim-edits-")
    os.makedirs(tmp, exist_ok=True)
    t0 = time.monotonic()
    st = {"edits": 0, "refused": 0, "kchanged": 0, "reported": 0, "pkts": 0, "pkts_covered": 0,
          "nopkts_found": 0, "pkts_found_nopkts": 0, "forked": 0, "sim_disagrees": 0,
          "noop": 0, "noop_diff": 0, "own_kchanged": 0, "own_pkts": 0}
    fails = []
    try:
        sources = list(randgen_sources(randgen.parse_seeds(a.seeds), a.packets // 2))
        sources += list(corpus_sources(ipt, a.corpus, a.dumps, a.packets // 2, rnd, tmp))
        for si, (name, text, host, pkts) in enumerate(sources):
            d = os.path.join(tmp, "s%d" % si)
            os.makedirs(d, exist_ok=True)
            old = os.path.join(d, "old.rules")
            with open(old, "w") as f:
                f.write(text)
            print("%s: %d rules" % (name, len(rules_of(text.split("\n")))))
            done = tries = 0
            while done < a.edits and tries < 8 * a.edits:
                tries += 1
                new_text, what, touched = edit(text, rnd)
                if new_text is None or new_text == text:
                    continue
                if not loads(new_text):
                    st["refused"] += 1
                    continue
                done += 1
                st["edits"] += 1
                e = "e%d" % done
                new = os.path.join(d, e + ".rules")
                with open(new, "w") as f:
                    f.write(new_text)
                # the source's packets, and packets from the edited rules'
                # own constants: those ipt-sim's trace says change first, a
                # few others; the kernel decides
                cands = [p for p in edit_packets(touched, host, rnd, 8 * a.packets) if p not in pkts]
                if name.startswith("rand-"):
                    # the generator's own packets (sources the host routes back)
                    g = randgen.Gen(int(name[5:]))
                    g.ruleset()
                    cands += [g.packet() for _ in range(4 * a.packets)]
                # diff's own examples are candidates too, but a change found
                # only through them does not count for diff without --pkts
                rc0, j0, _ = run_diff(ipt, old, new, host)
                from_diff = [c["example"] for c in (j0 or {}).get("changes", [])[:4]]
                cands += [x for x in from_diff if x not in cands]
                fo, _ = fates(ipt, old, cands, host)
                fn, _ = fates(ipt, new, cands, host)
                pred = [p for p, x, y in zip(cands, fo, fn) if x != y]
                rest = [p for p in cands if p not in pred]
                epk = list(pkts) + pred[:a.packets // 2] + rest[:a.packets - min(len(pred), a.packets // 2)]
                write_scn(os.path.join(d, e + "-old.scn"), "s%d-%s-old" % (si, e), old, host, epk)
                kold = kernel_fates(ipt, os.path.join(d, e + "-old.scn"), "s%d-%s-old" % (si, e),
                                    epk, a.verbose)
                scn = os.path.join(d, e + ".scn")
                write_scn(scn, "s%d-%s" % (si, e), new, host, epk)
                knew = kernel_fates(ipt, scn, "s%d-%s" % (si, e), epk, a.verbose)
                changed = []
                for p in epk:
                    if p in kold and p in knew and kold[p][0] != knew[p][0]:
                        # where ipt-sim forks (-m statistic, -m limit), the
                        # kernel's two answers may be two branches of one
                        # behaviour: a change only when one of them is no
                        # branch of the other ruleset
                        if (kold[p][2] or knew[p][2]) and kold[p][0] in knew[p][3] \
                                and knew[p][0] in kold[p][3]:
                            st["forked"] += 1
                            continue
                        changed.append(p)
                if not changed:
                    st["noop"] += 1
                    # diff saw a change of fate or NAT (not only of the deciding rule)
                    st["noop_diff"] += any(c["was"].split(" by ")[0] != c["now"].split(" by ")[0]
                                           for c in (j0 or {}).get("changes", []))
                    if a.verbose:
                        print("  %s: %s: no sampled packet changes fate in the kernel" % (name, what))
                    continue
                st["kchanged"] += 1
                pf = os.path.join(d, e + ".pkts")
                with open(pf, "w") as f:
                    f.write("\n".join(changed) + "\n")
                rc, j, err = run_diff(ipt, old, new, host, pf)
                if rc == 2:
                    fails.append("%s: %s: ipt-sim diff refused the rulesets: %s" % (name, what, err.strip()[:300]))
                    continue
                st["pkts"] += len(changed)
                missed = [p for p in changed if not covered(p, j["changes"])]
                st["pkts_covered"] += len(changed) - len(missed)
                own = [p for p in changed if p not in from_diff]
                if own:
                    st["own_kchanged"] += 1
                    st["own_pkts"] += len(own)
                    if rc0 == 1:
                        st["nopkts_found"] += 1
                        st["pkts_found_nopkts"] += sum(1 for p in own if covered(p, j0["changes"]))
                if rc == 1 and not missed:
                    st["reported"] += 1
                    print("  ok %s: %s: the kernel changes %d packet(s) (e.g. %s: %s -> %s); "
                          "diff reports it%s" % (name, what, len(changed), changed[0],
                                                 kold[changed[0]][0], knew[changed[0]][0],
                                                 "" if rc0 == 1 else " only with --pkts"))
                    continue
                for p in missed or changed[:1]:
                    sim_ok = kold[p][1] and knew[p][1]
                    if not sim_ok:
                        st["sim_disagrees"] += 1
                    fails.append("%s: %s: in the kernel %s goes from %s to %s, but ipt-sim diff "
                                 "(exit %d) does not report it%s\n    reproduce: %s diff --old %s "
                                 "--new %s --pkts %s %s" % (
                                     name, what, p, kold[p][0], knew[p][0], rc,
                                     "" if sim_ok else " (ipt-sim's trace of this packet "
                                     "disagrees with the kernel: see tests/kernel/diff.py "
                                     "--scenario %s)" % scn,
                                     a.ipt_sim, old, new, pf, " ".join(
                                         "'%s'" % h if " " in h else h for h in host)))
        for f in fails:
            print("FAIL " + f)
        print("(%.1f s)" % (time.monotonic() - t0))
        print("%d rulesets, %d edits (%d more refused by iptables-restore): the kernel shows a "
              "fate change for %d (%d packets; %d edits changed no sampled packet, %d forked "
              "packets left out)" % (len(sources), st["edits"], st["refused"], st["kchanged"],
                                     st["pkts"], st["noop"], st["forked"]))
        print("diff --pkts reports %d of %d edits (%d of %d packets in a reported class)"
              % (st["reported"], st["kchanged"], st["pkts_covered"], st["pkts"]))
        print("without --pkts, diff's own packets find %d of the %d edits the kernel shows with "
              "packets not taken from diff's examples (%d of %d such packets in a reported "
              "class)" % (st["nopkts_found"], st["own_kchanged"], st["pkts_found_nopkts"],
                          st["own_pkts"]))
        print("of the %d edits no sampled packet shows, diff reports a change of fate or NAT "
              "for %d" % (st["noop"], st["noop_diff"]))
        if st["sim_disagrees"]:
            print("%d missed packet(s) where ipt-sim's trace disagrees with the kernel"
                  % st["sim_disagrees"])
        if not st["kchanged"]:
            print("FAIL: no edit changed a fate in the kernel: nothing was tested "
                  "(more --packets or --edits)")
            return 1
        return 1 if fails else 0
    finally:
        topology.cleanup_all()
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
