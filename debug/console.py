#!/usr/bin/env python3
"""The kernel console of an interactive session (`make console`).

    python3 debug/console.py [--port N]     attach this terminal to a session
    python3 debug/console.py --list         the sessions of this tree

An interactive session (`bochs -f bochsrc` after `make`, or `make debug`)
gives COM1 to a TCP socket on localhost and waits until one client
connects. bochsrc asks for port 0, so the system picks a free port and
two sessions can run side by side (Bochs then prints "port:0"); `make
debug` picks one itself and prints it; PORT= chooses. This program finds
the sessions of this tree (Bochs processes whose working directory is the
repository, and their listening sockets) and attaches to the one it is
told, or to the only one.

Bochs takes a single COM1 client and stops with it, so the first attach
starts a *relay* (this program with --relay, in the background) that is
Bochs' client for the rest of the session:

- what the kernel writes to COM1 is split (trace_records.StreamDecoder):
  the console goes to the attached terminal, and to build/debug/PORT/
  console.log; trace records (the kernel sends them to COM1 in interactive
  sessions: tracedev=com1) are formatted into build/debug/PORT/trace.log,
  as the harness formats a test's, callers symbolized; build/debug/
  trace.log points at the newest session's;
- what is typed goes to COM1 (the kernel monitor reads it);
- Ctrl-] leaves the terminal, not the session: the relay keeps reading
  COM1 (and the trace), and `make console` attaches again, replaying the
  console since the session started.

The relay ends when Bochs closes COM1 (Bochs quit).
"""
import argparse
import fcntl
import json
import os
import select
import socket
import subprocess
import sys
import termios
import time
import tty

import symbols
import trace_records

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The sessions' files; a test (debug/tests/console_session.py) keeps its own.
SESSIONS = os.environ.get("GLASSWING_SESSIONS") or os.path.join(ROOT, "build", "debug")
LEAVE = b"\x1d"                 # Ctrl-]
BACKLOG = 1 << 18               # console bytes replayed to a new terminal
TRACE_EVERY = 0.5               # seconds between rewrites of trace.log


# ------------------------------------------------------------ finding sessions

def listening_ports():
    """{socket inode: port} of the TCP sockets listening on 127.0.0.1."""
    out = {}
    try:
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                w = line.split()
                addr, port = w[1].split(":")
                if w[3] == "0A" and addr == "0100007F":
                    out[int(w[9])] = int(port, 16)
    except OSError:
        pass
    return out


def waiting_bochs():
    """[(pid, port)] of this tree's Bochs processes waiting for a COM1 client."""
    ports = listening_ports()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/comm" % pid) as f:
                if not f.read().startswith("bochs"):
                    continue
            if os.path.realpath("/proc/%s/cwd" % pid) != os.path.realpath(ROOT):
                continue
            for fd in os.listdir("/proc/%s/fd" % pid):
                link = os.readlink("/proc/%s/fd/%s" % (pid, fd))
                if link.startswith("socket:[") and int(link[8:-1]) in ports:
                    found.append((int(pid), ports[int(link[8:-1])]))
        except (OSError, ValueError):
            continue            # gone, or not ours to read
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except (OSError, TypeError):
        return False


def relays():
    """{port: relay description} of this tree's running relays."""
    out = {}
    if not os.path.isdir(SESSIONS):
        return out
    for d in os.listdir(SESSIONS):
        try:
            with open(os.path.join(SESSIONS, d, "relay.json")) as f:
                info = json.load(f)
        except (OSError, ValueError):
            continue
        if alive(info.get("relay_pid")):
            out[info["com1_port"]] = info
    return out


def sessions():
    """{port: (state, bochs pid)}: 'attached' (a relay runs) or 'waiting'."""
    out = {p: ("relayed", r["bochs_pid"]) for p, r in relays().items()}
    for pid, port in waiting_bochs():
        out.setdefault(port, ("waiting", pid))
    return out


def describe(port, state, pid):
    return "  PORT=%d  bochs pid %d, %s" % (
        port, pid, "its console is relayed (attach again any time)" if state == "relayed"
        else "waiting for its console")


# ------------------------------------------------------------ the relay

class Relay:
    """Bochs' COM1 client for the whole session; terminals come and go."""

    def __init__(self, port, bochs_pid):
        self.port, self.bochs_pid = port, bochs_pid
        self.dir = os.path.join(SESSIONS, str(port))
        os.makedirs(self.dir, exist_ok=True)
        self.trace_path = os.path.join(self.dir, "trace.log")
        self.console_log = open(os.path.join(self.dir, "console.log"), "wb")
        self.backlog = bytearray()
        self.viewers = []
        self.decoder = trace_records.StreamDecoder(self.console)
        self.prelude_sent = 0
        self.dirty = False
        self.written = 0.0

    def console(self, data):
        """Console bytes from COM1: to every terminal, the backlog, the log."""
        data = bytes(data)
        self.backlog += data
        del self.backlog[:-BACKLOG]
        self.console_log.write(data.replace(b"\r", b""))
        self.console_log.flush()
        for v in list(self.viewers):
            try:
                v.sendall(data)
            except OSError:
                self.drop(v)

    def drop(self, v):
        if v in self.viewers:
            self.viewers.remove(v)
        v.close()

    def feed(self, data):
        self.decoder.feed(data)
        # Text before the trace header (a panic before trace_init()) is
        # console too; the decoder keeps it apart as the prelude.
        pre = self.decoder.prelude
        if len(pre) > self.prelude_sent:
            self.console(pre[self.prelude_sent:])
            self.prelude_sent = len(pre)
        self.dirty = True

    def write_trace(self, force=False):
        now = time.monotonic()
        if not self.dirty or (not force and now - self.written < TRACE_EVERY):
            return
        tr = self.decoder.trace
        if not tr.started:
            return
        symbols.annotate_callers(tr)
        tmp = self.trace_path + ".tmp"
        with open(tmp, "w") as f:
            lines = tr.text_lines()
            f.write("\n".join(lines) + ("\n" if lines else ""))
        os.replace(tmp, self.trace_path)
        self.dirty, self.written = False, now

    def publish(self, viewer_port):
        info = {"relay_pid": os.getpid(), "bochs_pid": self.bochs_pid,
                "com1_port": self.port, "viewer_port": viewer_port,
                "trace": os.path.relpath(self.trace_path, ROOT)}
        tmp = os.path.join(self.dir, "relay.json.tmp")
        with open(tmp, "w") as f:
            json.dump(info, f)
        os.replace(tmp, os.path.join(self.dir, "relay.json"))
        link = os.path.join(SESSIONS, "trace.log")
        try:
            if os.path.islink(link) or os.path.exists(link):
                os.unlink(link)
            os.symlink(os.path.join(str(self.port), "trace.log"), link)
        except OSError:
            pass

    def run(self):
        lock = open(os.path.join(self.dir, "relay.lock"), "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0            # another relay has this session
        try:
            bochs = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError as e:
            print("relay: cannot connect to COM1 on port %d: %s" % (self.port, e))
            return 1
        bochs.settimeout(None)
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", 0))
        srv.listen(4)
        self.publish(srv.getsockname()[1])
        try:
            while True:
                ready, _, _ = select.select([bochs, srv] + self.viewers, [], [], TRACE_EVERY)
                if bochs in ready:
                    try:
                        data = bochs.recv(65536)
                    except OSError:
                        data = b""
                    if not data:            # Bochs quit
                        break
                    self.feed(data)
                if srv in ready:
                    v, _ = srv.accept()
                    try:
                        v.sendall(bytes(self.backlog))
                        self.viewers.append(v)
                    except OSError:
                        v.close()
                for v in [x for x in ready if x in self.viewers]:
                    try:
                        data = v.recv(4096)
                    except OSError:
                        data = b""
                    if not data:
                        self.drop(v)
                        continue
                    try:
                        bochs.sendall(data)
                    except OSError:         # Bochs is gone: recv() says so next
                        pass
                self.write_trace()
        finally:
            self.decoder.finish()
            self.dirty = True
            self.write_trace(force=True)
            for v in list(self.viewers):
                try:
                    v.sendall(b"\r\n[console: the session has ended: Bochs closed COM1]\r\n")
                except OSError:
                    pass
                self.drop(v)
            try:
                os.unlink(os.path.join(self.dir, "relay.json"))
            except OSError:
                pass
        return 0


def start_relay(port, bochs_pid):
    """Start the relay of a waiting session in the background; return its
    description once it is up."""
    d = os.path.join(SESSIONS, str(port))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "relay.log"), "ab") as log:
        subprocess.Popen([sys.executable, os.path.abspath(__file__), "--relay", str(port),
                          "--bochs-pid", str(bochs_pid)],
                         stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                         start_new_session=True, cwd=ROOT)
    for _ in range(100):
        r = relays().get(port)
        if r:
            return r
        time.sleep(0.1)
    sys.exit("console: the relay for port %d did not start (see %s)"
             % (port, os.path.relpath(os.path.join(d, "relay.log"), ROOT)))


# ------------------------------------------------------------ the terminal

def attach(info):
    """Connect this terminal to a relay until Ctrl-] or the session ends."""
    sock = socket.create_connection(("127.0.0.1", info["viewer_port"]))
    print("console: the kernel console of the session on COM1 port %d (bochs pid %d)."
          % (info["com1_port"], info["bochs_pid"]))
    print("console: Ctrl-] leaves this terminal, not the session (`make console` comes "
          "back); trace: %s" % info["trace"])
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    ended = False
    try:
        if saved:
            tty.setraw(fd)
        inputs = [sock, fd]
        while True:
            ready, _, _ = select.select(inputs, [], [])
            if sock in ready:
                data = sock.recv(65536)
                if not data:
                    ended = True
                    break
                os.write(sys.stdout.fileno(), data)
            if fd in ready:
                data = os.read(fd, 1024)
                if not data:            # no more input: keep showing output
                    inputs = [sock]
                    continue
                if LEAVE in data:
                    data = data[:data.index(LEAVE)]
                    if data:
                        sock.sendall(data)
                    break
                sock.sendall(data)
    finally:
        if saved:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        sock.close()
    if ended:
        print("\nconsole: the session has ended; its trace: %s" % info["trace"])
    else:
        print("\nconsole: left; the session goes on (`make console%s` attaches again)"
              % ("" if len(sessions()) <= 1 else " PORT=%d" % info["com1_port"]))


def choose(port, wait):
    """The session to attach to: PORT=, else the only one (waiting up to
    @wait seconds for one to start)."""
    deadline = time.monotonic() + wait
    while True:
        found = sessions()
        if port is not None and port in found:
            return port, found[port]
        if port is None and len(found) == 1:
            return next(iter(found.items()))
        if port is None and len(found) > 1:
            lines = [describe(p, *found[p]) for p in sorted(found)]
            sys.exit("console: %d sessions run in this tree; say which:\n%s\n"
                     "  (make console PORT=N)" % (len(found), "\n".join(lines)))
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if port is not None:
        others = "; sessions: " + ", ".join("PORT=%d" % p for p in sorted(found)) if found else ""
        sys.exit("console: no session of this tree has COM1 on port %d%s" % (port, others))
    sys.exit("console: no interactive session of this tree is running: start one in "
             "another terminal with `bochs -f bochsrc` (after `make`) or `make debug`")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, help="the session's COM1 port")
    ap.add_argument("--list", action="store_true", help="list the sessions")
    ap.add_argument("--wait", type=float, default=10,
                    help="seconds to wait for a session to appear")
    ap.add_argument("--relay", type=int, metavar="PORT", help=argparse.SUPPRESS)
    ap.add_argument("--bochs-pid", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.relay:
        sys.exit(Relay(args.relay, args.bochs_pid).run())
    if args.list:
        found = sessions()
        for p in sorted(found):
            print(describe(p, *found[p]))
        if not found:
            print("no interactive session of this tree is running")
        return
    port, (state, pid) = choose(args.port, args.wait)
    info = relays().get(port) if state == "relayed" else start_relay(port, pid)
    attach(info)


if __name__ == "__main__":
    main()
