#!/usr/bin/env python3
"""Glasswing test harness: boot programs headless under Bochs, split the
console from the trace, classify the run, check it.

    harness.py run --prog hello --cpus 2 [--trace CATS] [--timer N] [--seed N]
    harness.py check [--jobs N] [--tests "a b"]
    harness.py bless --tests "a b"

How a run works: the built image (build/base.img) is copied with a new
command line in sector 1 (debug/mkimage.py), so no run option needs a
rebuild. Bochs reads the repository's bochsrc; command-line overrides after
it pick the image copy, the CPU count, a log file, no COM1 socket, no magic
breakpoints. Bochs runs in a private network namespace (`unshare -rn`): its
display library, rfb, would otherwise listen unauthenticated on every
interface. The kernel writes the console and the trace records to port
0xE9, which Bochs copies to its standard output; the Splitter below takes
the trace out of it (compact binary records, formatted here into text).
The last record is `shutdown` (clean end), after `panic` if it panicked.

Verdicts: finished (shutdown reason=no_envs), panic, triple-fault,
timeout, crashed (anything else). Bochs' own exit status means nothing.
Two more kinds of run: `debugrc=NAME` drives the Bochs debugger with the
command file debug/NAME.rc (symbols resolved by gen-rc.py) and checks the
whole session output (verdict "debugger"); `type=cmd;cmd` boots in
interactive mode and types the commands at the kernel monitor over COM1
(debug/interact.py; verdict "interactive" when every command got its
prompt back).
"""
import argparse
import concurrent.futures
import itertools
import os
import re
import shutil
import subprocess
import sys
import threading

import checker
import trace_records

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
IMAGE = os.path.join(BUILD, "base.img")
RUNS = os.path.join(BUILD, "testruns")
TESTLOGS = os.path.join(ROOT, "testlogs")
RC_FILE = os.path.join(ROOT, "debug", "run.rc")
FRAME = 0x1E

# Trace categories for test runs: everything but syscalls, so that the
# invariant checks always have what they need. A RUN line may add more.
TEST_TRACE = "env,fault,sched,lock,mem,pgfault,ipc"
DEFAULT_TIMEOUT = 300
BUILD_SCHEMA = trace_records.Schema.from_file(os.path.join(BUILD, "trace-schema.txt")) \
    if os.path.exists(os.path.join(BUILD, "trace-schema.txt")) else trace_records.Schema()


def bochs_ips():
    """Emulated instructions per second in bochsrc (cpu: ips=): the TSC
    rate of a run, since under sync=none the TSC counts instructions."""
    m = re.search(r"^cpu:.*\bips=(\d+)", open(os.path.join(ROOT, "bochsrc")).read(), re.M)
    return int(m.group(1)) if m else 0


def verdict_of(trace, bochs_out, rc):
    """Classify a finished Bochs run from what the kernel printed."""
    events = [r.event for r in trace.records]
    last = trace.records[-1] if trace.records else None
    if "panic" in events:
        return "panic"
    if last and last.event == "shutdown":
        return {"no_envs": "finished", "stuck": "stuck"}.get(last.get("reason"), "crashed")
    if "3rd (13) exception" in bochs_out or "3rd (14) exception" in bochs_out \
            or "exception with no resolution" in bochs_out:
        return "triple-fault"
    if rc == 124:
        return "timeout"
    return "crashed"


def build_cmdline(cfg):
    if cfg.get("type"):        # the monitor must read COM1
        words = ["mode=interactive", "console=e9,com1", "prog=%s" % cfg["prog"]]
    else:
        words = ["mode=headless", "console=e9", "prog=%s" % cfg["prog"]]
    trace = cfg.get("trace") or TEST_TRACE
    if trace != "none" and "all" not in trace.split(",") and "env" not in trace.split(","):
        trace += ",env"             # env ids number the $En variables
    words.append("trace=%s" % trace)
    for key in ("timer", "seed", "selftest"):
        if cfg.get(key):
            words.append("%s=%s" % (key, cfg[key]))
    return " ".join(words)


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
            sys.exit("harness: cannot give Bochs a private network namespace: neither "
                     "'unshare -rn' (user namespaces) nor 'unshare -n' (root) works here; "
                     "run as root, or enable unprivileged user namespaces "
                     "(sysctl kernel.unprivileged_userns_clone=1)")
    return _NAMESPACE


def run_bochs(cfg, outdir, on_console=None):
    """Boot once with configuration @cfg, writing logs to @outdir.

    Returns (verdict, console text, trace text)."""
    os.makedirs(outdir, exist_ok=True)
    img = os.path.join(outdir, "disk.img")
    subprocess.run([sys.executable, os.path.join(ROOT, "debug", "mkimage.py"), "cmdline",
                    IMAGE, img, build_cmdline(cfg)], check=True)
    bochs_log = os.path.join(outdir, "bochs.log")
    rc_file = RC_FILE
    if cfg.get("debugrc"):
        # A debugger session driven by a command file (symbols resolved).
        rc_file = os.path.join(outdir, "session.rc")
        subprocess.run([sys.executable, os.path.join(ROOT, "debug", "gen-rc.py"),
                        os.path.join(ROOT, "debug", cfg["debugrc"] + ".rc"), rc_file,
                        os.path.join(BUILD, "kernel.elf"),
                        os.path.join(BUILD, "user", cfg["prog"])], check=True)
    bochs = ["bochs", "-q", "-f", os.path.join(ROOT, "bochsrc"), "-rc", rc_file,
             "ata0-master: type=disk, path=%s, mode=flat" % img,
             "cpu: count=%d" % int(cfg["cpus"]),
             "magic_break: enabled=0",
             "log: %s" % bochs_log,
             'display_library: rfb, options="timeout=0"']
    if cfg.get("type"):
        # Typed monitor commands: COM1 on a socket inside the namespace.
        bochs.append("com1: enabled=1, mode=socket-server, dev=127.0.0.1:4555")
        inner = [sys.executable, os.path.join(ROOT, "debug", "interact.py"),
                 "--port", "4555", "--type", cfg["type"], "--"] + bochs
    else:
        inner = bochs + ["com1: enabled=0"]
    cmd = ["timeout", "-s", "INT", str(cfg.get("timeout", DEFAULT_TIMEOUT))] \
        + namespace_cmd() + inner
    split = trace_records.StreamDecoder(on_console)
    raw = bytearray()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    while True:
        chunk = proc.stdout.read1(65536) if hasattr(proc.stdout, "read1") else proc.stdout.read(4096)
        if not chunk:
            break
        raw += chunk
        split.feed(chunk)
    rc = proc.wait()
    bochs_out = raw.decode(errors="replace")
    try:
        bochs_out += open(bochs_log, errors="replace").read()
    except OSError:
        pass
    tr = split.finish()
    if tr.started and tr.schema.lines() != BUILD_SCHEMA.lines():
        tr.problems.append("the kernel wrote another schema than build/trace-schema.txt "
                           "(stale build?)")
    verdict = verdict_of(tr, bochs_out, rc)
    console = (split.console if tr.started else split.prelude).decode(errors="replace")
    if cfg.get("debugrc"):
        # What is checked is the whole debugger session.
        console = raw.decode(errors="replace").replace("\x1e", "")
        verdict = "timeout" if rc == 124 else "debugger"
    elif cfg.get("type") and verdict not in ("panic", "triple-fault"):
        verdict = "timeout" if rc == 124 else ("interactive" if rc == 0 else "crashed")
    tr.header["tsc_hz"] = str(bochs_ips())
    lines = tr.text_lines()
    trace = "\n".join(lines) + ("\n" if lines else "")
    with open(os.path.join(outdir, "raw.log"), "wb") as f:
        f.write(raw)
    with open(os.path.join(outdir, "console.log"), "w") as f:
        f.write(console)
    with open(os.path.join(outdir, "trace.log"), "w") as f:
        f.write(trace)
    with open(os.path.join(outdir, "verdict"), "w") as f:
        f.write(verdict + "\n")
    os.unlink(img)
    return verdict, console, trace


# ------------------------------------------------------------------ tests

def parse_run_options(name, run_lines):
    """RUN lines -> list of configurations (dicts)."""
    configs = []
    for line in run_lines or [""]:
        opts = {"prog": [name], "cpus": ["1"]}
        for word in line.split():
            key, _, value = word.partition("=")
            if key in ("trace", "type"):
                opts[key] = [value]          # commas are part of the value
            else:
                opts[key] = value.split(",")
        keys = sorted(opts)
        for combo in itertools.product(*(opts[k] for k in keys)):
            configs.append(dict(zip(keys, combo)))
    return configs


def config_label(cfg):
    parts = ["cpus=%s" % cfg["cpus"]]
    for key in ("timer", "seed", "trace", "selftest", "repeat", "debugrc", "type"):
        if cfg.get(key):
            parts.append("%s=%s" % (key, cfg[key]))
    return " ".join(parts)


def config_dir(name, cfg):
    label = config_label(cfg).replace(" ", "_").replace("=", "").replace(",", "+")
    label = label.replace(";", "+").replace("/", "-")
    return os.path.join(RUNS, name, label)


def crash_hint(outdir, console):
    """For a run that printed nothing: the last lines Bochs itself wrote."""
    if console.strip():
        return ""
    try:
        raw = open(os.path.join(outdir, "raw.log"), errors="replace").read()
    except OSError:
        return ""
    tail = [l for l in raw.splitlines() if l.strip()][-6:]
    return "\n  the kernel printed nothing; Bochs' last words:\n" + \
        "\n".join("    " + l for l in tail) if tail else ""


def run_test_config(name, expect_text, cfg):
    """Run one configuration of a test; returns a list of failure texts."""
    outdir = config_dir(name, cfg)
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    want = cfg.get("expect", "finished")
    verdict, console, trace = run_bochs(cfg, outdir)
    failures = []
    if verdict != want:
        msg = "run ended in %s, expected %s" % (verdict, want)
        panic_lines = [l for l in console.splitlines() if "kernel panic" in l]
        if panic_lines:
            msg += ": " + panic_lines[0]
        failures.append(msg + crash_hint(outdir, console))
    failures += checker.check_run(expect_text, console, trace, verdict, cfg)
    repeat = int(cfg.get("repeat", "1"))
    for i in range(2, repeat + 1):
        again = os.path.join(outdir, "repeat%d" % i)
        v2, c2, t2 = run_bochs(cfg, again)
        if (v2, c2, t2) != (verdict, console, trace):
            failures.append("not deterministic: run %d differs from run 1 (diff %s %s)"
                            % (i, outdir, again))
    if failures:
        failures.append("logs: %s/console.log %s/trace.log" % (outdir, outdir))
    return failures


def discover(selected):
    names = sorted(f[:-7] for f in os.listdir(TESTLOGS) if f.endswith(".expect"))
    if selected:
        want = selected.split()
        missing = [t for t in want if t not in names]
        if missing:
            sys.exit("no such test(s): %s" % " ".join(missing))
        names = [n for n in names if n in want]
    return names


def cmd_check(args):
    names = discover(args.tests)
    jobs = []
    for name in names:
        text = open(os.path.join(TESTLOGS, name + ".expect")).read()
        try:
            runs, _ = checker.parse_expect(text)
        except checker.Failure as e:
            jobs.append((name, text, None, e.render()))
            continue
        for cfg in parse_run_options(name, runs):
            jobs.append((name, text, cfg, None))

    results = {name: [] for name in names}
    lock = threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {}
        for name, text, cfg, err in jobs:
            if err:
                results[name].append(("(expected file)", [err]))
            else:
                futures[pool.submit(run_test_config, name, text, cfg)] = (name, cfg)
        for fut in concurrent.futures.as_completed(futures):
            name, cfg = futures[fut]
            try:
                fails = fut.result()
            except Exception as e:          # a harness bug must still fail the test
                fails = ["harness error: %r" % e]
            with lock:
                results[name].append((config_label(cfg), fails))

    passed = failed = 0
    for i, name in enumerate(names, 1):
        bad = [(label, f) for label, f in sorted(results[name]) if f]
        if bad:
            failed += 1
            print("not ok %d - %s" % (i, name))
            for label, fails in bad:
                print("  # %s:" % label)
                for f in fails:
                    print("\n".join("  #   " + l for l in f.splitlines()))
        else:
            passed += 1
            print("ok %d - %s (%d run%s)" % (i, name, len(results[name]),
                                             "" if len(results[name]) == 1 else "s"))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def cmd_run(args):
    cfg = {"prog": args.prog, "cpus": args.cpus, "trace": args.trace or "env,fault,mem",
           "timer": args.timer, "seed": args.seed, "timeout": args.timeout}
    outdir = os.path.join(BUILD, "run")
    out = sys.stdout.buffer

    def echo(b):
        out.write(b)
        out.flush()
    verdict, console, _ = run_bochs(cfg, outdir, on_console=echo)
    print("\n[run: %s; console and trace in %s]" % (verdict, os.path.relpath(outdir)),
          file=sys.stderr)
    if verdict != "finished":
        panic = [l for l in console.splitlines() if "kernel panic" in l]
        if panic:
            print("[run failed: %s]" % panic[0], file=sys.stderr)
        hint = crash_hint(outdir, console)
        if hint:
            print(hint.lstrip("\n"), file=sys.stderr)
    return 0 if verdict == "finished" else 1


def cmd_bless(args):
    """Rewrite expected files from the last run of their first configuration.

    Keeps the file's leading comments and RUN lines; writes every console
    line as CHECK and the env/fault/pgfault/ipc trace records as TRACE,
    normalised (no seq/cpu/timestamp; env ids as $En). Review the diff."""
    for name in discover(args.tests) if args.tests else []:
        path = os.path.join(TESTLOGS, name + ".expect")
        text = open(path).read()
        runs, _ = checker.parse_expect(text)
        cfg = parse_run_options(name, runs)[0]
        outdir = config_dir(name, cfg)
        try:
            console = open(os.path.join(outdir, "console.log"), errors="replace").read()
            trace = open(os.path.join(outdir, "trace.log"), errors="replace").read()
        except OSError:
            sys.exit("%s: no run to bless from: run `make check TESTS=%s` first" % (name, name))
        _, records = checker.parse_trace(trace)
        names = checker.env_numbering(records)
        keep = []
        for line in text.splitlines():
            if line.startswith("#") or line.startswith("RUN:") or not line.strip():
                keep.append(line)
            else:
                break
        out = keep + [""] if keep and keep[-1].strip() else keep
        for line in console.splitlines():
            # The boot banner and CPU count say nothing about the program
            # and differ between configurations.
            if line.strip() and not line.startswith(("Glasswing kernel booting", "SMP: ")):
                out.append("CHECK: " + escape(checker.normalise(line, names)))
        for r in records:
            if r["event"].split("_")[0] in ("env", "page", "pgfault", "user", "ipc"):
                out.append("TRACE: " + escape(checker.normalise(r["line"], names)))
        with open(path, "w") as f:
            f.write("\n".join(out) + "\n")
        print("blessed %s from %s" % (os.path.relpath(path), os.path.relpath(outdir)))
    return 0


def escape(line):
    """Literal text -> pattern text ({{ and [[ would start a regex or variable)."""
    return line.replace("{{", "{{\\{\\{}}").replace("[[", "{{\\[\\[}}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--prog", default="hello")
    r.add_argument("--cpus", default="1")
    r.add_argument("--trace")
    r.add_argument("--timer")
    r.add_argument("--seed")
    r.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT)
    c = sub.add_parser("check")
    c.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    c.add_argument("--tests", default="")
    b = sub.add_parser("bless")
    b.add_argument("--tests", default="")
    args = ap.parse_args()
    if not os.path.exists(IMAGE):
        sys.exit("no %s: run make first" % os.path.relpath(IMAGE))
    sys.exit({"run": cmd_run, "check": cmd_check, "bless": cmd_bless}[args.cmd](args))


if __name__ == "__main__":
    main()
