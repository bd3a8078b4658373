#!/usr/bin/env python3
"""Glasswing test harness: run programs, run the tests, bless transcripts.

    harness.py run --prog hello --cpus 2 [--emu qemu] [--trace CATS] [--timer N] [--seed N] [--timeout S]
    harness.py check [--emu qemu] [--jobs N] [--tests "a b"]
    harness.py bless --tests "a b"

A test is testlogs/NAME.expect: its RUN lines give one or more
configurations (debug/runner.py boots each), and debug/checker.py checks
every run against the file and the kernel invariants. `check` runs the
configurations in parallel, longest first, and prints each test's result
as soon as its last run ends, then `N passed, N failed` (and `, N skipped`
when some test had no configuration for the emulator).

Emulators: every configuration runs under the one `--emu` names (bochs by
default). A RUN line that holds under one emulator only says so, and why,
with `emu=NAME # reason` (the reason is the rest of the line after `#`);
under another emulator its configurations are reported as skipped with
that reason, never run and never passed. `debugrc=` (the Bochs debugger)
and `repeat=` (the determinism check: determinism is claimed for Bochs
only) require `emu=bochs`, `gdb=` (gdb through QEMU's gdbstub) `emu=qemu`.
Directives can be restricted too: `@emu=bochs TRACE: ...`.
"""
import argparse
import concurrent.futures
import itertools
import json
import os
import shutil
import sys
import threading
import time

import checker
import expect
import runner
import trace_records

ROOT = runner.ROOT
BUILD = runner.BUILD
RUNS = os.path.join(BUILD, "testruns")
TESTLOGS = os.path.join(ROOT, "testlogs")
TIMES = os.path.join(RUNS, "times.json")      # wall seconds per config, for scheduling


# ------------------------------------------------------------------ tests

EMULATORS = ("bochs", "qemu")
# RUN keys that hold under Bochs only, and why (their RUN line must say emu=bochs).
BOCHS_ONLY = {"debugrc": "it drives the Bochs debugger",
              "repeat": "it checks determinism, which is claimed for Bochs only"}
# ... and under QEMU only.
QEMU_ONLY = {"gdb": "it drives gdb through QEMU's gdbstub (Bochs has none)"}


class RunLineError(Exception):
    """A RUN line the harness cannot use (shown as the test's failure)."""


def parse_run_options(name, run_lines):
    """RUN lines -> list of configurations (dicts).

    Each configuration's "emus" is the set of emulators it may run under
    (all of them unless the line says emu=...), "why" the reason the line
    gives after '#' for leaving the others out."""
    configs = []
    for line in run_lines or [""]:
        words, _, why = line.partition("#")
        opts = {"prog": [name], "cpus": ["1"]}
        emus = set(EMULATORS)
        for word in words.split():
            key, _, value = word.partition("=")
            if key == "emu":
                emus = set(value.split(","))
                unknown = emus - set(EMULATORS)
                if unknown:
                    raise RunLineError("RUN: emu=%s: no such emulator (%s)"
                                       % (value, ", ".join(EMULATORS)))
            elif key in ("trace", "type"):
                opts[key] = [value]          # commas are part of the value
            else:
                opts[key] = value.split(",")
        if emus != set(EMULATORS) and not why.strip():
            raise RunLineError("RUN: %s: emu= needs its reason after '#' "
                               "(RUN: ... emu=bochs # why)" % line.strip())
        for only, table in (("bochs", BOCHS_ONLY), ("qemu", QEMU_ONLY)):
            for key, reason in table.items():
                if key in opts and emus != {only}:
                    raise RunLineError("RUN: %s: %s= needs emu=%s: %s"
                                       % (line.strip(), key, only, reason))
        keys = sorted(opts)
        for combo in itertools.product(*(opts[k] for k in keys)):
            cfg = dict(zip(keys, combo))
            cfg["emus"] = emus
            cfg["why"] = why.strip()
            configs.append(cfg)
    return configs


def config_label(cfg):
    # Bochs runs keep the labels (and directories) they had before QEMU.
    parts = ["cpus=%s" % cfg["cpus"]]
    if cfg.get("emu", "bochs") != "bochs":
        parts.insert(0, "emu=%s" % cfg["emu"])
    for key in ("timer", "seed", "trace", "selftest", "repeat", "debugrc", "gdb", "type"):
        if cfg.get(key):
            parts.append("%s=%s" % (key, cfg[key]))
    return " ".join(parts)


def config_dir(name, cfg):
    label = config_label(cfg).replace(" ", "_").replace("=", "").replace(",", "+")
    label = label.replace(";", "+").replace("/", "-")
    return os.path.join(RUNS, name, label)


def run_test_config(name, expect_text, cfg, schema):
    """Run one configuration of a test; returns (failure texts, skipped
    invariants)."""
    outdir = config_dir(name, cfg)
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    want = cfg.get("expect", "finished")
    res = runner.run(cfg, outdir, schema=schema)
    failures, skipped = [], []
    if res.verdict != want:
        msg = "run ended in %s, expected %s" % (res.verdict, want)
        panic_lines = [l for l in res.console.splitlines() if "kernel panic" in l]
        if panic_lines:
            msg += ": " + panic_lines[0]
        if res.verdict in ("hang", "timeout"):
            msg += "\n" + res.last_records()
            # What the trace shows up to the stop: the invariants that hold
            # for any prefix of a run (checker: Context.complete).
            diagnosis = checker.check_run(None, res.console, res.trace, res.verdict, cfg)
            if diagnosis.failures:
                msg += "\n  up to the stop, the invariants find:\n" + "\n".join(
                    "    " + l for f in diagnosis.failures for l in f.splitlines())
        failures.append(msg + res.hint())
    if res.verdict not in ("hang", "timeout") or res.verdict == want:
        checked = checker.check_run(expect_text, res.console, res.trace, res.verdict, cfg)
        failures += checked.failures
        skipped = checked.skipped
    repeat = int(cfg.get("repeat", "1"))
    for i in range(2, repeat + 1):
        again = os.path.join(outdir, "repeat%d" % i)
        res2 = runner.run(cfg, again, schema=schema)
        if (res2.verdict, res2.console, res2.trace_text()) != \
                (res.verdict, res.console, res.trace_text()):
            failures.append("not deterministic: run %d differs from run 1 (diff %s %s)"
                            % (i, outdir, again))
    if failures:
        failures.append("logs: %s/console.log %s/trace.log" % (outdir, outdir))
    return failures, skipped


def discover(selected):
    names = sorted(f[:-7] for f in os.listdir(TESTLOGS) if f.endswith(".expect"))
    if selected:
        want = selected.split()
        missing = [t for t in want if t not in names and t not in HOST_TESTS]
        if missing:
            sys.exit("no such test(s): %s (tests: %s)" % (" ".join(missing), " ".join(names)))
        names = [n for n in names if n in want]
    return names


def unit_tests():
    """The checker's own unit tests (debug/tests/test_*.py, python3
    unittest): failures as texts."""
    import io
    import unittest
    loader = unittest.TestLoader()
    suite = loader.discover(os.path.join(ROOT, "debug", "tests"), top_level_dir=os.path.join(ROOT, "debug", "tests"))
    out = io.StringIO()
    result = unittest.TextTestRunner(stream=out, verbosity=0).run(suite)
    if result.wasSuccessful():
        return [], []
    return ["%d of %d unit tests failed:\n%s" % (len(result.failures) + len(result.errors),
                                                  result.testsRun, out.getvalue())], []


# Tests that run on the host, without Bochs: name -> function returning
# (failure texts, skipped). `make check` runs them beside the others.
HOST_TESTS = {"checker_unit_tests": unit_tests}


def load_times():
    try:
        with open(TIMES) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def cmd_check(args):
    names = discover(args.tests)
    host = [h for h in HOST_TESTS if not args.tests or h in args.tests.split()]
    schema = runner.build_schema()
    jobs, results, pending = [], {n: [] for n in names + host}, {n: 0 for n in names + host}
    emu_skipped = {n: [] for n in names + host}     # (label, reason): configs not for args.emu
    for name in names:
        text = open(os.path.join(TESTLOGS, name + ".expect")).read()
        try:
            runs, _ = expect.parse_expect(text)
            configs = parse_run_options(name, runs)
        except expect.Failure as e:
            results[name].append(("(expected file)", [e.render()], []))
            continue
        except RunLineError as e:
            results[name].append(("(expected file)", [str(e)], []))
            continue
        for cfg in configs:
            cfg["emu"] = args.emu
            if args.emu not in cfg["emus"]:
                emu_skipped[name].append((config_label(cfg), "emu=%s # %s"
                                      % (",".join(sorted(cfg["emus"])), cfg["why"])))
                continue
            jobs.append((name, text, cfg))
            pending[name] += 1

    # Longest first (by the last check's wall time), so that the slow runs
    # do not start last and leave the other cores idle.
    times = load_times()
    jobs.sort(key=lambda j: -times.get(config_dir(j[0], j[2]), 30.0))
    if args.first:          # these first, in this order (make mutants)
        order = args.first.split()
        jobs.sort(key=lambda j: order.index(j[0]) if j[0] in order else len(order))
    lock = threading.Lock()
    done = [0]
    outcome = {}

    def report(name):
        bad = [(label, f) for label, f, _ in sorted(results[name]) if f]
        done[0] += 1
        n = len(results[name])
        head = "[%d/%d]" % (done[0], len(names) + len(host))
        skipped_inv = sorted({s for _, _, sk in results[name] for s in sk})
        skips = emu_skipped[name]
        why = sorted(set(reason for _, reason in skips))
        if bad:
            print("%s not ok - %s" % (head, name))
            for label, fails in bad:
                print("  # %s:" % label)
                for f in fails:
                    print("\n".join("  #   " + l for l in f.splitlines()))
            outcome[name] = "failed"
        elif n == 0:
            print("%s skipped - %s (not under %s: %s)" % (head, name, args.emu, "; ".join(why)))
            outcome[name] = "skipped"
        else:
            more = (", %d skipped under %s: %s" % (len(skips), args.emu, "; ".join(why))) \
                if skips else ""
            print("%s ok - %s (%d run%s%s)" % (head, name, n, "" if n == 1 else "s", more))
            outcome[name] = "passed"
        if skipped_inv:
            print("  # skipped: %s" % "; ".join(skipped_inv))
        sys.stdout.flush()

    for name in names:
        if not pending[name]:
            report(name)
    for name in host:       # cheap: first, beside the first Bochs runs
        jobs.insert(0, (name, None, {"cpus": "0", "host": True}))
        pending[name] += 1

    def one(job):
        name, text, cfg = job
        t0 = time.monotonic()
        try:
            if cfg.get("host"):
                fails, skipped = HOST_TESTS[name]()
            else:
                fails, skipped = run_test_config(name, text, cfg, schema)
        except Exception as e:          # a harness bug must still fail the test
            fails, skipped = ["harness error: %r" % e], []
        return fails, skipped, time.monotonic() - t0

    stopped = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(one, job): job for job in jobs}
        for fut in concurrent.futures.as_completed(futures):
            name, _, cfg = futures[fut]
            if fut.cancelled():
                continue
            fails, skipped, secs = fut.result()
            with lock:
                times[config_dir(name, cfg)] = round(secs, 1)
                results[name].append((config_label(cfg), fails, skipped))
                pending[name] -= 1
                if pending[name] == 0 or (fails and args.fail_fast):
                    report(name)
                    pending[name] = -1
            if fails and args.fail_fast and not stopped:
                stopped = True
                for f in futures:
                    f.cancel()
    if stopped:
        names = [n for n in names + host if n in outcome]
        host = []
        print("stopped after the first failure (--fail-fast)")

    os.makedirs(RUNS, exist_ok=True)
    with open(TIMES, "w") as f:
        json.dump(times, f, indent=0, sort_keys=True)
    failed = [n for n in names + host if outcome[n] == "failed"]
    nskipped = sum(1 for n in names + host if outcome[n] == "skipped")
    if failed:
        print("failed: %s" % " ".join(failed))
    print("%d passed, %d failed%s" % (len(names) + len(host) - len(failed) - nskipped,
                                      len(failed), ", %d skipped" % nskipped if nskipped else ""))
    return 1 if failed else 0


def cmd_run(args):
    cfg = {"prog": args.prog, "cpus": args.cpus, "trace": args.trace or "env,fault,mem",
           "timer": args.timer, "seed": args.seed, "timeout": args.timeout, "emu": args.emu}
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
    r.add_argument("--emu", choices=EMULATORS, default="bochs")
    c = sub.add_parser("check")
    c.add_argument("--emu", choices=EMULATORS, default="bochs")
    c.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    c.add_argument("--tests", default="")
    c.add_argument("--fail-fast", action="store_true", help="stop at the first failing test")
    c.add_argument("--first", default="", help="run these tests first, in this order")
    b = sub.add_parser("bless")
    b.add_argument("--tests", default="")
    args = ap.parse_args()
    if not os.path.exists(runner.IMAGE):
        sys.exit("no %s: run make first" % os.path.relpath(runner.IMAGE))
    sys.exit({"run": cmd_run, "check": cmd_check, "bless": cmd_bless}[args.cmd](args))


if __name__ == "__main__":
    main()
