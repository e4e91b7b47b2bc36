"""
kernel.py - asks the kernel what happens to packets, inside a Topology
whose host namespace has the ruleset loaded.

One Session per topology: it installs the tracing table, starts one
`nft monitor trace` and opens the capture sockets once; then every packet
(a single case, or one packet of a conversation) costs a send and a wait
for a fence, no fixed sleeps.

How (measured with iptables-nft 1.8.9, nft 1.0.6, kernel 6.18):

* Markers: every test packet carries a marker, its IPv4 ID (or IPv6 flow
  label), which NAT keeps. The session knows all markers in advance and
  puts them, with the packet's protocol, in the sets m4/m6 of an nft table
  `inet iptsimtrace` (so the ruleset's own rule positions are untouched):
    pre   prerouting  priority -350: marker -> meta nftrace set 1; fence
    out   output      priority -350: marker -> meta nftrace set 1
    in_end / fwd_end / post_end: input / forward / postrouting at priority
          1000 (after every iptables table): marker -> counter
    in_drop  input at priority 2147483647, after conntrack's confirmation:
          marker -> drop. The host's own stack never sees a test packet, so
          it sends no RST, port unreachable or echo reply of its own that
          would change the conntrack entry a conversation goes on with; the
          connection is confirmed all the same. (Confirmation has the same
          priority, and of two such hooks the kernel runs the one registered
          LATER first: so this table goes in before the ruleset, whose
          conntrack matches and NAT register conntrack's hooks.)
  The *_end chains show in the trace which hooks the packet got through
  (e.g. in_end reached = accepted by every INPUT chain = delivered locally),
  and their packet dump shows it after all NAT.
* The trace is read with `nft -a monitor trace` in the host namespace:
      trace id ID ip nat PREROUTING packet: iif "ppp0" ... ip saddr A ip daddr B
            ... ip id N ... tcp sport S tcp dport D ...
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
* The fence: after a test packet, a fence datagram (IPv4 UDP, ID 0x1FFF,
  port 9) is injected with an AF_PACKET socket at the same place the test
  packet entered: the sending peer's veth, or the host's lo for a local
  packet. It goes through the same receive backlog behind the test packet,
  is traced by the `pre` chain and dropped there at once (the ruleset never
  sees it). When its trace shows up, everything the test packet caused in
  the host has happened and been reported. The first fence also tells that
  the monitor listens.
* The fate: AF_PACKET sockets on the HOST side of every interface and on
  lo, keeping outgoing frames only; a frame leaves synchronously while the
  host processes the packet, so it is queued before the fence's trace.
    forward/output  the packet (same marker) left by interface X;
                    addresses and ports as captured (after SNAT)
    local           the trace reached in_end; addresses from its packet dump
    reject          the trace ended in a DROP verdict and an ICMP error
                    quoting the packet, or a TCP RST, went back
    drop            anything else that stopped (a DROP verdict, or routing:
                    the trace just ends, e.g. ip_forward=0)
  The peers have no address and do not forward (topology.py): they never
  answer and cannot disturb the host's conntrack table. A test packet from
  a peer is a whole Ethernet frame (AF_PACKET) to the host's MAC; a local
  one goes through a raw socket in the host (its OUTPUT path).
* Between cases the conntrack table is flushed with one ctnetlink message
  (as `conntrack -F`); the packets of a conversation keep it.
"""

import ipaddress
import os
import re
import socket
import struct
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
FENCE_TIMEOUT = 3.0


def nsspawn(ns, args):
    """Starts a command inside namespace ns; nswait() collects its output."""
    if ns not in topology._created:
        raise TopologyError("not a namespace of this test: " + ns)
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=topology._enter_ns("/run/netns/" + ns))


def nswait(p, timeout=topology.CMD_TIMEOUT):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise TopologyError("timed out: %s" % " ".join(p.args))
    if p.returncode:
        raise TopologyError("%s: exit %d: %s" % (" ".join(p.args), p.returncode, err.strip()))
    return out


def rule_positions(out):
    """`nft -a list ruleset` -> {(family, table, handle): (chain, pos)},
    {(family, table, chain): nrules}, for the tables of every family (the
    iptables-nft ones are ip/ip6 tables like any other). Only the lines of
    a chain's body are rules; sets, maps, flowtables and objects (whose
    header lines carry a handle too) are skipped."""
    pos, count = {}, {}
    table = chain = None
    depth = 0  # 1 in a table, 2 in a chain or another block of it
    for line in out.splitlines():
        s = line.strip()
        m = re.match(r"table (\S+) (\S+) \{", s)
        if m:
            table, chain, depth = (m.group(1), m.group(2).strip('"')), None, 1
            continue
        if depth == 3:
            if s.endswith("}"):
                depth = 2  # the last line of a multi-line element list
            continue
        if s.startswith("}"):
            depth = max(depth - 1, 0)
            if depth < 2:
                chain = None
            continue
        m = re.match(r"chain (\S+) \{", s)
        if m and depth == 1:
            chain, depth = m.group(1).strip('"'), 2
            if table:
                count[table + (chain,)] = 0
            continue
        if depth == 1 and re.match(r"\S.*\{", s) and not s.endswith("}"):
            depth = 2  # set, map, flowtable, object: not a chain
            continue
        if depth == 2 and chain is None and "{" in s and "}" not in s:
            depth = 3  # a block inside a set (elements = { ... over lines)
            continue
        m = re.search(r"# handle (\d+)$", s)
        if m and table and chain and depth == 2 and not s.startswith("#"):
            count[table + (chain,)] += 1
            pos[table + (int(m.group(1)),)] = (chain, count[table + (chain,)])
    return pos, count


def _elements(markers):
    return ", ".join("%d . %d" % (m, p) for m, p in markers)


def install_trace(host_ns, markers4, markers6):
    """markers: [(marker, ip protocol number)]. Returns the handles:
    {"mark": {handles of the marker rules in pre/out}, "probe": handle}."""
    m4 = "ip id . ip protocol @m4"
    m6 = "ip6 flowlabel . meta l4proto @m6"
    probe = "ip id %d udp dport 9" % PROBE_MARKER
    e4 = "elements = { %s }" % _elements(markers4) if markers4 else ""
    e6 = "elements = { %s }" % _elements(markers6) if markers6 else ""
    text = """
table inet iptsimtrace {
  set m4 { typeof ip id . ip protocol; %(e4)s }
  set m6 { typeof ip6 flowlabel . meta l4proto; %(e6)s }
  chain pre {
    type filter hook prerouting priority -350; policy accept;
    %(m4)s meta nftrace set 1
    %(m6)s meta nftrace set 1
    %(probe)s meta nftrace set 1
    %(probe)s drop
  }
  chain out {
    type filter hook output priority -350; policy accept;
    %(m4)s meta nftrace set 1
    %(m6)s meta nftrace set 1
  }
  chain in_end {
    type filter hook input priority 1000; policy accept;
    %(m4)s counter
    %(m6)s counter
  }
  chain fwd_end {
    type filter hook forward priority 1000; policy accept;
    %(m4)s counter
    %(m6)s counter
  }
  chain post_end {
    type filter hook postrouting priority 1000; policy accept;
    %(m4)s counter
    %(m6)s counter
  }
  chain in_drop {
    type filter hook input priority 2147483647; policy accept;
    %(m4)s drop
    %(m6)s drop
  }
}
""" % {"m4": m4, "m6": m6, "probe": probe, "e4": e4, "e6": e6}
    out = nsexec(host_ns, ["nft", "-e", "-a", "-f", "-"], input=text).stdout
    handles = {"mark": set(), "probe": None}
    for line in out.splitlines():
        m = re.match(r"add rule inet iptsimtrace (\w+) (.*) # handle (\d+)$", line.strip())
        if not m:
            continue
        chain, rule, h = m.group(1), m.group(2), int(m.group(3))
        if chain in ("pre", "out") and "@m" in rule and "nftrace" in rule:
            handles["mark"].add(h)
        elif chain == "pre" and "id %d " % PROBE_MARKER in rule and handles["probe"] is None:
            handles["probe"] = h
    if len(handles["mark"]) != 4 or handles["probe"] is None:
        raise TopologyError("cannot read the handles of the trace table: " + out)
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
    thread; wait_for() blocks until a predicate on the lines holds."""

    def __init__(self, host_ns):
        self.lines = []
        self.cond = threading.Condition()
        if host_ns not in topology._created:
            raise TopologyError("not a namespace of this test: " + host_ns)
        self.p = subprocess.Popen(["stdbuf", "-oL", "nft", "-a", "monitor", "trace"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  preexec_fn=_child_setup("/run/netns/" + host_ns))
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        for line in self.p.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def count(self):
        with self.cond:
            return len(self.lines)

    def since(self, start):
        with self.cond:
            return self.lines[start:]

    def wait_for(self, start, pred, timeout):
        """Waits until pred(lines[start:]) is true; returns it."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if pred(self.lines[start:]):
                    return True
                left = deadline - time.monotonic()
                if left <= 0 or self.p.poll() is not None:
                    return False
                self.cond.wait(min(left, 0.2))

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
        s.sendto(data, (dst, 0, 0, 0) if family == 6 else (dst, 0))
        return None
    except OSError as e:
        return str(e)  # EPERM when an OUTPUT rule drops it
    finally:
        s.close()


def open_packet_socket(ns, ifname):
    with in_netns(ns):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((ifname, 0))
    s.setblocking(False)
    return s


def ct_flush(ns):
    """Empties the namespace's conntrack table (both families) with one
    ctnetlink IPCTNL_MSG_CT_DELETE without a tuple, as `conntrack -F` does."""
    with in_netns(ns):
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
    try:
        s.settimeout(2)
        s.bind((0, 0))
        # nlmsghdr: len, type (NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE),
        # flags (NLM_F_REQUEST | NLM_F_ACK), seq, pid; nfgenmsg: AF_UNSPEC
        msg = struct.pack("=IHHII", 20, (1 << 8) | 2, 0x1 | 0x4, 1, 0) + struct.pack("=BBH", 0, 0, 0)
        s.send(msg)
        resp = s.recv(65536)
        if len(resp) >= 20 and struct.unpack("=H", resp[4:6])[0] == 2:  # NLMSG_ERROR
            err = struct.unpack("=i", resp[16:20])[0]
            if err not in (0, -2):  # ENOENT: the table is empty
                raise TopologyError("conntrack flush: %s" % os.strerror(-err))
    except OSError as e:
        raise TopologyError("conntrack flush: %s" % e)
    finally:
        s.close()


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
        elif ((w[i], w[i + 1]) in (("ip", "id"), ("ip6", "flowlabel"))
              and i + 2 < len(w) and w[i + 2].isdigit()):
            d["MARKER"] = int(w[i + 2])
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
                                           unquote(r.group(3)) if r.group(3) else None, fam)))
            else:
                out.append((tid, "trace", (table, chain, "rule", None, "?", rest, fam)))
        elif kind == "policy ":
            # "policy drop", or "policy accept meta mark 0x00000006"
            out.append((tid, "trace", (table, chain, "policy", None,
                                       (rest.split() or ["?"])[0].upper(), None, fam)))
        else:
            out.append((tid, "trace", (table, chain, "return", None, "RETURN", None, fam)))
    return out


class KernelRun:
    def __init__(self):
        self.events = []    # dicts: table chain type rule verdict target pkt
        self.fate = None    # dict
        self.notes = []
        self.raw = []       # the monitor's lines for our trace ids
        self.left = None    # (iface, parsed frame) the packet left by, if it did
        self.delivered = None  # the packet dump at in_end, if delivered locally


FENCE = build({"family": "ipv4", "proto": "udp", "src": "192.0.0.8", "dst": "192.0.0.9",
               "sport": 9, "dport": 9, "len": 28}, PROBE_MARKER)


class Session:
    """The kernel side of one topology: tracing table, monitor, capture
    sockets. markers: [(marker, family 4|6, ip protocol number)], every
    marker the session's packets will carry."""

    def __init__(self, topo, markers):
        """Installs the trace table. Call it BEFORE the ruleset is loaded:
        in_drop must run after conntrack's confirmation, which has the same
        priority, and of two hooks with the same priority the kernel runs
        the one registered later first. Then load the ruleset, begin() and
        start()."""
        self.topo = topo
        self.sniffers = {}
        self.senders = {}
        self.mon = None
        self._listing = None
        self.handles = install_trace(topo.host, [(m, p) for m, f, p in markers if f == 4],
                                     [(m, p) for m, f, p in markers if f == 6])

    def begin(self):
        """After the ruleset is loaded (the monitor only knows the tables
        that exist when it starts): starts the listing of the rule positions
        and the monitor, which take a while to start on a busy machine."""
        H = self.topo.host
        self._listing = nsspawn(H, ["nft", "-a", "list", "ruleset"])
        self.mon = Monitor(H)

    def start(self):
        """Then: the rule positions, the sockets, and the first fence, which
        tells that the monitor listens."""
        topo = self.topo
        H = topo.host
        try:
            if self.mon is None:
                self.begin()
            self.positions, self.counts = rule_positions(nswait(self._listing))
            for ifname in topo.peers:
                self.sniffers[open_packet_socket(H, ifname)] = ifname
            self.sniffers[open_packet_socket(H, "lo")] = "lo"
            for ifname, ns in topo.peers.items():
                self.senders[ifname] = open_packet_socket(ns, topo.peer_if)
            self.senders[None] = open_packet_socket(H, "lo")
            # the monitor listens once a fence shows up
            deadline = time.monotonic() + 8
            while True:
                start = self.mon.count()
                self._send_fence(None)
                if self.mon.wait_for(start, self._fence_seen, 0.1):
                    break
                if time.monotonic() > deadline:
                    raise TopologyError("nft monitor trace did not report the fence packet")
        except BaseException:
            self.close()
            raise
        return self

    def close(self):
        if self._listing and self._listing.poll() is None:
            self._listing.kill()
            self._listing.wait()
        if self.mon:
            self.mon.stop()
            self.mon = None
        for s in list(self.sniffers) + list(self.senders.values()):
            s.close()
        self.sniffers, self.senders = {}, {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def flush_conntrack(self):
        try:
            ct_flush(self.topo.host)
        except TopologyError:
            nsexec(self.topo.host, ["conntrack", "-F"], check=False)

    def _frame(self, in_iface, data):
        """An Ethernet frame for the IP datagram data, from the peer of
        in_iface to the host (or on the host's lo when in_iface is None)."""
        et = b"\x86\xdd" if data[0] >> 4 == 6 else b"\x08\x00"
        if in_iface is None:
            return b"\0" * 12 + et
        mac = lambda m: bytes(int(x, 16) for x in m.split(":"))  # noqa: E731
        return mac(self.topo.host_mac[in_iface]) + mac(self.topo.peer_mac[in_iface]) + et

    def _send_fence(self, in_iface):
        try:
            self.senders[in_iface].send(self._frame(in_iface, FENCE) + FENCE)
        except OSError as e:
            raise TopologyError("cannot send the fence packet: %s" % e)

    def _fence_seen(self, lines):
        probe = "# handle %d " % self.handles["probe"]
        return any(" iptsimtrace pre rule " in l and probe in l for l in lines)

    def _drain(self):
        got = []
        for s, where in self.sniffers.items():
            while True:
                try:
                    frame, addr = s.recvfrom(65535)
                except BlockingIOError:
                    break
                if addr[2] != PACKET_OUTGOING:
                    continue
                d = parse_frame(frame)
                if d:
                    got.append((where, d))
        return got

    def send(self, pkt, data, local, in_iface, marker):
        """Sends one test packet (bytes `data`, ipt-sim's JSON packet `pkt`)
        and returns what the kernel did with it (a KernelRun)."""
        H = self.topo.host
        fam = 6 if pkt["family"] == "ipv6" else 4
        proto = proto_num(pkt["proto"])
        kr = KernelRun()
        if not local and in_iface not in self.senders:
            raise TopologyError("no interface %s in the topology" % in_iface)
        self._drain()
        start = self.mon.count()
        if local:
            # through the host's own output path
            err = send_raw(H, data, fam, pkt["dst"], pkt.get("mark") or 0)
        else:
            # the peer has no addresses: the frame goes straight to the host
            try:
                self.senders[in_iface].send(self._frame(in_iface, data) + data)
                err = None
            except OSError as e:
                err = str(e)
        if err:
            kr.notes.append("sending from the %s: %s" % ("host" if local else "peer of " + in_iface, err))
        self._send_fence(None if local else in_iface)
        if not self.mon.wait_for(start, self._fence_seen, FENCE_TIMEOUT):
            raise TopologyError("the fence packet after the test packet was not traced")
        lines = self.mon.since(start)
        # a packet whose trace did not end (no *_end chain, no drop) may be
        # still on its way on another CPU: give it a moment
        if not self._trace_done(lines, marker):
            time.sleep(0.05)
            lines = self.mon.since(start)
        frames = self._drain()
        # the packet itself carries the marker outside (an ICMP error that
        # answers it carries it inside, quoted)
        captured = [(w, d) for w, d in frames if d["marker"] == marker and d["proto"] == proto]
        answers = [(w, d) for w, d in frames if (w, d) not in captured]
        self._interpret(kr, lines, marker, pkt, fam, local, in_iface, captured, answers)
        return kr

    def _trace_ids(self, parsed, marker):
        ids = []
        first_pkt = {}
        for tid, kind, data in parsed:
            if kind == "packet" and tid not in first_pkt:
                first_pkt[tid] = data
            if (kind == "trace" and data[0] == "iptsimtrace" and data[1] in ("pre", "out")
                    and data[3] in self.handles["mark"] and tid not in ids
                    and first_pkt.get(tid, {}).get("MARKER", marker) == marker):
                ids.append(tid)
        return ids

    def _trace_done(self, lines, marker):
        parsed = parse_trace(lines)
        ids = self._trace_ids(parsed, marker)
        for tid, kind, data in parsed:
            if tid in ids and kind == "trace":
                if data[0] == "iptsimtrace" and data[1] in ("in_end", "post_end"):
                    return True
                if data[0] != "iptsimtrace" and data[4] == "DROP":
                    return True
        return False

    def _interpret(self, kr, lines, marker, pkt, fam, local, in_iface, captured, answers):
        parsed = parse_trace(lines)
        ids = self._trace_ids(parsed, marker)
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
            table, chain, ty, handle, verdict, target, tfam = data
            if table == "iptsimtrace":
                if ty == "rule" and chain.endswith("_end"):
                    reached[chain] = last_pkt
                continue
            ev = {"family": tfam, "table": table, "chain": chain, "type": ty, "target": None,
                  "pkt": last_pkt, "verdict": verdict}
            if ty == "rule":
                if handle is None:
                    kr.notes.append("unparsed trace line for %s %s: %s" % (table, chain, target))
                    continue
                c, p = self.positions.get((tfam, table, handle), (chain, None))
                if p is None:
                    kr.notes.append("handle %d of table %s %s not in the ruleset listing"
                                    % (handle, tfam, table))
                ev["rule"] = p
                if verdict in ("JUMP", "GOTO"):
                    ev["target"] = target
            else:
                ev["rule"] = self.counts.get((tfam, table, chain), 0) + 1
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
            kr.delivered = p
        elif cap:
            w, d = cap[0]
            f = {"kind": "output" if local else "forward", "out": w, "src": d["src"], "dst": d["dst"]}
            if "sport" in d:
                f["sport"], f["dport"] = d["sport"], d["dport"]
            kr.left = (w, d)
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
                    kr.notes.append("the packet left through POSTROUTING but was not seen "
                                    "leaving any interface")
                elif last_v not in ("DROP", None):
                    kr.notes.append("the trace ends without a DROP verdict (a routing drop)")
        kr.fate = f


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
