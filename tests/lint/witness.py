#!/usr/bin/env python3
"""End-to-end checks of `ipt-sim lint` (see tests/lint/README.md).

usage: witness.py --ipt-sim PATH --root REPO [--shared DIR]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL " + msg)


def run(args, check_rc=(0, 1)):
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode not in check_rc:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def lint(ipt, dump, extra, fmt="json"):
    return run([ipt, "lint", "--dump", dump, "--format", fmt, "--fail-on", "never"] + extra, (0,))


def host_args(extra):
    # the host options lint was given, for trace
    out, i = [], 0
    while i < len(extra):
        if extra[i] in ("--iface", "--route", "--sysctl", "--host", "--dump"):
            out += extra[i:i + 2]
            i += 2
        else:
            i += 1
    return out


def lines_of(branch):
    return {e.get("line") for e in branch["events"] if e.get("type") == "rule"}


def check_witness(ipt, dump, extra, f):
    w = f["witness"]
    tr = json.loads(run([ipt, "trace", "--dump", dump, "--format", "json", "--pkt", w] +
                        host_args(extra), (0,)))
    what = "%s:%s %s witness %r" % (dump, f["line"], f["check"], w)
    pkt = tr["packet"]
    brs = tr["branches"]
    if not brs:
        return fail(what + ": no branch")
    for b in brs:
        ls = lines_of(b)
        fate = b["fate"]
        c = f["check"]
        if c in ("unreachable-rule", "nat-unreachable", "duplicate-rule", "nat-shadowed",
                 "verdict-conflict", "docker-chain-dead", "kube-chain-dead"):
            if f["line"] in ls:
                fail(what + ": the trace reaches the rule the finding calls unreachable")
            if f["related"] and f["related"]["line"] not in ls:
                fail(what + ": the trace does not show line %d taking it" % f["related"]["line"])
        elif c == "docker-user-no-return":
            # the DOCKER-USER rule decides the packet; Docker's chain after the jump never runs
            if f["line"] not in ls:
                fail(what + ": the trace does not pass the DOCKER-USER rule")
            if f["related"]["line"] in ls:
                fail(what + ": the trace reaches line %d after DOCKER-USER" % f["related"]["line"])
            if any(e.get("chain") not in ("FORWARD", "DOCKER-USER") and e.get("table") == "filter"
                   and e.get("hook") == "FORWARD" for e in b["events"] if e.get("type") == "rule"):
                fail(what + ": a Docker chain after DOCKER-USER runs")
        elif c == "docker-missing-jump":
            if any(e.get("table") == "nat" and e.get("chain") == "DOCKER" for e in b["events"]):
                fail(what + ": the trace enters nat DOCKER")
            if fate.get("dst") != pkt["dst"] or fate.get("dport") != pkt.get("dport"):
                fail(what + ": the packet was translated")
        elif c == "docker-port-blocked":
            if f["line"] not in ls:
                fail(what + ": the DNAT rule does not match")
            if fate["kind"] not in ("drop", "reject") or not fate.get("by", "").startswith("filter:"):
                fail(what + ": not dropped by filter (%s)" % fate)
            if fate.get("dst") == pkt["dst"]:
                fail(what + ": not translated")
        elif c == "invalid-not-dropped":
            if pkt.get("state") != "INVALID":
                fail(what + ": the packet is not INVALID (%s)" % pkt.get("state"))
            if fate["kind"] not in ("local", "forward"):
                fail(what + ": the packet does not get through (%s)" % fate["kind"])
            if "rule" in f and f["line"] not in ls:
                fail(what + ": the accepting rule at line %d is not in the trace" % f["line"])
        elif c == "ip-forward-off":
            if fate.get("by") != "routing:forwarding-disabled":
                fail(what + ": not dropped by routing (%s)" % fate.get("by"))
            if f["line"] not in ls:
                fail(what + ": the DNAT rule does not match")
        else:
            fail(what + ": no claim check for this finding")


GH = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[a-z0-9-]+::\S.*$")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--shared", default=None)
    a = ap.parse_args()
    ipt = os.path.abspath(a.ipt_sim)
    os.chdir(a.root)
    shared = a.shared or os.path.join(a.root, "..", "shared")

    cases = [(f, []) for f in sorted(glob.glob("fixtures/*.rules"))]
    cases.append(("fixtures/lint-nat.rules", ["--sysctl", "net.ipv4.ip_forward=0"]))
    # the same host's iptables-legacy and nf_tables dumps, given together
    cases.append(("fixtures/lint-mixed-legacy.rules", ["--dump", "fixtures/lint-mixed-nft.rules"]))
    seen_checks = set()
    nwit = 0
    try:
        import jsonschema
        schema = json.load(open("tests/lint/sarif-schema-2.1.0.json"))
        validator = jsonschema.validators.validator_for(schema)(schema)
    except ImportError:
        validator = None
        fail("python3-jsonschema is missing (tools/install-deps.sh installs it)")
    for dump, extra in cases:
        doc = json.loads(lint(ipt, dump, extra))
        for f in doc["findings"]:
            seen_checks.add(f["check"])
            for k in ("check", "severity", "file", "line", "column", "message"):
                if k not in f:
                    fail("%s: finding without %s: %s" % (dump, k, f))
            if f["witness"]:
                nwit += 1
                check_witness(ipt, dump, extra, f)
        sarif = json.loads(lint(ipt, dump, extra, "sarif"))
        if validator:
            errs = list(validator.iter_errors(sarif))
            if errs:
                fail("%s: SARIF does not validate: %s" % (dump, errs[0].message))
        if len(sarif["runs"][0]["results"]) != len(doc["findings"]):
            fail("%s: SARIF has %d results, JSON %d findings" %
                 (dump, len(sarif["runs"][0]["results"]), len(doc["findings"])))
        for line in lint(ipt, dump, extra, "github").splitlines():
            if not GH.match(line):
                fail("%s: bad workflow command %r" % (dump, line))
    wanted = {"unreachable-rule", "rule-after-terminal", "never-matches", "duplicate-rule",
              "nat-unreachable", "nat-shadowed", "dnat-output-only", "unused-chain",
              "docker-missing-jump", "docker-user-not-first", "docker-port-blocked",
              "ip-forward-off", "invalid-not-dropped", "verdict-conflict", "docker-chain-dead",
              "kube-chain-dead", "docker-user-no-return", "mixed-backends"}
    for c in sorted(wanted - seen_checks):
        fail("no fixture exercises the check %s" % c)
    print("%d witnesses traced" % nwit)

    # issue #6 acceptance on the Docker host of field report 004
    def acceptance(dump, label):
        doc = json.loads(lint(ipt, dump, []))
        fs = doc["findings"]
        dj = [f for f in fs if f["check"] == "docker-missing-jump" and f["chain"] == "DOCKER"
              and f["table"] == "nat" and "PREROUTING" in f["message"]]
        if not dj or "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER" not in (dj[0]["fix"] or "") \
                or "7788" not in dj[0]["message"] or "7799" not in dj[0]["message"]:
            fail(label + ": no nat DOCKER missing-jump finding naming 7788/7799 with the fix")
        sh = {f["related"]["line"] for f in fs if f["check"] == "nat-shadowed"
              and "192.168.200.2" in f.get("text", "") and f["related"]
              and "-j ACCEPT" in f["related"]["text"]}
        if len(sh) != 2:
            fail(label + ": the DNAT to 192.168.200.2 is not reported shadowed by the two ACCEPT "
                 "rules (%s)" % sorted(sh))
        dup = [f for f in fs if f["check"] == "duplicate-rule"
               and f.get("text") == "-A INPUT -p tcp -m tcp --dport 7788 -j ACCEPT"]
        if len(dup) != 1:
            fail(label + ": the second INPUT --dport 7788 ACCEPT is not reported as a duplicate")
    acceptance("fixtures/docker-host-7788.rules", "docker-host-7788")
    seeds = sorted(glob.glob(os.path.join(shared, "seeds", "004_*.txt")))
    if seeds:
        text = open(seeds[0], encoding="utf-8").read().splitlines()
        start = next(i for i, l in enumerate(text) if l.startswith("*"))
        end = max(i for i, l in enumerate(text) if l.strip() == "COMMIT")
        with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as t:
            t.write("\n".join(l for l in text[start:end + 1] if not l.startswith("```")) + "\n")
        try:
            acceptance(t.name, "seed 004")
        finally:
            os.unlink(t.name)
    else:
        print("SKIP seed 004: %s/seeds not present" % shared)

    # the healthy forms: DOCKER-USER with a RETURN path, Docker's policy DROP
    for dump in sorted(glob.glob("fixtures/lint-*-ok.rules")):
        doc = json.loads(lint(ipt, dump, []))
        bad = [f for f in doc["findings"] if f["check"] in (
            "docker-user-no-return", "docker-chain-dead", "kube-chain-dead", "docker-port-blocked")
            or f["severity"] == "error"]
        if bad:
            fail("%s: a healthy ruleset gets %s: %s" % (dump, bad[0]["check"], bad[0]["message"]))

    # no error on healthy Docker and kube-proxy rulesets
    healthy = sorted(glob.glob(os.path.join(shared, "corpus", "moby", "*.rules")))
    if not healthy:
        print("SKIP moby corpus: %s/corpus/moby not present" % shared)
    healthy.append("fixtures/kube-service-3-endpoints.rules")
    gen = os.path.join(shared, "gen", "kube-proxy-iptables.py")
    tmp = None
    if os.path.exists(gen):
        tmp = tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False).name
        subprocess.run([sys.executable, gen, "--services", "60", "--endpoints", "3", "-o", tmp],
                       check=True, capture_output=True)
        healthy.append(tmp)
    else:
        print("SKIP generated kube-proxy dump: %s not present" % gen)
    for dump in healthy:
        doc = json.loads(lint(ipt, dump, []))
        errs = [f for f in doc["findings"] if f["severity"] == "error"]
        if errs:
            fail("%s: %d finding(s) of severity error on a healthy ruleset, e.g. %s" %
                 (dump, len(errs), errs[0]["message"]))
    if tmp:
        os.unlink(tmp)
    print("%d healthy rulesets without errors checked" % len(healthy))
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
