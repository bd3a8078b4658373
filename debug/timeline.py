#!/usr/bin/env python3
"""The timeline of a run: who ran on which CPU, when, and who held the lock.

    timeline.py [RUN] [--highlight SEQ]

RUN is a run directory (build/run, build/testruns/TEST/CONFIG) or a
trace.log; the default is build/run. Beside that trace.log it writes

- trace.json: the Chrome Trace Event format, which Perfetto's UI
  (ui.perfetto.dev, "Open trace file") opens, as did the older
  chrome://tracing;
- timeline.html: one self-contained page (the same events, drawn by
  debug/timeline_page.html's script; no network), for any browser.

Standard library only; the records come from trace_records.parse_log.

What becomes what (every CPU is one track, thread "CPU n"):

- depth 0, the CPU's context: `prog:envid` from the sched_switch that
  puts the env there (or a sched_resume of it) to the record that takes it
  off (the next sched_switch or cpu_idle of that CPU); `idle` from cpu_idle
  to the next switch; `boot` before the CPU's first one. Program names come
  from env_load and are inherited through env_create.
- depth 1: `kernel` while the CPU holds the big kernel lock (lock_acquire
  to lock_release of kernel_lock), cut in two where the context changes
  under it; `wait kernel_lock`: the spinning before a contended acquire
  (its `wait` ticks, when `spins` says it spun).
- deeper: `sys_NAME` from syscall_enter to syscall_exit; `page fault`
  from page_fault_user to the upcall or the kill; `upcall` from
  pgfault_upcall to the end of that kernel section.
- instants for the events in between (faults, upcalls, kills, TLB
  shootdowns, IPC, env life, ...); every event of the trace's schema that
  has no rule here is drawn as a plain instant too, and said.
- flows: a successful ipc_send to the receiver's next switch-in (the
  ipc_wake record is written by the sender's CPU during the send, so the
  arrow ends where the receiver really runs again); a user page fault to
  its upcall.
- counter `free pages` from mem_free records.
- a lock other than kernel_lock gets a track of its own per CPU.

Timestamps are the emulated TSC, in microseconds from the first record,
at the header's tsc_hz. A record the rules cannot use (not in the
schema, a field a rule needs is missing, its TSC goes back) is skipped
and counted; the notes say what was skipped, on the terminal, in
trace.json (otherData) and on the page. Bad input never raises.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import trace_records  # noqa: E402

PAGE_TEMPLATE = os.path.join(HERE, "timeline_page.html")
DATA_MARK = "@TRACE_EVENTS_JSON@"
BKL = "kernel_lock"
PID = 1
DEFAULT_HZ = 50000000

# A failure text names a record as "    SEQ cpuN EVENT field=value ..."
# (invariants.py and checker.py write it so).
RECORD_LINE = re.compile(r"^\s+seq (\d+) cpu(\d+) \S", re.M)

# Instants that the page hides until "details" is ticked (Perfetto shows
# everything): the bookkeeping around the marks that matter.
DETAIL_EVENTS = {"syscall_enter", "syscall_exit", "page_alloc", "page_map", "page_unmap",
                 "ipc_page", "env_status", "cpu_wake", "cpu_idle", "env_load",
                 "env_exit", "env_destroy", "boot", "mem_free", "sched_resume"}
# ... and the instants, by name, drawn for part of a record (a lock_acquire
# whose `from` says the lock came from another CPU).
DETAIL_INSTANTS = {"handover"}


class Notes:
    """What the export skipped or could not see, counted by reason."""

    def __init__(self):
        self.counts = {}        # reason -> [count, first seq]
        self.lines = []         # one-off notes, in order

    def skip(self, reason, seq=None):
        entry = self.counts.setdefault(reason, [0, seq])
        entry[0] += 1

    def say(self, line):
        if line not in self.lines:
            self.lines.append(line)

    def render(self):
        out = list(self.lines)
        for reason, (n, seq) in self.counts.items():
            where = " (first at SEQ %d)" % seq if seq is not None else ""
            out.append("%s: %d record%s%s" % (reason, n, "" if n == 1 else "s", where))
        return out


class Lane:
    """One track (a CPU, or one lock on one CPU): its open slices, in
    nesting order, and the last timestamp written on it (ticks)."""

    def __init__(self, tid, name, sort):
        self.tid, self.name, self.sort = tid, name, sort
        self.stack = []         # [kind, name]
        self.last = None        # ticks of the last event on this track
        self.ctx = None         # ("env", id) | ("idle",) | ("boot",)

    def kinds(self):
        return [k for k, _ in self.stack]


class Exporter:
    """Turns a trace_records.Trace into Trace Event format events."""

    def __init__(self, trace):
        self.trace = trace
        self.notes = Notes()
        self.events = []        # (order, event dict)
        self.order = 0
        self.lanes = {}         # key -> Lane; key is cpu or (cpu, lock)
        self.progs = {}         # env id -> program name
        self.first_prog = None
        self.flow_id = 0
        self.pending_ipc = {}   # receiver env -> [(order, ticks, tid) of each send]
        self.pending_fault = {}  # env -> (order, ticks, tid)
        self.sched = True       # the scheduler's records were taken (export() knows)
        hz = trace.header.get("tsc_hz", "")
        self.hz = int(hz) if hz.isdigit() and int(hz) > 0 else 0
        if not self.hz:
            self.hz = DEFAULT_HZ
            self.notes.say("the header has no tsc_hz: timestamps assume %d Hz" % DEFAULT_HZ)
        # Time 0: the first record, or the start of a lock wait before it.
        self.t0 = min([r.tsc - (r.get("wait") if r.event == "lock_acquire" and
                                isinstance(r.get("wait"), int) else 0)
                       for r in trace.records] or [0])
        self.rules = {
            "sched_switch": (self.on_switch, ("next",)),
            "sched_resume": (self.on_resume, ("env",)),
            "cpu_idle": (self.on_idle, ()),
            "lock_acquire": (self.on_acquire, ("name",)),
            "lock_release": (self.on_release, ("name",)),
            "syscall_enter": (self.on_syscall_enter, ("name",)),
            "syscall_exit": (self.on_syscall_exit, ("name",)),
            "env_create": (self.on_env_create, ("env",)),
            "env_load": (self.on_env_load, ("env", "prog")),
            "page_fault_user": (self.on_fault, ("env",)),
            "pgfault_upcall": (self.on_upcall, ("env",)),
            "env_killed": (self.on_killed, ("env",)),
            "ipc_send": (self.on_ipc_send, ("to",)),
            "mem_free": (self.on_mem_free, ("pages",)),
            "lost": (self.on_lost, ()),
        }
        # Events drawn as instants only, with their labels.
        self.labels = {
            "env_exit": lambda r: "exit",
            "env_destroy": lambda r: "destroyed by %s" % r.show("by") if "by" in r.fields else "destroyed",
            "env_free": lambda r: "free",
            "user_trap": lambda r: "trap %s" % r.show("trap") if "trap" in r.fields else "trap",
            "env_status": lambda r: "%s → %s" % (r.get("from"), r.get("to")),
            "cpu_wake": lambda r: "wake",
            "boot": lambda r: "boot",
            "page_alloc": lambda r: "page_alloc",
            "page_map": lambda r: "page_map",
            "page_unmap": lambda r: "page_unmap",
            "tlb_shootdown": lambda r: "TLB shootdown → CPU %s" % r.get("cpu", "?"),
            "sched_preempt_point": lambda r: "forced preemption at %s" % r.get("where", "?"),
            "ipc_block": lambda r: "ipc block",
            "ipc_wake": lambda r: "ipc wake",
            "ipc_page": lambda r: "ipc page",
            "stuck_env": lambda r: "stuck",
            "shutdown": lambda r: "shutdown: %s" % r.get("reason", "?"),
            "panic": lambda r: "PANIC %s:%s" % (r.get("file", "?"), r.get("line", "?")),
        }

    # ---------------------------------------------------------- plumbing

    def us(self, ticks):
        """TSC ticks -> microseconds from the first record."""
        return round((ticks - self.t0) * 1e6 / self.hz, 3)

    def emit(self, ev, order=None):
        if order is None:
            order = self.next_order()
        self.events.append((order, ev))

    def next_order(self):
        self.order += 1
        return self.order

    def lane(self, cpu, lock=None):
        key = cpu if lock is None else (cpu, lock)
        lane = self.lanes.get(key)
        if lane is None:
            if lock is None:
                lane = Lane(cpu + 1, "CPU %d" % cpu, cpu * 100)
            else:
                n = len([k for k in self.lanes if isinstance(k, tuple)])
                lane = Lane(1000 + n, "CPU %d · %s" % (cpu, lock), cpu * 100 + 1 + n)
            self.lanes[key] = lane
        return lane

    def at(self, lane, ticks):
        """A timestamp for @lane no earlier than its last one."""
        if lane.last is not None and ticks < lane.last:
            ticks = lane.last
        lane.last = ticks
        return ticks

    def record_args(self, r):
        """A record as event arguments: seq, event, then its fields as
        trace.log shows them (numbers stay numbers)."""
        args = {"seq": r.seq, "event": r.event}
        for f in r.fields:
            try:
                kind = r.kinds.get(f)
                value = r.fields[f] if kind in ("u32", "i32", "u64", "cpu") else r.show(f)
            except (TypeError, ValueError):
                value = str(r.fields[f])
            args[f if f not in args else "field_" + f] = value
        return args

    def open(self, lane, kind, name, ticks, r, cat):
        ticks = self.at(lane, ticks)
        lane.stack.append([kind, name])
        self.emit({"ph": "B", "name": name, "cat": cat, "ts": self.us(ticks), "pid": PID,
                   "tid": lane.tid, "args": self.record_args(r)})

    def close(self, lane, kind, ticks, r, why=None):
        """Close the innermost open slice of @kind and all inside it.
        False if none is open."""
        if kind not in lane.kinds():
            return False
        ticks = self.at(lane, ticks)
        args = {"end_seq": r.seq, "end": r.body()} if r is not None else {"end": why}
        while lane.stack:
            k, name = lane.stack.pop()
            self.emit({"ph": "E", "name": name, "ts": self.us(ticks), "pid": PID,
                       "tid": lane.tid, "args": args})
            if k == kind:
                return True
        return True

    def instant(self, lane, r, name, cat):
        ticks = self.at(lane, r.tsc)
        self.emit({"ph": "i", "s": "t", "name": name, "cat": cat, "ts": self.us(ticks),
                   "pid": PID, "tid": lane.tid, "args": self.record_args(r)})

    def flow(self, cat, start, end_lane, ticks):
        """A flow from @start (order, ticks, tid) to the innermost open
        slice of @end_lane at @ticks (both ends bind to an enclosing slice)."""
        if not end_lane.stack:
            return
        self.flow_id += 1
        s_order, s_ticks, s_tid = start
        common = {"name": cat, "cat": cat, "id": self.flow_id, "pid": PID}
        self.emit(dict(common, ph="s", ts=self.us(s_ticks), tid=s_tid), order=s_order)
        self.emit(dict(common, ph="f", bp="e", ts=self.us(self.at(end_lane, ticks)),
                       tid=end_lane.tid))

    def flow_start(self, lane, ticks):
        """Where a flow may start now on @lane: None outside any slice."""
        return (self.next_order(), ticks, lane.tid) if lane.stack else None

    def env_name(self, env):
        return "%s:%08x" % (self.progs.get(env, "env"), env)

    def category(self, r):
        ev = self.trace.schema.event(r.event)
        return ev.category if ev else "unknown"

    def ensure_context(self, lane, r):
        """A CPU's first record opens its `boot` context (one that stays
        unknown when the scheduler's records were not taken)."""
        if lane.ctx is None:
            start = r.tsc
            if r.event == "lock_acquire" and isinstance(r.get("wait"), int):
                start = max(r.tsc - r["wait"], lane.last or 0)
            lane.ctx = ("boot",)
            self.open(lane, "ctx", "boot" if self.sched else "context not traced", start, r, "boot")

    def set_context(self, lane, ctx, name, cat, r):
        """The CPU's context becomes @ctx at record @r; a kernel slice open
        across the change is cut there and goes on in the new context."""
        in_kernel = "kernel" in lane.kinds()
        self.close(lane, "ctx", r.tsc, r)
        lane.ctx = ctx
        self.open(lane, "ctx", name, r.tsc, r, cat)
        if in_kernel:
            self.open(lane, "kernel", "kernel", r.tsc, r, "kernel")

    # ------------------------------------------------------------- rules

    def run_env(self, lane, env, r):
        """@env starts running on @lane's CPU at @r; IPC flows to it end here."""
        self.set_context(lane, ("env", env), self.env_name(env), "env", r)
        for start in self.pending_ipc.pop(env, []):
            self.flow("ipc", start, lane, r.tsc)

    def on_switch(self, lane, r):
        self.run_env(lane, r["next"], r)

    def on_resume(self, lane, r):
        if lane.ctx != ("env", r["env"]):
            self.run_env(lane, r["env"], r)
        else:
            self.instant(lane, r, "resume", self.category(r))

    def on_idle(self, lane, r):
        # Idle again after a wake-up that found nothing to run: the same
        # stretch of idleness (the wake and its kernel slice are inside it).
        if lane.ctx == ("idle",):
            self.instant(lane, r, "idle again", self.category(r))
        else:
            self.set_context(lane, ("idle",), "idle", "idle", r)

    def on_acquire(self, lane, r):
        name = r["name"]
        target = lane if name == BKL else self.lane(r.cpu, name)
        wait = r.get("wait")
        spun = r["spins"] > 0 if isinstance(r.get("spins"), int) else True
        if isinstance(wait, int) and wait > 0 and spun:
            self.open(target, "wait", "wait " + name, r.tsc - wait, r, "lock")
            self.close(target, "wait", r.tsc, r)
        held = "kernel" if name == BKL else "held"
        if self.close(target, held, r.tsc, r):
            self.notes.skip("%s acquired again on the same CPU without a release "
                            "(the earlier slice ends there)" % name, r.seq)
        self.open(target, held, "kernel" if name == BKL else name + " held", r.tsc, r,
                  "kernel" if name == BKL else "lock")
        if isinstance(r.get("from"), int):
            self.instant(target, r, "handover", self.category(r))

    def on_release(self, lane, r):
        name = r["name"]
        target = lane if name == BKL else self.lane(r.cpu, name)
        held = "kernel" if name == BKL else "held"
        if not self.close(target, held, r.tsc, r):
            self.notes.skip("%s released with no acquire in the trace (not drawn)" % name, r.seq)

    def on_syscall_enter(self, lane, r):
        self.open(lane, "syscall", "sys_%s" % r["name"], r.tsc, r, "syscall")

    def on_syscall_exit(self, lane, r):
        # A system call that blocks (ipc_recv) or exits never returns: its
        # slice was closed with the kernel section; nothing to close here.
        if lane.stack and lane.stack[-1] == ["syscall", "sys_%s" % r["name"]]:
            self.close(lane, "syscall", r.tsc, r)

    def on_env_create(self, lane, r):
        parent = r.get("parent")
        if parent in self.progs:
            self.progs[r["env"]] = self.progs[parent]
        self.instant(lane, r, "create %08x" % r["env"], self.category(r))

    def on_env_load(self, lane, r):
        self.progs[r["env"]] = str(r["prog"])
        if self.first_prog is None:
            self.first_prog = str(r["prog"])
        self.instant(lane, r, "load %s" % r["prog"], self.category(r))

    # The page-fault and upcall slices are parts of a kernel section: with
    # no kernel slice (lock not recorded) they would have no end.
    def on_fault(self, lane, r):
        self.instant(lane, r, "page fault", self.category(r))
        if "kernel" in lane.kinds():
            self.open(lane, "fault", "page fault", r.tsc, r, "fault")
        start = self.flow_start(lane, r.tsc)
        if start:
            self.pending_fault[r["env"]] = start

    def on_upcall(self, lane, r):
        self.close(lane, "fault", r.tsc, r)
        if "kernel" in lane.kinds():
            self.open(lane, "upcall", "upcall", r.tsc, r, "pgfault")
        self.instant(lane, r, "upcall", self.category(r))
        start = self.pending_fault.pop(r["env"], None)
        if start:
            self.flow("pgfault", start, lane, r.tsc)

    def on_killed(self, lane, r):
        self.close(lane, "fault", r.tsc, r)
        self.pending_fault.pop(r["env"], None)
        self.instant(lane, r, "killed: %s" % r.get("reason", "?"), self.category(r))

    def on_ipc_send(self, lane, r):
        to = r["to"]
        self.instant(lane, r, "ipc send → %08x" % to if isinstance(to, int) else "ipc send",
                     self.category(r))
        if r.get("result", 0) == 0:
            start = self.flow_start(lane, r.tsc)
            if start:
                self.pending_ipc.setdefault(to, []).append(start)

    def on_mem_free(self, lane, r):
        self.instant(lane, r, "free pages %s" % r["pages"], self.category(r))
        if isinstance(r["pages"], int):
            self.emit({"ph": "C", "name": "free", "ts": self.us(r.tsc), "pid": PID,
                       "args": {"pages": r["pages"]}})

    def on_lost(self, lane, r):
        self.instant(lane, r, "LOST %s records" % r.get("count", "?"), self.category(r))
        self.notes.say("the kernel dropped %s record(s) before SEQ %d: what they said is "
                       "not drawn" % (r.get("count", "?"), r.seq))

    # ------------------------------------------------------------ driver

    def export(self):
        tr = self.trace
        for p in tr.problems:
            self.notes.say("trace.log: %s" % p)
        if not tr.started:
            self.notes.say("trace.log has no glasswing-trace header")
        cats = tr.categories()
        self.sched = "all" in cats or "sched" in cats or not tr.started
        if "all" not in cats:
            for cat, what in (("sched", "which env runs where"), ("lock", "kernel time and lock waits")):
                if cat not in cats:
                    self.notes.say("category %s was not recorded: %s cannot be drawn "
                                   "(run with TRACE=all)" % (cat, what))
        ncpu = tr.header.get("cpus", "")
        for cpu in range(int(ncpu) if ncpu.isdigit() else 0):
            self.lane(cpu)
        unruled = {}
        last_tsc = {}
        for r in tr.records:
            if r.event not in tr.schema.by_name:
                self.notes.skip("event %r is not in the trace's schema (skipped)" % r.event, r.seq)
                continue
            if r.tsc < last_tsc.get(r.cpu, 0):
                self.notes.skip("TSC goes back on its CPU (skipped)", r.seq)
                continue
            last_tsc[r.cpu] = r.tsc
            rule = self.rules.get(r.event)
            if rule and any(f not in r.fields for f in rule[1]):
                missing = [f for f in rule[1] if f not in r.fields]
                self.notes.skip("%s without field %s (the schema changed? skipped)"
                                % (r.event, ", ".join(missing)), r.seq)
                continue
            lane = self.lane(r.cpu)
            try:
                self.ensure_context(lane, r)
                if rule:
                    rule[0](lane, r)
                else:
                    label = self.labels.get(r.event)
                    if label is None:
                        unruled[r.event] = unruled.get(r.event, 0) + 1
                    self.instant(lane, r, label(r) if label else r.event, self.category(r))
            except Exception as e:  # noqa: BLE001 - one odd record must not lose the picture
                self.notes.skip("%s that the rules could not read (%s: %s; skipped)"
                                % (r.event, type(e).__name__, e), r.seq)
        for ev, n in sorted(unruled.items()):
            self.notes.say("no timeline rule for event %s: its %d record%s drawn as plain instants"
                           % (ev, n, " is" if n == 1 else "s are"))
        end = max([r.tsc for r in tr.records] + [0])
        for lane in self.lanes.values():
            if lane.stack:
                self.close(lane, lane.stack[0][0], max(end, lane.last or end), None,
                           why="the end of the trace")
        if tr.cut_off:
            self.notes.say("the trace is cut off: slices still open at its end end there")
        dropped = sum(len(v) for v in self.pending_ipc.values())
        if dropped:
            self.notes.say("%d IPC send(s) whose receiver never ran again: no arrow" % dropped)
        return self.document()

    def metadata(self):
        cpus = [l for l in self.lanes.values() if l.tid < 1000]
        title = "Glasswing: %s (%d CPU%s)" % (self.first_prog or "run", len(cpus),
                                              "" if len(cpus) == 1 else "s")
        out = [{"ph": "M", "name": "process_name", "pid": PID, "args": {"name": title}}]
        for lane in sorted(self.lanes.values(), key=lambda l: l.sort):
            out.append({"ph": "M", "name": "thread_name", "pid": PID, "tid": lane.tid,
                        "args": {"name": lane.name}})
            out.append({"ph": "M", "name": "thread_sort_index", "pid": PID, "tid": lane.tid,
                        "args": {"sort_index": lane.sort}})
        return title, out

    def document(self):
        title, meta = self.metadata()
        self.events.sort(key=lambda e: e[0])
        tr = self.trace
        kinds = {ev.name: dict(ev.fields) for ev in tr.schema.events}
        return {
            "traceEvents": meta + [e for _, e in self.events],
            "displayTimeUnit": "ns",
            "otherData": {"glasswing": {
                "title": title,
                "header": dict(tr.header),
                "records": len(tr.records),
                "tsc_hz": self.hz,
                "tsc0": self.t0,
                "notes": self.notes.render(),
                "kinds": kinds,
                "detail_events": sorted(DETAIL_EVENTS),
                "detail_instants": sorted(DETAIL_INSTANTS),
                "failures": [],
                "marks": [],
            }},
        }


# --------------------------------------------------------------- reading

def read_trace(text):
    """trace.log text -> (Trace, [notes]). A line the decoder cannot read
    (a cut-off or garbled file) is left out and named, never raised."""
    notes = []
    if text and not text.endswith("\n"):
        cut = text.rsplit("\n", 1)
        notes.append("the last line is cut off (no newline): skipped: %r" % cut[-1][:60])
        text = cut[0] + "\n" if len(cut) == 2 else ""
    # parse_log never raises: what it cannot read it names in problems.
    tr = trace_records.parse_log(text)
    return tr, notes + tr.problems


def build(text):
    """trace.log text -> the trace.json document (a dict)."""
    tr, notes = read_trace(text)
    exp = Exporter(tr)
    for n in notes:
        exp.notes.say(n)
    doc = exp.export()
    return doc


def record_ts(doc, seq):
    """(tid, ts) of the event whose record is @seq, or None."""
    for ev in doc["traceEvents"]:
        args = ev.get("args") or {}
        if args.get("seq") == seq and ev["ph"] in ("B", "i"):
            return ev["tid"], ev["ts"]
        if args.get("end_seq") == seq and ev["ph"] == "E":
            return ev["tid"], ev["ts"]
    return None


def mark(doc, seqs, text, failures=()):
    """Add the records @seqs (the first one highlighted) and the check's
    failure texts to @doc; returns the SEQs that are in the trace."""
    g = doc["otherData"]["glasswing"]
    g["failures"] = list(failures)
    found = []
    for i, seq in enumerate(seqs):
        where = record_ts(doc, seq)
        if where is None:
            g["notes"].append("SEQ %d (named by the check) is not drawn in this timeline" % seq)
            continue
        line = next((l for l in text.splitlines() if l.split(" ", 1)[0] == str(seq)), "")
        g["marks"].append({"seq": seq, "tid": where[0], "ts": where[1], "record": line,
                           "first": i == 0})
        found.append(seq)
    return found


def failure_seqs(failures):
    """The records a check's failure texts name, the first offending one
    first: each failure names its records in order, the one where the
    violation shows last; the first offending record is the earliest of
    those. Then the others, in order of mention."""
    shown, named = [], []
    for text in failures:
        seqs = [int(m.group(1)) for m in RECORD_LINE.finditer(text)]
        if seqs:
            shown.append(seqs[-1])
        named += [s for s in seqs if s not in named]
    if not shown:
        return named
    first = min(shown)
    return [first] + [s for s in named if s != first]


def page(doc, data=None):
    """The self-contained timeline.html for @doc (@data: @doc as JSON
    text, when the caller has it already)."""
    with open(PAGE_TEMPLATE) as f:
        template = f.read()
    if data is None:
        data = json.dumps(doc, separators=(",", ":"))
    # Inside <script>, "</" could end the element: JSON may escape "/".
    data = data.replace("</", "<\\/")
    title = doc["otherData"]["glasswing"]["title"]
    title = title.replace("&", "&amp;").replace("<", "&lt;")
    return template.replace("@TITLE@", title).replace(DATA_MARK, data)


def write(rundir, highlight=(), failures=()):
    """Write trace.json and timeline.html beside @rundir/trace.log.

    Returns (doc, [paths]); raises OSError when trace.log cannot be read
    or the files cannot be written."""
    with open(os.path.join(rundir, "trace.log"), errors="replace") as f:
        text = f.read()
    doc = build(text)
    if highlight or failures:
        mark(doc, list(highlight), text, failures)
    paths = [os.path.join(rundir, "trace.json"), os.path.join(rundir, "timeline.html")]
    data = json.dumps(doc, separators=(",", ":"))
    with open(paths[0], "w") as f:
        f.write(data)
    with open(paths[1], "w") as f:
        f.write(page(doc, data))
    return doc, paths


def for_failed_run(rundir, failures):
    """The timeline of a failed test run, for the harness: written beside
    its trace.log, with the records the failures name marked (the first
    offending one highlighted). Returns what to print after the log paths
    ("" when there is no trace); never raises."""
    try:
        if not os.path.exists(os.path.join(rundir, "trace.log")):
            return ""
        seqs = failure_seqs(failures)
        _, paths = write(rundir, seqs, failures)
        return " %s%s" % (paths[1], " (SEQ %d highlighted)" % seqs[0] if seqs else "")
    except Exception as e:          # noqa: BLE001 - a report must not break the test run
        return " (no timeline: %s)" % e


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run", nargs="?", default=os.path.join(os.path.dirname(HERE), "build", "run"),
                    help="a run directory or its trace.log (default: build/run)")
    ap.add_argument("--highlight", type=int, action="append", default=[], metavar="SEQ",
                    help="mark the record SEQ on the page (may be given again)")
    args = ap.parse_args(argv)
    rundir = os.path.dirname(args.run) if args.run.endswith(".log") else args.run
    if not os.path.exists(os.path.join(rundir, "trace.log")):
        print("timeline: no trace.log in %s: run `make run` (or a test) first" % rundir,
              file=sys.stderr)
        return 1
    try:
        doc, paths = write(rundir, args.highlight)
    except OSError as e:
        print("timeline: %s" % e, file=sys.stderr)
        return 1
    g = doc["otherData"]["glasswing"]
    for note in g["notes"]:
        print("timeline: note: %s" % note)
    rel = [os.path.relpath(p) for p in paths]
    print("  TIMELINE %s  (Perfetto: ui.perfetto.dev, Open trace file)" % rel[0])
    print("  TIMELINE %s  (any browser, works offline: file://%s)" % (rel[1], os.path.abspath(paths[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
