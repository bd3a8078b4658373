#!/usr/bin/env python3
"""Two interactive sessions side by side, and a console that comes and
goes (testlogs: the `console_session` line of `make check`).

Run inside a private network namespace (the harness uses `unshare -rn`):
starts two Bochs sessions exactly as `bochs -f bochsrc` does (the
repository's bochsrc: COM1 on a port the system picks, the shared image
opened read-only) except for a display that needs no terminal, then
checks with debug/console.py that

- both sessions are found, and attaching without PORT= names both;
- the kernel monitor of one answers a typed command;
- leaving the console (Ctrl-]) does not strand the session: attaching
  again replays the console and the monitor still answers;
- the trace (header and schema at least) is in the session's trace.log
  and no trace byte reached Bochs' terminal (port 0xE9).

Prints what went wrong and exits 1, or exits 0.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "debug"))
from interact import loopback_up  # noqa: E402  (the namespace's lo is down)
CONSOLE = [sys.executable, os.path.join(ROOT, "debug", "console.py")]
problems = []


def start_bochs(tmp, n):
    rc = os.path.join(tmp, "c.rc")
    with open(rc, "w") as f:
        f.write("c\n")
    out = open(os.path.join(tmp, "bochs%d.out" % n), "wb")
    return subprocess.Popen(
        ["bochs", "-q", "-f", "bochsrc", "-rc", rc,
         'display_library: rfb, options="timeout=0"',
         "log: %s" % os.path.join(tmp, "bochs%d.log" % n)],
        cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
        start_new_session=True)


def console(env, port, typed, wait_for):
    """Attach, type @typed (bytes) at the first prompt, wait until
    @wait_for appears after the banner, leave with Ctrl-]; return what the
    console showed."""
    p = subprocess.Popen(CONSOLE + ["--port", str(port)], env=env, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(p.stdout.fileno(), False)
    out, end = b"", time.monotonic() + 60
    sent = False
    while time.monotonic() < end:
        try:
            out += p.stdout.read() or b""
        except (BlockingIOError, TypeError):
            pass
        if not sent and out.count(b"K> ") >= 1:
            p.stdin.write(typed)
            p.stdin.flush()
            sent = True
        if sent and wait_for in out.split(b"console: Ctrl-]")[-1]:
            break
        if p.poll() is not None:
            break
        time.sleep(0.1)
    if p.poll() is None:
        p.stdin.write(b"\x1d")
        p.stdin.flush()
    try:
        rest, _ = p.communicate(timeout=10)
        out += rest or b""
    except subprocess.TimeoutExpired:
        p.kill()
        problems.append("console did not leave on Ctrl-]")
    return out.decode(errors="replace")


def main():
    if not os.path.exists(os.path.join(ROOT, "build", "glasswing.img")):
        problems.append("build/glasswing.img is missing (`make` builds it): bochsrc boots it")
        return
    loopback_up()
    tmp = tempfile.mkdtemp(prefix="glasswing-console-")
    env = dict(os.environ, GLASSWING_SESSIONS=os.path.join(tmp, "sessions"))
    procs = [start_bochs(tmp, 1), start_bochs(tmp, 2)]
    try:
        listing = ""
        # Bochs takes a second or two to open COM1, many more on a
        # loaded machine (make check runs other emulators beside this).
        for _ in range(600):
            listing = subprocess.run(CONSOLE + ["--list"], env=env, capture_output=True,
                                     text=True).stdout
            if listing.count("PORT=") == 2:
                break
            time.sleep(0.1)
        ports = [int(p) for p in re.findall(r"PORT=(\d+)", listing)]
        if len(ports) != 2:
            problems.append("console --list found %d sessions, not 2:\n%s" % (len(ports), listing))
            return
        r = subprocess.run(CONSOLE + ["--wait", "0"], env=env, capture_output=True, text=True)
        if r.returncode == 0 or not all("PORT=%d" % p in r.stderr for p in ports):
            problems.append("attaching without PORT= did not name both sessions:\n" + r.stderr)
        first = console(env, ports[0], b"help\r", b"continue - Resume")
        if "help - Display this list of commands" not in first:
            problems.append("the monitor did not answer `help`:\n" + first[-600:])
        if "the session goes on" not in first:
            problems.append("leaving did not say the session goes on:\n" + first[-300:])
        again = console(env, ports[0], b"kerninfo\r", b"Physical memory")
        if "K> help" not in again:
            problems.append("attaching again did not replay the console:\n" + again[-600:])
        if "Kernel executable memory footprint" not in again:
            problems.append("after attaching again the monitor did not answer `kerninfo`:\n"
                            + again[-600:])
        other = console(env, ports[1], b"backtrace\r", b"monitor+")
        if "Stack backtrace" not in other:
            problems.append("the second session's monitor did not answer:\n" + other[-600:])
        for port in ports:
            # The relay rewrites trace.log every half second: a session
            # started a moment ago may have only its header there yet.
            trace = os.path.join(tmp, "sessions", str(port), "trace.log")
            deadline = time.monotonic() + 30
            text = ""
            while time.monotonic() < deadline and "# event " not in text:
                try:
                    text = open(trace).read()
                except OSError:
                    text = ""
                time.sleep(0.1)
            if not text.startswith("# glasswing-trace") or "# event " not in text:
                problems.append("session %d: trace.log has no header and schema" % port)
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGINT)
            except OSError:
                pass
        for p in procs:
            try:
                p.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    for n in (1, 2):
        term = open(os.path.join(tmp, "bochs%d.out" % n), "rb").read()
        if b"\x1e" in term or b"\x1f" in term or b"glasswing-trace" in term:
            problems.append("session %d: trace bytes reached Bochs' terminal" % n)
        if b"hello, world" not in term:
            problems.append("session %d: the console did not reach Bochs' terminal" % n)


if __name__ == "__main__":
    main()
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
