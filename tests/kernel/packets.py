"""
packets.py - building the test packet and recognising it (and the answers
to it) on the wire. Standard library only: the packets are simple, and the
harness then also runs under an interpreter without scapy.

The packet is ipt-sim's own description of it (the "packet" object of
`ipt-sim trace --format json`: addresses, ports, flags, ttl, len), so both
sides see the same bytes. A marker identifies it across NAT: the IPv4 ID,
or the IPv6 flow label.
"""

import ipaddress
import socket
import struct

TCP_FLAGS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20,
             "ECE": 0x40, "CWR": 0x80}
PROTO_NUM = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58}

ICMP4_REJECT = {(3, 0): "icmp-net-unreachable", (3, 1): "icmp-host-unreachable",
                (3, 2): "icmp-proto-unreachable", (3, 3): "icmp-port-unreachable",
                (3, 9): "icmp-net-prohibited", (3, 10): "icmp-host-prohibited",
                (3, 13): "icmp-admin-prohibited"}
ICMP6_REJECT = {(1, 0): "icmp6-no-route", (1, 1): "icmp6-adm-prohibited",
                (1, 2): "icmp6-not-neighbour", (1, 3): "icmp6-addr-unreachable",
                (1, 4): "icmp6-port-unreachable", (1, 5): "icmp6-policy-fail",
                (1, 6): "icmp6-reject-route"}


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return (~s) & 0xFFFF


def proto_num(p):
    return PROTO_NUM[p] if isinstance(p, str) else int(p)


def build(pkt, marker, seq=1000, ack=None, icmp_id=None, quote=None):
    """pkt: ipt-sim's JSON packet. Returns the IP datagram (bytes).

    seq/ack: the TCP sequence and acknowledgement numbers (ack None: 1 when
    the ACK flag is set, else 0); icmp_id: the ICMP echo identifier
    (default: the marker); quote: for an ICMP error, the datagram it quotes
    (its IP header and first 8 bytes of payload are carried)."""
    v6 = pkt["family"] == "ipv6"
    proto = proto_num(pkt["proto"])
    src = ipaddress.ip_address(pkt["src"]).packed
    dst = ipaddress.ip_address(pkt["dst"]).packed
    iphl = 40 if v6 else 20
    total = max(int(pkt.get("len") or 0), 0)
    if proto == 6:
        flags = 0
        for f in (pkt.get("flags") or "").split(","):
            flags |= TCP_FLAGS.get(f, 0)
        room = total - iphl - 20
        optlen = min(40, max(0, room)) // 4 * 4 if flags & TCP_FLAGS["SYN"] else 0
        opts = b""
        if optlen >= 4:
            opts = struct.pack("!BBH", 2, 4, 1460)  # MSS
        opts += b"\x01" * (optlen - len(opts))      # NOPs
        payload = b"\0" * max(0, total - iphl - 20 - optlen)
        if ack is None or not flags & TCP_FLAGS["ACK"]:
            ack = 1 if flags & TCP_FLAGS["ACK"] else 0
        l4 = struct.pack("!HHIIBBHHH", pkt["sport"], pkt["dport"], seq & 0xFFFFFFFF,
                         ack & 0xFFFFFFFF,
                         ((20 + optlen) // 4) << 4, flags, 65535, 0, 0) + opts + payload
        co = 16
    elif proto == 17:
        payload = b"\0" * max(0, total - iphl - 8)
        l4 = struct.pack("!HHHH", pkt["sport"], pkt["dport"], 8 + len(payload), 0) + payload
        co = 6
    elif proto in (1, 58):
        if quote is not None:
            qlen = (quote[0] & 15) * 4 + 8 if not v6 else 48
            payload = quote[:qlen]
            rest = 0
        else:
            payload = b"\0" * max(0, total - iphl - 8)
            rest = (((marker if icmp_id is None else icmp_id) & 0xFFFF) << 16) | 1
        l4 = struct.pack("!BBHI", pkt.get("icmp_type", 8), pkt.get("icmp_code", 0), 0,
                         rest) + payload
        co = 2
    else:
        l4 = b"\0" * max(0, total - iphl)
        co = None
    if co is not None:
        if v6:
            ph = src + dst + struct.pack("!IxxxB", len(l4), proto)
        else:
            ph = src + dst + struct.pack("!BBH", 0, proto, len(l4))
        c = csum((ph if proto != 1 else b"") + l4)
        if proto == 17 and c == 0:
            c = 0xFFFF
        l4 = l4[:co] + struct.pack("!H", c) + l4[co + 2:]
    ttl = int(pkt.get("ttl") or 64)
    if v6:
        return struct.pack("!IHBB16s16s", (6 << 28) | (marker & 0xFFFFF), len(l4), proto, ttl,
                           src, dst) + l4
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), marker & 0xFFFF, 0, ttl, proto, 0,
                      src, dst)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + l4


def parse_ip(b):
    """A dict for an IP datagram (or None): family, proto, src, dst, marker,
    sport, dport, flags, icmp_type, icmp_code, inner (quoted datagram)."""
    if len(b) < 20:
        return None
    ver = b[0] >> 4
    if ver == 4:
        ihl = (b[0] & 15) * 4
        d = {"family": 4, "proto": b[9], "src": socket.inet_ntop(socket.AF_INET, b[12:16]),
             "dst": socket.inet_ntop(socket.AF_INET, b[16:20]),
             "marker": struct.unpack("!H", b[4:6])[0], "ttl": b[8]}
        l4 = b[ihl:]
    elif ver == 6 and len(b) >= 40:
        d = {"family": 6, "proto": b[6], "src": socket.inet_ntop(socket.AF_INET6, b[8:24]),
             "dst": socket.inet_ntop(socket.AF_INET6, b[24:40]),
             "marker": struct.unpack("!I", b[0:4])[0] & 0xFFFFF, "ttl": b[7]}
        l4 = b[40:]
    else:
        return None
    p = d["proto"]
    if p in (6, 17) and len(l4) >= 4:
        d["sport"], d["dport"] = struct.unpack("!HH", l4[:4])
        if p == 6 and len(l4) >= 14:
            d["flags"] = l4[13]
            d["seq"], d["ack"] = struct.unpack("!II", l4[4:12])
    elif p in (1, 58) and len(l4) >= 4:
        d["icmp_type"], d["icmp_code"] = l4[0], l4[1]
        if len(l4) >= 6:
            d["icmp_id"] = struct.unpack("!H", l4[4:6])[0]
        if (p == 1 and l4[0] in (3, 4, 5, 11, 12)) or (p == 58 and l4[0] < 128):
            d["inner"] = parse_ip(l4[8:])
    return d


def parse_frame(frame):
    """An Ethernet frame (or a loopback one) -> parse_ip of its payload."""
    if len(frame) < 14:
        return None
    et = struct.unpack("!H", frame[12:14])[0]
    if et in (0x0800, 0x86DD):
        d = parse_ip(frame[14:])
        if d:
            d["raw"] = bytes(frame[14:])
        return d
    return None


def tcp_payload_len(pkt):
    """The number of TCP payload bytes build() puts in ipt-sim's packet."""
    iphl = 40 if pkt["family"] == "ipv6" else 20
    total = max(int(pkt.get("len") or 0), 0)
    syn = "SYN" in (pkt.get("flags") or "").split(",")
    optlen = min(40, max(0, total - iphl - 20)) // 4 * 4 if syn else 0
    return max(0, total - iphl - 20 - optlen)


def describe(d):
    if not d:
        return "?"
    name = {6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}.get(d["proto"], str(d["proto"]))
    if "sport" in d:
        return "%s %s:%d -> %s:%d" % (name, d["src"], d["sport"], d["dst"], d["dport"])
    return "%s %s -> %s" % (name, d["src"], d["dst"])
