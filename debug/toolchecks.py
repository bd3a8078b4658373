"""Checks of `make check` that are not a test program's run: each is one
test line beside the programs' (debug/harness.py runs them in the same
pool) and returns a list of failure texts, empty when it passes.

- console_session: two interactive sessions side by side and a console
  that leaves and comes back (debug/tests/console_session.py, in a private
  network namespace);
- tools: the interfaces students type: every debugger command file in
  debug/ has a test, every RUN: key a make variable, and a typo in a
  name gets the list of valid ones.
"""
import os
import re
import subprocess
import sys

import runner
import session

ROOT = runner.ROOT
TESTLOGS = os.path.join(ROOT, "testlogs")


def check_console_session():
    script = os.path.join(ROOT, "debug", "tests", "console_session.py")
    r = subprocess.run(runner.namespace_cmd() + [sys.executable, script], cwd=ROOT,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    if r.returncode == 0:
        return []
    return [(r.stdout + r.stderr).strip() or "console_session.py failed (status %d)"
            % r.returncode]


def run_lines():
    """{test name: [RUN line text, ...]} of every expected file."""
    out = {}
    for f in sorted(os.listdir(TESTLOGS)):
        if f.endswith(".expect"):
            with open(os.path.join(TESTLOGS, f)) as fh:
                out[f[:-7]] = [l[4:] for l in fh.read().splitlines() if l.startswith("RUN:")]
    return out


def makefile_run_vars():
    """{make variable: RUN key} from the Makefile's RUN_VARS."""
    with open(os.path.join(ROOT, "Makefile")) as f:
        text = f.read().replace("\\\n", " ")
    m = re.search(r"^RUN_VARS\s*:=(.*)$", text, re.M)
    return dict(w.split("=", 1) for w in m.group(1).split()) if m else {}


def check_tools(run_keys, parse_run_options):
    """@run_keys: harness.RUN_KEYS; @parse_run_options: harness's parser."""
    fails = []
    tested = set()
    for name, lines in run_lines().items():
        for line in lines:
            tested.update(re.findall(r"\bdebugrc=(\S+)", line))
    for rc in session.rc_names():
        if rc not in tested:
            fails.append("debug/%s.rc has no test: add testlogs/rc_NAME.expect with "
                         "RUN: debugrc=%s (see testlogs/rc_break_sched.expect)" % (rc, rc))

    make_vars = makefile_run_vars()
    for key, var, _ in run_keys:
        if make_vars.get(var) != key:
            fails.append("RUN key %s has no make variable: add %s=%s to RUN_VARS in the "
                         "Makefile" % (key, var, key))

    typos = [("program", lambda: session.check_options(prog="helo"), "hello"),
             ("command file", lambda: session.check_options(rc="break-shed"), "break-sched"),
             ("trace category", lambda: session.check_options(trace="env,shed"), "sched"),
             ("RUN key", lambda: parse_run_options("hello", ["cpu=2"]), "cpus")]
    for what, call, valid in typos:
        try:
            call()
            fails.append("a %s typo was accepted" % what)
        except Exception as e:      # the message must list the valid names
            if valid not in str(e).split("; ", 1)[-1].split():
                fails.append("a %s typo's message does not list '%s': %s" % (what, valid, e))
    return fails
