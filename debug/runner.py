"""Boot one configuration of Glasswing headless under Bochs (or QEMU:
cfg emu=qemu, see debug/qemu.py) and collect what came out: console,
trace, verdict.

How a run works: build/base.img is copied with the run's boot command line
in sector 1 (debug/mkimage.py), so no run option needs a rebuild. Bochs
reads the repository's bochsrc; command-line overrides after it pick the
image copy, the CPU count, a log file, no COM1 socket, no magic
breakpoints. Bochs runs in a private network namespace: its display
library, rfb, would otherwise listen unauthenticated on every interface.
The kernel writes the console and the trace to port 0xE9, which Bochs
copies to its standard output; trace_records.StreamDecoder separates them.

Verdicts: finished (shutdown reason=no_envs), stuck (reason=stuck: envs
left that can never run), panic, triple-fault, hang (no output at all for
`hang` seconds of wall time: nothing printed, no record), timeout (the
overall wall-clock guard), runaway (more than max_output bytes written:
a loop that prints or traces without end, stopped before it fills the
host's memory), crashed (anything else). Bochs' own exit status
means nothing. Two more kinds of run: `debugrc=NAME` drives the Bochs
debugger with debug/NAME.rc (as `make debug` does: debug/session.py) and yields the
whole session output (verdict "debugger"); `type=cmd;cmd` boots in
interactive mode and types the commands at the kernel monitor over COM1
(debug/interact.py; verdict "interactive" when every command got its
prompt back).

Under QEMU the same image and command line boot on QEMU's machine
(debug/qemu.py): port 0xE9 is its debugcon on QEMU's standard output,
QEMU's own messages go to qemu.log, and the verdict is read from the
kernel's trace exactly as under Bochs (a triple fault from qemu.log). A
`debugrc=` run needs the Bochs debugger and is refused under QEMU; a
`gdb=NAME` run (QEMU only) drives gdb with debug/NAME.gdb through QEMU's
gdbstub (debug/gdbsession.py) and yields gdb's output (verdict
"debugger" when gdb ends without error).
"""
import fcntl
import os
import re
import select
import signal
import subprocess
import sys
import time

import mkimage
import qemu
import session
import symbols
import trace_records

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
IMAGE = os.path.join(BUILD, "base.img")
RC_FILE = os.path.join(ROOT, "debug", "run.rc")
SCHEMA_FILE = os.path.join(BUILD, "trace-schema.txt")

# Trace categories for test runs: everything but syscalls, so that the
# invariant checks have what they need. A RUN line may choose others.
TEST_TRACE = "env,fault,sched,lock,mem,pgfault,ipc"
DEFAULT_TIMEOUT = 300       # seconds of wall time for a whole run
DEFAULT_HANG = 10           # seconds of wall time without any output
#: Bytes of console and trace after which a run is a runaway. The suite's
#: largest run writes under 4 MB; decoded, a trace takes some ten times
#: its size in memory.
DEFAULT_MAX_OUTPUT = 32 << 20
#: Verdicts of runs that a guard stopped: their end is wall time (or where
#: a chunk of output ended), not something the kernel did.
GUARD_VERDICTS = ("hang", "timeout", "runaway")
# Bochs writes port 0xE9 one byte per write(2). A reader woken by every
# write costs the host as much as the emulator does (hundreds of thousands
# of wake-ups and reads for a busy trace), so after a short read the loop
# lets output gather for this long; the pipe (PIPE_SIZE) holds far more
# than arrives meanwhile, so the emulator never waits for us.
READ_PAUSE = 0.01           # seconds
PIPE_SIZE = 1 << 20         # bytes (Linux's default limit for a pipe's size)


def build_schema():
    """The build's trace schema (build/trace-schema.txt)."""
    if os.path.exists(SCHEMA_FILE):
        return trace_records.Schema.from_file(SCHEMA_FILE)
    return trace_records.Schema()


def bochs_ips():
    """Emulated instructions per second in bochsrc (cpu: ips=): the TSC
    rate of a run, since under sync=none the TSC counts instructions."""
    with open(os.path.join(ROOT, "bochsrc")) as f:
        m = re.search(r"^cpu:.*\bips=(\d+)", f.read(), re.M)
    return int(m.group(1)) if m else 0


_NAMESPACE = None


def namespace_cmd():
    """The command prefix that gives Bochs a private network namespace.

    Unprivileged (`unshare -rn`, a user namespace) where the kernel allows
    it; `unshare -n` as root where it does not (in a chroot, for one, user
    namespaces are refused). Without either, Bochs' rfb display would
    listen unauthenticated on every interface: refuse to run."""
    global _NAMESPACE
    if _NAMESPACE is None:
        for cand in (["unshare", "-rn"], ["unshare", "-n"]):
            if subprocess.run(cand + ["true"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0:
                _NAMESPACE = cand
                break
        else:
            sys.exit("runner: cannot give Bochs a private network namespace: neither "
                     "'unshare -rn' (user namespaces) nor 'unshare -n' (root) works here; "
                     "run as root, or enable unprivileged user namespaces "
                     "(sysctl kernel.unprivileged_userns_clone=1)")
    return _NAMESPACE


#: Bytes of the boot command line, its NUL included (one sector:
#: src/kernel/bootinfo.h's CMDLINE_MAX, debug/mkimage.py).
CMDLINE_MAX = 512


def build_cmdline(cfg):
    """The kernel command line of configuration @cfg (RUN options)."""
    if cfg.get("type"):        # the monitor must read COM1
        words = ["mode=interactive", "console=e9,com1", "prog=%s" % cfg["prog"]]
    else:
        words = ["mode=headless", "console=e9", "prog=%s" % cfg["prog"]]
    trace = cfg.get("trace") or TEST_TRACE
    if trace != "none" and "all" not in trace.split(",") and "env" not in trace.split(","):
        trace += ",env"             # env ids number the $En variables
    words.append("trace=%s" % trace)
    for key in ("timer", "seed", "preempt", "selftest"):
        if cfg.get(key) and not (key == "preempt" and cfg[key] == "none"):
            words.append("%s=%s" % (key, cfg[key]))
    return " ".join(words)


def bochs_triple_fault(bochs_out):
    """Whether Bochs' output and log report a triple fault."""
    return "3rd (13) exception" in bochs_out or "3rd (14) exception" in bochs_out \
        or "exception with no resolution" in bochs_out


def verdict_of(trace, triple_fault):
    """Classify a finished run from what the kernel printed; @triple_fault
    is what the emulator's log says."""
    events = [r.event for r in trace.records]
    last = trace.records[-1] if trace.records else None
    if "panic" in events:
        return "panic"
    if last and last.event == "shutdown":
        return {"no_envs": "finished", "stuck": "stuck"}.get(last.get("reason"), "crashed")
    if triple_fault:
        return "triple-fault"
    return "crashed"


class Result:
    """What one run produced."""

    def __init__(self, verdict, console, trace, outdir, raw, messages=None):
        self.verdict = verdict      # see the module comment
        self.console = console      # the kernel's console text
        self.trace = trace          # trace_records.Trace
        self.outdir = outdir
        self.raw = raw              # the emulator's whole standard output (bytes)
        # The emulator's own messages: in raw for Bochs, qemu.err for QEMU.
        self.messages = raw.decode(errors="replace") if messages is None else messages

    def trace_text(self):
        lines = self.trace.text_lines()
        return "\n".join(lines) + ("\n" if lines else "")

    def hint(self):
        """For a run that printed nothing: the last lines the emulator wrote."""
        if self.console.strip():
            return ""
        tail = [l for l in self.messages.splitlines() if l.strip()][-6:]
        return ("\n  the kernel printed nothing; the emulator's last words:\n" +
                "\n".join("    " + l for l in tail)) if tail else ""

    def last_records(self, n=3):
        """The last @n records of each CPU and who held which lock (for a
        hang or a time-out)."""
        per_cpu, holder = {}, {}
        for r in self.trace.records:
            per_cpu.setdefault(r.cpu, []).append(r)
            if r.event == "lock_acquire":
                holder[r["name"]] = r
            elif r.event == "lock_release":
                holder.pop(r["name"], None)
        out = []
        for cpu in sorted(per_cpu):
            out.append("  CPU %d, last records:" % cpu)
            out += ["    %s" % r.text() for r in per_cpu[cpu][-n:]]
        for name, r in sorted(holder.items()):
            out.append("  %s held at the end by CPU %d (since seq %d)" % (name, r.cpu, r.seq))
        return "\n".join(out) if out else "  (no trace records)"


def bochs_command(cfg, img, outdir, rc_file, com1_file):
    """The Bochs command of a run (inside the namespace) and its log file."""
    if cfg.get("gdb"):
        raise ValueError("gdb= needs QEMU's gdbstub (Bochs has none): give the RUN line emu=qemu")
    bochs_log = os.path.join(outdir, "bochs.log")
    bochs = ["bochs", "-q", "-f", os.path.join(ROOT, "bochsrc"), "-rc", rc_file,
             "ata0-master: type=disk, path=%s, mode=flat" % img,
             "cpu: count=%d" % int(cfg["cpus"]),
             "magic_break: enabled=%d" % bool(cfg.get("debugrc")),
             "log: %s" % bochs_log,
             'display_library: rfb, options="timeout=0"']
    if cfg.get("debugrc"):
        return bochs + ["com1: enabled=1, mode=file, dev=%s" % com1_file], bochs_log
    if cfg.get("type"):
        # Typed monitor commands: COM1 on a socket inside the namespace.
        bochs.append("com1: enabled=1, mode=socket-server, dev=127.0.0.1:4555")
        inner = [sys.executable, os.path.join(ROOT, "debug", "interact.py"),
                 "--port", "4555", "--type", cfg["type"], "--"] + bochs
    else:
        inner = bochs + ["com1: enabled=0"]
    return inner, bochs_log


def qemu_command(cfg, img, outdir):
    """The QEMU command of a run (inside the namespace) and its log file."""
    if cfg.get("debugrc"):
        raise ValueError("debugrc= drives the Bochs debugger: it cannot run under QEMU "
                         "(give the RUN line emu=bochs)")
    log = os.path.join(outdir, "qemu.log")
    if cfg.get("gdb"):
        # A gdb session driven by a command file, with the .gdbinit that
        # `make gdb` writes (port 1234 is private to the namespace).
        gdbinit = os.path.join(outdir, "gdbinit")
        subprocess.run([sys.executable, os.path.join(ROOT, "debug", "gen-gdbinit.py"),
                        gdbinit, "1234", cfg["prog"]], check=True)
        inner = [sys.executable, os.path.join(ROOT, "debug", "gdbsession.py"),
                 "--port", "1234", "--gdbinit", gdbinit,
                 "--commands", os.path.join(ROOT, "debug", cfg["gdb"] + ".gdb"), "--"] + \
            qemu.headless(img, cfg["cpus"], log, gdb_port=1234,
                          e9_file=os.path.join(outdir, "e9.log"))
    elif cfg.get("type"):
        inner = [sys.executable, os.path.join(ROOT, "debug", "interact.py"),
                 "--port", "4555", "--type", cfg["type"], "--"] + \
            qemu.headless(img, cfg["cpus"], log, serial_port=4555)
    else:
        inner = qemu.headless(img, cfg["cpus"], log)
    return inner, log


def output_limit(cfg):
    """@cfg's max_output in bytes ("512K", "32M" or a number; default
    DEFAULT_MAX_OUTPUT)."""
    text = str(cfg.get("max_output") or "").strip().upper()
    if not text:
        return DEFAULT_MAX_OUTPUT
    scale = {"K": 1 << 10, "M": 1 << 20}.get(text[-1:], 1)
    try:
        return int(text[:-1] if scale > 1 else text) * scale
    except ValueError:
        raise ValueError("max_output=%s: a number of bytes, or nK, nM" % cfg["max_output"])


def run(cfg, outdir, on_console=None, schema=None):
    """Boot once with configuration @cfg, writing logs to @outdir.

    cfg keys (strings): prog, cpus, and optionally emu (bochs, the
    default, or qemu), trace, timer, seed, preempt, selftest, timeout (s),
    hang (s), max_output (bytes), debugrc, debugcmds, gdb, type. Returns a
    Result."""
    os.makedirs(outdir, exist_ok=True)
    img = os.path.join(outdir, "disk.img")
    line = build_cmdline(cfg)
    emu = cfg.get("emu") or "bochs"
    rc_file = RC_FILE
    com1_file = os.path.join(outdir, "com1.raw")
    if cfg.get("debugrc") and emu == "bochs":
        # A debugger session set up as `make debug` sets one up
        # (debug/session.py): the command file with its symbols resolved,
        # then RUN's debugcmds (default `c`) and `quit`; magic breakpoints
        # on; the trace on COM1 (a file here), not among the debugger's
        # output, which is what the test checks.
        rc_file = os.path.join(outdir, "session.rc")
        cf = session.write_rc(rc_file, cfg["prog"], cfg["debugrc"],
                              session.test_commands(cfg["debugrc"], cfg.get("debugcmds")))
        line = " ".join([line, "tracedev=com1"] + cf.cmdline)
    mkimage.set_cmdline(IMAGE, img, line)  # in-process: no Python start-up per run
    if emu == "qemu":
        inner, emu_log = qemu_command(cfg, img, outdir)
        stderr = open(os.path.join(outdir, "qemu.err"), "wb")
    elif emu == "bochs":
        inner, emu_log = bochs_command(cfg, img, outdir, rc_file, com1_file)
        stderr = subprocess.STDOUT
    else:
        raise ValueError("unknown emulator %r (bochs or qemu)" % emu)
    timeout = float(cfg.get("timeout") or DEFAULT_TIMEOUT)
    hang = float(cfg.get("hang") or DEFAULT_HANG)
    # An output guard beside the wall-clock one (not a RUN key; make
    # explore sets a smaller one): a run that has written more than
    # max_output bytes is a runaway (a loop printing or writing records),
    # stopped before its output fills the memory of the checker.
    max_output = output_limit(cfg)

    dec = trace_records.StreamDecoder(on_console)
    raw = bytearray()
    proc = subprocess.Popen(namespace_cmd() + inner, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=stderr,
                            start_new_session=True)
    if stderr is not subprocess.STDOUT:
        stderr.close()
    start = last_output = time.monotonic()
    stopped = None              # one of GUARD_VERDICTS once we stop it
    signalled = None            # when we sent SIGINT
    fd = proc.stdout.fileno()
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (AttributeError, OSError):
        pass                    # a smaller pipe only means more reads
    while True:
        now = time.monotonic()
        if stopped is None and now - start > timeout:
            stopped = "timeout"
        elif stopped is None and now - last_output > hang and not cfg.get("debugrc") \
                and not cfg.get("gdb"):
            stopped = "hang"
        elif stopped is None and len(raw) > max_output:
            stopped = "runaway"
        if stopped and signalled is None:
            # SIGINT: Bochs stops the simulation cleanly and the rc
            # file's `quit` runs (QEMU just exits); SIGKILL if it does not go.
            os.killpg(proc.pid, signal.SIGINT)
            signalled = now
        elif signalled is not None and now - signalled > 10:
            os.killpg(proc.pid, signal.SIGKILL)
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(fd, PIPE_SIZE)
        if not chunk:
            break
        raw += chunk
        if stopped is None:     # what the emulator says after SIGINT is not the kernel's
            dec.feed(chunk)
            last_output = time.monotonic()
        if len(chunk) < PIPE_SIZE // 4:
            time.sleep(READ_PAUSE)
    rc = proc.wait()
    emu_out = raw.decode(errors="replace")
    try:
        with open(emu_log, errors="replace") as f:
            emu_out += f.read()
    except OSError:
        pass
    tr = dec.finish()
    if stopped:
        # After SIGINT Bochs prints where it stopped ("Next at t=N"): the
        # emulated time of the stop, on the TSC's scale (ticks since power
        # on), for the liveness invariants' view of the end.
        ticks = re.findall(rb"Next at t=(\d+)", raw)
        if ticks:
            tr.header["stop_tsc"] = ticks[-1].decode()
    if cfg.get("debugrc"):
        com1 = trace_records.StreamDecoder()
        if os.path.exists(com1_file):
            with open(com1_file, "rb") as f:
                com1.feed(f.read())
        tr = com1.finish()
    symbols.annotate_callers(tr)    # caller=ADDR gets caller_at=file.c:LINE
    if tr.started and schema is not None and tr.schema.lines() != schema.lines():
        tr.problems.append("the kernel wrote another schema than build/trace-schema.txt "
                           "(stale build?)")
    if emu == "qemu":
        tr.header["tsc_hz"] = str(qemu.TSC_HZ)
        triple = qemu.triple_fault(emu_out)
    else:
        tr.header["tsc_hz"] = str(bochs_ips())
        triple = bochs_triple_fault(emu_out)
    verdict = stopped or verdict_of(tr, triple)
    console = (dec.console if tr.started else dec.prelude).decode(errors="replace")
    if cfg.get("debugrc"):
        # What is checked is the whole debugger session.
        console = raw.decode(errors="replace")
        verdict = stopped or "debugger"
    elif cfg.get("gdb"):
        # The whole gdb session; gdb failing (a command in error) is a crash.
        console = raw.decode(errors="replace")
        verdict = stopped or ("debugger" if rc == 0 else "crashed")
    elif cfg.get("type") and verdict not in ("panic", "triple-fault") + GUARD_VERDICTS:
        verdict = "interactive" if rc == 0 else "crashed"
    messages = qemu.read_log(os.path.join(outdir, "qemu.err")) if emu == "qemu" else None
    result = Result(verdict, console, tr, outdir, bytes(raw), messages)
    with open(os.path.join(outdir, "raw.log"), "wb") as f:
        f.write(raw)
    with open(os.path.join(outdir, "console.log"), "w") as f:
        f.write(console)
    with open(os.path.join(outdir, "trace.log"), "w") as f:
        f.write(result.trace_text())
    with open(os.path.join(outdir, "verdict"), "w") as f:
        f.write(verdict + "\n")
    os.unlink(img)
    return result
