#!/usr/bin/env python3
"""The CI recipe (docs/ci/review.sh) and the JUnit output of `check`, end to end.

A throw-away git repository is made in a temporary directory: a base commit
with the Docker host's ruleset before the change (fixtures/review/base.rules)
and an expectations file, then the partner's change (change.rules), then the
fix (change-fixed.rules). review.sh runs on each state against the base
branch; its exit status, summary, JUnit (validated against
tests/review/junit.xsd with xmllint, i.e. libxml2) and diff are checked.
Then the partner declares the intended changes (--allow, from
fixtures/review/intended.allow): the fix passes, the broken change fails on
its diff alone.

usage: test_ci.py --ipt-sim BIN --root REPO
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL", msg)


def sh(args, cwd, ok=(0,), env=None):
    p = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    if p.returncode not in ok:
        raise RuntimeError("%s -> %d\n%s%s" % (args, p.returncode, p.stdout, p.stderr))
    return p


def validate_junit(xsd, path):
    p = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], capture_output=True,
                       text=True)
    if p.returncode != 0:
        fail("%s does not validate against %s:\n%s" % (path, xsd, p.stderr))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipt-sim", required=True)
    ap.add_argument("--root", required=True)
    a = ap.parse_args()
    ipt = os.path.abspath(a.ipt_sim)
    root = os.path.abspath(a.root)
    fx = os.path.join(root, "fixtures/review")
    xsd = os.path.join(root, "tests/review/junit.xsd")
    script = os.path.join(root, "docs/ci/review.sh")
    if not shutil.which("git") or not shutil.which("xmllint"):
        print("FAIL: needs git and xmllint (libxml2-utils; tools/install-deps.sh installs them)")
        return 1

    # the JUnit of check, straight from the command line
    with tempfile.TemporaryDirectory() as tmp:
        for rules, want_rc, want_fail in (("change.rules", 1, "2"),
                                          ("change-fixed.rules", 0, "0")):
            out = os.path.join(tmp, "j.xml")
            p = subprocess.run([ipt, "check", "--dump", os.path.join(fx, rules), "--expect",
                                os.path.join(fx, "docker-host.expect"), "--junit", out],
                               capture_output=True, text=True)
            if p.returncode != want_rc:
                fail("check %s: exit %d, expected %d" % (rules, p.returncode, want_rc))
            validate_junit(xsd, out)
            x = open(out).read()
            if 'failures="%s"' % want_fail not in x:
                fail("check %s: JUnit does not say failures=%s" % (rules, want_fail))
            if want_fail != "0" and "nat PREROUTING               rule 1 ACCEPT" not in x:
                fail("check %s: the failure does not carry the trace" % rules)

    with tempfile.TemporaryDirectory() as repo:
        env = dict(os.environ, IPT_SIM=ipt, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
        env.pop("GITHUB_STEP_SUMMARY", None)
        sh(["git", "init", "-q", "-b", "main"], repo, env=env)
        os.makedirs(os.path.join(repo, "firewall"))
        rules = os.path.join(repo, "firewall/rules.v4")
        shutil.copy(os.path.join(fx, "base.rules"), rules)
        shutil.copy(os.path.join(fx, "docker-host.expect"),
                    os.path.join(repo, "firewall/rules.expect"))
        with open(os.path.join(repo, "firewall/host.txt"), "w") as f:
            f.write("# the uplink of the Docker host (docs/host-file.md)\niface ppp0 203.0.113.2/24\n")
        sh(["git", "add", "-A"], repo, env=env)
        sh(["git", "commit", "-q", "-m", "base"], repo, env=env)
        sh(["git", "checkout", "-q", "-b", "partner"], repo, env=env)
        args = ["sh", script, "--rules", "firewall/rules.v4", "--expect",
                "firewall/rules.expect", "--host", "firewall/host.txt", "--base", "main",
                "--out", "review"]

        # 1. the base itself: everything holds, nothing changes
        p = sh(args, repo, ok=(0, 1, 2), env=env)
        if p.returncode != 0:
            fail("review.sh on the base: exit %d\n%s%s" % (p.returncode, p.stdout, p.stderr))
        if "no traffic changes" not in p.stdout:
            fail("review.sh on the base: the summary does not say 'no traffic changes'")

        # 2. the partner's change: the expectations fail, the diff shows 7788
        shutil.copy(os.path.join(fx, "change.rules"), rules)
        sh(["git", "commit", "-q", "-am", "partner's ACCEPT rules"], repo, env=env)
        p = sh(args, repo, ok=(0, 1, 2), env=env)
        out = os.path.join(repo, "review")
        if p.returncode != 1:
            fail("review.sh on the change: exit %d, expected 1\n%s%s"
                 % (p.returncode, p.stdout, p.stderr))
        summary = open(os.path.join(out, "summary.md")).read()
        for want in ("### check: some expectations", "FAIL firewall/rules.expect:5",
                     "### diff against `main`: traffic changes",
                     "203.0.113.2 port 7788", "was forward -> 172.17.0.2:7788"):
            if want not in summary:
                fail("review.sh on the change: summary lacks %r" % want)
        if p.stdout != summary:
            fail("review.sh: stdout is not the summary")
        validate_junit(xsd, os.path.join(out, "check.xml"))
        if not os.path.exists(os.path.join(out, "diff.json")):
            fail("review.sh: no diff.json")
        lint = sh([ipt, "lint", "--help"], repo, ok=(0, 1, 2)).returncode == 0
        if lint and not os.path.exists(os.path.join(out, "lint.sarif")):
            fail("review.sh: this ipt-sim has lint, but there is no lint.sarif")

        # 3. the fix: the expectations hold again; --fail-on-change fails on
        #    the partner's intended change (ports now delivered locally)
        shutil.copy(os.path.join(fx, "change-fixed.rules"), rules)
        sh(["git", "commit", "-q", "-am", "the jump to DOCKER first"], repo, env=env)
        p = sh(args, repo, ok=(0, 1, 2), env=env)
        if p.returncode != 0:
            fail("review.sh on the fix: exit %d\n%s" % (p.returncode, p.stdout))
        if "every expectation of `firewall/rules.expect` holds" not in p.stdout:
            fail("review.sh on the fix: the summary does not say the expectations hold")
        if "203.0.113.2 port 7788" in p.stdout:
            fail("review.sh on the fix: 7788 still reported as changed")
        p = sh(args + ["--fail-on-change"], repo, ok=(0, 1, 2), env=env)
        if p.returncode != 1:
            fail("review.sh --fail-on-change: exit %d, expected 1" % p.returncode)

        # 4. the partner declares the intended changes (--allow): the fix
        #    passes, and the broken change still fails on its diff alone
        #    (without the expectations file that also catches it)
        shutil.copy(os.path.join(fx, "intended.allow"), os.path.join(repo, "firewall/intended.allow"))
        sh(["git", "add", "-A"], repo, env=env)
        sh(["git", "commit", "-q", "-m", "declare the intended changes"], repo, env=env)
        allow = ["--allow", "firewall/intended.allow"]
        p = sh(args + allow, repo, ok=(0, 1, 2), env=env)
        if p.returncode != 0:
            fail("review.sh --allow on the fix: exit %d, expected 0\n%s" % (p.returncode, p.stdout))
        want = "### diff against `main`: only the changes `firewall/intended.allow` declares intended"
        if want not in p.stdout or "intended: firewall/intended.allow:5" not in p.stdout:
            fail("review.sh --allow on the fix: the summary lacks %r or the intended classes" % want)
        noexp = [x for x in args if x not in ("--expect", "firewall/rules.expect")]
        shutil.copy(os.path.join(fx, "change.rules"), rules)
        sh(["git", "commit", "-q", "-am", "the partner's change again"], repo, env=env)
        p = sh(noexp + allow, repo, ok=(0, 1, 2), env=env)
        if p.returncode != 1:
            fail("review.sh --allow on the change: exit %d, expected 1" % p.returncode)
        want = "### diff against `main`: traffic changes that `firewall/intended.allow` does not declare"
        if want not in p.stdout or "203.0.113.2 port 7788" not in p.stdout:
            fail("review.sh --allow on the change: the summary lacks %r or port 7788" % want)

        # 5. bad usage
        p = sh(["sh", script], repo, ok=(0, 1, 2), env=env)
        if p.returncode != 2 or "--rules FILE is required" not in p.stderr:
            fail("review.sh without --rules: exit %d, %r" % (p.returncode, p.stderr))

    if FAILS:
        print("%d failure(s)" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
