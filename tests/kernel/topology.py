"""
topology.py - throw-away network namespaces shaped like the host ipt-sim
simulates.

From ipt-sim's host options (--iface NAME=ADDR/LEN[+ADDR/LEN...], --route
'PREFIX|default [via GW] dev IFACE', --sysctl KEY=VALUE) this builds:

  * a host namespace H holding one veth end per interface, named like the
    interface, with its addresses, the routes, and the sysctls;
  * per interface a peer namespace holding the other veth end ("peer").
    The peer has no address at all and does not forward (IPv6 is off in
    it): it never answers anything, so nothing it does can change the
    host's conntrack table. The test packets from the peer are whole
    Ethernet frames to the host's MAC (kernel.py), and what the host sends
    is captured on the host's side of the veth.
  * the host reaches everything on a peer's side through static neighbour
    entries with the peer's MAC: for a "peer address" in each of the
    interface's subnets (the first free host address: 2.2.2.2/24 ->
    2.2.2.1, 172.17.0.1/16 -> 172.17.0.2), for each route's gateway, and
    (add_neighbours) for every on-link address a packet goes to; so no
    ARP/NDP answer is ever needed.

Differences from the literal host options, all so that packets leave the
host where they should:
  * a route without "via" to a prefix that is not on-link gets "via <peer
    address>";
  * net.ipv4.ip_forward and net.ipv6.conf.all.forwarding default to 1, as in
    ipt-sim (a fresh namespace would have 0);
  * DAD is off (IPv6 addresses usable at once).

Cost: a topology is two `ip -batch` commands (every namespace; the host's
links, addresses, neighbours and routes); sysctls are written to
/proc/sys and the peers' links brought up from this process.

Safety: every command runs inside a namespace this module created (`ip -n
NS ...`, or a child that joins the namespace with setns() before exec);
nothing touches the caller's own namespace. Every namespace is registered
before it is created and deleted at exit, on SIGTERM/SIGINT/SIGHUP, and by
cleanup_stale() in a later run if this process was killed. Every
subprocess has a timeout.
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
import socket
import struct
import subprocess

PREFIX = "iptsim-test-kd"  # + <pid>-<rand>-<role>
CMD_TIMEOUT = 15

_created = []  # namespace names this process created (or is creating)


class TopologyError(Exception):
    pass


def run(args, timeout=CMD_TIMEOUT, input=None, check=True, preexec_fn=None):
    """Runs a command with a timeout; returns CompletedProcess (text)."""
    try:
        p = subprocess.run(args, input=input, capture_output=True, text=True, timeout=timeout,
                           preexec_fn=preexec_fn)
    except subprocess.TimeoutExpired:
        raise TopologyError("timed out after %ss: %s" % (timeout, shlex.join(args)))
    if check and p.returncode != 0:
        raise TopologyError("%s: exit %d: %s" % (shlex.join(args), p.returncode,
                                                  (p.stderr or p.stdout).strip()))
    return p


def _enter_ns(path):
    """preexec_fn: the child joins the network namespace at path (cheaper
    than `ip netns exec`, which also sets up a mount namespace)."""
    def setup():
        fd = os.open(path, os.O_RDONLY)
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            os._exit(71)
        os.close(fd)
    return setup


def nsexec(ns, args, **kw):
    """Runs a command inside namespace ns, one this module created."""
    if ns not in _created:
        raise TopologyError("refusing to run in a namespace not created here: " + ns)
    return run(list(args), preexec_fn=_enter_ns("/run/netns/" + ns), **kw)


# ---- namespace bookkeeping ----

def _delete_ns(name):
    try:
        subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=CMD_TIMEOUT)
    except Exception:
        pass


def _delete_many(names):
    """Deletes namespaces with one command (one at a time when that fails)."""
    if not names:
        return
    try:
        p = subprocess.run(["ip", "-force", "-batch", "-"], capture_output=True, timeout=CMD_TIMEOUT,
                           input="".join("netns del %s\n" % n for n in names).encode())
        if p.returncode == 0:
            return
    except Exception:
        pass
    for n in names:
        _delete_ns(n)


def cleanup_all():
    names = list(_created)
    del _created[:]
    _delete_many(names)


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


ANY = {4: "0.0.0.0/0", 6: "::/0"}



def ns_name(role):
    return "%s%d-%06x-%s" % (PREFIX, os.getpid(), random.getrandbits(24), role)


def write_sysctls(ns, settings, check=False):
    """KEY=VALUE settings written to /proc/sys inside namespace ns (the
    net.* entries belong to the namespace of the thread that opens them)."""
    with in_netns(ns):
        for kv in settings:
            k, _, v = kv.partition("=")
            path = "/proc/sys/" + k.replace(".", "/")
            try:
                with open(path, "w") as f:
                    f.write(v)
            except OSError as e:
                if check:
                    raise TopologyError("sysctl %s: %s" % (kv, e.strerror))


def link_up(ns, ifname):
    """ip link set IFNAME up, inside namespace ns, without a command."""
    import fcntl
    with in_netns(ns):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    try:
        req = struct.pack("16sH22x", ifname.encode(), 0)
        flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, req)[:18])[1]  # SIOCGIFFLAGS
        fcntl.ioctl(s, 0x8914, struct.pack("16sH22x", ifname.encode(), flags | 1))  # IFF_UP
    except OSError as e:
        raise TopologyError("cannot bring %s up in %s: %s" % (ifname, ns, e))
    finally:
        s.close()


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
    install_cleanup()
    ns = ns_name("probe")
    _created.append(ns)
    try:
        run(["ip", "netns", "add", ns])
    except Exception as e:
        return "cannot create a network namespace (%s)" % e
    finally:
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

    def __init__(self, spec, neighbours=()):
        self.spec = spec
        self.neighbours = list(neighbours)  # addresses for add_neighbours, at build
        self.host = None
        self.peers = {}      # iface -> peer namespace
        self.peer_addrs = {}  # iface -> [addresses reached through the peer]
        self.peer_if = "peer"
        self.peer_mac = {}    # iface -> MAC of its peer end
        self.host_mac = {}    # iface -> MAC of the host's end

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
        names = [n for n in list(self.peers.values()) + ([self.host] if self.host else [])
                 if n in _created]
        for n in names:
            _created.remove(n)
        _delete_many(names)
        self.peers = {}
        self.host = None

    def build(self):
        """Two commands: `ip -batch` creating every namespace, and one
        `ip -n H -batch` for the host; sysctls are written to /proc/sys and
        the peers' links brought up from this process."""
        s = self.spec
        install_cleanup()
        names = [ns_name("h")] + [ns_name("p%d" % i) for i in range(len(s.ifaces))]
        _created.extend(names)
        run(["ip", "-batch", "-"], input="".join("netns add %s\n" % n for n in names))
        H = self.host = names[0]
        for i, (name, _) in enumerate(s.ifaces):
            self.peers[name] = names[i + 1]
        write_sysctls(H, ["net.ipv6.conf.all.accept_dad=0",
                          "net.ipv6.conf.default.accept_dad=0"], check=True)
        hcmd = ["link set lo up"]
        all_host = {a.ip for _, addrs in s.ifaces for a in addrs}
        for i, (name, addrs) in enumerate(s.ifaces):
            P = self.peers[name]
            # no IPv6 in the peer: no link-local address, no router
            # solicitations; the peer has no IPv4 address and does not
            # forward either, so it drops what it receives, silently
            write_sysctls(P, ["net.ipv6.conf.all.disable_ipv6=1",
                              "net.ipv6.conf.default.disable_ipv6=1"], check=True)
            hmac = "02:00:00:%02x:%02x:01" % (i >> 8, i & 0xFF)
            pmac = "02:00:00:%02x:%02x:02" % (i >> 8, i & 0xFF)
            self.peer_mac[name], self.host_mac[name] = pmac, hmac
            hcmd.append("link add %s address %s type veth peer name %s address %s netns %s"
                        % (name, hmac, self.peer_if, pmac, P))
            for a in addrs:
                hcmd.append("addr add %s dev %s%s" % (a, name, " nodad" if a.version == 6 else ""))
            hcmd.append("link set %s up" % name)
            mine = []
            for a in addrs:
                pa = peer_address(a, all_host | set(mine))
                if pa is not None:
                    mine.append(pa)
                    hcmd.append("neigh replace %s lladdr %s dev %s nud permanent"
                                % (pa, pmac, name))
            self.peer_addrs[name] = mine
        for prefix, gw, dev, fam in s.routes:
            # batch lines take no -4/-6: the prefix says the family
            dst = ANY[fam] if prefix == "default" else prefix
            if dev not in self.peers:
                raise TopologyError("route via unknown interface %s" % dev)
            if gw:
                g = ipaddress.ip_address(gw)
                if g not in self.peer_addrs[dev]:
                    self.peer_addrs[dev].append(g)
                    hcmd.append("neigh replace %s lladdr %s dev %s nud permanent"
                                % (g, self.peer_mac[dev], dev))
                onlink = "" if any(g in a.network for a in (s.iface(dev) or [])) else " onlink"
                hcmd.append("route replace %s via %s dev %s%s" % (dst, gw, dev, onlink))
            else:
                onlink = prefix != "default" and any(
                    ipaddress.ip_network(prefix, strict=False).subnet_of(a.network)
                    for a in (s.iface(dev) or []) if a.version == fam)
                peer = [p for p in self.peer_addrs[dev] if p.version == fam]
                if onlink or not peer:
                    hcmd.append("route replace %s dev %s" % (dst, dev))
                else:
                    hcmd.append("route replace %s via %s dev %s" % (dst, peer[0], dev))
        hcmd += self._neighbour_cmds(self.neighbours)
        run(["ip", "-n", H, "-batch", "-"], input="".join(c + "\n" for c in hcmd))
        for P in self.peers.values():
            link_up(P, self.peer_if)

    def add_neighbours(self, addresses):
        """Makes the host send frames for these addresses (when on-link on
        some interface) straight to that interface's peer, so the frames
        leave without ARP/NDP answers from an address the peer does not
        own. One command for all of them."""
        cmds = self._neighbour_cmds(addresses)
        if cmds:
            run(["ip", "-n", self.host, "-batch", "-"], input="".join(c + "\n" for c in cmds))

    def _neighbour_cmds(self, addresses):
        cmds = []
        for a in addresses:
            try:
                ip = ipaddress.ip_address(a)
            except ValueError:
                continue
            for name, addrs in self.spec.ifaces:
                if any(ip in x.network and ip != x.ip for x in addrs) and name in self.peer_mac:
                    cmds.append("neigh replace %s lladdr %s dev %s nud permanent"
                                % (ip, self.peer_mac[name], name))
        return cmds

    def set_sysctls(self):
        """After the rules are loaded (conntrack sysctls exist only then)."""
        keys = {kv.split("=", 1)[0] for kv in self.spec.sysctls}
        todo = list(self.spec.sysctls)
        if "net.ipv4.ip_forward" not in keys:
            todo.insert(0, "net.ipv4.ip_forward=1")
        if "net.ipv6.conf.all.forwarding" not in keys:
            todo.insert(0, "net.ipv6.conf.all.forwarding=1")
        out = []
        for kv in todo:
            k, _, v = kv.partition("=")
            names = [k]
            if "*" in k:
                names = [k.replace("*", n) for n in ["all", "default"] + [i for i, _ in self.spec.ifaces]]
            out += ["%s=%s" % (n, v) for n in names]
        write_sysctls(self.host, out, check=True)

    def load(self, dump_path, family):
        """Loads a dump into the host: an nft ruleset (`nft list ruleset`
        output or an nft script) with `nft -f`, an iptables-save dump with
        iptables-restore (ip6tables-restore for family 6, or when the dump
        says it comes from ip6tables-save)."""
        with open(dump_path) as f:
            text = f.read()
        if is_nft_ruleset(text):
            nsexec(self.host, ["nft", "-f", "-"], input=text)
            return
        v6 = family == 6 or text.lstrip().startswith("# Generated by ip6tables-save")
        nsexec(self.host, ["ip6tables-restore" if v6 else "iptables-restore"], input=text)


NFT_WORDS = ("table ", "flush ", "define ", "include ", "add ", "insert ", "delete ",
             "destroy ", "create ", "#!")


def is_nft_ruleset(text):
    """Whether a dump is nft's (as ipt-sim's dump_detect decides): the first
    line that is not blank or a comment starts with an nft command word."""
    for line in text.splitlines():
        s = line.strip()
        if not s or (s.startswith("#") and not s.startswith("#!")):
            continue
        return s.startswith(NFT_WORDS)
    return False
