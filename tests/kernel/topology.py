"""
topology.py - throw-away network namespaces shaped like the host ipt-sim
simulates.

From ipt-sim's host options (--iface NAME=ADDR/LEN[+ADDR/LEN...], --route
'PREFIX|default [via GW] dev IFACE', --sysctl KEY=VALUE) this builds:

  * a host namespace H holding one veth end per interface, named like the
    interface, with its addresses, the routes, and the sysctls;
  * per interface a peer namespace holding the other veth end ("peer"), with
    an address in each of the interface's subnets (the first free host
    address: 2.2.2.2/24 -> 2.2.2.1, 172.17.0.1/16 -> 172.17.0.2) and a
    default route back via the host. A route's gateway is added to the
    peer as well, so the next hop answers ARP.

Differences from the literal host options, all so that packets reach a peer
whose capture socket can see them:
  * a route without "via" to a prefix that is not on-link gets "via <peer>";
  * net.ipv4.ip_forward and net.ipv6.conf.all.forwarding default to 1, as in
    ipt-sim (a fresh namespace would have 0);
  * DAD is off (IPv6 addresses usable at once).

Safety: every command runs inside a namespace this module created (`ip
netns exec NS ...` or `ip -n NS ...`); nothing touches the caller's own
namespace. Every namespace is registered before it is created and deleted
at exit, on SIGTERM/SIGINT/SIGHUP, and by cleanup_stale() in a later run if
this process was killed. Every subprocess has a timeout.
"""

import atexit
import contextlib
import ctypes
import ipaddress
import os
import random
import re
import shlex
import signal
import subprocess
import sys

PREFIX = "iptsim-test-kd"  # + <pid>-<rand>-<role>
CMD_TIMEOUT = 15

_created = []  # namespace names this process created (or is creating)


class TopologyError(Exception):
    pass


def run(args, timeout=CMD_TIMEOUT, input=None, check=True):
    """Runs a command with a timeout; returns CompletedProcess (text)."""
    try:
        p = subprocess.run(args, input=input, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise TopologyError("timed out after %ss: %s" % (timeout, shlex.join(args)))
    if check and p.returncode != 0:
        raise TopologyError("%s: exit %d: %s" % (shlex.join(args), p.returncode,
                                                  (p.stderr or p.stdout).strip()))
    return p


def nsexec(ns, args, **kw):
    return run(["ip", "netns", "exec", ns] + list(args), **kw)


# ---- namespace bookkeeping ----

def _delete_ns(name):
    try:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=CMD_TIMEOUT)
    except Exception:
        pass


def cleanup_all():
    while _created:
        _delete_ns(_created.pop())


def _on_signal(signum, frame):
    cleanup_all()
    # default action afterwards (exit with the signal's status)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


_installed = False


def install_cleanup():
    global _installed
    if _installed:
        return
    _installed = True
    atexit.register(cleanup_all)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _on_signal)


def cleanup_stale():
    """Deletes namespaces left by earlier runs of this harness whose process
    is gone (killed by SIGKILL, e.g. a ctest timeout)."""
    try:
        out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True,
                             timeout=CMD_TIMEOUT).stdout
    except Exception:
        return
    for line in out.splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.match(re.escape(PREFIX) + r"(\d+)-", name)
        if not m:
            continue
        pid = int(m.group(1))
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        except PermissionError:
            alive = True
        if not alive:
            _delete_ns(name)


def new_ns(role):
    install_cleanup()
    name = "%s%d-%06x-%s" % (PREFIX, os.getpid(), random.getrandbits(24), role)
    _created.append(name)
    run(["ip", "netns", "add", name])
    nsexec(name, ["ip", "link", "set", "lo", "up"])
    return name


def del_ns(name):
    if name in _created:
        _created.remove(name)
    _delete_ns(name)


# ---- entering a namespace from this process (for sockets) ----

_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


@contextlib.contextmanager
def in_netns(name):
    """Switches this thread into namespace `name` (sockets created inside
    stay there) and back. Only namespaces this module created."""
    if name not in _created:
        raise TopologyError("refusing to enter a namespace not created here: " + name)
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        fd = os.open("/run/netns/" + name, os.O_RDONLY)
        try:
            if _libc.setns(fd, CLONE_NEWNET) != 0:
                e = ctypes.get_errno()
                raise OSError(e, "setns(%s): %s" % (name, os.strerror(e)))
        finally:
            os.close(fd)
        try:
            yield
        finally:
            if _libc.setns(home, CLONE_NEWNET) != 0:
                # cannot get back: never go on in the wrong namespace
                os._exit(70)
    finally:
        os.close(home)


def available():
    """None if namespaces can be used, else why not."""
    if os.geteuid() != 0:
        return "not root"
    for tool in ("ip", "iptables-restore", "ip6tables-restore", "xtables-monitor", "nft"):
        if not any(os.access(os.path.join(d, tool), os.X_OK)
                   for d in os.environ.get("PATH", "/usr/sbin:/usr/bin").split(":") + ["/usr/sbin", "/sbin"]):
            return "%s not found" % tool
    try:
        ns = new_ns("probe")
    except Exception as e:
        return "cannot create a network namespace (%s)" % e
    del_ns(ns)
    return None


# ---- host description ----

class HostSpec:
    def __init__(self):
        self.ifaces = []   # [(name, [ip_interface, ...])]
        self.routes = []   # [(prefix str or 'default', gw or None, dev, family)]
        self.sysctls = []  # ["k=v"]

    @staticmethod
    def parse(argv):
        """argv: ipt-sim host options as a list of words."""
        h = HostSpec()
        it = iter(argv)
        for w in it:
            key, eq, val = w.partition("=")
            if key in ("--iface", "--route", "--sysctl") and not eq:
                try:
                    val = next(it)
                except StopIteration:
                    raise TopologyError("%s needs a value" % key)
            if key == "--iface":
                name, eq2, addrs = val.partition("=")
                if not name or len(name) > 15:
                    raise TopologyError("bad interface name in --iface %s" % val)
                lst = [ipaddress.ip_interface(a) for a in addrs.split("+") if a] if eq2 else []
                h.ifaces.append((name, lst))
            elif key == "--route":
                ws = val.split()
                prefix, gw, dev = ws[0], None, None
                for i in range(1, len(ws) - 1):
                    if ws[i] == "via":
                        gw = ws[i + 1]
                    elif ws[i] == "dev":
                        dev = ws[i + 1]
                if not dev:
                    raise TopologyError("--route %s: needs dev IFACE" % val)
                if prefix == "default":
                    fam = 6 if gw and ":" in gw else 4
                else:
                    fam = ipaddress.ip_network(prefix, strict=False).version
                h.routes.append((prefix, gw, dev, fam))
            elif key == "--sysctl":
                h.sysctls.append(val)
            else:
                raise TopologyError("unknown host option %s" % w)
        return h

    def iface(self, name):
        for n, a in self.ifaces:
            if n == name:
                return a
        return None

    def to_args(self):
        a = []
        for n, addrs in self.ifaces:
            a += ["--iface", n + ("=" + "+".join(str(x) for x in addrs) if addrs else "")]
        for p, gw, dev, _ in self.routes:
            a += ["--route", p + (" via " + gw if gw else "") + " dev " + dev]
        for s in self.sysctls:
            a += ["--sysctl", s]
        return a


def peer_address(ifa, taken):
    """The first host address of ifa's subnet that is not taken."""
    net = ifa.network
    if net.prefixlen >= net.max_prefixlen - 1:
        cands = list(net) if net.prefixlen == net.max_prefixlen - 1 else []
    else:
        cands = net.hosts()
    for a in cands:
        if a not in taken:
            return a
        if net.num_addresses > 65536 and int(a) - int(net.network_address) > 1024:
            break
    return None


class Topology:
    """The host namespace and one peer namespace per interface."""

    def __init__(self, spec):
        self.spec = spec
        self.host = None
        self.peers = {}      # iface -> peer namespace
        self.peer_addrs = {}  # iface -> [ip addresses on the peer]
        self.peer_if = "peer"
        self.peer_mac = {}    # iface -> MAC of its peer end

    def __enter__(self):
        try:
            self.build()
        except BaseException:
            self.destroy()
            raise
        return self

    def __exit__(self, *exc):
        self.destroy()

    def destroy(self):
        for ns in list(self.peers.values()) + ([self.host] if self.host else []):
            del_ns(ns)
        self.peers = {}
        self.host = None

    def build(self):
        s = self.spec
        H = self.host = new_ns("h")
        for k in ("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"):
            nsexec(H, ["sysctl", "-qw", k], check=False)
        all_host = {a.ip for _, addrs in s.ifaces for a in addrs}
        for i, (name, addrs) in enumerate(s.ifaces):
            P = self.peers[name] = new_ns("p%d" % i)
            for k in ("net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                      "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0"):
                nsexec(P, ["sysctl", "-qw", k], check=False)
            nsexec(H, ["ip", "link", "add", name, "type", "veth", "peer", "name", self.peer_if,
                       "netns", P])
            for a in addrs:
                extra = ["nodad"] if a.version == 6 else []
                nsexec(H, ["ip", "addr", "add", str(a), "dev", name] + extra)
            nsexec(H, ["ip", "link", "set", name, "up"])
            nsexec(P, ["ip", "link", "set", self.peer_if, "up"])
            mine = []
            for a in addrs:
                pa = peer_address(a, all_host | set(mine))
                if pa is None:
                    continue
                mine.append(pa)
                extra = ["nodad"] if a.version == 6 else []
                nsexec(P, ["ip", "addr", "add", "%s/%d" % (pa, a.network.prefixlen), "dev",
                           self.peer_if] + extra)
            self.peer_addrs[name] = mine
            # static neighbours both ways: a ruleset that drops ICMPv6 (or a
            # peer that does not own an address) must not break NDP/ARP
            hmac, pmac = self.mac(H, name), self.mac(P, self.peer_if)
            self.peer_mac[name] = pmac
            for a in addrs:
                nsexec(P, ["ip", "neigh", "replace", str(a.ip), "lladdr", hmac, "dev",
                           self.peer_if, "nud", "permanent"])
            for pa in mine:
                nsexec(H, ["ip", "neigh", "replace", str(pa), "lladdr", pmac, "dev", name,
                           "nud", "permanent"])
            # default routes back via the host, one per family
            for fam in (4, 6):
                gws = [a for a in addrs if a.version == fam]
                if gws:
                    extra = [] if any(p.version == fam for p in mine) else ["onlink"]
                    nsexec(P, ["ip", "-%d" % fam, "route", "add", "default", "via",
                               str(gws[0].ip), "dev", self.peer_if] + extra)
        for prefix, gw, dev, fam in s.routes:
            if dev not in self.peers:
                raise TopologyError("route via unknown interface %s" % dev)
            if gw:
                g = ipaddress.ip_address(gw)
                if g not in self.peer_addrs[dev]:
                    plen = 128 if g.version == 6 else 32
                    nets = [a for a in (s.iface(dev) or []) if g in a.network]
                    if nets:
                        plen = nets[0].network.prefixlen
                    nsexec(self.peers[dev], ["ip", "addr", "add", "%s/%d" % (g, plen), "dev",
                                             self.peer_if] + (["nodad"] if g.version == 6 else []))
                    self.peer_addrs[dev].append(g)
                    nsexec(H, ["ip", "neigh", "replace", str(g), "lladdr", self.peer_mac[dev],
                               "dev", dev, "nud", "permanent"])
                nsexec(H, ["ip", "-%d" % fam, "route", "replace", prefix, "via", gw, "dev", dev]
                       + ([] if any(g in a.network for a in (s.iface(dev) or [])) else ["onlink"]))
            else:
                onlink = prefix != "default" and any(
                    ipaddress.ip_network(prefix, strict=False).subnet_of(a.network)
                    for a in (s.iface(dev) or []) if a.version == fam)
                peer = [p for p in self.peer_addrs[dev] if p.version == fam]
                if onlink or not peer:
                    nsexec(H, ["ip", "-%d" % fam, "route", "replace", prefix, "dev", dev])
                else:
                    nsexec(H, ["ip", "-%d" % fam, "route", "replace", prefix, "via",
                               str(peer[0]), "dev", dev])

    @staticmethod
    def mac(ns, dev):
        out = nsexec(ns, ["ip", "-o", "link", "show", "dev", dev]).stdout
        m = re.search(r"link/ether ([0-9a-f:]{17})", out)
        if not m:
            raise TopologyError("no MAC address on %s in %s" % (dev, ns))
        return m.group(1)

    def add_neighbours(self, addresses):
        """Makes the host send frames for these addresses (when on-link on
        some interface) straight to that interface's peer, so the peer's
        capture sees them without ARP/NDP answers from an address the peer
        does not own."""
        for a in addresses:
            try:
                ip = ipaddress.ip_address(a)
            except ValueError:
                continue
            for name, addrs in self.spec.ifaces:
                if any(ip in x.network and ip != x.ip for x in addrs) and name in self.peer_mac:
                    nsexec(self.host, ["ip", "neigh", "replace", str(ip), "lladdr",
                                       self.peer_mac[name], "dev", name, "nud", "permanent"])

    def set_sysctls(self):
        """After the rules are loaded (conntrack sysctls exist only then)."""
        keys = {kv.split("=", 1)[0] for kv in self.spec.sysctls}
        todo = list(self.spec.sysctls)
        if "net.ipv4.ip_forward" not in keys:
            todo.insert(0, "net.ipv4.ip_forward=1")
        if "net.ipv6.conf.all.forwarding" not in keys:
            todo.insert(0, "net.ipv6.conf.all.forwarding=1")
        for kv in todo:
            k, _, v = kv.partition("=")
            names = [k]
            if "*" in k:
                names = [k.replace("*", n) for n in ["all", "default"] + [i for i, _ in self.spec.ifaces]]
            for n in names:
                nsexec(self.host, ["sysctl", "-qw", "%s=%s" % (n, v)])

    def load(self, dump_path, family):
        tool = "ip6tables-restore" if family == 6 else "iptables-restore"
        with open(dump_path) as f:
            text = f.read()
        nsexec(self.host, [tool], input=text)
