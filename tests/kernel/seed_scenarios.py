#!/usr/bin/env python3
"""Kernel differential test for the seed scenarios: ipt-sim against Linux.

For each scenario a throw-away topology is built in network namespaces
(a host with the scenario's interfaces, a peer namespace behind each
interface), the dump is loaded with iptables-restore in the host
namespace, a TCP SYN is sent from a peer, and the kernel's own trace of
that packet is read with `xtables-monitor --trace` (tracing is switched on
by an nft table of our own at priority -350, so the ruleset's rule
positions are untouched). The sequence of (table, chain, event type,
verdict) must equal ipt-sim's `trace --format json` events, and where the
packet ends up (captured in which peer namespace, with which source and
destination) must equal ipt-sim's fate.

Safety: only namespaces this test creates are touched; all are deleted on
exit, also on failure; every command has a timeout.

Prints "N passed, N failed, N skipped"; without root or namespaces every
case is skipped with the reason.
"""
import argparse
import atexit
import json
import os
import random
import re
import shlex
import subprocess
import sys
import time

NS = []


def sh(cmd, timeout=10, check=True):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode:
        raise RuntimeError("%s: %s" % (cmd, r.stderr.strip()))
    return r


def cleanup():
    for n in NS:
        subprocess.run(["ip", "netns", "del", n], capture_output=True, timeout=10)
    NS.clear()


atexit.register(cleanup)

# Each scenario: the dump, the host's interfaces (name, address/len, peer
# address, peer route), the packet (from which peer, to where), and the
# ipt-sim host options that describe the same host.
SCENARIOS = [
    {
        "name": "seed 004: partner's ACCEPT swallows the published port",
        "dump": "fixtures/docker-host-7788.rules",
        "ifaces": [("ppp0", "2.2.2.2/24", "1.1.1.1/8", "default dev eth0"),
                   ("docker0", "172.17.0.1/16", "172.17.0.2/16", "default via 172.17.0.1")],
        "routes": ["1.0.0.0/8 dev ppp0"],
        "from": "ppp0", "dst": "2.2.2.2", "dport": 7788,
    },
    {
        "name": "seed 004 fixed: DNAT to the container, forwarded, masqueraded",
        "dump": "fixtures/docker-host-7788-fixed.rules",
        "ifaces": [("ppp0", "2.2.2.2/24", "1.1.1.1/8", "default dev eth0"),
                   ("docker0", "172.17.0.1/16", "172.17.0.2/16", "default via 172.17.0.1")],
        "routes": ["1.0.0.0/8 dev ppp0"],
        "from": "ppp0", "dst": "2.2.2.2", "dport": 7788,
    },
    {
        "name": "NAT gateway: a new connection from the LAN is masqueraded",
        "dump": "fixtures/nat-upload-oow.rules",
        "ifaces": [("eth1", "10.1.0.1/24", "10.1.0.5/24", "default via 10.1.0.1"),
                   ("eth0", "198.51.100.10/24", "198.51.100.1/24", "default dev eth0")],
        "routes": ["203.0.113.0/24 via 198.51.100.1 dev eth0"],
        "from": "eth1", "dst": "203.0.113.9", "dport": 443,
        "peer_extra": {"eth0": "203.0.113.9/32"},
    },
]


def kernel_events(trace_text):
    """xtables-monitor --trace lines of the first traced packet."""
    events, first_id = [], None
    for line in trace_text.splitlines():
        m = re.match(r"\s*TRACE: \d+ ([0-9a-f]+) ([^:]+):([^:]+):(rule|policy|return):?(\S*)", line)
        if not m:
            continue
        tid, table, chain, kind, rest = m.groups()
        if table == "iptsimtrace":
            continue
        if first_id is None:
            first_id = tid
        if tid != first_id:
            continue
        if kind == "rule":
            parts = rest.split(":")
            verdict = parts[1] if len(parts) > 1 else "CONTINUE"
            verdict = {"0xfffffffb": "RETURN"}.get(verdict, verdict)
        elif kind == "policy":
            verdict = rest.split(":")[0] or "ACCEPT"
        else:
            verdict = "RETURN"
        events.append((table, chain, kind, verdict))
    return events


def sim_events(branch):
    out = []
    for e in branch["events"]:
        v = e["verdict"]
        if v == "TARGET":
            v = "CONTINUE"
        out.append((e["table"], e["chain"], e["type"], v))
    return out


def run(ipt_sim, root, sc):
    tag = "%x" % random.getrandbits(24)
    host = "iptsim-h-" + tag
    NS.append(host)
    sh("ip netns add %s" % host)
    sh("ip -n %s link set lo up" % host)
    peers = {}
    for i, (ifn, addr, paddr, proute) in enumerate(sc["ifaces"]):
        peer = "iptsim-p%d-%s" % (i, tag)
        NS.append(peer)
        peers[ifn] = peer
        sh("ip netns add %s" % peer)
        sh("ip link add %s netns %s type veth peer name eth0 netns %s" % (ifn, host, peer))
        sh("ip -n %s addr add %s dev %s" % (host, addr, ifn))
        sh("ip -n %s link set %s up" % (host, ifn))
        sh("ip -n %s addr add %s dev eth0" % (peer, paddr))
        if sc.get("peer_extra", {}).get(ifn):
            sh("ip -n %s addr add %s dev eth0" % (peer, sc["peer_extra"][ifn]))
        sh("ip -n %s link set eth0 up" % peer)
        sh("ip -n %s link set lo up" % peer)
        sh("ip -n %s route add %s" % (peer, proute))
    for r in sc["routes"]:
        sh("ip -n %s route add %s" % (host, r))
    sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=1" % host)
    sh("ip netns exec %s iptables-restore < %s" % (host, os.path.join(root, sc["dump"])))
    sh("ip netns exec %s nft add table inet iptsimtrace" % host)
    sh("ip netns exec %s nft add chain inet iptsimtrace pre "
       "'{ type filter hook prerouting priority -350; }'" % host)
    sh("ip netns exec %s nft add rule inet iptsimtrace pre tcp dport %d meta nftrace set 1"
       % (host, sc["dport"]))
    mon = subprocess.Popen(["ip", "netns", "exec", host, "timeout", "6", "xtables-monitor", "--trace"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    caps = {}
    for ifn, peer in peers.items():
        if ifn == sc["from"]:
            continue
        caps[ifn] = subprocess.Popen(
            ["ip", "netns", "exec", peer, "timeout", "5", "tcpdump", "-nli", "eth0", "-c", "1",
             "tcp port %d" % sc["dport"]],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    time.sleep(1.0)
    sh("ip netns exec %s timeout 2 bash -c 'exec 3<>/dev/tcp/%s/%d' || true"
       % (peers[sc["from"]], sc["dst"], sc["dport"]), check=False)
    time.sleep(1.0)
    mon.terminate()
    trace = mon.communicate(timeout=10)[0]
    seen = {}
    for ifn, p in caps.items():
        p.terminate()
        out = p.communicate(timeout=10)[0]
        m = re.search(r"IP (\S+)\.(\d+) > (\S+)\.(\d+):", out)
        if m:
            seen[ifn] = (m.group(1), m.group(3), int(m.group(4)))
    cleanup()

    hostopts = []
    for ifn, addr, _, _ in sc["ifaces"]:
        hostopts += ["--iface", "%s=%s" % (ifn, addr)]
    for r in sc["routes"]:
        hostopts += ["--route", r]
    peer_src = sc["ifaces"][[i[0] for i in sc["ifaces"]].index(sc["from"])][2].split("/")[0]
    cmd = [ipt_sim, "trace", "--dump", os.path.join(root, sc["dump"]), "--format", "json",
           "--pkt", "tcp:%s->%s:%d in=%s" % (peer_src, sc["dst"], sc["dport"], sc["from"])] + hostopts
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if r.returncode:
        return "ipt-sim failed: " + r.stderr.strip()
    res = json.loads(r.stdout)
    if len(res["branches"]) != 1:
        return "ipt-sim forked into %d branches" % len(res["branches"])
    br = res["branches"][0]
    want, got = kernel_events(trace), sim_events(br)
    if not want:
        return "the kernel's trace is empty (xtables-monitor printed: %r)" % trace[:300]
    problems = []
    if want != got:
        problems.append("events differ:\n    kernel:  %s\n    ipt-sim: %s" % (want, got))
    fate = br["fate"]
    if fate["kind"] == "forward":
        out = seen.get(fate.get("out"))
        if not out:
            problems.append("ipt-sim forwards out of %s; the kernel's packet was captured on %s"
                            % (fate.get("out"), sorted(seen) or "no interface"))
        elif out != (fate["src"], fate["dst"], fate["dport"]):
            problems.append("addresses differ: kernel %s, ipt-sim %s"
                            % (out, (fate["src"], fate["dst"], fate["dport"])))
    elif seen:
        problems.append("ipt-sim says %s; the kernel sent the packet out of %s"
                        % (fate["kind"], sorted(seen)))
    return "\n  ".join(problems) or None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "../.."))
    args = ap.parse_args()
    why = None
    if os.geteuid() != 0:
        why = "needs root"
    elif subprocess.run(["ip", "netns", "add", "iptsim-probe-%d" % os.getpid()],
                        capture_output=True).returncode:
        why = "cannot create network namespaces"
    else:
        subprocess.run(["ip", "netns", "del", "iptsim-probe-%d" % os.getpid()], capture_output=True)
        for tool in ("xtables-monitor", "tcpdump", "nft", "iptables-restore"):
            if subprocess.run(["sh", "-c", "command -v " + tool], capture_output=True).returncode:
                why = "%s is not installed" % tool
    passed = failed = skipped = 0
    for sc in SCENARIOS:
        if why:
            print("SKIP %s: %s" % (sc["name"], why))
            skipped += 1
            continue
        try:
            problem = run(os.path.abspath(args.ipt_sim), os.path.abspath(args.root), sc)
        except Exception as e:  # a broken topology is a failure, not a pass
            problem = "harness error: %s" % e
        finally:
            cleanup()
        if problem:
            failed += 1
            print("FAIL %s\n  %s" % (sc["name"], problem))
        else:
            passed += 1
            print("ok   %s" % sc["name"])
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
