#!/usr/bin/env python3
"""make explore: drive tests through many interleavings on purpose, check
every run, and hand back the one that fails, replayable and shrunk.

    explore.py [--tests "a b"] [--runs N] [--cpus 1,2,4] [--preempt SPEC]
               [--seed FIRST] [--dry N] [--jobs N] [--all] [--no-shrink]
               [--mutant NAME]

Bochs is deterministic: a run is a function of its program, CPU count,
timer period, seed and forced preemption points (preempt=, see
debug/preempt.py and src/kernel/preempt.c). For each test, run k of the
exploration is its RUN configurations in turn (or crossed with --cpus),
with seed FIRST+k and, unless the RUN line sets preempt= itself, a
preemption spec from a fixed cycle of point sets and rates (or --preempt's
points). Every run is checked as `make check` checks it
(harness.run_test_config: the verdict, the expected transcript, every
invariant), in parallel, --jobs at a time.

Coverage: a run's interleaving is the sequence of its sched_switch records
as (CPU, env) pairs, envs named by creation order ($E1, ...), hashed. The
report says how many distinct ones the runs showed; --dry N ends a test's
search after N runs in a row (in run order) that showed none new.

A failing run (the first, in run order; with --all every one) is reported
with the line that replays it (`make run ...`, which the explorer runs and
compares byte for byte), the first offending record, the forced
preemptions before it (its decisions) and its timeline. Then it is
shrunk: the decisions before the first offending record are given back
as an explicit list (preempt=POINTS@ENV:K,...) and delta-debugged
(ddmin) to a smallest set that still fails the same way, each candidate
a real run; the smallest set's replay line is run and compared too.

--mutant NAME plants a racy mutant of debug/racy_mutants.py in a copy of
the tree under build/mutants/NAME (as make mutants does) and explores
there; its tests are the default.

Exit status: 0 when nothing failed, 1 when a run failed, 2 for a usage
error.
"""
import argparse
import concurrent.futures
import hashlib
import multiprocessing
import os
import re
import shutil
import subprocess
import sys

import checker
import expect
import harness
import preempt
import runner
import timeline
import trace_records

ROOT = runner.ROOT
OUT = os.path.join(runner.BUILD, "explore")
#: Where the user typed `make explore`: paths and replay lines are shown
#: from there (a mutant's exploration runs in its copy of the tree).
FROM = os.environ.get("GW_EXPLORE_FROM") or os.getcwd()

#: What `make explore` explores without TESTS=: the tests whose programs
#: race at user level -- COW fork and its children, IPC retry loops, sfork's
#: shared memory, a parent destroying a child on another CPU, the racy
#: mutants' tests (debug/racy_mutants.py).
DEFAULT_TESTS = ("fork_cow_private", "fork_tree", "ipc_pingpong", "ipc_ring", "ipc_burst",
                 "sfork_share", "sfork_after_fork", "env_destroy_running")
DEFAULT_RUNS = 100
DEFAULT_DRY = 30
#: The cycle of point sets and rates a run's preemption spec comes from
#: when neither the RUN line nor --preempt gives the points.
POINT_SETS = ("syscall", "all", "syscall,fault", "fault,ipi")
RATES = (4, 8, 2, 16)
#: Most runs spent shrinking one failure.
SHRINK_BUDGET = 48
#: An explored run's guards: seconds of wall time (unless its RUN line
#: allows more), and bytes of output -- twice what the chattiest test
#: writes. A racy program that fails often livelocks after (its partner
#: died): the guards stop it before its trace fills the memory.
RUN_TIMEOUT = 60
MAX_OUTPUT = 8 << 20
#: RUN keys that make a configuration something else than a program's
#: run (a debugger or monitor session, gdb): not explored.
NOT_EXPLORED = ("debugrc", "type", "gdb")


class ExploreError(Exception):
    """A test that cannot be explored, or a bad option (a usage error)."""


# ------------------------------------------------------------------ the plan

def base_configs(name, cpus=None):
    """The configurations of test @name that can be explored: its RUN
    lines' (under Bochs, without repeat= or host=), crossed with @cpus (a
    list of CPU counts) when given. Returns (expected text, configs)."""
    path = os.path.join(harness.TESTLOGS, name + ".expect")
    if not os.path.exists(path):
        raise ExploreError("no test %s (no %s); tests: %s" % (
            name, os.path.relpath(path, ROOT), " ".join(harness.discover("", tools=False))))
    with open(path) as f:
        text = f.read()
    try:
        runs, _ = expect.parse_expect(text)
        cfgs = harness.parse_run_options(name, runs)
        for cfg in cfgs:
            harness.check_config(cfg)
    except (expect.Failure, harness.OptionError) as e:
        raise ExploreError("testlogs/%s.expect: %s" % (name, getattr(e, "msg", e)))
    out = []
    for cfg in cfgs:
        if "bochs" not in cfg["emus"] or any(cfg.get(k) for k in NOT_EXPLORED):
            continue
        cfg = {k: v for k, v in cfg.items() if k not in ("repeat", "host", "emus", "why")}
        cfg["emu"] = "bochs"
        for n in cpus or [cfg["cpus"]]:
            c = dict(cfg, cpus=str(n))
            if c not in out:
                out.append(c)
    if not out:
        raise ExploreError("%s has no configuration to explore (every RUN line is a "
                           "debugger, monitor or gdb session, or QEMU only)" % name)
    return text, out


def preempt_for(k, points=None):
    """The preemption spec of run @k: --preempt's @points (a Spec) with
    the rates in turn (or its own /N), else the cycle of POINT_SETS x RATES."""
    if points is not None:
        if points.one_in != preempt.DEFAULT_ONE_IN or points.decisions is not None:
            return points
        return preempt.Spec(points.points, RATES[k % len(RATES)])
    names = POINT_SETS[k % len(POINT_SETS)].split(",")
    return preempt.Spec(names, RATES[(k // len(POINT_SETS)) % len(RATES)])


def plan_run(configs, k, first_seed=1, points=None):
    """The configuration of run @k (from 0) of a test whose explorable
    configurations are @configs: the k-th in turn, seed first_seed + k, and
    a preemption spec unless the RUN line fixes one."""
    cfg = dict(configs[k % len(configs)])
    cfg["seed"] = str(first_seed + k)
    cfg["timeout"] = str(max(RUN_TIMEOUT, int(cfg.get("timeout") or 0)))
    cfg["max_output"] = str(MAX_OUTPUT)
    if not cfg.get("preempt"):
        cfg["preempt"] = preempt_for(k // len(configs), points).text()
    return cfg


# ------------------------------------------------------------------ runs

def interleaving(records):
    """The hash of a run's interleaving: its sched_switch records as (CPU,
    env named by creation order) pairs."""
    names = checker.env_numbering(records)
    h = hashlib.sha1()
    for r in records:
        if r.event == "sched_switch":
            h.update(("%d %s;" % (r.cpu, names.get(r["next"], r["next"]))).encode())
    return h.hexdigest()[:16]


class Run:
    """One explored run: its index, configuration, directory, failures and
    interleaving hash."""

    def __init__(self, k, cfg, outdir, failures, signature):
        self.k, self.cfg, self.outdir = k, cfg, outdir
        self.failures, self.signature = failures, signature

    def records(self):
        with open(os.path.join(self.outdir, "trace.log"), errors="replace") as f:
            return trace_records.parse_log(f.read()).records


#: The build's trace schema for do_run() in worker processes: set before
#: they fork (they inherit it; its struct.Struct members do not pickle).
_SCHEMA = None


def pool(jobs):
    """A pool of @jobs worker processes for do_run(). Processes, not
    threads: decoding and checking a trace is Python work, which threads
    would put on one core (the GIL), as harness.run_suite() says too."""
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=max(1, jobs), mp_context=multiprocessing.get_context("fork"))


def do_run(name, text, cfg, outdir, schema=None):
    """Run @cfg of test @name into @outdir (@schema: the build's, by
    default _SCHEMA); returns (failures, interleaving)."""
    schema = schema or _SCHEMA
    if os.path.isdir(outdir):
        shutil.rmtree(outdir)
    try:
        fails, _ = harness.run_test_config(name, text, cfg, schema, outdir=outdir)
    except Exception as e:          # noqa: BLE001 - a harness bug must fail the run, not hide it
        fails = ["harness error: %r" % e]
    fails = [f for f in fails if not f.startswith("logs: ")]
    try:
        with open(os.path.join(outdir, "trace.log"), errors="replace") as f:
            sig = interleaving(trace_records.parse_log(f.read()).records)
    except OSError:
        sig = None
    return fails, sig


def failure_kind(fails):
    """What a failure is, without its numbers: the set of the first lines
    of its texts with digits and env ids masked (shrinking keeps a
    candidate only if it fails the same way)."""
    out = set()
    for f in fails:
        first = f.splitlines()[0] if f else ""
        out.add(re.sub(r"\$E\d+|[0-9a-f]{8}|\d+", "#", first))
    return out


# ------------------------------------------------------------------ reporting

def shown(path):
    """@path as the user can type it, from where explore was started."""
    return os.path.relpath(path, FROM)


def make_vars(cfg):
    """The make variables that boot @cfg as explore booted it."""
    out = [("PROG", cfg["prog"]), ("CPUS", cfg["cpus"]),
           ("TRACE", cfg.get("trace") or runner.TEST_TRACE)]
    for key, var in (("timer", "TIMER"), ("seed", "SEED"), ("preempt", "PREEMPT"),
                     ("selftest", "SELFTEST"), ("expect", "EXPECT")):
        if cfg.get(key) and not (key == "preempt" and cfg[key] == "none"):
            out.append((var, cfg[key]))
    return out


def replay_line(cfg):
    """The one line that replays @cfg: `make run ...` (`make -C TREE run
    ...` when the tree is not where explore was started: a mutant's copy)."""
    where = "make" if os.path.samefile(ROOT, FROM) else "make -C %s" % shown(ROOT)
    return "%s run %s" % (where, " ".join("%s=%s" % kv for kv in make_vars(cfg)))


def replay(cfg, outdir):
    """Run @cfg's replay line (make run) and compare its console and trace
    with those of @outdir, byte for byte. Returns a sentence."""
    try:
        with open(os.path.join(outdir, "verdict")) as f:
            verdict = f.read().strip()
    except OSError:
        verdict = "?"
    if verdict in runner.GUARD_VERDICTS:
        # Where a guard stops a run is wall time (or where a chunk of output
        # ends): not deterministic, and a runaway under make run would go on
        # for its whole time-out.
        return "replay not run: the run was stopped by a guard (%s), which is not " \
            "deterministic; the line replays it up to there" % verdict
    # EMU=bochs: explore's runs are Bochs runs (the deterministic one),
    # whatever EMU= the make that started us passed down in MAKEFLAGS.
    argv = ["make", "-s", "-C", ROOT, "run", "EMU=bochs"] + \
        ["%s=%s" % kv for kv in make_vars(cfg)]
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    rundir = os.path.join(ROOT, "build", "run")
    diffs = []
    for fname in ("console.log", "trace.log"):
        try:
            with open(os.path.join(outdir, fname), "rb") as a, \
                    open(os.path.join(rundir, fname), "rb") as b:
                if a.read() != b.read():
                    diffs.append(fname)
        except OSError as e:
            diffs.append("%s (%s)" % (fname, e.strerror))
    rel = shown(rundir)
    if diffs:
        return "replay DIFFERS in %s (diff %s %s)" % (", ".join(diffs), shown(outdir), rel)
    return "replayed: console and trace identical, byte for byte (%s)" % rel


#: Records that are trouble whatever the test: the first of them is named
#: when the check's failure names no record (a console line failed).
TROUBLE = ("env_killed", "user_trap", "panic", "stuck_env", "lost")


def first_offending(fails, records):
    """(SEQ, how it was found) of the first offending record: the one the
    failure texts name first, else the first record of a kind that is
    trouble in any run (TROUBLE); (None, why) if there is neither."""
    seqs = timeline.failure_seqs(fails)
    if seqs:
        return seqs[0], "the one the check names first"
    r = next((r for r in records if r.event in TROUBLE), None)
    if r is not None:
        return r.seq, "the check names none, a console line failed: this is the first " \
            "kill, trap, panic or stuck env of the trace"
    return None, "none: the check names none, and the trace has no kill, trap or panic"


def describe(r, names):
    """A record as the invariants show it, env ids named."""
    return "seq %d cpu%d %s" % (r.seq, r.cpu, r.body(names))


#: Records that say nothing about what a kernel entry did.
PLUMBING = ("lock_acquire", "lock_release", "lock_handover")


def describe_decision(r, records, names):
    """A forced preemption and, after it, what its CPU recorded in the
    same kernel entry (the system call's own record: a page_map, an
    env_status ...), so that the reader sees where the env was stopped."""
    by_cpu = [x for x in records[:r.seq] if x.cpu == r.cpu and x.event not in PLUMBING]
    before = by_cpu[-1] if by_cpu else None
    if before is None or before.event in ("sched_switch", "sched_resume", "cpu_wake"):
        after = "a call that writes no record of its own (sys_getenvid, sys_cputs, ...)"
    else:
        after = before.body(names)
    return "%s  <- after %s" % (describe(r, names), after)


def decisions_before(records, seq):
    """The forced preemptions of a run before record @seq (all if None)."""
    return [d for d in preempt.decisions_of(records) if seq is None or d[2].seq < seq]


def failure_digest(fails):
    """The lines of failure texts worth a terminal: each failure's first
    two lines and the line its excerpt points at (the whole text is in
    the run's failure.txt)."""
    out = []
    for f in fails:
        lines = f.splitlines()
        out += lines[:2]
        # The excerpt's marked line, where it is the culprit (not where a
        # search started).
        if len(lines) > 1 and re.search(r"but it appears|does not match", lines[1]):
            out += [l for l in lines[2:] if re.match(r"^\s*>", l)][:1]
    return out


def report_failure(run, test, say):
    """Print what a failing run needs: its failure, replay line (checked),
    first offending record, decisions, timeline. Returns the decisions
    before the first offending record."""
    records = run.records()
    names = checker.env_numbering(records)
    with open(os.path.join(run.outdir, "failure.txt"), "w") as f:
        f.write("\n\n".join(run.failures) + "\n")
    say("FAILED %s: run %d (%s)" % (test, run.k + 1, harness.config_label(run.cfg)))
    for l in failure_digest(run.failures):
        say("  | " + l)
    say("  | (all of it: %s)" % shown(os.path.join(run.outdir, "failure.txt")))
    say("  replay:   " + replay_line(run.cfg))
    say("  " + replay(run.cfg, run.outdir))
    seq, how = first_offending(run.failures, records)
    by_seq = {r.seq: r for r in records}
    if seq is not None and seq in by_seq:
        say("  first offending record: " + describe(by_seq[seq], names))
        say("    (%s)" % how)
    else:
        say("  first offending record: " + how)
    dec = decisions_before(records, seq)
    say("  decisions: %d forced preemption%s%s" % (len(dec), "" if len(dec) == 1 else "s",
                                                   " before it" if seq is not None else ""))
    for _, _, r in dec[-8:]:
        say("    " + describe_decision(r, records, names))
    if len(dec) > 8:
        say("    ... and %d earlier (trace.log has them all)" % (len(dec) - 8))
    try:
        marks = ([seq] if seq is not None else []) + [r.seq for _, _, r in dec]
        _, paths = timeline.write(run.outdir, marks, run.failures)
        say("  timeline: %s%s" % (shown(paths[1]),
                                  " (SEQ %d highlighted, the decisions marked)" % seq
                                  if seq is not None else " (the decisions marked)"))
    except Exception as e:      # noqa: BLE001 - the report goes on without a picture
        say("  timeline: none (%s)" % e)
    return dec


# ------------------------------------------------------------------ shrinking

def ddmin(items, fails, max_tests):
    """A smallest sublist of @items for which fails(candidates) says one
    fails (Zeller's ddmin, 1-minimal when the budget allows).

    @fails takes a list of candidate lists and returns the index of the
    first that fails, or None (it may run them in parallel); each
    candidate counts against @max_tests. Returns (smallest, tests used)."""
    tried = {}
    used = [0]

    def first_failing(cands):
        todo = [c for c in cands if tuple(c) not in tried]
        todo = list(dict.fromkeys(tuple(c) for c in todo))[:max(0, max_tests - used[0])]
        if todo:
            used[0] += len(todo)
            hit = fails([list(c) for c in todo])
            for i, c in enumerate(todo):
                tried[c] = hit is not None and i == hit
            # Only the first failing one is known to fail; the rest after it
            # were not necessarily run: forget them.
            if hit is not None:
                for c in todo[hit + 1:]:
                    tried.pop(c, None)
        for c in cands:
            if tried.get(tuple(c)):
                return list(c)
        return None

    if first_failing([[]]) is not None:
        return [], used[0]
    n = 2
    while len(items) >= 2 and used[0] < max_tests:
        size = len(items) / n
        chunks = [items[int(i * size):int((i + 1) * size)] for i in range(n)]
        chunks = [c for c in chunks if c]
        hit = first_failing(chunks)
        if hit is not None:
            items, n = hit, 2
            continue
        if n > 2:
            comps = [[x for x in items if x not in c] for c in chunks]
            hit = first_failing(comps)
            if hit is not None:
                items, n = hit, max(n - 1, 2)
                continue
        if n >= len(items):
            break
        n = min(len(items), 2 * n)
    return items, used[0]


def fitting(cfg, spec, items):
    """How many of the last of @items fit, as explicit decisions of @spec,
    on @cfg's boot command line (one sector, NUL included)."""
    n = min(len(items), preempt.MAX_DECISIONS)
    while n and len(runner.build_cmdline(dict(cfg, preempt=spec.with_decisions(
            items[len(items) - n:]).text()))) >= runner.CMDLINE_MAX:
        n -= 1
    return n


def shrink(test, text, run, dec, jobs, say):
    """Shrink failing @run's decisions @dec ([(env, seq, record)]) to a
    smallest set that still fails the same way; report it with its
    replay line (run and compared)."""
    spec = preempt.parse(run.cfg["preempt"])
    if spec is None:
        say("  shrinking: nothing to shrink (the configuration forces no preemption)")
        return
    items = [(env, seq) for env, seq, _ in dec]
    fit = fitting(run.cfg, spec, items)
    if fit < len(items):
        say("  shrinking: the %d decisions closest to the failure, of %d (the boot command "
            "line holds no more)" % (fit, len(items)))
        items = items[len(items) - fit:]
    kind = failure_kind(run.failures)
    counter = [0]
    results = {}

    def cfg_of(cand):
        return dict(run.cfg, preempt=spec.with_decisions(cand).text())

    def outdir_of():
        counter[0] += 1
        return os.path.join(os.path.dirname(run.outdir), "shrink-%d-%03d" % (run.k + 1, counter[0]))

    def fails(cands):
        dirs = [outdir_of() for _ in cands]
        with pool(jobs) as workers:
            outcomes = list(workers.map(do_run, [test] * len(cands), [text] * len(cands),
                                        [cfg_of(c) for c in cands], dirs))
        verdicts = []
        for cand, d, (f, _) in zip(cands, dirs, outcomes):
            results[tuple(cand)] = (d, f)
            verdicts.append(bool(f) and bool(failure_kind(f) & kind))
        return next((i for i, v in enumerate(verdicts) if v), None)

    # The full list first: the explicit decisions must reproduce the failure
    # (preempt.c decides both ways with the same instructions), else there
    # is nothing to shrink from.
    if fails([items]) is None:
        say("  shrinking: the %d decisions given back as a list do not fail the same way "
            "(the run depends on more than its decisions): not shrunk" % len(items))
        return
    smallest, used = ddmin(items, fails, SHRINK_BUDGET)
    d, f = results[tuple(smallest)]
    cfg = cfg_of(smallest)
    say("  shrinking: %d -> %d forced preemption%s in %d runs%s" % (
        len(items), len(smallest), "" if len(smallest) == 1 else "s", used + 1,
        "" if used < SHRINK_BUDGET else " (budget spent: small, maybe not smallest)"))
    if not smallest:
        say("    it fails without any forced preemption: the seed's timer alone")
    records = trace_records.parse_log(open(os.path.join(d, "trace.log"),
                                           errors="replace").read()).records
    names = checker.env_numbering(records)
    for _, _, r in preempt.decisions_of(records):
        say("    " + describe_decision(r, records, names))
    say("  smallest: " + replay_line(cfg))
    say("  " + replay(cfg, d))


# ------------------------------------------------------------------ exploring

def explore_test(name, args, say):
    """Explore one test; returns the failing Runs (at most one without --all)."""
    text, configs = base_configs(name, args.cpus)
    points = preempt.parse(args.preempt) if args.preempt else None
    outroot = os.path.join(OUT, name)
    if os.path.isdir(outroot):
        shutil.rmtree(outroot)
    seen, failed, done = set(), [], {}
    dry, stopped = 0, None
    k_next, cursor = 0, 0
    with pool(args.jobs) as workers:
        inflight = {}

        def submit():
            nonlocal k_next
            cfg = plan_run(configs, k_next, args.seed, points)
            d = os.path.join(outroot, "%04d" % (k_next + 1))
            inflight[workers.submit(do_run, name, text, cfg, d)] = (k_next, cfg, d)
            k_next += 1

        while k_next < args.runs and len(inflight) < max(1, args.jobs):
            submit()
        while inflight:
            fut = next(concurrent.futures.as_completed(list(inflight)))
            k, cfg, d = inflight.pop(fut)
            fails, sig = fut.result()
            done[k] = Run(k, cfg, d, fails, sig)
            # Results are taken in run order, so that the dry spell and the
            # first failure do not depend on which run finished first.
            while cursor in done and stopped is None:
                r = done[cursor]
                if r.signature is not None and r.signature not in seen:
                    seen.add(r.signature)
                    dry = 0
                else:
                    dry += 1
                if r.failures:
                    failed.append(r)
                    if not args.all:
                        stopped = "failure"
                if stopped is None and args.dry and dry >= args.dry:
                    stopped = "dry"
                cursor += 1
            if stopped is None and k_next < args.runs:
                submit()
    ran = cursor
    why = {"failure": "stopped at the first failure",
           "dry": "stopped: no new interleaving in %d runs" % args.dry}.get(stopped, "")
    say("%s: %d run%s, %d distinct interleaving%s, %s%s" % (
        name, ran, "" if ran == 1 else "s", len(seen), "" if len(seen) == 1 else "s",
        "%d failed" % len(failed) if failed else "no failure",
        "; " + why if why else ""))
    return text, failed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tests", default="")
    ap.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    ap.add_argument("--cpus", default="", help="CPU counts, comma-separated (default: the RUN lines')")
    ap.add_argument("--preempt", default="", help="the points to force (default: a cycle)")
    ap.add_argument("--seed", type=int, default=1, help="the first run's seed")
    ap.add_argument("--dry", type=int, default=DEFAULT_DRY,
                    help="stop a test after this many runs without a new interleaving (0: never)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--all", action="store_true", help="collect every failure, do not stop")
    ap.add_argument("--no-shrink", action="store_true")
    ap.add_argument("--mutant", default="")
    args = ap.parse_args(argv)
    if args.mutant:
        import racy_mutants
        return racy_mutants.explore_mutant(args.mutant, sys.argv[1:] if argv is None else argv)
    try:
        args.cpus = [c for c in args.cpus.split(",") if c] or None
        for c in args.cpus or []:
            if not c.isdigit() or not 1 <= int(c) <= 15:
                raise ExploreError("CPUS=%s: CPU counts are 1..15" % c)
        if args.preempt:
            spec = preempt.parse(args.preempt)
            if spec is None:
                raise ExploreError("PREEMPT=%s forces nothing: give the points to explore"
                                   % args.preempt)
        if args.runs < 1:
            raise ExploreError("RUNS=%d: at least one run" % args.runs)
        tests = args.tests.split() or list(DEFAULT_TESTS)
        for t in tests:
            base_configs(t, args.cpus)
    except (ExploreError, preempt.SpecError) as e:
        print("make explore: %s" % e, file=sys.stderr)
        return 2
    if not os.path.exists(runner.IMAGE):
        print("make explore: no %s: run make first" % os.path.relpath(runner.IMAGE), file=sys.stderr)
        return 2
    def say(line):
        print(line)
        sys.stdout.flush()

    say("make explore: %d test%s, up to %d runs each, %d at a time; seeds from %d%s" % (
        len(tests), "" if len(tests) == 1 else "s", args.runs, args.jobs, args.seed,
        "; points %s" % args.preempt if args.preempt else ""))
    global _SCHEMA
    _SCHEMA = runner.build_schema()
    failures = []
    for t in tests:
        text, failed = explore_test(t, args, say)
        failures += [(t, text, r) for r in failed]
    kinds = set()
    for t, text, r in failures:
        dec = report_failure(r, t, say)
        kind = (t, frozenset(failure_kind(r.failures)))
        if not args.no_shrink and kind not in kinds:
            shrink(t, text, r, dec, args.jobs, say)
        kinds.add(kind)
    say("%d test%s explored, %d failing run%s" % (len(tests), "" if len(tests) == 1 else "s",
                                                 len(failures), "" if len(failures) == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
