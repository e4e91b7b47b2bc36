#!/usr/bin/env python3
"""
randgen.py - a seeded generator of random, valid iptables rulesets and of
packets for them, for the kernel differential test (random_diff.py runs
them through tests/kernel/diff.py).

    randgen.py SEED [--packets N]  the ruleset, then the host options and
                                  the packets as comments
    randgen.py SEED --scn RULES   the scenario file for diff.py
    randgen.py --check SEEDS      load each ruleset with iptables-restore
                                  in a throw-away namespace (root)

One seed gives, always the same (the generator uses only its own
random.Random(seed), never the global one):

  * a ruleset in iptables-save format: some of the tables raw, mangle, nat
    and filter, policies ACCEPT or DROP, 0-4 user-defined chains per table
    entered with -j or -g (the chains form a DAG, so there are no loops),
    explicit RETURNs, and rules drawn from -s/-d (prefixes of the
    topology's addresses, so that they match now and then), -i/-o (with '+'
    wildcards and '!', only where the hook has that interface), -p
    tcp/udp/icmp with ports, multiport, tcp flags, icmp types, conntrack
    and state, mark and connmark, addrtype, comment, iprange, length, ttl,
    statistic and limit; targets ACCEPT, DROP, REJECT (with its types),
    RETURN, LOG, MARK, CONNMARK, TTL (mangle), CT --notrack and NOTRACK
    (raw), DNAT, SNAT, MASQUERADE and REDIRECT (nat, in the chains that
    allow them);
  * ipt-sim host options for a fixed topology (TOPOLOGY below) with
    ip_forward=1 (sometimes 0) and sometimes rp_filter;
  * packets that arrive on one of the interfaces or are sent by the host,
    with addresses, ports and interfaces biased towards the constants the
    ruleset mentions.

Every target and match is only placed where iptables-restore accepts it:
hook-restricted targets (REJECT, DNAT, SNAT, MASQUERADE, REDIRECT) only in
the base chains that allow them and in user chains reachable only from
those.
"""

import argparse
import ipaddress
import os
import random
import shlex
import subprocess
import sys

# ---- the fixed topology ----

IFACES = [("eth0", "192.0.2.1/24"),       # outside, default route
          ("eth1", "10.1.0.1/24"),        # inside
          ("docker0", "172.17.0.1/16")]   # container bridge
ROUTES = ["default via 192.0.2.254 dev eth0",
          "10.2.0.0/16 via 10.1.0.254 dev eth1"]
HOST_ADDRS = ["192.0.2.1", "10.1.0.1", "172.17.0.1"]
NEIGHBOURS = {"eth0": ["192.0.2.50", "192.0.2.254", "192.0.2.77"],
              "eth1": ["10.1.0.5", "10.1.0.77", "10.1.0.254"],
              "docker0": ["172.17.0.2", "172.17.0.3"]}
REMOTE = ["198.51.100.7", "203.0.113.9", "8.8.8.8", "10.2.0.5", "10.2.3.4"]
PREFIXES = ["192.0.2.0/24", "10.1.0.0/24", "10.0.0.0/8", "172.17.0.0/16", "198.51.100.0/24",
            "10.2.0.0/16", "192.0.2.0/25", "192.0.2.128/25", "0.0.0.0/1", "8.8.8.0/24",
            "172.16.0.0/12"]
PORTS = [22, 25, 53, 80, 123, 443, 3128, 5000, 8080, 9000, 40000, 51820]
ZERONET = ipaddress.ip_network("0.0.0.0/8")
IFNAMES = ["eth0", "eth1", "docker0"]
IFWILD = ["eth+", "docker+", "veth+", "e+"]

BASE = {"raw": ["PREROUTING", "OUTPUT"],
        "mangle": ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
        "nat": ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
        "filter": ["INPUT", "FORWARD", "OUTPUT"]}
IN_HOOKS = {"PREROUTING", "INPUT", "FORWARD"}
OUT_HOOKS = {"OUTPUT", "FORWARD", "POSTROUTING"}

REJECT_WITH = ["icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
               "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited",
               "icmp-admin-prohibited"]
CTSTATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT"]
STATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"]
ADDRTYPES = ["LOCAL", "UNICAST", "BROADCAST", "MULTICAST", "UNREACHABLE"]
ICMP_TYPES = ["echo-request", "echo-reply", "destination-unreachable", "any", "8", "0",
              "time-exceeded"]


def route_dev(a):
    """The interface the topology routes address a through."""
    ip = ipaddress.ip_address(a)
    for net, dev in (("10.1.0.0/24", "eth1"), ("10.2.0.0/16", "eth1"),
                     ("172.17.0.0/16", "docker0"), ("192.0.2.0/24", "eth0")):
        if ip in ipaddress.ip_network(net):
            return dev
    return "eth0"


def host_options(rng):
    """ipt-sim host options (a list of words) for this seed."""
    a = []
    for name, addr in IFACES:
        a += ["--iface", "%s=%s" % (name, addr)]
    for r in ROUTES:
        a += ["--route", r]
    a += ["--sysctl", "net.ipv4.ip_forward=%d" % (0 if rng.random() < 0.1 else 1)]
    if rng.random() < 0.15:
        a += ["--sysctl", "net.ipv4.conf.all.rp_filter=%d" % rng.choice([1, 2])]
    return a


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed)
        self.addrs = set()   # addresses the ruleset mentions
        self.ports = set()
        self.ifaces = set()
        self.marks = set()
        self.rp_strict = False

    # -- small pieces --

    def chance(self, p):
        return self.rng.random() < p

    def neg(self, p=0.15):
        return "! " if self.chance(p) else ""

    def any_addr(self):
        r = self.rng
        pool = r.choice([HOST_ADDRS, sum(NEIGHBOURS.values(), []), REMOTE])
        return r.choice(pool)

    def addr_in(self, net):
        n = ipaddress.ip_network(net)
        if n.num_addresses <= 2:
            return str(n.network_address)
        for _ in range(20):
            top = n.num_addresses - 1 if self.chance(0.3) else min(n.num_addresses - 1, 300)
            a = n.network_address + self.rng.randrange(1, top)
            if not (a.is_loopback or a.is_multicast or a.is_reserved or a in ZERONET):
                break
        return str(a)

    def prefix(self):
        r = self.rng
        if self.chance(0.5):
            a = self.any_addr()
            self.addrs.add(a)
            return a if self.chance(0.5) else a + "/32"
        p = r.choice(PREFIXES)
        self.addrs.add(self.addr_in(p))
        return p

    def port(self):
        p = self.rng.choice(PORTS) if self.chance(0.8) else self.rng.randrange(1, 65536)
        self.ports.add(p)
        return p

    def portspec(self):
        if self.chance(0.2):
            a = self.port()
            b = min(65535, a + self.rng.choice([1, 10, 1000]))
            self.ports.add(b)
            return "%d:%d" % (a, b)
        return str(self.port())

    def iface(self):
        if self.chance(0.25):
            w = self.rng.choice(IFWILD)
            return w
        n = self.rng.choice(IFNAMES)
        self.ifaces.add(n)
        return n

    def mark(self):
        m = self.rng.choice([1, 2, 3, 0x10, 0x100, 0xff])
        self.marks.add(m)
        return m

    # -- a rule --

    def matches(self, hooks, table, proto_needed=None):
        """Returns (option text, proto) for a random set of matches valid in
        every hook of `hooks`."""
        r = self.rng
        parts = []
        proto = proto_needed
        if proto is None and self.chance(0.5):
            proto = r.choice(["tcp", "tcp", "udp", "udp", "icmp"])
        if self.chance(0.3):
            parts.append("%s-s %s" % (self.neg(), self.prefix()))
        if self.chance(0.3):
            parts.append("%s-d %s" % (self.neg(), self.prefix()))
        if hooks <= IN_HOOKS and self.chance(0.3):
            parts.append("%s-i %s" % (self.neg(), self.iface()))
        if hooks <= OUT_HOOKS and self.chance(0.3):
            parts.append("%s-o %s" % (self.neg(), self.iface()))
        if proto:
            parts.append("-p %s" % proto)
            if proto in ("tcp", "udp"):
                opts = []
                if self.chance(0.5):
                    opts.append("%s--dport %s" % (self.neg(0.1), self.portspec()))
                if self.chance(0.25):
                    opts.append("%s--sport %s" % (self.neg(0.1), self.portspec()))
                if proto == "tcp" and self.chance(0.2):
                    if self.chance(0.5):
                        opts.append("%s--syn" % self.neg(0.2))
                    else:
                        mask = r.choice(["SYN,ACK", "SYN,RST,ACK,FIN", "ALL", "RST", "FIN,ACK"])
                        comp = r.choice(["SYN", "ACK", "NONE", "RST", "FIN,ACK", "SYN,ACK"])
                        opts.append("%s--tcp-flags %s %s" % (self.neg(0.1), mask, comp))
                if opts:
                    parts.append("-m %s %s" % (proto, " ".join(opts)))
                if self.chance(0.15):
                    n = r.randrange(2, 5)
                    ps = ",".join(str(self.port()) for _ in range(n))
                    parts.append("-m multiport %s--%s %s" % (
                        self.neg(0.1), r.choice(["dports", "sports", "ports"]), ps))
            elif proto == "icmp" and self.chance(0.5):
                parts.append("-m icmp %s--icmp-type %s" % (self.neg(0.1), r.choice(ICMP_TYPES)))
        elif self.chance(0.05):
            parts.append("! -p %s" % r.choice(["tcp", "udp", "icmp"]))
        if self.chance(0.15):
            n = r.randrange(1, 4)
            st = ",".join(r.sample(CTSTATES, n))
            parts.append("-m conntrack %s--ctstate %s" % (self.neg(0.1), st))
        elif self.chance(0.05):
            st = ",".join(r.sample(STATES, r.randrange(1, 3)))
            parts.append("-m state %s--state %s" % (self.neg(0.1), st))
        if self.chance(0.06):
            opt = r.choice(["--ctdir %s" % r.choice(["ORIGINAL", "REPLY"]),
                            "%s--ctorigdst %s" % (self.neg(0.1), self.prefix()),
                            "%s--ctorigsrc %s" % (self.neg(0.1), self.prefix()),
                            "%s--ctreplsrc %s" % (self.neg(0.1), self.prefix()),
                            "--ctproto %s" % r.choice(["tcp", "udp", "icmp"]),
                            "%s--ctstatus %s" % (self.neg(0.1), r.choice(
                                ["SEEN_REPLY", "ASSURED", "CONFIRMED", "NONE"]))])
            parts.append("-m conntrack " + opt)
        if self.chance(0.03):
            parts.append("-m pkttype %s--pkt-type %s" % (self.neg(0.1), r.choice(
                ["unicast", "broadcast", "multicast"])))
        if self.chance(0.03):
            parts.append("-m dscp %s--dscp %d" % (self.neg(0.1), r.choice([0, 10, 46])))
        if self.chance(0.08):
            m = self.mark()
            parts.append("-m mark %s--mark 0x%x%s" % (self.neg(0.1), m,
                                                      "/0xff" if self.chance(0.3) else ""))
        if self.chance(0.05):
            parts.append("-m connmark %s--mark 0x%x" % (self.neg(0.1), self.mark()))
        if self.chance(0.08):
            opt = r.choice(["--dst-type", "--src-type"])
            t = r.choice(ADDRTYPES)
            extra = ""
            if opt == "--dst-type" and hooks <= IN_HOOKS and self.chance(0.2):
                extra = " --limit-iface-in"
            parts.append("-m addrtype %s%s %s%s" % (self.neg(0.15), opt, t, extra))
        if self.chance(0.05):
            a = self.any_addr()
            base = ipaddress.ip_address(a)
            lo, hi = base - r.randrange(0, 5), base + r.randrange(0, 5)
            self.addrs.add(a)
            parts.append("-m iprange %s--%s %s-%s" % (self.neg(0.1), r.choice(["src-range", "dst-range"]),
                                                      lo, hi))
        if self.chance(0.05):
            a = r.choice([0, 40, 60, 100])
            parts.append("-m length %s--length %d:%d" % (self.neg(0.1), a, a + r.choice([0, 20, 100, 1000])))
        if self.chance(0.05):
            parts.append("-m ttl --%s %d" % (r.choice(["ttl-eq", "ttl-lt", "ttl-gt"]),
                                             r.choice([1, 2, 63, 64, 100])))
        if self.chance(0.04):
            parts.append("-m statistic --mode random --probability 0.5")
        elif self.chance(0.03):
            parts.append("-m limit --limit %d/sec" % r.choice([1, 5, 100]))
        if self.chance(0.08):
            parts.append("-m comment --comment \"rule %d\"" % r.randrange(1000))
        return parts, proto

    def target(self, table, hooks, proto, callees):
        """A target valid in every hook of `hooks`; callees: user chains this
        chain may enter. Returns (text, needs) where needs is a proto the
        rule must have (or None)."""
        r = self.rng
        opts = [("ACCEPT", 3), ("DROP", {"nat": 0, "raw": 1}.get(table, 3)), ("RETURN", 1),
                ("LOG", 1), ("MARK", 1 if table in ("mangle", "filter", "raw") else 0),
                ("CONNMARK", 1 if table in ("mangle", "filter") else 0), ("", 1)]
        if callees:
            opts += [("JUMP", 5), ("GOTO", 2)]
        if table == "filter":
            opts.append(("REJECT", 3))
        if table == "raw":
            opts += [("NOTRACK", 2)]
        if table == "mangle":
            opts += [("TTL", 1), ("DSCP", 1)]
        if table == "nat":
            if hooks <= {"PREROUTING", "OUTPUT"}:
                opts += [("DNAT", 4), ("REDIRECT", 2), ("NETMAP", 1)]
            if hooks <= {"POSTROUTING", "INPUT"}:
                opts += [("NETMAP", 1)]
            if hooks <= {"POSTROUTING", "INPUT"}:
                opts += [("SNAT", 4)]
            if hooks <= {"POSTROUTING"}:
                opts += [("MASQUERADE", 3)]
        names = [o for o, w in opts for _ in range(w)]
        t = r.choice(names)
        if t == "JUMP":
            return "-j " + r.choice(callees)
        if t == "GOTO":
            return "-g " + r.choice(callees)
        if t == "":
            return ""
        if t == "LOG":
            return "-j LOG --log-prefix \"r%d \"" % r.randrange(100)
        if t == "MARK":
            m = self.mark()
            return r.choice(["-j MARK --set-xmark 0x%x/0xffffffff" % m, "-j MARK --set-mark 0x%x" % m,
                             "-j MARK --or-mark 0x%x" % m])
        if t == "CONNMARK":
            return r.choice(["-j CONNMARK --set-mark 0x%x" % self.mark(), "-j CONNMARK --save-mark",
                             "-j CONNMARK --restore-mark"])
        if t == "REJECT":
            w = r.choice(REJECT_WITH + (["tcp-reset"] * 3 if proto == "tcp" else []))
            return "-j REJECT" + ("" if self.chance(0.2) else " --reject-with " + w)
        if t == "NOTRACK":
            return r.choice(["-j CT --notrack", "-j NOTRACK"])
        if t == "DSCP":
            return "-j DSCP --set-dscp 0x%02x" % r.choice([0, 10, 46])
        if t == "NETMAP":
            return "-j NETMAP --to %s" % r.choice(["10.1.0.0/24", "172.17.0.0/24", "10.9.0.0/16",
                                                   "192.0.2.0/24"])
        if t == "TTL":
            return r.choice(["-j TTL --ttl-set %d" % r.choice([1, 2, 64]), "-j TTL --ttl-dec 1",
                             "-j TTL --ttl-inc 1"])
        withport = proto in ("tcp", "udp") and self.chance(0.5)
        if t == "DNAT":
            a = r.choice(NEIGHBOURS["eth1"] + NEIGHBOURS["docker0"] + HOST_ADDRS + ["10.2.0.5"])
            if withport:
                return "-j DNAT --to-destination %s:%d" % (a, self.port())
            return "-j DNAT --to-destination %s" % a
        if t == "REDIRECT":
            return "-j REDIRECT" + (" --to-ports %d" % self.port() if withport else "")
        if t == "SNAT":
            a = r.choice(HOST_ADDRS + ["192.0.2.9"])
            if withport and self.chance(0.3):
                return "-j SNAT --to-source %s:%d-%d" % (a, 20000, 20100)
            if withport:
                return "-j SNAT --to-source %s:%d" % (a, r.choice([1024, 2000, 30000]))
            return "-j SNAT --to-source %s" % a
        if t == "MASQUERADE":
            return "-j MASQUERADE" + (" --to-ports %d" % r.choice([1024, 2000, 30000]) if withport else "")
        return "-j " + t

    def rule(self, table, chain, hooks, callees, base):
        parts, proto = self.matches(hooks, table)
        t = self.target(table, hooks, proto, callees)
        if t == "-j RETURN" and base and self.chance(0.7):
            t = "-j ACCEPT"
        if "tcp-reset" in t and proto != "tcp":
            t = "-j REJECT"
        if ("--to-ports" in t or ":" in t.split(" ")[-1]) and proto not in ("tcp", "udp"):
            t = t.split(" --")[0] if "--to-ports" in t else t.rsplit(":", 1)[0]
        return " ".join(["-A", chain] + parts + ([t] if t else []))

    # -- a table --

    def table(self, name):
        r = self.rng
        base = BASE[name]
        nuser = r.choice([0, 0, 1, 1, 2, 2, 3, 4])
        users = ["U%s%d" % (name[0].upper(), i) for i in range(nuser)]
        # structure: which chain may call which (a DAG: base -> any user,
        # user i -> user j > i); then which hooks reach each user chain
        rules_plan = {}   # chain -> number of rules
        for c in base:
            rules_plan[c] = r.choice([0, 1, 2, 3, 4, 5, 6])
        for c in users:
            rules_plan[c] = r.choice([1, 2, 3, 4])
        # choose each rule's callee (or None) up front so hooks are known
        calls = {c: [] for c in base + users}
        plan = {}
        for c in base + users:
            callees = [u for u in users if c in base or users.index(u) > users.index(c)]
            plan[c] = []
            for _ in range(rules_plan[c]):
                if callees and self.chance(0.3):
                    v = r.choice(callees)
                    plan[c].append(("-g " if self.chance(0.25) else "-j ") + v)
                    calls[c].append(v)
                else:
                    plan[c].append(None)
        # make sure most user chains are reachable
        for u in users:
            if not any(u in v for v in calls.values()) and self.chance(0.8):
                c = r.choice(base)
                plan[c].append("-j " + u)
                calls[c].append(u)
        hooks = {c: {c} for c in base}
        for u in users:
            hooks[u] = set()
        for c in base + users:  # topological order: callers first
            for v in calls[c]:
                hooks[v] |= hooks[c]
        out = ["*" + name]
        for c in base:
            out.append(":%s %s [0:0]" % (c, "DROP" if name != "nat" and self.chance(0.15) else "ACCEPT"))
        for u in users:
            out.append(":%s - [0:0]" % u)
        for c in base + users:
            hs = hooks[c] or set(base)  # unreachable: valid anywhere
            for p in plan[c]:
                if p is None:
                    out.append(self.rule(name, c, hs, [], c in base))
                else:
                    parts, _ = self.matches(hs, name)
                    out.append(" ".join(["-A", c] + parts + [p]))
        out.append("COMMIT")
        return out

    def ruleset(self):
        r = self.rng
        lines = ["# ipt-sim random ruleset, seed %d (tests/kernel/randgen.py)" % self.seed]
        tables = [t for t in ("raw", "mangle", "nat", "filter") if self.chance(
            {"raw": 0.35, "mangle": 0.45, "nat": 0.6, "filter": 0.9}[t])]
        if not tables:
            tables = ["filter"]
        blocks = [self.table(t) for t in tables]
        if any("-j REJECT" in l for b in blocks for l in b):
            # the harness recognises a REJECT by its answer (an ICMP error
            # or a TCP RST quoting the packet); a ruleset that drops its own
            # answers in OUTPUT or POSTROUTING would look like a plain DROP
            for b in blocks:
                first = next(i for i, l in enumerate(b) if not l.startswith(("*", ":")))
                add = []
                for c in {"raw": ["OUTPUT"], "mangle": ["OUTPUT", "POSTROUTING"],
                          "filter": ["OUTPUT"]}.get(b[0][1:], []):
                    add += ["-A %s -p icmp -m icmp --icmp-type 3 -m comment --comment "
                            "\"REJECT answers\" -j ACCEPT" % c,
                            "-A %s -p tcp -m tcp --tcp-flags RST RST -m comment --comment "
                            "\"REJECT answers\" -j ACCEPT" % c]
                b[first:first] = add
        for b in blocks:
            lines += b
        return "\n".join(lines) + "\n"

    # -- packets --

    def packet(self, plain=False):
        """One packet spec; plain: no flags, ICMP type, TTL or length (the
        first packet of a conversation)."""
        r = self.rng
        local = self.chance(0.2)
        proto = r.choice(["tcp", "tcp", "tcp", "udp", "udp", "icmp"])
        mentioned = sorted(self.addrs)
        ifaces = [i for i in IFNAMES]
        in_if = r.choice(sorted(self.ifaces) if self.ifaces and self.chance(0.5) else ifaces)

        def pick_addr(bias):
            if mentioned and self.chance(bias):
                return r.choice(mentioned)
            return self.any_addr()
        # The harness looks for a REJECT's answer on the interface the
        # packet came in on (lo for the host's own packets), so sources are
        # ones whose route back leaves there, except with strict rp_filter
        # (which drops the others first); forwarding back out of the
        # interface a packet came in on is avoided, as the kernel then sends
        # an ICMP redirect that the harness would take for a REJECT's answer.
        if local:
            src = r.choice(HOST_ADDRS)
        else:
            pool = NEIGHBOURS[in_if] + (REMOTE if in_if == "eth0" else [])
            src = r.choice(pool) if self.chance(0.6) else pick_addr(0.5)
            for _ in range(30):
                if self.rp_strict and self.chance(0.5):
                    break
                if route_dev(src) == in_if and src not in HOST_ADDRS:
                    break
                src = r.choice(pool) if self.chance(0.5) else pick_addr(0.5)
            else:
                src = r.choice(pool)
        for _ in range(30):
            dst = pick_addr(0.6)
            if dst != src and (local or dst in HOST_ADDRS or route_dev(dst) != in_if):
                break
        else:
            dst = r.choice(HOST_ADDRS)
        words = []
        if proto in ("tcp", "udp"):
            ports = sorted(self.ports)

            def pick_port(bias):
                if ports and self.chance(bias):
                    return r.choice(ports)
                return r.choice(PORTS) if self.chance(0.3) else r.randrange(1024, 65536)
            spec = "%s:%s:%d->%s:%d" % (proto, src, pick_port(0.3), dst, pick_port(0.7))
            if proto == "tcp" and not plain and self.chance(0.2):
                words.append("flags=" + r.choice(["ACK", "SYN,ACK", "FIN,ACK", "RST", "PSH,ACK"]))
        else:
            spec = "icmp:%s->%s" % (src, dst)
            if not plain and self.chance(0.2):
                words.append("icmp-type=%d" % r.choice([0, 13]))
        words.append("local" if local else "in=" + in_if)
        if not plain and self.chance(0.1):
            words.append("ttl=%d" % r.choice([1, 2, 63, 200]))
        if not plain and self.chance(0.08):
            words.append("len=%d" % r.choice([60, 100, 200, 1200]))
        if local and self.marks and self.chance(0.3):
            words.append("mark=%d" % r.choice(sorted(self.marks)))
        return " ".join([spec] + words)


    def conversation(self):
        """A conversation: [first packet, None (its reply), ...]: the reply,
        then sometimes a later packet of the same connection (for TCP the
        ACK of the handshake) and its reply."""
        first = self.packet(plain=True)
        steps = [first, None]
        if self.chance(0.6):
            later = first + (" flags=ACK" if first.startswith("tcp:") else "")
            steps.append(later)
            if self.chance(0.3):
                steps.append(None)
        return steps


def generate(seed, npackets=10, convs=True):
    """(ruleset text, host option words, cases) for a seed. A case is a
    packet spec (str) or a conversation: a list of packet specs and None
    for `reply:`. The cases hold npackets packets in all."""
    g = Gen(seed)
    text = g.ruleset()
    host = host_options(g.rng)
    g.rp_strict = "net.ipv4.conf.all.rp_filter=1" in host
    cases, n = [], 0
    while n < npackets:
        if convs and npackets - n >= 2 and g.chance(0.35):
            c = g.conversation()[:npackets - n]
            n += len(c)
            cases.append(c)
        else:
            cases.append(g.packet())
            n += 1
    return text, host, cases


def count_packets(cases):
    return sum(1 if isinstance(c, str) else len(c) for c in cases)


def scenario_text(seed, rules_path, host, cases):
    lines = ["# random ruleset, seed %d: tests/kernel/randgen.py %d" % (seed, seed),
             "name: rand-%d" % seed,
             "dump: %s" % rules_path,
             "host: " + " ".join(shlex.quote(w) for w in host)]
    k = 0
    for c in cases:
        if isinstance(c, str):
            lines.append("pkt: " + c)
            continue
        k += 1
        lines.append("conv: c%d" % k)
        lines += ["  pkt: " + s if s else "  reply:" for s in c]
        lines.append("end")
    return "\n".join(lines) + "\n"


def parse_seeds(text):
    """'1-30,40,50-52' -> [1..30, 40, 50, 51, 52]"""
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        a, dash, b = part.partition("-")
        try:
            lo = int(a)
            hi = int(b) if dash else lo
        except ValueError:
            raise ValueError("bad seed range %r (expected N, A-B or a comma-separated list)" % part)
        if hi < lo:
            raise ValueError("bad seed range %r: %d > %d" % (part, lo, hi))
        out += range(lo, hi + 1)
    return out


def check(seeds):
    """Loads each seed's ruleset with iptables-restore inside a new network
    namespace (unshare -n: the kernel's own checks run, and the namespace
    goes away with the process); returns the number refused."""
    bad = 0
    for s in seeds:
        text, _, _ = generate(s, 0)
        p = subprocess.run(["unshare", "-n", "iptables-restore"], input=text,
                           capture_output=True, text=True, timeout=30)
        if p.returncode != 0:
            bad += 1
            print("REFUSED: seed %d: %s" % (s, p.stderr.strip()))
    print("%d rulesets, %d refused by iptables-restore" % (len(seeds), bad))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed", nargs="?", type=int)
    ap.add_argument("--packets", type=int, default=10)
    ap.add_argument("--scn", metavar="RULES",
                    help="print the scenario file (with dump: RULES) instead of the ruleset")
    ap.add_argument("--check", metavar="SEEDS",
                    help="load these rulesets with iptables-restore in a throw-away namespace (root)")
    a = ap.parse_args()
    if a.check:
        if os.geteuid() != 0:
            print("SKIP: --check needs root (unshare -n)")
            return 0
        return 1 if check(parse_seeds(a.check)) else 0
    if a.seed is None:
        ap.error("give a SEED or --check SEEDS")
    text, host, cases = generate(a.seed, a.packets)
    if a.scn:
        sys.stdout.write(scenario_text(a.seed, a.scn, host, cases))
        return 0
    sys.stdout.write(text)
    for line in scenario_text(a.seed, "-", host, cases).splitlines()[3:]:
        print("# " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
