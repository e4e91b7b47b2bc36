#!/usr/bin/env python3
"""Hostile input: every entry point of `ipt-sim show` and `ipt-sim trace`
refuses bad input cleanly, quickly and in bounded memory.

For each case an input is generated at test time (some are megabytes, none
is stored in the repository) and ipt-sim runs on it. The test asserts:

  - the exit status: 2 for input ipt-sim refuses, 0 for input the kernel
    accepts (a counter past 2^64-1, bad UTF-8 in a comment, a chain
    declared twice, a loop nothing jumps into);
  - the message: `FILE:LINE:COLUMN: error: ...` on the line the case names
    (for a file over --limit file-size, `FILE: error: ...`: no line is at
    fault), or the warning for accepted input;
  - it finished within 1 s: the child's own CPU time (user + system, from
    wait4()), because wall time on a shared 2-core CI machine measures the
    neighbours (load averages of 10 were seen); wall time is bounded too, at
    10 s, so that a hang or a sleep cannot pass. Both bounds are 10 times
    larger when ipt-sim is an AddressSanitizer build (detected from the
    binary, or IPTSIM_ASAN=1);
  - it ran in bounded memory: the address space is limited to 512 MiB
    (RLIMIT_AS) for a normal build; an ASan build reserves terabytes of
    shadow address space, so there the peak RSS reported by wait4() is
    checked against the same bound instead.

Run as root (with unshare and iptables-restore), each case marked
`kernel=True` is also loaded with iptables-restore in a throw-away network
namespace (`unshare -n`), and the kernel must agree: it refuses what ipt-sim
refuses and accepts what ipt-sim accepts. Cases too big for a quick kernel
load (10^5 chains) are checked by ipt-sim only. One case, a NUL byte, is
a deliberate difference: iptables-restore reads a line only up to a NUL
and loads what is left; ipt-sim refuses the file and says so.

usage: run.py --ipt-sim BUILD/ipt-sim [--only SUBSTRING] [--keep DIR]
Last line: "N passed, N failed, N skipped".
"""
import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MEM_LIMIT = 512 << 20
HDR = b"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"


def rules(*lines, commit=True):
    body = HDR + b"".join(line + b"\n" for line in lines)
    return body + (b"COMMIT\n" if commit else b"")


def chained_jumps(n, reachable=True):
    """Chain C0 jumps to C1, ..., C(n-2) to C(n-1); INPUT jumps to C0."""
    out = [HDR]
    out += [b":C%d - [0:0]\n" % i for i in range(n)]
    if reachable:
        out.append(b"-A INPUT -j C0\n")
    out += [b"-A C%d -j C%d\n" % (i, i + 1) for i in range(n - 1)]
    out.append(b"COMMIT\n")
    return b"".join(out)


def many_rules(n):
    return HDR + b"".join(b"-A INPUT -s 10.%d.%d.%d/32 -j ACCEPT\n" % (i >> 16 & 255, i >> 8 & 255, i & 255)
                          for i in range(n)) + b"COMMIT\n"


def many_chains(n):
    return HDR + b"".join(b":N%d - [0:0]\n" % i for i in range(n)) + b"COMMIT\n"


def many_tables(n):
    return b"".join(b"*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n" for _ in range(n))


def statistic_forks(n):
    return rules(*[b"-A INPUT -m statistic --mode random --probability 0.5 -j MARK --set-mark %d" % i
                   for i in range(n)])


# Each case: name, the input (bytes), the command, what must come out.
#   cmd:   "show" or ("trace", [packet args]), plus extra options in "opts"
#   rc:    the exit status
#   line:  the line the first error names (None: a file-level error)
#   msg:   a regex the first message must match
#   kernel: also load with iptables-restore in a namespace (root only)
#   stdin: feed the dump on standard input ("--dump -")
CASES = [
    dict(name="truncated-mid-line", data=HDR + b"-A INPUT -p tcp -m tcp --dport 22 -j ACC",
         rc=2, line=5, msg=r"chain 'ACC' does not exist", kernel=True),
    dict(name="truncated-mid-option", data=HDR + b"-A INPUT -p tcp -m tcp --dpo",
         rc=2, line=5, msg=r"--dpo", kernel=True),
    dict(name="truncated-mid-table", data=rules(b"-A INPUT -j ACCEPT") + b"*nat\n:PREROUTING ACCEPT [0:0]\n"
         b"-A PREROUTING -j ACCEPT\n", rc=2, line=7, msg=r"table nat has no COMMIT", kernel=True),
    dict(name="table-without-commit", data=rules(b"-A INPUT -j ACCEPT", commit=False),
         rc=2, line=1, msg=r"table filter has no COMMIT", kernel=True),
    dict(name="binary-garbage", data=random.Random(7).randbytes(3000), rc=2, line=1,
         msg=r"not a dump ipt-sim can read", kernel=True),
    dict(name="garbage-after-header", data=HDR + bytes(random.Random(8).randrange(32, 256) for _ in range(500))
         + b"\nCOMMIT\n", rc=2, line=5, msg=r"", kernel=True),
    dict(name="nul-byte", data=rules(b"-A INPUT -s 1.2.3.4\0 -j ACCEPT"), rc=2, line=5,
         msg=r"NUL byte", kernel=False),  # iptables-restore loads "-A INPUT -s 1.2.3.4"
    dict(name="crlf", data=rules(b"-A INPUT -j ACCEPT").replace(b"\n", b"\r\n"), rc=2, line=1,
         msg=r"carriage return", kernel=True),
    dict(name="huge-port", data=rules(b"-A INPUT -p tcp -m tcp --dport 99999999999999999999 -j ACCEPT"),
         rc=2, line=5, msg=r"port", kernel=True),
    dict(name="huge-port-range", data=rules(b"-A INPUT -p tcp -m multiport --dports 1:99999999999 -j ACCEPT"),
         rc=2, line=5, msg=r"", kernel=True),
    dict(name="huge-mask", data=rules(b"-A INPUT -s 10.0.0.0/99999999999999999999 -j ACCEPT"),
         rc=2, line=5, msg=r"prefix length|mask", kernel=True),
    dict(name="huge-counters", data=rules(b"[99999999999999999999:0] -A INPUT -j ACCEPT"),
         rc=0, line=5, msg=r"warning: counter past 2\^64-1", kernel=True),
    dict(name="huge-chain-counters", data=HDR.replace(b":INPUT ACCEPT [0:0]", b":INPUT ACCEPT [0:99999999999999999999]")
         + b"COMMIT\n", rc=0, line=2, msg=r"warning: counter past 2\^64-1", kernel=True),
    dict(name="huge-probability", data=rules(b"-A INPUT -m statistic --mode random --probability 99999999999999999999 -j ACCEPT"),
         rc=2, line=5, msg=r"probability", kernel=True),
    dict(name="huge-hashlimit-rate", data=rules(b"-A INPUT -m hashlimit --hashlimit-upto 99999999999999999999/sec "
                                                b"--hashlimit-name x -j ACCEPT"),
         rc=2, line=5, msg=r"rate", kernel=True),
    dict(name="huge-limit-burst", data=rules(b"-A INPUT -m limit --limit 1/sec --limit-burst 99999999999999999999 -j ACCEPT"),
         rc=2, line=5, msg=r"", kernel=True),
    dict(name="huge-mark", data=rules(b"-A INPUT -m mark --mark 0x1ffffffffffffffff -j ACCEPT"),
         rc=2, line=5, msg=r"", kernel=True),
    dict(name="bad-utf8-comment", data=rules(b'-A INPUT -m comment --comment "bad \xff\xfe utf8 \xc3\x28" -j ACCEPT'),
         rc=0, line=None, msg=None, kernel=True, json=True),
    dict(name="duplicate-chain", data=rules(b":X - [0:0]", b":X - [0:0]", b"-A INPUT -j X"),
         rc=0, line=None, msg=None, kernel=True),
    dict(name="self-jump", data=rules(b":X - [0:0]", b"-A X -j X", b"-A INPUT -j X"),
         rc=2, line=6, msg=r"chain loop X -> X", kernel=True),
    dict(name="self-jump-unreached", data=rules(b":X - [0:0]", b"-A X -j X"),
         rc=0, line=None, msg=None, kernel=True),
    # INPUT -> C0 is one deep, C15 sixteen: nf_tables refuses that jump,
    # the 16th jump line after the chain declarations
    dict(name="chained-jumps-20", data=chained_jumps(20), rc=2, line=4 + 20 + 16,
         msg=r"nests chain C15 16 deep", kernel=True),
    dict(name="chained-jumps-100000", data=lambda: chained_jumps(100000), rc=2, line=4 + 100000 + 16,
         msg=r"nests chain C15 16 deep", kernel=False),
    dict(name="chained-jumps-100000-trace", data=lambda: chained_jumps(100000), rc=2, line=4 + 100000 + 16,
         msg=r"16 deep", cmd=("trace", ["--pkt", "tcp:1.1.1.1->2.2.2.2:22 in=eth0"]), kernel=False),
    dict(name="chained-jumps-100000-unreached", data=lambda: chained_jumps(100000, reachable=False), rc=0,
         line=None, msg=None, kernel=False),
    dict(name="words-per-rule", data=rules(b"-A INPUT " + b"-m comment --comment x " * 62 + b"-j ACCEPT"),
         rc=2, line=5, msg=r"more than the 251 iptables-restore takes", kernel=True),
    dict(name="words-per-rule-251", data=rules(b"-A INPUT " + b"-m comment --comment x " * 61
                                               + b"! -i eth0 -j ACCEPT"),
         rc=0, line=None, msg=None, kernel=True),
    dict(name="matches-70", data=b"*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING " + b"-m rpfilter " * 70
         + b"-j ACCEPT\nCOMMIT\n", rc=0, line=None, msg=None, kernel=True),
    dict(name="line-2MiB", data=lambda: rules(b"-A INPUT -m comment --comment \"" + b"x" * (2 << 20) + b"\" -j ACCEPT"),
         rc=2, line=5, msg=r"line is \d+ bytes long, over the limit of 1048576", kernel=False),
    dict(name="line-64MiB-no-newline", data=lambda: HDR + b"-A INPUT " + b"y" * (64 << 20),
         rc=2, line=5, msg=r"line is \d+ bytes long", kernel=False),
    dict(name="file-size", data=lambda: many_rules(20000), opts=["--limit", "file-size=64K"], rc=2, line=None,
         msg=r"the file is \d+ bytes, over the limit of 65536", kernel=False),
    dict(name="file-size-stdin", data=lambda: many_rules(20000), opts=["--limit", "file-size=64K"],
         stdin=True, rc=2, line=lambda d: crossing_line(d, 65536), msg=r"goes on past 65536 bytes",
         kernel=False),
    dict(name="too-many-rules", data=lambda: many_rules(5000), opts=["--limit", "rules=1000"], rc=2,
         line=5 + 1000, msg=r"more than 1000 rules", kernel=False),
    dict(name="too-many-chains", data=lambda: many_chains(5000), opts=["--limit", "chains=1000"], rc=2,
         line=5 + 1000, msg=r"more than 1000 chains", kernel=False),
    dict(name="too-many-tables", data=many_tables(50), opts=["--limit", "tables=10"], rc=2,
         line=3 * 10 + 1, msg=r"more than 10 table sections", kernel=False),
    dict(name="too-many-branches", data=lambda: statistic_forks(40), rc=0, line=None, msg=None, kernel=False,
         cmd=("trace", ["--pkt", "tcp:1.1.1.1->2.2.2.2:22 in=eth0"]),
         stdout=r"Cut short: the packet forks into more branches than --max-branches \(64\)"),
]


def crossing_line(data, limit):
    """The line on which a dump read as a stream goes past `limit` bytes."""
    pos = 0
    for i, line in enumerate(data.split(b"\n")):
        if pos + len(line) > limit:
            return i + 1
        pos += len(line) + 1
    return None


def is_asan(binary):
    with open(binary, "rb") as f:
        return b"AddressSanitizer" in f.read()


def can_unshare():
    if os.geteuid() != 0:
        return "not root"
    if not shutil.which("unshare") or not shutil.which("iptables-restore"):
        return "unshare or iptables-restore missing"
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        return "unshare -n failed"
    return None


def kernel_accepts(path):
    r = subprocess.run(["unshare", "-n", "sh", "-c", 'iptables-restore < "$1"', "sh", path],
                       capture_output=True, timeout=120)
    return r.returncode == 0, r.stderr.decode(errors="replace").strip().splitlines()[:1]


def run_case(c, ipt_sim, tmp, asan, kernel_ok):
    path = os.path.join(tmp, c["name"] + ".rules")
    # inputs are built when their case runs: the test's own memory stays
    # small, and with it the forked child's peak RSS before exec
    data = c["data"]() if callable(c["data"]) else c["data"]
    with open(path, "wb") as f:
        f.write(data)
    want_line = c["line"](data) if callable(c["line"]) else c["line"]
    del data
    cmd = c.get("cmd", "show")
    argv = [ipt_sim]
    if isinstance(cmd, tuple):
        argv += [cmd[0]] + cmd[1]
    else:
        argv.append(cmd)
    shown = "-" if c.get("stdin") else path
    argv += ["--dump", shown, "--color", "never"] + c.get("opts", [])
    if c.get("json"):
        argv += ["--format", "json"]
    limit = 10.0 if asan else 1.0  # CPU seconds
    wall_limit = limit * 10

    def preexec():
        if not asan:
            resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))

    # standard input through a pipe: the streaming path, whose size is
    # not known in advance
    feeder = subprocess.Popen(["cat", path], stdout=subprocess.PIPE) if c.get("stdin") else None
    stdin = feeder.stdout if feeder else subprocess.DEVNULL
    # output to files and the child reaped here, with wait4(), for its rusage
    with open(path + ".out", "w+b") as fout, open(path + ".err", "w+b") as ferr:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=stdin, stdout=fout, stderr=ferr, preexec_fn=preexec)
        killer = threading.Timer(wall_limit * 3, p.kill)  # a hang must not hang the suite
        killer.start()
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        killer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        fout.seek(0)
        out = fout.read()
        ferr.seek(0)
        err = ferr.read()
    if feeder:
        stdin.close()
        feeder.wait()
    rc = p.returncode
    err = err.decode(errors="replace")
    problems = []
    if c["rc"] is not None and rc != c["rc"]:
        problems.append(f"exit status {rc}, expected {c['rc']}")
    if rc not in (0, 2):
        problems.append(f"exit status {rc}: crashed or killed (memory limit {MEM_LIMIT >> 20} MiB?)")
    cpu = usage.ru_utime + usage.ru_stime
    if cpu > limit:
        problems.append(f"took {cpu:.2f} s of CPU, the bound is {limit:.0f} s")
    if wall > wall_limit:
        problems.append(f"took {wall:.2f} s of wall time, the bound is {wall_limit:.0f} s")
    if usage.ru_maxrss * 1024 > MEM_LIMIT:
        problems.append(f"peak RSS {usage.ru_maxrss >> 10} MiB over {MEM_LIMIT >> 20} MiB")
    # the first error (the first warning for accepted input)
    kind = "error" if c["rc"] != 0 else "warning"
    first = next((ln for ln in err.splitlines() if f": {kind}: " in ln), "")
    name = "<stdin>" if c.get("stdin") else path
    if c["msg"] is not None:
        if want_line is None:
            where = re.escape(name) + r": (error|warning): "
        else:
            where = re.escape(name) + rf":{want_line}:\d+: (error|warning): "
        if not re.match(where, first):
            problems.append(f"first message is not located as {where!r}: {first[:200]!r}")
        elif not re.search(c["msg"], first):
            problems.append(f"first message does not say {c['msg']!r}: {first[:200]!r}")
    elif c["rc"] == 0 and "error" in err:
        problems.append(f"accepted, yet an error: {first[:200]!r}")
    if c.get("stdout") and not re.search(c["stdout"], out.decode(errors="replace")):
        problems.append(f"output does not say {c['stdout']!r}")
    if c.get("json") and rc == 0:
        import json
        try:
            json.loads(out)
        except ValueError as e:
            problems.append(f"--format json is not JSON: {e}")
    note = f"{cpu:.2f}s CPU, {wall:.2f}s wall, {usage.ru_maxrss >> 10} MiB"
    if c.get("kernel"):
        if kernel_ok is None:
            accepted, kerr = kernel_accepts(path)
            sim_accepted = rc == 0
            if accepted != sim_accepted:
                problems.append(f"kernel {'accepts' if accepted else 'refuses'} it {kerr}, "
                                f"ipt-sim {'accepts' if sim_accepted else 'refuses'} it")
            note += ", kernel agrees" if accepted == sim_accepted else ""
        else:
            note += f", kernel check skipped ({kernel_ok})"
    return problems, note


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--only", help="run the cases whose name contains this")
    ap.add_argument("--keep", help="write the inputs here and keep them")
    args = ap.parse_args()
    ipt_sim = os.path.abspath(args.ipt_sim)
    asan = is_asan(ipt_sim) or os.environ.get("IPTSIM_ASAN") == "1"
    kernel_ok = can_unshare()
    tmp = args.keep or tempfile.mkdtemp(prefix="iptsim-hostile-")
    os.makedirs(tmp, exist_ok=True)
    npass = nfail = nskip = 0
    try:
        for c in CASES:
            if args.only and args.only not in c["name"]:
                continue
            problems, note = run_case(c, ipt_sim, tmp, asan, kernel_ok)
            if problems:
                nfail += 1
                print(f"FAIL: {c['name']}: " + "; ".join(problems))
            else:
                npass += 1
                print(f"PASS: {c['name']} ({note})")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{npass} passed, {nfail} failed, {nskip} skipped")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
