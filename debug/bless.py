"""`make bless TESTS=...`: rewrite expected transcripts from the last runs
of every configuration of each test, keeping only what holds in all.

For each configuration (RUN lines: cpus=1,2 makes two) the last run in
build/testruns/TEST/CONFIG/ gives its lines: every console line as CHECK
(the boot banner and CPU count left out: they name the configuration),
the env/fault/page-fault/IPC records as TRACE, normalised as the checker
sees them (env ids as $En, no sequence number, time or CPU). Where the
configurations disagree (two CPUs interleave envs differently), only a
common subsequence is kept, stream by stream, and the lines left out are
counted in the report. The new file keeps the old one's leading comments,
RUN and POINTS lines; it is checked against every configuration's run
before it is written (the checker, invariants included).

Blessing is refused, with the reason, when a configuration has no run,
when a run did not end as its RUN line expects, when the runs have
nothing in common, or when the new file would fail one of them.
"""
import difflib
import os

import checker
import expect
import trace_records

BLESSED_EVENTS = ("env", "page", "pgfault", "user", "ipc")      # event name prefixes
NOT_BLESSED = ("Glasswing kernel booting", "SMP: ")             # console line prefixes


class Refused(Exception):
    """Blessing would not give a file that holds for every configuration."""


def escape(line):
    """Literal text -> pattern text ({{ and [[ would start a regex or variable)."""
    return line.replace("{{", "{{\\{\\{}}").replace("[[", "{{\\[\\[}}")


def run_lines(console, trace):
    """(CHECK lines, TRACE lines) of one run, as patterns."""
    records = trace_records.parse_log(trace).records
    names = checker.env_numbering(records)
    checks = ["CHECK: " + escape(checker.normalise(l, names)) for l in console.splitlines()
              if l.strip() and not l.startswith(NOT_BLESSED)]
    traces = ["TRACE: " + escape(r.body(names)) for r in records
              if r.event.split("_")[0] in BLESSED_EVENTS]
    return checks, traces


def common(seqs):
    """A common subsequence of the lists @seqs (difflib's matching blocks,
    folded over the lists)."""
    out = list(seqs[0])
    for seq in seqs[1:]:
        sm = difflib.SequenceMatcher(None, out, seq, autojunk=False)
        out = [x for a, _, n in sm.get_matching_blocks() for x in out[a:a + n]]
    return out


def bless(name, path, cfgs, config_dir, config_label):
    """Rewrite @path (test @name, configurations @cfgs) from the runs in
    config_dir(name, cfg). Returns a one-line report; raises Refused."""
    with open(path) as f:
        text = f.read()
    runs = []
    for cfg in cfgs:
        d = config_dir(name, cfg)
        label = config_label(cfg)
        try:
            with open(os.path.join(d, "console.log"), errors="replace") as f:
                console = f.read()
            with open(os.path.join(d, "trace.log"), errors="replace") as f:
                trace = f.read()
            with open(os.path.join(d, "verdict")) as f:
                verdict = f.read().strip()
        except OSError:
            raise Refused("no run of %s (%s): run `make check TESTS=%s` first"
                          % (name, label, name))
        want = cfg.get("expect", "finished")
        if verdict != want:
            raise Refused("the last %s run of %s ended in %s, not %s: fix that first, "
                          "then bless" % (label, name, verdict, want))
        runs.append((cfg, label, console, trace, verdict))

    lines = [run_lines(console, trace) for _, _, console, trace, _ in runs]
    checks = common([c for c, _ in lines])
    traces = common([t for _, t in lines])
    if not checks and not traces:
        raise Refused("the runs of %s (%s) have no line in common"
                      % (name, ", ".join(r[1] for r in runs)))
    left_out = sum(len(c) - len(checks) + len(t) - len(traces) for c, t in lines)

    keep = []
    for line in text.splitlines():
        if line.startswith(("#", "RUN:", "POINTS:")) or not line.strip():
            keep.append(line)
        else:
            break
    while keep and not keep[-1].strip():
        keep.pop()
    new = "\n".join(keep + [""] + checks + ([""] if traces else []) + traces) + "\n"

    for cfg, label, console, trace, verdict in runs:
        fails = checker.check_run(new, console, trace, verdict, cfg).failures
        if fails:
            raise Refused("the blessed file would fail the %s run of %s: %s"
                          % (label, name, fails[0].splitlines()[0]))
    expect.parse_expect(new)        # it must read back
    with open(path, "w") as f:
        f.write(new)
    return ("blessed %s from %d run%s (%s): %d CHECK and %d TRACE lines%s"
            % (os.path.relpath(path), len(runs), "" if len(runs) == 1 else "s",
               ", ".join(r[1] for r in runs), len(checks), len(traces),
               "; %d line(s) left out that differ between configurations" % left_out
               if left_out else ""))
