#!/usr/bin/env python3
"""The test behind testlogs/timeline_json.expect: trace.json keeps the
Trace Event format's rules, says what the run did, and bad input is
drawn as far as it goes and named, never a traceback.

    timeline_json.py RUNDIR     (a finished run with TRACE=all)

Prints each problem and exits 1 when there is one. validate() is the
format check, also used by timeline_page.py.
"""
import contextlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEBUG = os.path.dirname(HERE)
sys.path.insert(0, DEBUG)
import checker  # noqa: E402
import timeline  # noqa: E402
import trace_records  # noqa: E402

TRACKED = ("B", "E", "i", "I", "s", "t", "f")     # events that sit on a thread


def validate(doc):
    """The Trace Event format's rules (JSON object format) that the
    viewers rely on; returns the broken ones as messages (empty: valid).

    Required fields per phase; args an object; counters numeric; B/E
    properly nested per (pid, tid), E closing the innermost B with its
    name; timestamps non-decreasing per track in file order; every flow id
    has exactly one start and one end, the start no later than the end,
    and each end inside a slice of its track (what the flow binds to)."""
    bad = []
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        return ["not a JSON object with a traceEvents array"]
    if doc.get("displayTimeUnit", "ms") not in ("ms", "ns"):
        bad.append("displayTimeUnit must be ms or ns")
    stacks, last_ts, flows = {}, {}, {}
    need = {"B": ("name", "ts", "pid", "tid"), "E": ("ts", "pid", "tid"),
            "i": ("name", "ts", "pid", "tid"), "I": ("name", "ts", "pid", "tid"),
            "C": ("name", "ts", "pid", "args"), "M": ("name", "pid", "args"),
            "s": ("name", "cat", "id", "ts", "pid", "tid"), "t": ("name", "cat", "id", "ts", "pid", "tid"),
            "f": ("name", "cat", "id", "ts", "pid", "tid")}
    for n, ev in enumerate(doc["traceEvents"]):
        where = "event %d (%s)" % (n, json.dumps(ev)[:120])
        ph = ev.get("ph") if isinstance(ev, dict) else None
        if ph not in need:
            bad.append("%s: unknown or missing ph" % where)
            continue
        missing = [k for k in need[ph] if k not in ev]
        if missing:
            bad.append("%s: missing %s" % (where, ", ".join(missing)))
            continue
        if "ts" in ev and not (isinstance(ev["ts"], (int, float)) and math.isfinite(ev["ts"])):
            bad.append("%s: ts is not a finite number" % where)
            continue
        if "args" in ev and not isinstance(ev["args"], dict):
            bad.append("%s: args is not an object" % where)
        if ph == "C" and not all(isinstance(v, (int, float)) for v in ev["args"].values()):
            bad.append("%s: a counter's args must be numbers" % where)
        if ph == "M":
            if ev["name"] in ("thread_name", "thread_sort_index") and "tid" not in ev:
                bad.append("%s: thread metadata without tid" % where)
            key = "sort_index" if ev["name"].endswith("sort_index") else "name"
            if key not in ev["args"]:
                bad.append("%s: metadata without args.%s" % (where, key))
            continue
        if ph in ("i", "I") and ev.get("s", "t") not in ("g", "p", "t"):
            bad.append("%s: instant scope must be g, p or t" % where)
        if ph == "f" and ev.get("bp", "e") != "e":
            bad.append("%s: bp must be e" % where)
        track = (ev["pid"], ev.get("tid")) if ph in TRACKED else (ev["pid"], "C", ev["name"])
        if track in last_ts and ev["ts"] < last_ts[track]:
            bad.append("%s: ts %s goes back on its track (last %s)" % (where, ev["ts"], last_ts[track]))
        last_ts[track] = ev["ts"]
        stack = stacks.setdefault(track, [])
        if ph == "B":
            stack.append(ev)
        elif ph == "E":
            if not stack:
                bad.append("%s: E with no open B on its track" % where)
            else:
                b = stack.pop()
                if "name" in ev and ev["name"] != b["name"]:
                    bad.append("%s: E named %r closes B %r" % (where, ev["name"], b["name"]))
        elif ph in ("s", "t", "f"):
            fl = flows.setdefault((ev["cat"], ev["id"]), {"s": [], "t": [], "f": []})
            fl[ph].append(ev)
            if not stack:
                bad.append("%s: flow %s outside any slice of its track (binds to nothing)"
                           % (where, ev["id"]))
    for track, stack in stacks.items():
        for b in stack:
            bad.append("B %r at %s on track %s never ends" % (b["name"], b["ts"], track))
    for key, fl in flows.items():
        if len(fl["s"]) != 1 or len(fl["f"]) != 1:
            bad.append("flow %s: %d start(s), %d end(s)" % (key, len(fl["s"]), len(fl["f"])))
        elif fl["s"][0]["ts"] > fl["f"][0]["ts"]:
            bad.append("flow %s ends before it starts" % (key,))
    return bad


def slices(doc):
    """Every slice of a valid @doc, by replaying its B/E events: dicts
    with tid, depth, name, ts, end, args (the B's) and end_args."""
    out, stacks = [], {}
    for ev in doc["traceEvents"]:
        if ev["ph"] == "B":
            st = stacks.setdefault(ev["tid"], [])
            s = {"tid": ev["tid"], "depth": len(st), "name": ev["name"], "ts": ev["ts"],
                 "end": None, "args": ev.get("args", {}), "end_args": {}}
            out.append(s)
            st.append(s)
        elif ev["ph"] == "E":
            s = stacks[ev["tid"]].pop()
            s["end"], s["end_args"] = ev["ts"], ev.get("args", {})
    return out


def check_real_run(rundir, problems):
    """The exporter on a real run: valid, and it shows what happened."""
    text = open(os.path.join(rundir, "trace.log")).read()
    records = trace_records.parse_log(text).records
    cpus = int(trace_records.parse_log(text).header["cpus"])
    proc = subprocess.run([sys.executable, os.path.join(DEBUG, "timeline.py"), rundir],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0 or "Traceback" in proc.stderr:
        problems.append("timeline.py %s: exit %d\n%s" % (rundir, proc.returncode, proc.stderr))
        return
    doc = json.load(open(os.path.join(rundir, "trace.json")))
    problems += ["trace.json: " + b for b in validate(doc)]
    html = open(os.path.join(rundir, "timeline.html")).read()
    if "@TRACE_EVENTS_JSON@" in html or '"traceEvents"' not in html:
        problems.append("timeline.html does not carry the events")
    g = doc["otherData"]["glasswing"]
    notes = [n for n in g["notes"] if not n.startswith("no timeline rule for event ")]
    if notes:
        problems.append("a clean run should draw without notes, got: %s" % notes)
    names = {ev["tid"]: ev["args"]["name"] for ev in doc["traceEvents"]
             if ev["ph"] == "M" and ev["name"] == "thread_name"}
    want = ["CPU %d" % c for c in range(cpus)]
    if sorted(names.values()) != want:
        problems.append("tracks %s, expected one per CPU: %s" % (sorted(names.values()), want))
    sl = slices(doc)
    by_seq = {r.seq: r for r in records}
    for s in sl:
        r = by_seq.get(s["args"].get("seq"))
        if r is None or r.event != s["args"].get("event") or r.cpu != s["tid"] - 1:
            problems.append("slice %s on track %d names no record of that CPU: %s"
                            % (s["name"], s["tid"], s["args"]))
            break
    # Per CPU: a context slice for the boot and for each record that
    # changes the context; a kernel slice per kernel_lock acquire plus one
    # per context change (the section goes on in the new context).
    for cpu in range(cpus):
        mine = [r for r in records if r.cpu == cpu]
        changes, idle = 0, False
        for r in mine:
            if r.event == "sched_switch":
                changes, idle = changes + 1, False
            elif r.event == "cpu_idle" and not idle:
                changes, idle = changes + 1, True
        lane = [s for s in sl if s["tid"] == cpu + 1]
        ctx = [s for s in lane if s["depth"] == 0]
        if len(ctx) != changes + 1:
            problems.append("CPU %d: %d context slices, expected %d (boot + %d changes)"
                            % (cpu, len(ctx), changes + 1, changes))
        acquires = len([r for r in mine if r.event == "lock_acquire" and r.get("name") == "kernel_lock"])
        kernel = [s for s in lane if s["name"] == "kernel"]
        if len(kernel) != acquires + changes:
            problems.append("CPU %d: %d kernel slices, expected %d acquires + %d changes"
                            % (cpu, len(kernel), acquires, changes))
        waits = len([r for r in mine if r.event == "lock_acquire" and r.get("spins", 0) > 0])
        if len([s for s in lane if s["name"] == "wait kernel_lock"]) != waits:
            problems.append("CPU %d: wait slices do not match the %d contended acquires" % (cpu, waits))
        for s in ctx:
            if s["args"]["event"] == "sched_switch":
                env = int(s["args"]["next"], 16)
                if not s["name"].endswith(":%08x" % env) or s["name"].startswith("env:"):
                    problems.append("CPU %d: context %s for env %08x (no program name?)"
                                    % (cpu, s["name"], env))
    flows = {}
    for ev in doc["traceEvents"]:
        if ev["ph"] in ("s", "f"):
            flows.setdefault(ev["cat"], set()).add(ev["id"])
    upcalls = len([r for r in records if r.event == "pgfault_upcall"])
    if len(flows.get("pgfault", ())) != upcalls:
        problems.append("%d fault→upcall arrows for %d upcalls" % (len(flows.get("pgfault", ())), upcalls))
    counters = [ev for ev in doc["traceEvents"] if ev["ph"] == "C"]
    if len(counters) != len([r for r in records if r.event == "mem_free"]) or not counters:
        problems.append("free-page counter: %d points for the mem_free records" % len(counters))


def check_failure_marks(rundir, problems):
    """A failing check's records are marked; the first offending one is
    the earliest record where a violation shows."""
    text = open(os.path.join(rundir, "trace.log")).read()
    records = trace_records.parse_log(text).records
    faults = [r for r in records if r.event == "page_fault_user"]
    if len(faults) < 2:
        problems.append("the run has fewer than two page faults to name")
        return
    a, b = faults[0], faults[1]
    line = lambda r: "\n    seq %d cpu%d %s" % (r.seq, r.cpu, r.body())  # noqa: E731
    fails = ["an invariant" + line(records[0]) + line(b), "another" + line(a)]
    if timeline.failure_seqs(fails)[0] != a.seq:
        problems.append("failure_seqs(%r) does not start with %d" % (fails, a.seq))
    # The checker names the record where an expected transcript stops
    # matching (here: the fault is followed by its upcall, not page_alloc).
    want = next(r for r in records if r.seq > a.seq and r.event.startswith(("page_", "pgfault_")))
    expect = ("TRACE-FILTER: ^(page_|pgfault_)\n"
              "TRACE: page_fault_user\nTRACE-NEXT: page_map src=nobody\n")
    fails = checker.check_run(expect, open(os.path.join(rundir, "console.log")).read(), text).failures
    seqs = timeline.failure_seqs(fails)
    if not seqs or seqs[0] != want.seq:
        problems.append("checker failure does not name SEQ %d (%s): %s" % (want.seq, want.event, fails))
        return
    tmp = tempfile.mkdtemp()
    try:
        shutil.copy(os.path.join(rundir, "trace.log"), tmp)
        said = timeline.for_failed_run(tmp, fails)
        if "timeline.html" not in said or "SEQ %d" % want.seq not in said:
            problems.append("for_failed_run says %r" % said)
            return
        doc = json.load(open(os.path.join(tmp, "trace.json")))
        problems += ["failure trace.json: " + b for b in validate(doc)]
        marks = doc["otherData"]["glasswing"]["marks"]
        if not marks or marks[0]["seq"] != want.seq or not marks[0]["first"]:
            problems.append("marks %s do not start with SEQ %d" % (marks, want.seq))
        if doc["otherData"]["glasswing"]["failures"] != fails:
            problems.append("the failure texts are not on the page")
    finally:
        shutil.rmtree(tmp)


def export_text(text):
    """Run the CLI's path on @text in a scratch run directory: (rc,
    stdout, doc) with any exception reported as a problem by the caller."""
    tmp = tempfile.mkdtemp()
    try:
        with open(os.path.join(tmp, "trace.log"), "w") as f:
            f.write(text)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = timeline.main([tmp])
        doc = json.load(open(os.path.join(tmp, "trace.json"))) if rc == 0 else None
        if rc == 0:
            page = open(os.path.join(tmp, "timeline.html")).read()
            assert "@TRACE_EVENTS_JSON@" not in page
        return rc, out.getvalue() + err.getvalue(), doc
    finally:
        shutil.rmtree(tmp)


def bad_inputs(text):
    """(name, text, what the notes must say, min. slices still drawn)."""
    lines = text.splitlines(keepends=True)
    head = [l for l in lines if l.startswith("#")]
    body = [l for l in lines if not l.startswith("#")]
    n_slices = len(slices(timeline.build(text)))
    half = "".join(head + body[:len(body) // 2])
    cases = []
    # Cut in the middle of a line (the run was stopped while writing).
    cut = half + body[len(body) // 2][:7]
    cases.append(("cut mid-line", cut, "cut off", n_slices // 4))
    # Cut after "field=": the decoder itself cannot read that line.
    victim = next(l for l in body[len(body) // 2:] if "caller=" in l)
    cases.append(("cut after a field name", half + victim.split("caller=")[0] + "caller=zz\n",
                  "cannot be read", n_slices // 4))
    # Records lost: five records gone, the kernel's lost record instead.
    k = len(body) // 3
    seq, cpu, tsc = body[k].split()[:3]
    lost = "".join(head + body[:k] + ["%s %s %s lost count=5\n" % (seq, cpu, tsc)] + body[k + 5:])
    cases.append(("lost records", lost, "dropped 5 record", n_slices // 2))
    # An event that is not in the schema, and one the exporter has no rule for.
    extra = ["# event teleport sched env:env to:cpu\n"]
    unknown = "".join(head + extra + body[:k] + ["%s %s %s frobnicate x=1\n" % (seq, cpu, tsc),
                                                 "%s %s %s teleport env=00001000 to=1\n" % (seq, cpu, tsc)]
                      + body[k:])
    cases.append(("unknown events", unknown, "frobnicate", n_slices))
    cases.append(("event without rule", unknown, "no timeline rule for event teleport", n_slices))
    # The schema changed under us: sched_switch lost its `next` field.
    renamed = "".join([l.replace(" next:env", "") for l in head] +
                      [" ".join(w for w in l.split(" ") if not w.startswith("next=")) for l in body])
    cases.append(("a field gone", renamed, "sched_switch without field next", 1))
    cases.append(("no tsc_hz", text.replace(" tsc_hz=", " tsc_hz_was="), "no tsc_hz", n_slices))
    cases.append(("empty file", "", "no glasswing-trace header", 0))
    cases.append(("header only", "".join(head), "", 0))
    cases.append(("garbage", "\x00\x1f\x1e garbage\n12 x y z\n" + "".join(head) + "1 2\n", "", 0))
    return cases


def check_bad_input(rundir, problems):
    text = open(os.path.join(rundir, "trace.log")).read()
    for name, bad, said, least in bad_inputs(text):
        try:
            rc, out, doc = export_text(bad)
        except Exception as e:      # noqa: BLE001 - that is the failure we test for
            problems.append("%s: the exporter raised %s: %s" % (name, type(e).__name__, e))
            continue
        if rc != 0 or doc is None:
            problems.append("%s: exit %d: %s" % (name, rc, out))
            continue
        problems += ["%s: %s" % (name, b) for b in validate(doc)]
        if said and said not in out:
            problems.append("%s: the notes do not say %r:\n%s" % (name, said, out))
        if said and said not in " ".join(doc["otherData"]["glasswing"]["notes"]):
            problems.append("%s: trace.json's notes do not say %r" % (name, said))
        if len(slices(doc)) < least:
            problems.append("%s: only %d slices drawn (at least %d expected)"
                            % (name, len(slices(doc)), least))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: timeline_json.py RUNDIR")
    problems = []
    for check in (check_real_run, check_failure_marks, check_bad_input):
        try:
            check(sys.argv[1], problems)
        except Exception as e:      # noqa: BLE001 - a broken exporter fails the test, with its story
            problems.append("%s raised %s: %s" % (check.__name__, type(e).__name__, e))
    for p in problems[:40]:
        print(p)
    if len(problems) > 40:
        print("... and %d more" % (len(problems) - 40))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
