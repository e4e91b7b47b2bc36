#!/usr/bin/env python3
"""ipt-sim diff: the seed 004 story as a review, reorders that do and do not
matter (on the fixtures and on corpus dumps), and random edits of corpus dumps.

Every reported class is checked against `ipt-sim trace`: its example packet
must behave differently under the two rulesets (no invented changes). And
every change a random sample of packets finds with `trace` must be reported
(no missed changes), on edits of the fixtures and, when ../shared/corpus is
there, of corpus dumps.

usage: test_diff.py --ipt-sim BIN --root REPO [--corpus DIR] [--edits N]
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL", msg)


def run(args, ok=(0, 1)):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode not in ok:
        raise RuntimeError("%s -> %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p


def diff_json(ipt, old, new, extra=()):
    p = run([ipt, "diff", "--old", old, "--new", new, "--format", "json", *extra])
    return p.returncode, json.loads(p.stdout)


def outcome(ipt, dump, spec, extra=()):
    """(fate, out, src, dst) of each branch of a packet, by `trace`."""
    p = run([ipt, "trace", "--dump", dump, "--pkt", spec, "--format", "json", *extra], ok=(0,))
    j = json.loads(p.stdout)
    res = []
    for b in j["branches"]:
        f = b["fate"]
        # the rules it went through, by text: a rule's number is not its identity
        path = [(e.get("table"), e.get("chain"), e.get("text"), e.get("verdict"))
                for e in b.get("events", []) if e.get("type") in ("rule", "policy")]
        by = f.get("by", "")
        res.append((f.get("kind"), f.get("out"), f.get("src"), f.get("sport"), f.get("dst"),
                    f.get("dport"), "" if ":rule:" in by else by, path))
    return sorted(map(str, res))


def check_examples(ipt, old, new, j, extra=None):
    """Each reported example packet really behaves differently, on the host
    diff used (its JSON gives it as host options)."""
    extra = j.get("host", []) if extra is None else extra
    for c in j["changes"][:8]:
        a = outcome(ipt, old, c["example"], extra)
        b = outcome(ipt, new, c["example"], extra)
        if a == b:
            # the deciding rule may differ with the same fate: compare `by` only
            # when the summary says the rule changed
            fail("%s -> %s: reported change for %s but trace shows the same outcome %s"
                 % (old, new, c["example"], a))


def story(ipt, root):
    fx = os.path.join(root, "fixtures/review")
    host = ["--iface", "ppp0=203.0.113.2/24"]
    base, change, fixed = (os.path.join(fx, f) for f in
                           ("base.rules", "change.rules", "change-fixed.rules"))
    rc, j = diff_json(ipt, base, change, host)
    if rc != 1:
        fail("base -> change: exit %d, expected 1" % rc)
    for port in (7788, 7799):
        hit = [c for c in j["changes"]
               if "203.0.113.2" in c["class"]["dst"] and port in c["class"].get("dports", [])
               and "ppp0" in c["class"]["in"]]
        if not hit:
            fail("base -> change: no class for tcp to 203.0.113.2:%d on ppp0" % port)
        for c in hit:
            if not c["was"].startswith("forward -> 172.17.0.2") or c["now"] != "local":
                fail("base -> change, port %d: was %r now %r" % (port, c["was"], c["now"]))
            if "DNAT no longer reached" not in c["why"]:
                fail("base -> change, port %d: why %r" % (port, c["why"]))
    # DNAT to 192.168.200.2 only where it was before
    for c in j["changes"]:
        if "192.168.200.2" in c["now"] and "192.168.200.2" not in c["was"]:
            fail("base -> change: new DNAT to 192.168.200.2: %s" % c["summary"])
    check_examples(ipt, base, change, j)
    # with the fix, the published ports behave as before the change
    rc, j = diff_json(ipt, base, fixed, host)
    for c in j["changes"]:
        if "203.0.113.2" in c["class"]["dst"] and (
                {7788, 7799} & set(c["class"].get("dports", []))):
            fail("base -> fixed: 7788/7799 still change: %s" % c["summary"])
    check_examples(ipt, base, fixed, j)
    # SARIF: valid 2.1.0 (the schema lint's tests keep), one result per class
    p = run([ipt, "diff", "--old", base, "--new", change, "--format", "sarif", *host])
    sarif = json.loads(p.stdout)
    import jsonschema
    schema_path = os.path.join(root, "tests/lint/sarif-schema-2.1.0.json")
    with open(schema_path) as f:
        schema = json.load(f)
    errs = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(sarif))
    if errs:
        fail("diff --format sarif is not valid SARIF 2.1.0: %s" % errs[0].message)
    rc, j = diff_json(ipt, base, change, host)
    results = sarif["runs"][0]["results"]
    if len(results) != len(j["changes"]):
        fail("diff SARIF has %d results for %d classes" % (len(results), len(j["changes"])))
    for r in results:
        loc = r["locations"][0]["physicalLocation"]
        if loc["artifactLocation"]["uri"] not in (base, change) or loc["region"]["startLine"] < 1:
            fail("diff SARIF result without a rule location: %s" % json.dumps(r)[:300])
    # --allow: the partner's declared changes are intended; the published
    # ports 7788/7799 (forward to the container, now local) are not
    allow = os.path.join(fx, "intended.allow")
    rc, j = diff_json(ipt, base, change, host + ["--allow", allow])
    if rc != 1 or j["unintended"] != sum(1 for c in j["changes"] if not c["intended"]):
        fail("base -> change --allow: exit %d, unintended %d" % (rc, j["unintended"]))
    for c in j["changes"]:
        pub = "203.0.113.2" in c["class"]["dst"] and {7788, 7799} & set(c["class"].get("dports", []))
        if pub and c["was"].startswith("forward -> 172.17.0.2") and c["intended"]:
            fail("base -> change --allow: the broken published port is allowed: %s" % c["summary"])
        if c["intended"]:
            # every allowed example was sent to 192.168.200.2 before, as the line says
            if "192.168.200.2" not in c["was"] or not c["intended"].startswith(allow + ":"):
                fail("base -> change --allow: %s allowed by %s, was %s"
                     % (c["summary"], c["intended"], c["was"]))
    if not any(c["intended"] for c in j["changes"]):
        fail("base -> change --allow: no class is intended")
    rc2, j2 = diff_json(ipt, base, change, host)
    if len(j2["changes"]) != len(j["changes"]):
        fail("--allow changed the classes: %d without, %d with" % (len(j2["changes"]),
                                                                len(j["changes"])))
    rc, j = diff_json(ipt, base, fixed, host + ["--allow", allow])
    if rc != 0 or j["unintended"] != 0 or not j["changes"] or not all(c["intended"] for c in j["changes"]):
        fail("base -> fixed --allow: exit %d, %d unintended of %d" % (rc, j["unintended"], len(j["changes"])))
    p = run([ipt, "diff", "--old", base, "--new", change, "--format", "sarif", "--allow", allow,
             *host])
    sarif = json.loads(p.stdout)
    errs = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(sarif))
    if errs:
        fail("diff --allow --format sarif is not valid SARIF 2.1.0: %s" % errs[0].message)
    levels = {(r["ruleId"], r["level"]) for r in sarif["runs"][0]["results"]}
    if levels != {("traffic-changed", "warning"), ("traffic-changed-intended", "note")}:
        fail("diff --allow SARIF: results %s" % sorted(levels))
    # a ruleset against itself
    rc, j = diff_json(ipt, change, change, host)
    if rc != 0 or j["changes"]:
        fail("change -> change: %d changes, exit %d" % (len(j["changes"]), rc))


def reorders(ipt, root):
    fx = os.path.join(root, "fixtures/review")
    base = os.path.join(fx, "reorder-base.rules")
    rc, j = diff_json(ipt, base, os.path.join(fx, "reorder-independent.rules"))
    if rc != 0 or j["changes"]:
        fail("independent reorder reported: %s" % [c["summary"] for c in j["changes"]])
    rc, j = diff_json(ipt, base, os.path.join(fx, "reorder-dependent.rules"))
    if rc != 1 or not any("192.0.2" in c["example"] and ":80 " in c["example"] + " "
                          for c in j["changes"]):
        fail("dependent reorder not caught: %s" % json.dumps(j)[:400])
    check_examples(ipt, base, os.path.join(fx, "reorder-dependent.rules"), j)


# ---- reorders of corpus dumps ---------------------------------------------

def rule_fields(line):
    """(match words, target words) of an -A line; the match fields that
    decide disjointness: {"-p": value, "--dport": value, ...} (unnegated)."""
    w = line.split()[2:]
    j = w.index("-j") if "-j" in w else (w.index("-g") if "-g" in w else len(w))
    match, target = w[:j], w[j:]
    f = {}
    for k, x in enumerate(match[:-1]):
        if x in ("-p", "-s", "-d", "-i", "-o", "--dport", "--sport") and (k == 0 or match[k - 1] != "!"):
            f[x] = match[k + 1]
    return match, target, f


def disjoint(a, b):
    """No packet can match both rules (a sufficient condition)."""
    import ipaddress
    fa, fb = rule_fields(a)[2], rule_fields(b)[2]
    for k in set(fa) & set(fb):
        x, y = fa[k], fb[k]
        if k in ("-s", "-d"):
            try:
                if not ipaddress.ip_network(x, strict=False).overlaps(
                        ipaddress.ip_network(y, strict=False)):
                    return True
            except ValueError:
                pass
        elif k in ("-i", "-o"):
            if "+" not in x + y and x != y:
                return True
        elif k == "-p":
            if x != y:
                return True
        elif x.isdigit() and y.isdigit() and x != y and fa.get("-p") == fb.get("-p"):
            return True
    return False


def covers(a, b):
    """Every packet that matches rule a matches rule b (b's match words are
    a subset of a's), and their verdicts differ."""
    ma, ta, _ = rule_fields(a)
    mb, tb, _ = rule_fields(b)
    term = ("ACCEPT", "DROP", "REJECT")
    if len(ta) < 2 or len(tb) < 2 or ta[1] not in term or tb[1] not in term or ta[1] == tb[1]:
        return False
    if "!" in mb or len(mb) >= len(ma):
        return False
    text = " " + " ".join(ma) + " "
    # matches that depend on more than the packet: no packet spec says them
    if any(m in text for m in (" policy ", " recent ", " statistic ", " limit ", " set ")):
        return False
    # b's options, each with its value, appear unnegated in a
    k = 0
    while k < len(mb):
        opt = mb[k]
        val = mb[k + 1] if k + 1 < len(mb) and not mb[k + 1].startswith("-") else None
        want = " %s %s " % (opt, val) if val else " %s " % opt
        if want not in text or (" ! " + want.lstrip()) in text:
            return False
        k += 2 if val else 1
    return True


def witnesses(line, host):
    """Packets that match rule `line` (from its -p, -s, -d, --dport, -i),
    arriving on its interface or an interface of the host, or sent by it."""
    import ipaddress
    f = rule_fields(line)[2]
    proto = f.get("-p", "tcp") if f.get("-p", "tcp") in ("tcp", "udp", "icmp") else None
    if not proto:
        return []

    def addr(v, dflt):
        if not v:
            return dflt
        n = ipaddress.ip_network(v, strict=False)
        return str(n.network_address + (1 if n.num_addresses > 2 else 0))
    try:
        src, dst = addr(f.get("-s"), "192.0.2.77"), addr(f.get("-d"), "203.0.113.2")
    except ValueError:
        return []
    if ":" in src + dst:
        return []
    port = f.get("--dport", "80").split(":")[0]
    if not port.isdigit():
        return []
    ifaces = [host[k + 1].split("=")[0] for k in range(len(host) - 1) if host[k] == "--iface"]
    ins = [f["-i"].replace("+", "0")] if "-i" in f else ifaces[:2] + ["eth9"]
    spec = "%s:%s->%s" % (proto, src, dst) + ("" if proto == "icmp" else ":" + port)
    out = ["%s in=%s" % (spec, i) for i in ins]
    if "-i" not in f:
        out.append(spec + " local")
    return out


def corpus_reorders(ipt, corpus, limit=40):
    """On corpus dumps: swapping two adjacent rules no packet can match both
    of reports no change; swapping a rule with the broader rule after it
    that has another verdict is caught (and its example checked by trace)."""
    manifest = os.path.join(corpus, "MANIFEST.tsv") if corpus else ""
    if not manifest or not os.path.exists(manifest):
        print("SKIP corpus reorders: %s not found" % (manifest or "--corpus"))
        return
    dumps = []
    with open(manifest) as f:
        for row in f.read().split("\n")[1:]:
            cols = row.split("\t")
            if len(cols) > 7 and cols[1] == "iptables-save" and cols[7].startswith("yes"):
                dumps.append(os.path.join(corpus, cols[0]))
    n_ind = n_dep = n_unreached = 0
    for d in sorted(dumps):
        with open(d, errors="replace") as f:
            text = f.read()
        rules = rule_lines(text)
        if len(rules) > 400:
            continue
        lines = text.split("\n")
        pairs = [(a, b) for a, b in zip(rules, rules[1:])
                 if a[1] == b[1] and a[2] == b[2] and b[0] == a[0] + 1]
        ind = [(a, b) for a, b in pairs if disjoint(lines[a[0]], lines[b[0]])]
        dep = [(a, b) for a, b in pairs if covers(lines[a[0]], lines[b[0]])]
        for group, want in ((ind[:2], 0), (dep[:3], 1)):
            for a, b in group:
                if (want == 0 and n_ind >= limit) or (want == 1 and n_dep >= limit):
                    continue
                new = list(lines)
                new[a[0]], new[b[0]] = new[b[0]], new[a[0]]
                with tempfile.TemporaryDirectory() as tmp:
                    np_ = os.path.join(tmp, "reordered.rules")
                    with open(np_, "w") as f:
                        f.write("\n".join(new))
                    p = subprocess.run([ipt, "diff", "--old", d, "--new", np_, "--format", "json",
                                        "--max-packets", "8000"],
                                       capture_output=True, text=True, timeout=600)
                    if p.returncode == 2:
                        continue
                    j = json.loads(p.stdout)
                    what = "%s: lines %d/%d swapped" % (os.path.relpath(d, corpus), a[0] + 1, b[0] + 1)
                    if want == 0:
                        n_ind += 1
                        if p.returncode != 0:
                            fail("%s (no packet matches both) reported: %s"
                                 % (what, [c["summary"] for c in j["changes"]][:3]))
                        continue
                    if p.returncode == 1:
                        n_dep += 1  # caught; each example must really change
                        check_examples(ipt, d, np_, j)
                        continue
                    # not reported: then no packet of the narrower rule may
                    # change either (on diff's host, by `trace`)
                    specs = witnesses(lines[a[0]], j["host"])
                    fo, _ = fates(ipt, d, specs, j["host"])
                    fn, _ = fates(ipt, np_, specs, j["host"])
                    changed = [x for x, o, n in zip(specs, fo, fn) if o != n]
                    if changed:
                        fail("%s (%r before %r) not caught, though %s changes"
                             % (what, lines[b[0]], lines[a[0]], changed[0]))
                    else:
                        n_unreached += 1
    print("corpus reorders: %d that no packet can tell apart (no change reported), "
          "%d that matter (caught, examples confirmed by trace), %d of a rule no packet "
          "tried reaches on the host (no change, confirmed by trace)" % (n_ind, n_dep, n_unreached))
    if n_ind < 5 or n_dep < 5:
        fail("corpus reorders: too few reorders found (%d independent, %d dependent)"
             % (n_ind, n_dep))


# ---- random edits -------------------------------------------------------

def rule_lines(text):
    """[(index, chain)] of the -A lines of a dump, with the table they are in."""
    out, table = [], None
    for i, l in enumerate(text.split("\n")):
        if l.startswith("*"):
            table = l[1:]
        elif l.startswith("-A "):
            out.append((i, table, l.split()[1]))
    return out


def random_edit(text, rnd):
    """Swap two adjacent rules of one chain, or delete one. None if impossible."""
    lines = text.split("\n")
    rules = rule_lines(text)
    pairs = [(a, b) for a, b in zip(rules, rules[1:])
             if a[1] == b[1] and a[2] == b[2] and b[0] == a[0] + 1]
    if pairs and rnd.random() < 0.7:
        a, b = rnd.choice(pairs)
        lines[a[0]], lines[b[0]] = lines[b[0]], lines[a[0]]
        return "\n".join(lines), "swap lines %d/%d" % (a[0] + 1, b[0] + 1)
    if rules:
        r = rnd.choice(rules)
        del lines[r[0]]
        return "\n".join(lines), "delete line %d" % (r[0] + 1)
    return None, None


ADDR = re.compile(r"(?<![\w.:])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:/(\d+))?")
PORT = re.compile(r"--(?:dport|sport|dports|sports) ([\d,:]+)")
IFACE = re.compile(r" -[io] ([\w.+-]+)")


def sample_packets(text, rnd, n):
    """Random packets from the dump's own constants, independent of ipt-sim's."""
    addrs = ["192.0.2.77", "203.0.113.2"]
    for a, plen in ADDR.findall(text):
        addrs.append(a)
        if plen and int(plen) < 32:
            parts = a.split(".")
            parts[3] = str(min(254, int(parts[3]) + 1))
            addrs.append(".".join(parts))
    ports = [33333]
    for p in PORT.findall(text):
        for x in re.split("[,:]", p):
            if x.isdigit():
                ports += [int(x), max(0, int(x) - 1), min(65535, int(x) + 1)]
    ifaces = ["eth0"] + [i.rstrip("+") + ("0" if i.endswith("+") else "")
                         for i in IFACE.findall(text) if i != "lo"]
    out = []
    for _ in range(n):
        proto = rnd.choice(["tcp", "tcp", "udp", "icmp"])
        s, d = rnd.choice(addrs), rnd.choice(addrs)
        if s == d:
            continue
        where = "local" if rnd.random() < 0.15 else "in=" + rnd.choice(ifaces)
        st = rnd.choice(["", "", "", " state=ESTABLISHED", " state=INVALID"])
        if proto == "icmp":
            spec = "icmp:%s->%s %s%s" % (s, d, where, st)
        else:
            spec = "%s:%s->%s:%d %s%s" % (proto, s, d, rnd.choice(ports), where, st)
        out.append(spec)
    return out


def fates(ipt, dump, specs, host):
    """The fate of each packet, in one `check` run: an expectation that
    always fails ("queue") makes check print what happened."""
    with tempfile.NamedTemporaryFile("w", suffix=".expect", delete=False) as f:
        for s in specs:
            f.write("%s => all queue\n" % s)
        path = f.name
    try:
        p = subprocess.run([ipt, "check", "--dump", dump, "--expect", path, "--color", "never",
                            *host],
                           capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(path)
    res = {}
    cur = None
    for line in p.stdout.split("\n"):
        m = re.match(r"^(?:PASS|FAIL) [^:]+:(\d+): ", line)
        if m:
            cur = int(m.group(1))
            res[cur] = []
        elif cur is not None and line.startswith("    Fate:"):
            # a rule's number is not its identity: a swap renumbers
            res[cur].append(re.sub(r" \(by [^)]*:rule:\d+\)", "", line.strip()))
    return [tuple(res.get(i + 1, ())) for i in range(len(specs))], p.returncode


def edit_round(ipt, path, text, rnd, nedits, npkts, label):
    tried = 0
    for _ in range(nedits):
        new, what = random_edit(text, rnd)
        if new is None:
            return tried
        with tempfile.TemporaryDirectory() as tmp:
            old_p, new_p = os.path.join(tmp, "old.rules"), os.path.join(tmp, "new.rules")
            with open(old_p, "w") as f:
                f.write(text)
            with open(new_p, "w") as f:
                f.write(new)
            p = subprocess.run([ipt, "diff", "--old", old_p, "--new", new_p, "--format",
                                "json", "--max-packets", "8000"],
                               capture_output=True, text=True, timeout=600)
            if p.returncode == 2:
                continue  # the edit broke the dump (a chain's last rule, ...)
            j = json.loads(p.stdout)
            specs = sample_packets(text, rnd, npkts)
            fo, rc1 = fates(ipt, old_p, specs, j.get("host", []))
            fn, rc2 = fates(ipt, new_p, specs, j.get("host", []))
            if rc1 == 2 or rc2 == 2:
                continue
            changed = [s for s, a, b in zip(specs, fo, fn) if a != b]
            tried += 1
            if changed and p.returncode != 1:
                fail("%s, %s: sampled packet %s changes fate (%s -> %s) but diff says no change"
                     % (label, what, changed[0], fo[specs.index(changed[0])],
                        fn[specs.index(changed[0])]))
            elif p.returncode == 1:
                check_examples(ipt, old_p, new_p, j)
    return tried


def edits(ipt, root, corpus, nedits, seed=8):
    rnd = random.Random(seed)
    fx = os.path.join(root, "fixtures/review")
    n = 0
    for name in ("base.rules", "change.rules", "reorder-base.rules"):
        with open(os.path.join(fx, name)) as f:
            n += edit_round(ipt, name, f.read(), rnd, nedits, 60, name)
    print("fixture edits checked: %d" % n)
    manifest = os.path.join(corpus, "MANIFEST.tsv") if corpus else ""
    if not manifest or not os.path.exists(manifest):
        print("SKIP corpus edits: %s not found" % (manifest or "--corpus"))
        return
    dumps = []
    with open(manifest) as f:
        for row in f.read().split("\n")[1:]:
            cols = row.split("\t")
            if len(cols) > 7 and cols[1] == "iptables-save" and cols[7].startswith("yes"):
                dumps.append(os.path.join(corpus, cols[0]))
    rnd.shuffle(dumps)
    n = 0
    for d in dumps[:max(6, nedits)]:
        with open(d, errors="replace") as f:
            text = f.read()
        if len(rule_lines(text)) > 400:
            continue
        n += edit_round(ipt, d, text, rnd, 3, 60, os.path.relpath(d, corpus))
    print("corpus edits checked: %d" % n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--edits", type=int, default=4)
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args()
    story(a.ipt_sim, a.root)
    reorders(a.ipt_sim, a.root)
    corpus_reorders(a.ipt_sim, a.corpus)
    edits(a.ipt_sim, a.root, a.corpus, a.edits, a.seed)
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
