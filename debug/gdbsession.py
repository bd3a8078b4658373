#!/usr/bin/env python3
"""Drive gdb against QEMU's gdbstub, as `make qemu-gdb` + `make gdb` do.

    gdbsession.py --port P --gdbinit FILE --commands FILE [--wait S] -- qemu ARGS...

Meant to run inside the private network namespace of a test run
(`unshare -rn`, see debug/runner.py): it brings the loopback interface up,
starts QEMU (which must have been given `-gdb tcp:127.0.0.1:P -S`), runs
`gdb -batch` with the generated .gdbinit (debug/gen-gdbinit.py) and the
session's command file, and stops QEMU when gdb is done. gdb's output is
this program's standard output. Exit status: gdb's (a command that fails
ends a batch session with an error).
"""
import argparse
import signal
import subprocess
import sys
import time

from interact import loopback_up


def listening(port):
    """Whether some socket listens on TCP @port (/proc/net/tcp, state 0A)."""
    try:
        with open("/proc/net/tcp") as f:
            rows = [l.split() for l in f.readlines()[1:]]
    except OSError:
        return False
    return any(r[1].endswith(":%04X" % port) and r[3] == "0A" for r in rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--gdbinit", required=True)
    ap.add_argument("--commands", required=True)
    ap.add_argument("--wait", type=float, default=120, help="seconds for the whole session")
    ap.add_argument("qemu", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.qemu[1:] if args.qemu[:1] == ["--"] else args.qemu

    loopback_up()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    # gdb tries to connect once: wait until QEMU listens (without
    # connecting: the stub would take a probe for its debugger).
    for _ in range(200):
        if listening(args.port) or proc.poll() is not None:
            break
        time.sleep(0.05)
    try:
        rc = subprocess.run(["gdb", "-q", "-nx", "-batch", "-x", args.gdbinit, "-x", args.commands],
                            stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            timeout=args.wait).returncode
    except subprocess.TimeoutExpired:
        print("gdbsession: gdb did not finish in %d s" % args.wait)
        rc = 1
    sys.stdout.flush()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    sys.exit(rc)


if __name__ == "__main__":
    main()
