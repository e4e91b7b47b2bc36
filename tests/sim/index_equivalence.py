#!/usr/bin/env python3
"""The destination index (sim/index.c) must never change a result.

Builds a dump whose big chains mix rules filed under a destination
(`-d ADDR/32`) with rules that are not (other prefixes, negations, no
-d), jumps between them and returns, and traces packets to many
destinations with the index and without it (IPTSIM_NO_INDEX=1): the JSON
must be identical. Prints "N passed, N failed".
"""
import json
import os
import random
import subprocess
import sys
import tempfile


def dump(rng):
    lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD DROP [0:0]", ":OUTPUT ACCEPT [0:0]",
             ":BIG - [0:0]", ":SUB - [0:0]", ":BIG2 - [0:0]"]
    lines.append("-A FORWARD -j BIG")
    lines.append("-A FORWARD -d 10.9.0.0/16 -j BIG2")
    for i in range(400):
        r = rng.random()
        d = "10.9.%d.%d" % (rng.randrange(4), rng.randrange(256))
        if r < 0.6:
            tgt = rng.choice(["ACCEPT", "DROP", "SUB", "RETURN", "LOG --log-prefix x"])
            lines.append("-A BIG -d %s/32 -p tcp -m tcp --dport %d -j %s" % (d, rng.choice([80, 443, 22]), tgt))
        elif r < 0.75:
            lines.append("-A BIG ! -d %s/32 -p udp -j SUB" % d)
        elif r < 0.9:
            lines.append("-A BIG -d 10.9.%d.0/24 -p tcp -m tcp --dport %d -j SUB" % (rng.randrange(4), rng.choice([80, 443])))
        else:
            lines.append("-A BIG -p icmp -j ACCEPT")
    for i in range(100):
        lines.append("-A BIG2 -d 10.9.%d.%d/32 -j ACCEPT" % (rng.randrange(4), rng.randrange(256)))
    lines.append("-A SUB -p tcp -m tcp --dport 22 -j DROP")
    lines.append("-A SUB -j RETURN")
    lines += ["COMMIT", "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]",
              ":POSTROUTING ACCEPT [0:0]", ":SVC - [0:0]", "-A PREROUTING -j SVC"]
    for i in range(300):
        lines.append("-A SVC -d 10.96.0.%d/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.9.%d.%d" %
                     (i % 256, rng.randrange(4), rng.randrange(256)))
    lines.append("COMMIT")
    return "\n".join(lines) + "\n"


def main():
    ipt_sim = sys.argv[1]
    rng = random.Random(1)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.rules")
        with open(path, "w") as f:
            f.write(dump(rng))
        for n in range(60):
            proto = rng.choice(["tcp", "udp", "icmp"])
            dst = rng.choice(["10.9.%d.%d" % (rng.randrange(4), rng.randrange(256)),
                              "10.96.0.%d" % rng.randrange(256)])
            port = ":%d" % rng.choice([80, 443, 22]) if proto != "icmp" else ""
            pkt = "%s:192.0.2.7->%s%s in=eth0" % (proto, dst, port)
            cmd = [ipt_sim, "trace", "--dump", path, "--pkt", pkt, "--route", "10.9.0.0/16 dev eth1",
                   "--route", "default dev eth0", "--format", "json"]
            a = subprocess.run(cmd, capture_output=True, text=True)
            b = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, IPTSIM_NO_INDEX="1"))
            if a.returncode or a.stdout != b.stdout or not json.loads(a.stdout)["branches"]:
                failed += 1
                print("FAIL %s: the index changes the result\n  with:    %s\n  without: %s"
                      % (pkt, a.stdout[:300] + a.stderr[:300], b.stdout[:300]))
            else:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
