"""
kernel.py - asks the kernel what happens to one packet, inside a Topology
whose host namespace has the ruleset loaded.

How (measured with iptables-nft 1.8.9, nft 1.0.6, kernel 6.18):

* Tracing: an nft table `inet iptsimtrace` (so the ruleset's own rule
  positions are untouched) with
    pre  prerouting  priority -350: <marker> meta nftrace set 1
    out  output      priority -350: <marker> meta nftrace set 1
    in_end / fwd_end / post_end: input / forward / postrouting at priority
         1000 (after every iptables table): <marker> counter
  The *_end chains show in the trace which hooks the packet got through
  (e.g. in_end reached = accepted by every INPUT chain = delivered locally),
  and their packet dump shows it after all NAT. The marker is the IPv4 ID
  (or IPv6 flow label), which NAT keeps; matching on it keeps answers
  (RST, ICMP from the peers) out of the trace.
* The trace is read with `nft -a monitor trace` in the host namespace:
      trace id ID ip nat PREROUTING packet: iif "ppp0" ... ip saddr A ip daddr B
            ... tcp sport S tcp dport D ...
      trace id ID ip nat PREROUTING rule <rule> # handle N (verdict jump DOCKER)
      trace id ID ip filter INPUT policy drop
  Verdicts: accept, drop, continue, return (an explicit -j RETURN), jump C,
  goto C, queue. REJECT shows as drop, DNAT/SNAT/MASQUERADE as accept.
  Falling off the end of a user-defined chain produces NO event (nf_tables
  does not trace implicit returns; legacy ip_tables' TRACE printed
  "return"). Empty base chains (iptables-restore creates every chain the
  dump declares) do produce their policy event.
  (xtables-monitor --trace prints the same in iptables words, but 1.8.9
  aborts on the first ip6 rule with -p tcp: "Parsing nftables rule failed".)
  Handles map to 1-based positions through `nft -a list ruleset`; a policy
  event gets position nrules + 1, as in ipt-sim.
* Readiness: a probe packet (local UDP to 127.0.0.1 with its own ID) is
  traced by the `out` chain only; the monitor is listening once its trace
  shows up.
* The fate: AF_PACKET sockets on every peer's veth and the host's lo.
    forward/output  the packet (same marker) arrives at the peer of iface X;
                    addresses and ports as captured (after SNAT)
    local           the trace reached in_end; addresses from its packet dump
    reject          the trace ended in a DROP verdict and an ICMP error
                    quoting the packet, or a TCP RST, came back
    drop            anything else that stopped (a DROP verdict, or routing:
                    the trace just ends, e.g. ip_forward=0)
"""

import ipaddress
import os
import re
import select
import socket
import subprocess
import threading
import time

from packets import ICMP4_REJECT, ICMP6_REJECT, build, parse_frame, proto_num
import topology
from topology import TopologyError, in_netns, nsexec

ETH_P_ALL = 3
PACKET_OUTGOING = 4
SO_MARK = 36
PROBE_MARKER = 0x1FFF


def rule_positions(host_ns):
    """{(table, handle): (chain, pos)}, {(table, chain): nrules}."""
    out = nsexec(host_ns, ["nft", "-a", "list", "ruleset"]).stdout
    pos, count = {}, {}
    table = chain = None
    for line in out.splitlines():
        s = line.strip()
        m = re.match(r"table (\S+) (\S+) \{", s)
        if m:
            table = m.group(2).strip('"') if m.group(1) in ("ip", "ip6") else None
            continue
        m = re.match(r"chain (\S+) \{", s)
        if m:
            chain = m.group(1).strip('"')
            if table:
                count[(table, chain)] = 0
            continue
        m = re.search(r"# handle (\d+)$", s)
        if m and table and chain and not s.startswith("#"):
            count[(table, chain)] += 1
            pos[(table, int(m.group(1)))] = (chain, count[(table, chain)])
        if s == "}":
            pass
    return pos, count


def marker_expr(family, proto, marker):
    if family == 6:
        return "ip6 flowlabel %d meta l4proto %d" % (marker, proto)
    return "ip id %d ip protocol %d" % (marker, proto)


def install_trace(host_ns, family, proto, marker):
    m = marker_expr(family, proto, marker)
    probe = "ip id %d ip daddr 127.0.0.1" % PROBE_MARKER
    text = """
table inet iptsimtrace {
  chain pre {
    type filter hook prerouting priority -350; policy accept;
    %(m)s meta nftrace set 1
  }
  chain out {
    type filter hook output priority -350; policy accept;
    %(m)s meta nftrace set 1
    %(probe)s meta nftrace set 1
    %(probe)s meta nftrace set 0
  }
  chain in_end {
    type filter hook input priority 1000; policy accept;
    %(m)s counter
  }
  chain fwd_end {
    type filter hook forward priority 1000; policy accept;
    %(m)s counter
  }
  chain post_end {
    type filter hook postrouting priority 1000; policy accept;
    %(m)s counter
  }
}
""" % {"m": m, "probe": probe}
    nsexec(host_ns, ["nft", "delete", "table", "inet", "iptsimtrace"], check=False)
    nsexec(host_ns, ["nft", "-f", "-"], input=text)
    out = nsexec(host_ns, ["nft", "-a", "list", "table", "inet", "iptsimtrace"]).stdout
    handles = {}
    chain = None
    for line in out.splitlines():
        s = line.strip()
        mm = re.match(r"chain (\S+) \{", s)
        if mm:
            chain = mm.group(1)
            continue
        mm = re.search(r"# handle (\d+)$", s)
        if mm and chain:
            key = "probe" if "id %d " % PROBE_MARKER in s else chain
            handles.setdefault(key, int(mm.group(1)))
    return handles


def _child_setup(ns_path):
    """Runs in the monitor's child before exec: enter the host namespace
    directly (no `ip netns exec`, which forks, so the death signal would
    reach only its own process) and die with this process."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)

    def setup():
        fd = os.open(ns_path, os.O_RDONLY)
        if libc.setns(fd, 0x40000000) != 0:
            os._exit(71)
        os.close(fd)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    return setup


class Monitor:
    """nft -a monitor trace in the host namespace, lines collected by a
    thread."""

    def __init__(self, host_ns):
        self.lines = []
        self.lock = threading.Lock()
        if host_ns not in topology._created:
            raise TopologyError("not a namespace of this test: " + host_ns)
        self.p = subprocess.Popen(["stdbuf", "-oL", "nft", "-a", "monitor", "trace"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  preexec_fn=_child_setup("/run/netns/" + host_ns))
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        for line in self.p.stdout:
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def snapshot(self):
        with self.lock:
            return list(self.lines)

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(timeout=5)
        self.t.join(timeout=5)


def send_raw(ns, data, family, dst, mark=0):
    with in_netns(ns):
        fam = socket.AF_INET6 if family == 6 else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
    try:
        if mark:
            s.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
        if family == 4:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)  # EACCES otherwise
        s.sendto(data, (dst, 0, 0, 0) if family == 6 else (dst, 0))
        return None
    except OSError as e:
        return str(e)  # EPERM when an OUTPUT rule drops it
    finally:
        s.close()


def open_sniffer(ns, ifname):
    with in_netns(ns):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((ifname, 0))
    s.setblocking(False)
    return s


TRACE_RE = re.compile(r"^trace id ([0-9a-f]+) (\S+) (\S+) (\S+) (packet: |rule |policy |return)(.*)$")
RULE_RE = re.compile(r"# handle (\d+) \(verdict (\w+)(?: (\S+))?\)\s*$")


def unquote(s):
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] == '"' else s


def packet_fields(text):
    """'iif "a" ... ip saddr X ip daddr Y ... tcp sport S tcp dport D' -> dict."""
    w = text.split()
    d = {}
    for i in range(len(w) - 1):
        if w[i] in ("ip", "ip6") and w[i + 1] in ("saddr", "daddr") and i + 2 < len(w):
            d["SRC" if w[i + 1] == "saddr" else "DST"] = w[i + 2]
        elif w[i] in ("tcp", "udp", "sctp") and w[i + 1] in ("sport", "dport") and i + 2 < len(w):
            d["SPORT" if w[i + 1] == "sport" else "DPORT"] = w[i + 2]
        elif w[i] in ("iif", "oif", "iifname", "oifname"):
            d[w[i]] = unquote(w[i + 1])
    return d


def parse_trace(lines):
    """[(id, kind, data)]: kind 'packet' (dict) or 'trace'
    (table, chain, type, handle or None, VERDICT, target or None)."""
    out = []
    for line in lines:
        m = TRACE_RE.match(line.strip())
        if not m:
            continue
        tid, fam, table, chain, kind, rest = m.groups()
        table, chain = unquote(table), unquote(chain)
        if kind == "packet: ":
            out.append((tid, "packet", packet_fields(rest)))
        elif kind == "rule ":
            r = RULE_RE.search(rest)
            if r:
                out.append((tid, "trace", (table, chain, "rule", int(r.group(1)),
                                           r.group(2).upper(),
                                           unquote(r.group(3)) if r.group(3) else None)))
            else:
                out.append((tid, "trace", (table, chain, "rule", None, "?", rest)))
        elif kind == "policy ":
            # "policy accept meta mark 0x00000022": the verdict, then the
            # packet's meta fields
            out.append((tid, "trace", (table, chain, "policy", None,
                                       rest.split()[0].upper(), None)))
        else:
            out.append((tid, "trace", (table, chain, "return", None, "RETURN", None)))
    return out


class KernelRun:
    def __init__(self):
        self.events = []    # dicts: table chain type rule verdict target pkt
        self.fate = None    # dict
        self.notes = []
        self.raw = []       # the monitor's lines for our trace ids


def ask_kernel(topo, pkt, local, in_iface, marker, wait=2.5):
    """pkt: ipt-sim's JSON packet. Returns a KernelRun."""
    H = topo.host
    fam = 6 if pkt["family"] == "ipv6" else 4
    proto = proto_num(pkt["proto"])
    kr = KernelRun()
    nsexec(H, ["conntrack", "-F"], check=False)
    nsexec(H, ["ip", "neigh", "flush", "all"], check=False)
    handles = install_trace(H, fam, proto, marker)
    positions, counts = rule_positions(H)
    sniffers = {}
    mon = Monitor(H)
    try:
        # wait until the monitor listens
        probe = build({"family": "ipv4", "proto": "udp", "src": "127.0.0.1",
                       "dst": "127.0.0.1", "sport": 9, "dport": 9, "len": 28}, PROBE_MARKER)
        probe_seen = False
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not probe_seen:
            send_raw(H, probe, 4, "127.0.0.1")
            t = time.monotonic() + 0.25
            while time.monotonic() < t and not probe_seen:
                time.sleep(0.02)
                probe_seen = any(" iptsimtrace out rule " in l
                                 and "# handle %d " % handles["probe"] in l
                                 for l in mon.snapshot())
        if not probe_seen:
            raise TopologyError("nft monitor trace did not report the probe packet")
        start_lines = len(mon.snapshot())

        for ifname, ns in topo.peers.items():
            sniffers[open_sniffer(ns, topo.peer_if)] = ifname
        sniffers[open_sniffer(H, "lo")] = "lo"

        data = build(pkt, marker)
        if local:
            sender = H
        else:
            sender = topo.peers.get(in_iface)
            if sender is None:
                raise TopologyError("no interface %s in the topology" % in_iface)
        err = send_raw(sender, data, fam, pkt["dst"], pkt.get("mark") or 0)
        if err:
            kr.notes.append("sending from the %s: %s" % ("host" if local else "peer of " + in_iface, err))
        sent = time.monotonic()
        captured, answers = [], []
        done_at = None
        while True:
            now = time.monotonic()
            if now - sent > wait or (done_at and now - done_at > 0.3):
                break
            r, _, _ = select.select(list(sniffers), [], [], 0.05)
            for s in r:
                while True:
                    try:
                        frame, addr = s.recvfrom(65535)
                    except BlockingIOError:
                        break
                    if addr[2] == PACKET_OUTGOING:
                        continue
                    d = parse_frame(frame)
                    if not d:
                        continue
                    where = sniffers[s]
                    if d["marker"] == marker and d["proto"] == proto and "inner" not in d:
                        captured.append((where, d))
                    else:
                        answers.append((where, d))
            if done_at is None:
                lines = mon.snapshot()[start_lines:]
                if captured or any(re.search(r" iptsimtrace (in_end|post_end) rule ", l)
                                   or re.search(r"(\(verdict drop\)| policy drop)\s*$", l)
                                   for l in lines):
                    done_at = time.monotonic()
        time.sleep(0.1)
    finally:
        mon.stop()
        for s in sniffers:
            s.close()
    lines = mon.snapshot()[start_lines:]
    parsed = parse_trace(lines)
    ids = []
    for tid, kind, data in parsed:
        if (kind == "trace" and data[0] == "iptsimtrace" and data[1] in ("pre", "out")
                and data[3] == handles[data[1]] and tid not in ids):
            ids.append(tid)
    kr.raw = [l for l in lines if any(l.startswith("trace id %s " % i) for i in ids)]
    if len(ids) > 1:
        kr.notes.append("the packet has %d trace ids: %s" % (len(ids), " ".join(ids)))
    last_pkt = {}
    reached = {}
    for tid, kind, data in parsed:
        if tid not in ids:
            continue
        if kind == "packet":
            last_pkt = data
            continue
        table, chain, ty, handle, verdict, target = data
        if table == "iptsimtrace":
            if ty == "rule" and chain.endswith("_end"):
                reached[chain] = last_pkt
            continue
        ev = {"table": table, "chain": chain, "type": ty, "target": None, "pkt": last_pkt,
              "verdict": verdict}
        if ty == "rule":
            if handle is None:
                kr.notes.append("unparsed trace line for %s %s: %s" % (table, chain, target))
                continue
            c, p = positions.get((table, handle), (chain, None))
            if p is None:
                kr.notes.append("handle %d of table %s not in the ruleset listing" % (handle, table))
            ev["rule"] = p
            if verdict in ("JUMP", "GOTO"):
                ev["target"] = target
        else:
            ev["rule"] = counts.get((table, chain), 0) + 1
        kr.events.append(ev)

    # ---- the fate ----
    f = {"kind": None}
    last_v = kr.events[-1]["verdict"] if kr.events else None
    cap = [(w, d) for w, d in captured if w != "lo"]
    if "in_end" in reached:
        p = reached["in_end"]
        f = {"kind": "local", "src": p.get("SRC"), "dst": p.get("DST")}
        if "SPORT" in p:
            f["sport"], f["dport"] = int(p["SPORT"]), int(p["DPORT"])
    elif cap:
        w, d = cap[0]
        f = {"kind": "output" if local else "forward", "out": w, "src": d["src"], "dst": d["dst"]}
        if "sport" in d:
            f["sport"], f["dport"] = d["sport"], d["dport"]
        if len(cap) > 1:
            kr.notes.append("captured on several interfaces: " + ", ".join(w for w, _ in cap))
    else:
        rw = reject_answer(answers, pkt, marker, fam, local, in_iface)
        if last_v == "DROP" and rw:
            f = {"kind": "reject", "reject_with": rw}
        else:
            f = {"kind": "drop"}
            if rw:
                kr.notes.append("an answer came back (%s) but no rule rejected it" % rw)
            if "post_end" in reached:
                kr.notes.append("the packet left through POSTROUTING but no peer captured it")
            elif last_v not in ("DROP", None):
                kr.notes.append("the trace ends without a DROP verdict (a routing drop)")
    kr.fate = f
    return kr


def reject_answer(answers, pkt, marker, fam, local, in_iface):
    want_if = "lo" if local else in_iface
    for where, d in answers:
        if where != want_if:
            continue
        inner = d.get("inner")
        if inner and inner.get("marker") == marker:
            table = ICMP6_REJECT if fam == 6 else ICMP4_REJECT
            return table.get((d["icmp_type"], d["icmp_code"]),
                             "icmp type %d code %d" % (d["icmp_type"], d["icmp_code"]))
        if (d["proto"] == 6 and (d.get("flags", 0) & 0x04) and pkt.get("sport") is not None
                and d.get("dport") == pkt["sport"] and d.get("sport") == pkt["dport"]
                and ipaddress.ip_address(d["dst"]) == ipaddress.ip_address(pkt["src"])):
            return "tcp-reset"
    return None
