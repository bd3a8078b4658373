#!/usr/bin/env python3
"""Glasswing test harness: run programs, run the tests, bless transcripts,
grade.

    harness.py run --prog hello --cpus 2 [--emu qemu] [--trace CATS] [--timer N] ...
    harness.py check [--emu qemu] [--jobs N] [--tests "a b"] [--fail-fast] [--first "a b"]
    harness.py bless --tests "a b"
    harness.py grade [--jobs N] [--tests "a b"]

A test is testlogs/NAME.expect: its RUN lines give one or more
configurations (debug/runner.py boots each), and debug/checker.py checks
every run against the file and the kernel invariants. Beside them run the
tool checks (debug/toolchecks.py: docs, console_session, tools) and the
checker's own unit tests. `check` runs everything in parallel, longest
first, and prints each test's result as soon as its last run ends, then
`N passed, N failed` (and `, N skipped` when some test had no
configuration for the emulator).

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
import multiprocessing
import io
import itertools
import json
import os
import shutil
import symbols
import subprocess
import sys
import threading
import time
import unittest

import bless
import checker
import expect
import preempt
import runner
import session
import symbolize
import timeline
import toolchecks

ROOT = runner.ROOT
BUILD = runner.BUILD
RUNS = os.path.join(BUILD, "testruns")
TESTLOGS = os.path.join(ROOT, "testlogs")
TIMES = os.path.join(RUNS, "times.json")      # wall seconds per config, for scheduling


# ------------------------------------------------------------------ tests

# Every RUN: key, with the make variable that gives it to `make run` (the
# Makefile's RUN_VARS) and what it means: one table, in debug/expect.py.
RUN_KEYS = expect.RUN_KEYS
VERDICTS = ["finished", "stuck", "panic", "triple-fault", "hang", "timeout", "runaway",
            "crashed", "debugger", "interactive"]
NO_COMMA_SPLIT = ("trace", "type", "debugcmds", "preempt")    # commas are part of the value
EMULATORS = ("bochs", "qemu")
# RUN keys that hold under Bochs only, and why (their RUN line must say emu=bochs).
BOCHS_ONLY = {"debugrc": "it drives the Bochs debugger",
              "repeat": "it checks determinism, which is claimed for Bochs only"}
# ... and under QEMU only.
QEMU_ONLY = {"gdb": "it drives gdb through QEMU's gdbstub (Bochs has none)"}


class OptionError(Exception):
    """A RUN line or make variable that names something that does not exist
    (shown as the test's failure)."""


def check_config(cfg):
    """Check the names in one configuration; raise OptionError naming the
    valid ones (programs, command files, trace categories, verdicts)."""
    try:
        session.check_options(prog=cfg.get("prog"), rc=cfg.get("debugrc"),
                              cpus=cfg.get("cpus"), trace=cfg.get("trace"))
    except session.SessionError as e:
        raise OptionError(str(e))
    if cfg.get("expect") and cfg["expect"] not in VERDICTS:
        raise OptionError("no verdict '%s'; verdicts: %s" % (cfg["expect"], " ".join(VERDICTS)))
    for key in ("timer", "seed", "timeout", "hang", "repeat"):
        if cfg.get(key) and not str(cfg[key]).isdigit():
            raise OptionError("%s=%s: a number is needed" % (key, cfg[key]))
    try:
        runner.output_limit(cfg)
    except ValueError as e:
        raise OptionError(str(e))
    if cfg.get("symbolize") not in (None, "", "yes", "no"):
        raise OptionError("symbolize=%s: yes or no" % cfg["symbolize"])
    try:
        preempt.parse(cfg.get("preempt"))
    except preempt.SpecError as e:
        raise OptionError(str(e))
    if cfg.get("prog") and len(runner.build_cmdline(cfg)) >= runner.CMDLINE_MAX:
        raise OptionError("the boot command line would be %d bytes; its sector holds %d "
                          "(fewer PREEMPT decisions)" % (len(runner.build_cmdline(cfg)),
                                                         runner.CMDLINE_MAX - 1))


def parse_run_options(name, run_lines):
    """RUN lines -> list of configurations (dicts).

    Each configuration's "emus" is the set of emulators it may run under
    (all of them unless the line says emu=...), "why" the reason the line
    gives after '#' for leaving the others out."""
    configs = []
    known = [k for k, _, _ in RUN_KEYS]
    for line in run_lines or [""]:
        words, _, why = line.partition("#")
        opts = {"prog": [name], "cpus": ["1"]}
        emus = set(EMULATORS)
        for word in words.split():
            key, _, value = word.partition("=")
            if key not in known:
                raise OptionError("RUN: no key '%s'; keys: %s" % (key, " ".join(known)))
            if key == "emu":
                emus = set(value.split(","))
                unknown = emus - set(EMULATORS)
                if unknown:
                    raise OptionError("RUN: emu=%s: no such emulator; emulators: %s"
                                      % (value, " ".join(EMULATORS)))
            elif key in NO_COMMA_SPLIT:
                opts[key] = [value]
            else:
                opts[key] = value.split(",")
        if emus != set(EMULATORS) and not why.strip():
            raise OptionError("RUN: %s: emu= needs its reason after '#' "
                              "(RUN: ... emu=bochs # why)" % line.strip())
        for only, table in (("bochs", BOCHS_ONLY), ("qemu", QEMU_ONLY)):
            for key, reason in table.items():
                if key in opts and emus != {only}:
                    raise OptionError("RUN: %s: %s= needs emu=%s: %s"
                                      % (line.strip(), key, only, reason))
        keys = sorted(opts)
        for combo in itertools.product(*(opts[k] for k in keys)):
            cfg = dict(zip(keys, combo))
            cfg["emus"] = emus
            cfg["why"] = why.strip()
            configs.append(cfg)
    return configs


def config_label(cfg):
    if cfg.get("tool"):
        return "check"
    # Bochs runs keep the labels (and directories) they had before QEMU.
    parts = ["cpus=%s" % cfg["cpus"]]
    if cfg.get("emu", "bochs") != "bochs":
        parts.insert(0, "emu=%s" % cfg["emu"])
    for key in ("timer", "seed", "preempt", "trace", "selftest", "repeat", "debugrc", "debugcmds", "gdb",
                "type", "host"):
        if cfg.get(key):
            parts.append("%s=%s" % (key, cfg[key]))
    return " ".join(parts)


def config_dir(name, cfg):
    label = config_label(cfg).replace(" ", "_").replace("=", "").replace(",", "+")
    label = label.replace(";", "+").replace("/", "-")
    return os.path.join(RUNS, name, label)


def run_test_config(name, expect_text, cfg, schema, outdir=None):
    """Run one configuration of a test (its logs in @outdir, by default
    the configuration's directory under build/testruns); returns (failure
    texts, skipped invariants)."""
    outdir = outdir or config_dir(name, cfg)
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    want = cfg.get("expect", "finished")
    res = runner.run(cfg, outdir, schema=schema)
    failures, skipped = [], []
    if res.verdict != want:
        msg = "run ended in %s, expected %s" % (res.verdict, want)
        if res.verdict == "runaway":
            msg += " (it wrote more than %d KiB: a loop printing or tracing without end)" \
                % (runner.output_limit(cfg) >> 10)
        panic_lines = [l for l in res.console.splitlines() if "kernel panic" in l]
        if panic_lines:
            msg += ": " + panic_lines[0]
        if res.verdict in runner.GUARD_VERDICTS:
            msg += "\n" + res.last_records()
            # What the trace shows up to the stop: the invariants that hold
            # for any prefix of a run (checker: Context.complete).
            diagnosis = checker.check_run(None, res.console, res.trace, res.verdict, cfg)
            if diagnosis.failures:
                msg += "\n  up to the stop, the invariants find:\n" + "\n".join(
                    "    " + l for f in diagnosis.failures for l in f.splitlines())
        failures.append(msg + res.hint())
    console = res.console
    if cfg.get("symbolize") == "yes":     # check what debug/symbolize.py makes of it
        console = symbolize.annotate(console, cfg["prog"])
        with open(os.path.join(outdir, "console-symbolized.log"), "w") as f:
            f.write(console)
    if res.verdict not in runner.GUARD_VERDICTS or res.verdict == want:
        checked = checker.check_run(expect_text, console, res.trace, res.verdict, cfg)
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
    if cfg.get("host") and not failures:
        failures += host_check(cfg["host"], outdir)
    if failures:
        # The timeline of the failed run beside its logs (debug/timeline.py).
        failures.append("logs: %s/console.log %s/trace.log" % (outdir, outdir) +
                        timeline.for_failed_run(outdir, failures))
    return failures, skipped


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


def unit_tests():
    """The checker's own unit tests (debug/tests/test_*.py, python3
    unittest): failures as texts."""
    tests = os.path.join(ROOT, "debug", "tests")
    suite = unittest.TestLoader().discover(tests, top_level_dir=tests)
    out = io.StringIO()
    result = unittest.TextTestRunner(stream=out, verbosity=0).run(suite)
    if result.wasSuccessful():
        return []
    return ["%d of %d unit tests failed:\n%s" % (len(result.failures) + len(result.errors),
                                                  result.testsRun, out.getvalue())]


def tool_checks():
    """The test lines that are not a program's run (debug/toolchecks.py),
    and the checker's unit tests: name -> function returning failures."""
    return {"docs": toolchecks.check_docs,
            "console_session": toolchecks.check_console_session,
            "explore_replay": toolchecks.check_explore_replay,
            "tools": lambda: toolchecks.check_tools(RUN_KEYS, parse_run_options),
            "checker_unit_tests": unit_tests}


def discover(selected, tools=True):
    """The tests named by @selected (all when empty): expected files, and
    with @tools the tool checks."""
    names = sorted(f[:-7] for f in os.listdir(TESTLOGS) if f.endswith(".expect"))
    if tools:
        names = sorted(names + list(tool_checks()))
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


#: The trace schema for run_job(), set by run_suite() before its worker
#: processes fork (they inherit it: its struct.Struct members do not pickle).
_SCHEMA = None


def run_job(job):
    """One job of run_suite(), in a worker process: (failures, skipped
    invariants, wall seconds) of a test configuration or a tool check."""
    name, text, cfg = job
    schema = _SCHEMA
    t0 = time.monotonic()
    try:
        if text is None:
            fails, skipped = tool_checks()[name](), []
        else:
            fails, skipped = run_test_config(name, text, cfg, schema)
    except Exception as e:          # a harness bug must still fail the test
        fails, skipped = ["harness error: %r" % e], []
    return fails, skipped, time.monotonic() - t0


def run_suite(names, args, report):
    """Run the tests @names (their configurations in parallel, args.jobs
    at a time, longest first, args.first before the rest; under args.emu)
    and call report(name, results, skips, seconds) as soon as a test's last
    run ends; results is [(config label, failures, skipped invariants)],
    skips [(config label, reason)] for configurations not for this
    emulator. With args.fail_fast, stop at the first failure. Returns
    whether it stopped early."""
    emu = getattr(args, "emu", "bochs")
    schema = runner.build_schema()
    jobs, results, pending = [], {n: [] for n in names}, {n: 0 for n in names}
    skips = {n: [] for n in names}
    secs_of = {n: 0.0 for n in names}
    tools = tool_checks()
    for name in names:
        if name in tools:
            jobs.append((name, None, {"tool": name}))
            pending[name] += 1
            continue
        text = open(os.path.join(TESTLOGS, name + ".expect")).read()
        try:
            runs, _ = expect.parse_expect(text)
            cfgs = parse_run_options(name, runs)
            for cfg in cfgs:
                check_config(cfg)
        except expect.Failure as e:
            results[name].append(("(expected file)", [e.render()], []))
            continue
        except OptionError as e:
            results[name].append(("(expected file)", ["testlogs/%s.expect: %s" % (name, e)], []))
            continue
        for cfg in cfgs:
            cfg["emu"] = emu
            if emu not in cfg["emus"]:
                skips[name].append((config_label(cfg), "emu=%s # %s"
                                    % (",".join(sorted(cfg["emus"])), cfg["why"])))
                continue
            jobs.append((name, text, cfg))
            pending[name] += 1

    # Longest first (by the last check's wall time), so that the slow runs
    # do not start last and leave the other cores idle.
    times = load_times()
    jobs.sort(key=lambda j: -times.get(config_dir(j[0], j[2]), 30.0))
    first = getattr(args, "first", "").split()
    if first:               # these first, in this order (make mutants)
        jobs.sort(key=lambda j: first.index(j[0]) if j[0] in first else len(first))
    lock = threading.Lock()

    for name in names:
        if not pending[name]:
            report(name, results[name], skips[name], 0.0)

    # Processes, not threads: decoding and checking a trace is Python work,
    # and threads would run all of it on one core (the GIL).
    global _SCHEMA
    _SCHEMA = schema
    # Read the kernel's symbols once, here: the workers inherit them.
    if os.path.exists(symbols.KERNEL_ELF):
        symbols.nm_symbols(symbols.KERNEL_ELF)
    stopped = False
    with concurrent.futures.ProcessPoolExecutor(
            max_workers=max(1, args.jobs), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(run_job, job): job for job in jobs}
        for fut in concurrent.futures.as_completed(futures):
            name, _, cfg = futures[fut]
            if fut.cancelled():
                continue
            fails, skipped, secs = fut.result()
            with lock:
                times[config_dir(name, cfg)] = round(secs, 1)
                results[name].append((config_label(cfg), fails, skipped))
                secs_of[name] += secs
                pending[name] -= 1
                if pending[name] == 0 or (fails and getattr(args, "fail_fast", False)):
                    report(name, sorted(results[name]), skips[name], secs_of[name])
                    pending[name] = -1
            if fails and getattr(args, "fail_fast", False) and not stopped:
                stopped = True
                for f in futures:
                    f.cancel()

    os.makedirs(RUNS, exist_ok=True)
    with open(TIMES, "w") as f:
        json.dump(times, f, indent=0, sort_keys=True)
    return stopped


def cmd_check(args):
    names = discover(args.tests)
    tools = tool_checks()
    done = [0]
    outcome = {}
    headline = {}               # failed test -> its first problem, for the summary

    def report(name, results, skips, _secs):
        bad = [(label, f) for label, f, _ in results if f]
        done[0] += 1
        n = len(results)
        head = "[%d/%d]" % (done[0], len(names))
        skipped_inv = sorted({s for _, _, sk in results for s in sk})
        why = sorted(set(reason for _, reason in skips))
        if bad and name in tools:
            # A tool check's first problem is its headline, then the rest.
            fails = [f for _, fs in bad for f in fs]
            more = " (and %d more)" % (len(fails) - 1) if len(fails) > 1 else ""
            headline[name] = fails[0].splitlines()[0] if fails[0] else ""
            print("%s not ok - %s: %s%s" % (head, name, headline[name], more))
            rest = fails[0].splitlines()[1:] + [l for f in fails[1:] for l in f.splitlines()]
            print("\n".join("  #   " + l for l in rest) if rest else "", end="\n" if rest else "")
            outcome[name] = "failed"
        elif bad:
            print("%s not ok - %s" % (head, name))
            first = bad[0][1][0].splitlines() if bad[0][1] and bad[0][1][0] else [""]
            headline[name] = "%s: %s" % (bad[0][0], first[0])
            for label, fails in bad:
                print("  # %s:" % label)
                for f in fails:
                    print("\n".join("  #   " + l for l in f.splitlines()))
            outcome[name] = "failed"
        elif n == 0:
            print("%s skipped - %s (not under %s: %s)" % (head, name, args.emu, "; ".join(why)))
            outcome[name] = "skipped"
        elif name in tools:
            print("%s ok - %s" % (head, name))
            outcome[name] = "passed"
        else:
            more = (", %d skipped under %s: %s" % (len(skips), args.emu, "; ".join(why))) \
                if skips else ""
            print("%s ok - %s (%d run%s%s)" % (head, name, n, "" if n == 1 else "s", more))
            outcome[name] = "passed"
        if skipped_inv:
            print("  # skipped: %s" % "; ".join(skipped_inv))
        sys.stdout.flush()

    if run_suite(names, args, report):
        names = [n for n in names if n in outcome]
        print("stopped after the first failure (--fail-fast)")
    failed = [n for n in names if outcome[n] == "failed"]
    nskipped = sum(1 for n in names if outcome[n] == "skipped")
    if failed:
        # The end of the output is often all a CI log keeps: say there
        # what went wrong first, not only which tests.
        print("failed: %s" % " ".join(failed))
        for n in failed:
            print("  %s: %s" % (n, headline.get(n, "")[:300]))
    print("%d passed, %d failed%s" % (len(names) - len(failed) - nskipped, len(failed),
                                      ", %d skipped" % nskipped if nskipped else ""))
    return 1 if failed else 0


def cmd_grade(args):
    """`make grade`: the tests (not the tool checks) JOS-style, each with
    its points (the expected file's POINTS: n, 1 when it says none) and a
    total. All runs of a test must pass for its points."""
    names = discover(args.tests, tools=False)
    points = {}
    for name in names:
        with open(os.path.join(TESTLOGS, name + ".expect")) as f:
            try:
                points[name] = expect.points_of(f.read())
            except expect.Failure as e:
                sys.exit("make grade: testlogs/%s.expect: %s" % (name, e.msg))
    width = max(len(n) for n in names) + 1 if names else 10
    got = {}

    def report(name, results, _skips, secs):
        bad = [(label, f) for label, f, _ in results if f]
        got[name] = 0 if bad else points[name]
        print("%-*s %-4s (%5.1fs)  %d/%d" % (width, name + ":", "FAIL" if bad else "OK",
                                              secs, got[name], points[name]))
        for label, fails in bad[:1]:
            print("    %s: %s" % (label, fails[0].splitlines()[0]))
        sys.stdout.flush()

    run_suite(names, args, report)
    total, best = sum(got.values()), sum(points.values())
    print("Score: %d/%d" % (total, best))
    return 0


def cmd_run(args):
    """`make run`: one run with the make variables' options, the console
    on this terminal; exit status 0 when it ends as EXPECT says."""
    cfg = {key: getattr(args, key) for key, _, _ in RUN_KEYS if getattr(args, key)}
    cfg.setdefault("prog", "hello")
    cfg.setdefault("cpus", "1")
    cfg.setdefault("trace", "env,fault,mem")
    cfg["emu"] = args.emu
    try:
        check_config(cfg)
    except OptionError as e:
        sys.exit("make run: %s" % e)
    outdir = os.path.join(BUILD, "run")
    out = sys.stdout.buffer
    ann = symbolize.Annotator(cfg["prog"]) if cfg.get("symbolize") == "yes" else None
    pending = bytearray()

    def echo(b):
        nonlocal pending
        if ann:                 # whole lines, each followed by its symbols
            pending += b
            while b"\n" in pending:
                line, _, rest = bytes(pending).partition(b"\n")
                pending = bytearray(rest)
                out.write(ann.line(line.decode(errors="replace")).encode())
        else:
            out.write(b)
        out.flush()
    res = runner.run(cfg, outdir, on_console=echo, schema=runner.build_schema())
    if cfg.get("debugrc"):      # the debugger session is what was asked for
        out.write(res.console.encode())
        out.flush()
    want = cfg.get("expect") or ("debugger" if cfg.get("debugrc") else
                                 "interactive" if cfg.get("type") else "finished")
    print("\n[run: %s%s; console and trace in %s]"
          % (res.verdict, "" if res.verdict == want else " (expected %s)" % want,
             os.path.relpath(outdir)), file=sys.stderr)
    if res.verdict != want:
        panic = [l for l in res.console.splitlines() if "kernel panic" in l]
        if panic:
            print("[run failed: %s]" % panic[0], file=sys.stderr)
        if res.verdict in runner.GUARD_VERDICTS:
            print(res.last_records(), file=sys.stderr)
        hint = res.hint()
        if hint:
            print(hint.lstrip("\n"), file=sys.stderr)
    for i in range(2, int(cfg.get("repeat") or 1) + 1):
        res2 = runner.run(cfg, os.path.join(outdir, "repeat%d" % i), schema=runner.build_schema())
        same = (res2.verdict, res2.console, res2.trace_text()) == \
            (res.verdict, res.console, res.trace_text())
        print("[repeat %d: %s]" % (i, "identical" if same else
                                   "differs from run 1 (%s/repeat%d)" % (os.path.relpath(outdir), i)),
              file=sys.stderr)
        if not same:
            return 1
    if res.verdict == want and cfg.get("host"):
        fails = host_check(cfg["host"], outdir)
        for f in fails:
            print("[%s]" % f, file=sys.stderr)
        return 1 if fails else 0
    if res.verdict == want:
        return 0
    return {"stuck": 3}.get(res.verdict, 1)


def cmd_bless(args):
    """Rewrite expected files from the last runs of all their
    configurations (debug/bless.py). Review the diff."""
    if not args.tests.split():
        sys.exit("make bless needs TESTS=\"NAME ...\": the tests whose testlogs/NAME.expect "
                 "to rewrite from their last runs (run `make check TESTS=NAME` first), "
                 "e.g. make bless TESTS=hello\ntests: %s"
                 % " ".join(discover("", tools=False)))
    status = 0
    for name in discover(args.tests, tools=False):
        path = os.path.join(TESTLOGS, name + ".expect")
        try:
            with open(path) as f:
                runs, _ = expect.parse_expect(f.read())
            cfgs = parse_run_options(name, runs)
            print(bless.bless(name, path, cfgs, config_dir, config_label))
        except (bless.Refused, OptionError) as e:
            print("make bless: not blessing %s: %s" % (name, e), file=sys.stderr)
            status = 1
        except expect.Failure as e:
            print("make bless: not blessing %s: %s" % (name, e.msg), file=sys.stderr)
            status = 1
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    for key, var, what in RUN_KEYS:      # the Makefile passes each as --key
        if key != "emu":
            r.add_argument("--" + key, help="%s (make %s=)" % (what, var))
    r.add_argument("--emu", choices=EMULATORS, default="bochs")
    c = sub.add_parser("check")
    c.add_argument("--emu", choices=EMULATORS, default="bochs")
    c.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    c.add_argument("--tests", default="")
    c.add_argument("--fail-fast", action="store_true", help="stop at the first failing test")
    c.add_argument("--first", default="", help="run these tests first, in this order")
    b = sub.add_parser("bless")
    b.add_argument("--tests", default="")
    g = sub.add_parser("grade")
    g.add_argument("--emu", choices=EMULATORS, default="bochs")
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    g.add_argument("--tests", default="")
    args = ap.parse_args()
    if not os.path.exists(runner.IMAGE):
        sys.exit("no %s: run make first" % os.path.relpath(runner.IMAGE))
    sys.exit({"run": cmd_run, "check": cmd_check, "bless": cmd_bless,
              "grade": cmd_grade}[args.cmd](args))


if __name__ == "__main__":
    main()
