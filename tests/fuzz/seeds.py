#!/usr/bin/env python3
"""Writes the seed inputs of one libFuzzer target into a directory.

usage: seeds.py TARGET OUTDIR REPO_ROOT

Each target gets inputs in its own format (see the target's header comment):
  fuzz_iptables_save  *.rules of fixtures/, tests/golden/ and, when present,
                      ../shared/corpus (under 200 KiB each)
  fuzz_pkt_spec       every --pkt argument of tests/golden/cases/*.cmd and
                      every pkt: line of fixtures/scenarios/*.scn
  fuzz_host           the example of docs/host-file.md, the host options of
                      the golden cases and scenarios (as --iface/--route/--sysctl
                      lines), and every --host file they name
  fuzz_ipset          the ipset save files of ../shared/corpus (MANIFEST.tsv kind
                      ipset) and a built-in example of the common set types
  fuzz_trace          each golden trace case and scenario, as
                      DUMP + "%%" + host statements + packets (dumps under 16 KiB,
                      the -max_len run.sh passes)
  fuzz_nft            fixtures/nft/*.nft and the nft files of ../shared/corpus
                      (under 16 KiB each)
  fuzz_nft_json       fixtures/nft/*.json and the nft-json files of
                      ../shared/corpus (under 16 KiB each)
Seeds are only a start: the fuzzer mutates them.
"""
import glob
import hashlib
import os
import re
import shlex
import sys

MAX_LEN = 16384


def golden_cmds(root):
    for path in sorted(glob.glob(os.path.join(root, "tests/golden/cases/*.cmd"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            try:
                yield shlex.split(f.read())
            except ValueError:
                continue


def scenarios(root):
    """(dump paths, host option words, packet specs) of each .scn file."""
    for path in sorted(glob.glob(os.path.join(root, "fixtures/scenarios/*.scn"))):
        dumps, host, pkts = [], [], []
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, val = line.partition(":")
                val = val.strip()
                if key == "dump":
                    dumps.append(val)
                elif key == "host":
                    try:
                        host += shlex.split(val)
                    except ValueError:
                        pass
                elif key == "pkt":
                    pkts.append(val)
        yield dumps, host, pkts


def options(argv):
    """The values of every --opt VALUE of a command line, by option."""
    out = {}
    for i, w in enumerate(argv[:-1]):
        if w.startswith("--"):
            out.setdefault(w, []).append(argv[i + 1])
    return out


def host_lines(words):
    """--iface X --route Y --sysctl Z as the option lines fuzz_host reads."""
    o = options(words)
    lines = []
    for opt in ("--iface", "--route", "--sysctl"):
        lines += [f"{opt} {v}" for v in o.get(opt, [])]
    return lines


def host_statements(words):
    """The same as host-file statements (fuzz_trace reads these)."""
    o = options(words)
    lines = []
    for spec in o.get("--iface", []):
        for item in spec.split(","):
            name, _, addrs = item.partition("=")
            lines.append(("iface " + name + " " + addrs.replace("+", " ")).strip())
    lines += ["route " + v for v in o.get("--route", [])]
    lines += ["sysctl " + v for v in o.get("--sysctl", [])]
    return lines


def read(root, rel):
    path = rel if os.path.isabs(rel) else os.path.join(root, rel)
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def with_defaults(spec, o):
    """A --pkt spec with the packet options of the command line added."""
    words = []
    for opt, key in (("--in", "in"), ("--state", "state"), ("--flags", "flags"),
                     ("--mark", "mark"), ("--ttl", "ttl"), ("--len", "len"),
                     ("--icmp-type", "icmp-type")):
        words += [f"{key}={v}" for v in o.get(opt, [])]
    return " ".join([spec] + words)


def seeds(target, root):
    if target == "fuzz_iptables_save":
        dirs = [os.path.join(root, "fixtures"), os.path.join(root, "tests/golden"),
                os.path.join(root, "../shared/corpus")]
        for d in dirs:
            for path in sorted(glob.glob(os.path.join(d, "**/*.rules"), recursive=True)):
                if os.path.getsize(path) < 200 * 1024:
                    yield read(root, path)
    elif target == "fuzz_pkt_spec":
        for argv in golden_cmds(root):
            o = options(argv)
            for spec in o.get("--pkt", []):
                yield spec.encode()
                yield with_defaults(spec, o).encode()
        for _, _, pkts in scenarios(root):
            for p in pkts:
                yield p.encode()
        yield b"tcp:[2001:db8::1]:40000->[2001:db8::2]:443 in=eth0 flags=SYN,ACK oow"
        yield b"icmp:10.0.0.1->10.0.0.2 local icmp-type=8 ttl=1 len=1500 mark=0xffffffff"
    elif target == "fuzz_host":
        doc = read(root, "docs/host-file.md") or b""
        for block in re.findall(rb"```\n(.*?)```", doc, re.S):
            yield block
        for argv in golden_cmds(root):
            lines = host_lines(argv)
            if lines:
                yield "\n".join(lines).encode() + b"\n"
            for hf in options(argv).get("--host", []):
                data = read(root, hf)
                if data:
                    yield data
        for _, host, _ in scenarios(root):
            if host:
                yield "\n".join(host_lines(host)).encode() + b"\n"
    elif target == "fuzz_trace":
        cases = []
        for argv in golden_cmds(root):
            if not argv or argv[0] != "trace":
                continue
            o = options(argv)
            host = host_statements(argv)
            for hf in o.get("--host", []):
                data = read(root, hf)
                if data:
                    host += data.decode(errors="replace").splitlines()
            pkts = []
            for i, w in enumerate(argv):
                if w == "--pkt" and i + 1 < len(argv):
                    pkts.append(with_defaults(argv[i + 1], o))
                elif w == "--reply":
                    pkts.append("reply")
            cases.append((o.get("--dump", [])[:1], host, pkts))
        for dumps, host, pkts in scenarios(root):
            cases.append((dumps[:1], host_statements(host), pkts))
        for dumps, host, pkts in cases:
            if not dumps:
                continue
            dump = read(root, dumps[0])
            if dump is None:
                continue
            tail = "\n".join(host + pkts[:4]).encode() + b"\n"
            data = dump + (b"" if dump.endswith(b"\n") else b"\n") + b"%%\n" + tail
            if len(data) <= MAX_LEN:
                yield data
    elif target == "fuzz_ipset":
        manifest = os.path.join(root, "../shared/corpus/MANIFEST.tsv")
        if os.path.exists(manifest):
            with open(manifest, encoding="utf-8", errors="replace") as f:
                for line in f:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) > 1 and cols[1] == "ipset":
                        data = read(root, os.path.join(root, "../shared/corpus", cols[0]))
                        if data and len(data) <= MAX_LEN:
                            yield data
        yield (b"create blocked hash:ip family inet hashsize 1024 maxelem 65536\n"
               b"add blocked 192.0.2.1\nadd blocked 198.51.100.7 timeout 300\n"
               b"create nets hash:net family inet6 hashsize 64 maxelem 1024\n"
               b"add nets 2001:db8::/32\nadd nets 2001:db8:1::/48 nomatch\n"
               b"create svc hash:ip,port family inet\nadd svc 10.0.0.1,tcp:443\n"
               b"create mix list:set size 8\nadd mix blocked\n"
               b"create marks hash:ip,mark family inet\nadd marks 10.0.0.1,0x7\n")
    elif target == "fuzz_nft_json":
        # fixtures/nft/*.json and the nft-json files of ../shared/corpus
        paths = sorted(glob.glob(os.path.join(root, "fixtures/nft/*.json")))
        manifest = os.path.join(root, "../shared/corpus/MANIFEST.tsv")
        if os.path.exists(manifest):
            with open(manifest, encoding="utf-8", errors="replace") as f:
                for line in f:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) > 1 and cols[1] == "nft-json":
                        paths.append(os.path.join(root, "../shared/corpus", cols[0]))
        for p in paths:
            data = read(root, p)
            if data and len(data) <= MAX_LEN:
                yield data
    elif target == "fuzz_nft":
        # fixtures/nft/*.nft and the nft files of ../shared/corpus
        paths = sorted(glob.glob(os.path.join(root, "fixtures/nft/*.nft")))
        manifest = os.path.join(root, "../shared/corpus/MANIFEST.tsv")
        if os.path.exists(manifest):
            with open(manifest, encoding="utf-8", errors="replace") as f:
                for line in f:
                    cols = line.rstrip("\n").split("\t")
                    if len(cols) > 1 and cols[1] == "nft":
                        paths.append(os.path.join(root, "../shared/corpus", cols[0]))
        for p in paths:
            data = read(root, p)
            if data and len(data) <= MAX_LEN:
                yield data
    else:
        # a target this script does not know yet: its regressions and the
        # fuzzer's own mutations are all it gets
        print(f"seeds.py: no seeds for {target} (add them here)", file=sys.stderr)


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    target, outdir, root = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for data in seeds(target, root):
        if not data:
            continue
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        n += 1
    print(f"{target}: {n} seeds")


if __name__ == "__main__":
    main()
