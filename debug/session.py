#!/usr/bin/env python3
"""Bochs debugger sessions: `make debug`, and the debugger command files
(debug/*.rc) that it and the tests (RUN: debugrc=NAME) run.

    session.py debug --prog P [--cpus N] [--rc NAME] [--trace CATS]
                     [--timer N] [--seed N] [--preempt SPEC] [--selftest NAME] [--port N]
    session.py names                  the valid PROG, RC and TRACE values

A command file is a list of Bochs debugger commands. Bochs 2.7 takes no
symbol as a breakpoint address, so the files write {symbol} and this
module replaces it with its address: {kernel:NAME} from build/kernel.elf,
{user:NAME} from the session's program, a bare {NAME} from whichever of
the two has it (a name both have, such as _start, must say which). Two
comment lines tell a session what else the file needs:

    #@ cmdline: break=ap-start     kernel command-line words
    #@ min-cpus: 2                 warn (make debug) below that many CPUs

A session loads the kernel's symbols (bochsrc) and the program's, turns
magic breakpoints on, and boots the image with

    mode=interactive console=e9,com1,vga tracedev=com1 trace=... prog=P

The console appears on port 0xE9 (Bochs' terminal) and on COM1; the
trace goes to COM1 only, and debug/console.py (`make console`, the other
end of COM1) writes it, formatted, to build/debug/trace.log. `make debug`
gives COM1 a free port (or PORT=), shows it, and keeps the session's
files in build/debug/PORT/.
"""
import argparse
import os
import re
import socket
import subprocess
import sys

import symbols
import trace_records

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
DEBUG_DIR = os.path.join(ROOT, "debug")
SESSIONS = os.path.join(BUILD, "debug")
SCHEMA_FILE = os.path.join(BUILD, "trace-schema.txt")
NOT_RC = {"run"}            # debug/run.rc drives headless runs, not sessions
MAX_CPUS = 15               # Bochs 2.7: 16 fails (too many timers)


class SessionError(Exception):
    """A name that does not exist, or a command file that does not make sense."""


def programs():
    """The user programs: one src/user/NAME.c each (as the Makefile says)."""
    src = os.path.join(ROOT, "src", "user")
    return sorted(f[:-2] for f in os.listdir(src) if f.endswith(".c"))


def rc_names():
    """The command files: debug/NAME.rc and debug/tests/NAME.rc (tests/NAME)."""
    out = [f[:-3] for f in os.listdir(DEBUG_DIR) if f.endswith(".rc") and f[:-3] not in NOT_RC]
    tests = os.path.join(DEBUG_DIR, "tests")
    if os.path.isdir(tests):
        out += ["tests/" + f[:-3] for f in os.listdir(tests) if f.endswith(".rc")]
    return sorted(out)


def trace_categories():
    """The trace categories of the build's schema, plus all and none."""
    try:
        schema = trace_records.Schema.from_file(SCHEMA_FILE)
    except OSError:
        return ["all", "none"]
    cats = {e.category for e in schema.events} - {"always"}
    return sorted(cats) + ["all", "none"]


def check_name(what, name, valid):
    """Raise SessionError naming the valid values unless @name is one."""
    if name not in valid:
        raise SessionError("no %s '%s'; %ss: %s" % (what, name, what, " ".join(valid)))


def check_options(prog=None, rc=None, cpus=None, trace=None):
    """Validate the names a session (or a run) is given."""
    if prog is not None:
        check_name("program", prog, programs())
    if rc is not None:
        check_name("command file", rc, rc_names())
    if cpus is not None:
        if not str(cpus).isdigit() or not 1 <= int(cpus) <= MAX_CPUS:
            raise SessionError("CPUS=%s: Bochs runs 1 to %d CPUs" % (cpus, MAX_CPUS))
    if trace:
        valid = trace_categories()
        for cat in trace.split(","):
            if cat not in valid:
                raise SessionError("no trace category '%s'; categories: %s"
                                   % (cat, " ".join(valid)))


class CommandFile:
    """A debugger command file: its text and its #@ directives."""

    def __init__(self, name):
        self.name = name
        self.path = os.path.join(DEBUG_DIR, name + ".rc")
        with open(self.path) as f:
            self.text = f.read()
        self.cmdline = []
        self.min_cpus = 1
        for line in self.text.splitlines():
            m = re.match(r"#@\s*([\w-]+):\s*(.*)$", line)
            if not m:
                continue
            key, value = m.group(1), m.group(2).strip()
            if key == "cmdline":
                self.cmdline += value.split()
            elif key == "min-cpus":
                self.min_cpus = int(value)
            else:
                raise SessionError("%s: unknown directive '#@ %s:'" % (self.path, key))

    def quits(self):
        """Whether the file ends the session itself (a `quit` line)."""
        return any(l.strip() in ("quit", "q") for l in self.text.splitlines())

    def resolved(self, prog_elf):
        """The text with every {symbol} replaced by its address."""
        kernel = symbols.nm_symbols(symbols.KERNEL_ELF)
        user = symbols.nm_symbols(prog_elf) if prog_elf and os.path.exists(prog_elf) else {}

        def resolve(m):
            where, name = m.group(1), m.group(2)
            tables = {"kernel": [("kernel", kernel)], "user": [("the program", user)],
                      None: [("kernel", kernel), ("the program", user)]}[where]
            hits = [(label, t[name]) for label, t in tables if name in t]
            if not hits:
                raise SessionError("%s: unknown symbol '%s'%s" % (
                    self.path, m.group(0), "" if user or where == "kernel"
                    else " (no program symbols loaded)"))
            if len(hits) > 1 and hits[0][1] != hits[1][1]:
                raise SessionError("%s: '%s' is in the kernel (0x%08x) and in the program "
                                   "(0x%08x): write {kernel:%s} or {user:%s}"
                                   % (self.path, name, hits[0][1], hits[1][1], name, name))
            return "0x%08x" % hits[0][1]

        return re.sub(r"\{(?:(kernel|user):)?(\w+)\}", resolve, self.text)


def test_commands(rc, debugcmds=None):
    """The commands a test run (RUN: debugrc=NAME debugcmds=a;b) types
    after command file @rc: @debugcmds (default `c`: run to the first
    stop), then `quit` -- unless the file ends the session itself."""
    if CommandFile(rc).quits():
        return [c for c in (debugcmds or "").split(";") if c]
    return [c for c in (debugcmds or "c").split(";") if c] + ["quit"]


def write_rc(out, prog, rc=None, commands=()):
    """Write the session's command file @out: the symbols of program @prog,
    then command file @rc (a name, or None) with its symbols resolved,
    then @commands. Returns the CommandFile (None without @rc)."""
    cf = CommandFile(rc) if rc else None
    prog_elf = os.path.join(BUILD, "user", prog)
    text = 'ldsym global "%s"\n' % os.path.join(BUILD, "user", prog + ".sym")
    if cf:
        text += cf.resolved(prog_elf)
        if not text.endswith("\n"):
            text += "\n"
    text += "".join(c + "\n" for c in commands)
    with open(out, "w") as f:
        f.write(text)
    return cf


def cmdline(prog, trace=None, extra=(), timer=None, seed=None, selftest=None, preempt=None):
    """The kernel command line of an interactive debugger session."""
    words = ["mode=interactive", "console=e9,com1,vga", "tracedev=com1",
             "trace=%s" % (trace or "none"), "prog=%s" % prog]
    for key, value in (("timer", timer), ("seed", seed), ("preempt", preempt),
                       ("selftest", selftest)):
        if value:
            words.append("%s=%s" % (key, value))
    return " ".join(words + list(extra))


def bochs_overrides(disk, cpus):
    """What a debugger session changes in bochsrc (after -f bochsrc)."""
    # volatile: Bochs opens the image read-only (writes go to a scratch
    # redo log), so no lock file can outlive a session.
    return ["ata0-master: type=disk, path=%s, mode=volatile" % disk,
            "cpu: count=%d" % int(cpus), "magic_break: enabled=1"]


def free_port():
    """A TCP port on localhost that nothing listens on now."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cmd_debug(args):
    check_options(prog=args.prog, rc=args.rc, cpus=args.cpus, trace=args.trace)
    port = args.port or free_port()
    sdir = os.path.join(SESSIONS, str(port))
    os.makedirs(sdir, exist_ok=True)
    rc_out = os.path.join(sdir, "session.rc")
    cf = write_rc(rc_out, args.prog, args.rc)
    if cf and int(args.cpus) < cf.min_cpus:
        print("make debug: RC=%s needs CPUS=%d or more (it stops where application "
              "processors start)" % (args.rc, cf.min_cpus), file=sys.stderr)
    disk = os.path.join(sdir, "disk.img")
    line = cmdline(args.prog, args.trace, cf.cmdline if cf else (),
                   args.timer, args.seed, args.selftest, args.preempt)
    subprocess.run([sys.executable, os.path.join(DEBUG_DIR, "mkimage.py"), "cmdline",
                    os.path.join(BUILD, "base.img"), disk, line], check=True)
    rel = os.path.relpath(sdir, ROOT)
    print("make debug: %s" % line)
    print("make debug: COM1 (kernel console and monitor) is localhost:%d; Bochs waits "
          "for it:\n            run `make console` in another terminal (trace: "
          "build/debug/trace.log; session files: %s/)" % (port, rel))
    sys.stdout.flush()
    argv = ["bochs", "-q", "-f", os.path.join(ROOT, "bochsrc"), "-rc", rc_out] + \
        bochs_overrides(disk, args.cpus) + \
        ["com1: enabled=1, mode=socket-server, dev=127.0.0.1:%d" % port,
         "log: %s" % os.path.join(sdir, "bochs.log")]
    os.chdir(ROOT)
    os.execvp(argv[0], argv)


def cmd_names(_args):
    print("programs: %s" % " ".join(programs()))
    print("command files (RC=): %s" % " ".join(rc_names()))
    print("trace categories (TRACE=): %s" % " ".join(trace_categories()))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("debug")
    d.add_argument("--prog", default="hello")
    d.add_argument("--cpus", default="1")
    d.add_argument("--rc")
    d.add_argument("--trace")
    d.add_argument("--timer")
    d.add_argument("--seed")
    d.add_argument("--preempt")
    d.add_argument("--selftest")
    d.add_argument("--port", type=int)
    sub.add_parser("names")
    args = ap.parse_args()
    try:
        sys.exit({"debug": cmd_debug, "names": cmd_names}[args.cmd](args))
    except SessionError as e:
        sys.exit("make %s: %s" % (args.cmd, e))


if __name__ == "__main__":
    main()
