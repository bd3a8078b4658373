#!/usr/bin/env python3
"""Check one run: its console and trace against an expected transcript
(debug/expect.py), and the kernel invariants (debug/invariants.py).

Standard library only. Used by debug/harness.py; also usable by hand:

    python3 debug/checker.py testlogs/hello.expect RUNDIR

where RUNDIR holds console.log and trace.log from a run. Env ids are
renamed $E1, $E2, ... in creation order (env_create records) before
matching: in trace records every field whose schema kind is `env`, on the
console every 8-hex-digit word that is one of those ids.
"""
import re
import sys

import expect
import invariants
import trace_records

ENVID = re.compile(r"\b[0-9a-f]{8}\b")


def env_numbering(records):
    """Env ids in creation order -> {0x1000: '$E1', ...}."""
    names = {}
    for r in records:
        if r.event == "env_create":  # in creation order
            eid = r.get("env")
            if eid and eid not in names:
                names[eid] = "$E%d" % (len(names) + 1)
    return names


def normalise(line, names):
    """Replace known env ids (8 hex digits) in a console line by their $En names."""
    if not names:
        return line
    return ENVID.sub(lambda m: names.get(int(m.group(0), 16), m.group(0)), line)


def offending_record(failure, records):
    """For a failure in the trace: the record it stopped at, named as the
    invariants name theirs ("    seq SEQ cpuN EVENT field=value ..."), so
    that a reader -- and the timeline, which highlights it -- can find it;
    "" for the console or the end of the trace."""
    if failure.stream != "trace" or failure.labels is None or failure.at is None \
            or not 0 <= failure.at < len(failure.labels):
        return ""
    m = re.search(r"seq (\d+)", failure.labels[failure.at])
    if not m or int(m.group(1)) >= len(records):
        return ""
    r = records[int(m.group(1))]
    return "\n  the record there:\n    seq %d cpu%d %s" % (r.seq, r.cpu, r.body())


class Result:
    """The checker's verdict on one run."""

    def __init__(self, failures, skipped):
        self.failures = failures    # texts; empty = pass
        self.skipped = skipped      # invariants that could not look: "NAME (needs ...)"


def check_run(expect_text, console_text, trace, verdict="finished", config=None):
    """Check one run of configuration @config (RUN options) against the
    expected file (None: the invariants only) and the invariants. @trace
    is a trace_records.Trace, or the text of a trace.log. Returns a Result."""
    tr = trace_records.parse_log(trace) if isinstance(trace, str) else trace
    names = env_numbering(tr.records)
    console_lines = [normalise(l, names) for l in console_text.splitlines()]
    # The emitting CPU goes last, as " @cpu=N": patterns that do not
    # mention it match whatever the CPU count.
    trace_lines = ["%s @cpu=%d" % (r.body(names), r.cpu) for r in tr.records]
    # Where each record is in trace.log: after the header and schema lines.
    first = (1 if tr.header_line is not None else 0) + len(tr.schema.lines()) + 1
    labels = ["trace.log:%-5d seq %-5d" % (first + i, r.seq) for i, r in enumerate(tr.records)]
    failures = []
    if expect_text is not None:
        try:
            _, directives = expect.parse_expect(expect_text, config or {})
            failures += [f.render() + offending_record(f, tr.records) for f in
                         expect.match_expect(directives, console_lines, trace_lines, labels)]
        except expect.Failure as e:
            failures.append(e.render())
    problems, skipped = invariants.check_invariants(tr, verdict)
    return Result(failures + problems, skipped)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: checker.py EXPECTED RUNDIR")
    text = open(sys.argv[1]).read()
    console = open(sys.argv[2] + "/console.log", errors="replace").read()
    trace = open(sys.argv[2] + "/trace.log", errors="replace").read()
    try:
        verdict = open(sys.argv[2] + "/verdict").read().strip()
    except OSError:
        verdict = "finished"
    res = check_run(text, console, trace, verdict)
    for f in res.failures:
        print(f)
    for s in res.skipped:
        print("skipped: %s" % s)
    sys.exit(1 if res.failures else 0)


if __name__ == "__main__":
    main()
