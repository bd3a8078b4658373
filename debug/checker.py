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


def parse_trace(text):
    """trace.log text -> (header dict, list of trace_records.Record)."""
    tr = trace_records.parse_log(text)
    return tr.header, tr.records


def env_numbering(records):
    """Env ids in creation order -> {'00001000': '$E1', ...}."""
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


def offending_record(failure, trace_lines, records):
    """For a failure in the trace: the record it stopped at, named as the
    invariants name theirs ("    SEQ cpuN EVENT field=value ..."), so that
    a reader -- and the timeline, which highlights it -- can find it; ""
    for the console or the end of the trace. The failure's line is one of
    a TRACE-FILTER's view, and a filter keeps or drops equal lines alike:
    its k-th copy in the view is the k-th copy in the whole trace."""
    lines, at = failure.lines, failure.at
    if failure.stream != "trace" or lines is None or at is None or not 0 <= at < len(lines):
        return ""
    k = lines[:at + 1].count(lines[at])
    hits = [i for i, line in enumerate(trace_lines) if line == lines[at]]
    if len(hits) < k:
        return ""
    r = records[hits[k - 1]]
    return "\n  the record there:\n    %d cpu%d %s" % (r.seq, r.cpu, r.body())


def check_run(expect_text, console_text, trace_text, verdict="finished", config=None):
    """Check one run of configuration @config (RUN options).

    Returns a list of failure texts (empty = pass)."""
    header, records = parse_trace(trace_text)
    names = env_numbering(records)
    console_lines = [normalise(l, names) for l in console_text.splitlines()]
    # The emitting CPU goes last, as " @cpu=N": patterns that do not
    # mention it match whatever the CPU count.
    trace_lines = ["%s @cpu=%d" % (r.body(names), r.cpu) for r in records]
    failures = []
    try:
        _, directives = expect.parse_expect(expect_text, config or {})
        expect.match_expect(directives, console_lines, trace_lines)
    except expect.Failure as e:
        failures.append(e.render() + offending_record(e, trace_lines, records))
    failures += invariants.check_invariants(header, records, verdict)
    return failures


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: checker.py EXPECTED RUNDIR")
    expect = open(sys.argv[1]).read()
    console = open(sys.argv[2] + "/console.log", errors="replace").read()
    trace = open(sys.argv[2] + "/trace.log", errors="replace").read()
    failures = check_run(expect, console, trace)
    for f in failures:
        print(f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
