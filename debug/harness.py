#!/usr/bin/env python3
"""Glasswing test harness: run programs, run the tests, bless transcripts.

    harness.py run --prog hello --cpus 2 [--trace CATS] [--timer N] [--seed N] [--timeout S]
    harness.py check [--jobs N] [--tests "a b"]
    harness.py bless --tests "a b"

A test is testlogs/NAME.expect: its RUN lines give one or more
configurations (debug/runner.py boots each), and debug/checker.py checks
every run against the file and the kernel invariants. `check` runs the
configurations in parallel, longest first, and prints each test's result
as soon as its last run ends, then `N passed, N failed`.
"""
import argparse
import concurrent.futures
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time

import checker
import expect
import runner
import timeline
import trace_records

ROOT = runner.ROOT
BUILD = runner.BUILD
RUNS = os.path.join(BUILD, "testruns")
TESTLOGS = os.path.join(ROOT, "testlogs")
TIMES = os.path.join(RUNS, "times.json")      # wall seconds per config, for scheduling


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
    for key in ("timer", "seed", "trace", "selftest", "repeat", "debugrc", "type", "host"):
        if cfg.get(key):
            parts.append("%s=%s" % (key, cfg[key]))
    return " ".join(parts)


def config_dir(name, cfg):
    label = config_label(cfg).replace(" ", "_").replace("=", "").replace(",", "+")
    label = label.replace(";", "+").replace("/", "-")
    return os.path.join(RUNS, name, label)


def run_test_config(name, expect_text, cfg, schema):
    """Run one configuration of a test; returns a list of failure texts."""
    outdir = config_dir(name, cfg)
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    want = cfg.get("expect", "finished")
    res = runner.run(cfg, outdir, schema=schema)
    failures = []
    if res.verdict != want:
        msg = "run ended in %s, expected %s" % (res.verdict, want)
        panic_lines = [l for l in res.console.splitlines() if "kernel panic" in l]
        if panic_lines:
            msg += ": " + panic_lines[0]
        if res.verdict in ("hang", "timeout"):
            msg += "\n" + res.last_records()
        failures.append(msg + res.hint())
    if res.verdict not in ("hang", "timeout") or res.verdict == want:
        # A run we stopped is reported as stopped, nothing more: its cut
        # trace would make every invariant look broken.
        failures += checker.check_run(expect_text, res.console, res.trace_text(),
                                      res.verdict, cfg)
    repeat = int(cfg.get("repeat", "1"))
    for i in range(2, repeat + 1):
        again = os.path.join(outdir, "repeat%d" % i)
        res2 = runner.run(cfg, again, schema=schema)
        if (res2.verdict, res2.console, res2.trace_text()) != \
                (res.verdict, res.console, res.trace_text()):
            failures.append("not deterministic: run %d differs from run 1 (diff %s %s)"
                            % (i, outdir, again))
    if cfg.get("host") and not failures:
        failures += host_check(cfg["host"], outdir)
    if failures:
        # The timeline of the failed run beside its logs (debug/timeline.py).
        failures.append("logs: %s/console.log %s/trace.log" % (outdir, outdir) +
                        timeline.for_failed_run(outdir, failures))
    return failures


def host_check(name, outdir):
    """RUN option host=NAME: debug/tests/NAME.py RUNDIR checks what a tool
    makes of the run (the run itself passed); what it prints is the failure."""
    script = os.path.join(ROOT, "debug", "tests", name + ".py")
    try:
        proc = subprocess.run([sys.executable, script, outdir], capture_output=True, text=True,
                              timeout=300)
    except subprocess.TimeoutExpired:
        return ["host check %s: no verdict in 300 s" % name]
    if proc.returncode == 0:
        return []
    return ["host check %s failed (exit %d):\n%s" % (name, proc.returncode,
                                                     (proc.stdout + proc.stderr).rstrip())]


def discover(selected):
    names = sorted(f[:-7] for f in os.listdir(TESTLOGS) if f.endswith(".expect"))
    if selected:
        want = selected.split()
        missing = [t for t in want if t not in names]
        if missing:
            sys.exit("no such test(s): %s (tests: %s)" % (" ".join(missing), " ".join(names)))
        names = [n for n in names if n in want]
    return names


def load_times():
    try:
        with open(TIMES) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def cmd_check(args):
    names = discover(args.tests)
    schema = runner.build_schema()
    jobs, results, pending = [], {n: [] for n in names}, {n: 0 for n in names}
    for name in names:
        text = open(os.path.join(TESTLOGS, name + ".expect")).read()
        try:
            runs, _ = expect.parse_expect(text)
        except expect.Failure as e:
            results[name].append(("(expected file)", [e.render()]))
            continue
        for cfg in parse_run_options(name, runs):
            jobs.append((name, text, cfg))
            pending[name] += 1

    # Longest first (by the last check's wall time), so that the slow runs
    # do not start last and leave the other cores idle.
    times = load_times()
    jobs.sort(key=lambda j: -times.get(config_dir(j[0], j[2]), 30.0))
    lock = threading.Lock()
    done = [0]
    outcome = {}

    def report(name):
        bad = [(label, f) for label, f in sorted(results[name]) if f]
        done[0] += 1
        n = len(results[name])
        head = "[%d/%d]" % (done[0], len(names))
        if bad:
            print("%s not ok - %s" % (head, name))
            for label, fails in bad:
                print("  # %s:" % label)
                for f in fails:
                    print("\n".join("  #   " + l for l in f.splitlines()))
        else:
            print("%s ok - %s (%d run%s)" % (head, name, n, "" if n == 1 else "s"))
        sys.stdout.flush()
        outcome[name] = not bad

    for name in names:
        if not pending[name]:
            report(name)

    def one(job):
        name, text, cfg = job
        t0 = time.monotonic()
        try:
            fails = run_test_config(name, text, cfg, schema)
        except Exception as e:          # a harness bug must still fail the test
            fails = ["harness error: %r" % e]
        return fails, time.monotonic() - t0

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(one, job): job for job in jobs}
        for fut in concurrent.futures.as_completed(futures):
            name, _, cfg = futures[fut]
            fails, secs = fut.result()
            with lock:
                times[config_dir(name, cfg)] = round(secs, 1)
                results[name].append((config_label(cfg), fails))
                pending[name] -= 1
                if pending[name] == 0:
                    report(name)

    os.makedirs(RUNS, exist_ok=True)
    with open(TIMES, "w") as f:
        json.dump(times, f, indent=0, sort_keys=True)
    failed = [n for n in names if not outcome[n]]
    if failed:
        print("failed: %s" % " ".join(failed))
    print("%d passed, %d failed" % (len(names) - len(failed), len(failed)))
    return 1 if failed else 0


def cmd_run(args):
    cfg = {"prog": args.prog, "cpus": args.cpus, "trace": args.trace or "env,fault,mem",
           "timer": args.timer, "seed": args.seed, "timeout": args.timeout}
    outdir = os.path.join(BUILD, "run")
    out = sys.stdout.buffer

    def echo(b):
        out.write(b)
        out.flush()
    res = runner.run(cfg, outdir, on_console=echo, schema=runner.build_schema())
    print("\n[run: %s; console and trace in %s]" % (res.verdict, os.path.relpath(outdir)),
          file=sys.stderr)
    if res.verdict != "finished":
        panic = [l for l in res.console.splitlines() if "kernel panic" in l]
        if panic:
            print("[run failed: %s]" % panic[0], file=sys.stderr)
        if res.verdict in ("hang", "timeout"):
            print(res.last_records(), file=sys.stderr)
        hint = res.hint()
        if hint:
            print(hint.lstrip("\n"), file=sys.stderr)
    return {"finished": 0, "stuck": 3}.get(res.verdict, 1)


def cmd_bless(args):
    """Rewrite expected files from the last run of their first configuration.

    Keeps the file's leading comments and RUN lines; writes every console
    line as CHECK and the env/fault/pgfault/ipc trace records as TRACE,
    normalised (no seq/cpu/timestamp; env ids as $En). Review the diff."""
    for name in discover(args.tests) if args.tests else []:
        path = os.path.join(TESTLOGS, name + ".expect")
        text = open(path).read()
        runs, _ = expect.parse_expect(text)
        cfg = parse_run_options(name, runs)[0]
        outdir = config_dir(name, cfg)
        try:
            console = open(os.path.join(outdir, "console.log"), errors="replace").read()
            trace = open(os.path.join(outdir, "trace.log"), errors="replace").read()
        except OSError:
            sys.exit("%s: no run to bless from: run `make check TESTS=%s` first" % (name, name))
        records = trace_records.parse_log(trace).records
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
            if r.event.split("_")[0] in ("env", "page", "pgfault", "user", "ipc"):
                out.append("TRACE: " + escape(r.body(names)))
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
    r.add_argument("--timeout", type=int, default=runner.DEFAULT_TIMEOUT)
    c = sub.add_parser("check")
    c.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    c.add_argument("--tests", default="")
    b = sub.add_parser("bless")
    b.add_argument("--tests", default="")
    args = ap.parse_args()
    if not os.path.exists(runner.IMAGE):
        sys.exit("no %s: run make first" % os.path.relpath(runner.IMAGE))
    sys.exit({"run": cmd_run, "check": cmd_check, "bless": cmd_bless}[args.cmd](args))


if __name__ == "__main__":
    main()
