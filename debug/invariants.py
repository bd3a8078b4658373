"""Kernel invariants that must hold on every run, whatever the test.

Each invariant is one function over the typed trace records
(trace_records.Record), registered with @invariant(name, needs, uses):

- needs: the trace categories it must see. A run without them does not
  pass the invariant: it is reported as `skipped: NAME (needs CATS)`.
- uses: the events (and their fields) it reads; a kernel whose schema
  lacks one makes it `skipped` too, and a unit test checks that the
  build's schema has them all (debug/tests/test_invariants.py).

Layout facts (the exception stack, the frame size) and the timer period
come from the trace header, not from constants here.
"""
import collections

INVARIANTS = []

#: Verdicts of runs that did not go to their end by themselves.
STOPPED = ("hang", "timeout", "runaway", "debugger", "interactive")

#: Timer periods a CPU may go without a timer interrupt, or stay idle
#: while an env waits, before it counts as stuck. Seeds perturb a period
#: to at most 1.5 of itself; the rest is room for kernel work.
LIVENESS_PERIODS = 4


class Invariant:
    """One registered invariant."""

    def __init__(self, name, needs, uses, func):
        self.name, self.needs, self.uses, self.func = name, set(needs), uses, func
        self.doc = (func.__doc__ or "").strip().split("\n")[0]


def invariant(name, needs=(), uses=None):
    """Register the decorated function as invariant @name."""
    def register(func):
        INVARIANTS.append(Invariant(name, needs, uses or {}, func))
        return func
    return register


def eid(v):
    """An env id as the trace shows it."""
    return "%08x" % v if isinstance(v, int) else str(v)


class Context:
    """What an invariant sees: the records, the header facts, and fail()."""

    def __init__(self, trace, verdict):
        self.trace = trace
        self.records = trace.records
        self.header = trace.header
        self.verdict = verdict
        self.problems = []
        self.ncpu = int(self.header.get("cpus", "0") or 0) or \
            (max((r.cpu for r in self.records), default=0) + 1)
        self.timer_tsc = int(self.header.get("timer_tsc", "0") or 0)
        #: The run went to its end. A run stopped by the harness (hang,
        #: time-out) or ended by its session (a debugger or monitor
        #: session that quits where its commands end) is checked as a
        #: prefix: nothing about "the end".
        self.complete = verdict not in STOPPED
        #: When the run ended, in TSC ticks: the emulated time of the stop,
        #: or the last record's.
        self.end_tsc = int(self.header.get("stop_tsc", "0") or 0) or \
            (self.records[-1].tsc if self.records else 0)
        # Why timer periods cannot be counted in TSC ticks, if they cannot.
        self.no_timer_tsc = None if self.timer_tsc else "the trace header has no timer_tsc"
        if self.header.get("tsc_hz") == "unknown":
            # Under QEMU rdtsc reads the host's TSC: host time, which also
            # runs while a CPU waits for its turn in QEMU's one thread or
            # for the host (debug/qemu.py). No emulated clock to count in.
            self.timer_tsc = 0
            self.no_timer_tsc = "the TSC is host time (tsc_hz=unknown: QEMU)"

    def hexval(self, key):
        return int(self.header[key], 16)

    def fail(self, msg, *recs):
        self.problems.append(msg + "".join(
            "\n    seq %d cpu%d %s" % (r.seq, r.cpu, r.body()) for r in recs if r is not None))


def categories(trace):
    """The categories the run recorded."""
    cats = trace.categories()
    if "all" in cats:
        cats = {"env", "syscall", "fault", "sched", "lock", "mem", "pgfault", "ipc"}
    return cats


def check_invariants(trace, verdict):
    """Run every invariant on @trace (a trace_records.Trace).

    Returns (problems, skipped): violation messages, and for each
    invariant that could not look, "NAME (needs ...)"."""
    cats = categories(trace)
    problems, skipped = [], []
    for inv in INVARIANTS:
        missing = sorted(inv.needs - cats)
        if missing:
            skipped.append("%s (needs %s)" % (inv.name, ",".join(missing)))
            continue
        absent = [e for e in inv.uses if trace.schema.event(e) is None and trace.started]
        if absent:
            skipped.append("%s (the kernel has no %s event)" % (inv.name, ", ".join(absent)))
            continue
        ctx = Context(trace, verdict)
        if inv.func(ctx) is False:
            skipped.append("%s (%s)" % (inv.name, ctx.skip_reason))
            continue
        problems += ["%s: %s" % (inv.name, p) for p in ctx.problems]
    return problems, skipped


# --------------------------------------------------------------- the trace

@invariant("trace_intact")
def trace_intact(ctx):
    """The trace is whole: nothing lost, nothing undecodable, nothing cut off
    (unless the run was stopped, which the verdict reports)."""
    for r in ctx.records:
        if r.event == "lost":
            ctx.fail("the kernel dropped %d records" % r["count"], r)
    for p in ctx.trace.problems:
        if ctx.trace.cut_off and not ctx.complete:
            continue
        ctx.fail("decoding: %s" % p)


# --------------------------------------------------------------- locks

@invariant("lock_discipline", needs={"lock"},
           uses={"lock_acquire": ("name",), "lock_release": ("name",)})
def lock_discipline(ctx):
    """One holder per lock; only the holder releases; no recursion."""
    holder, last = {}, {}
    for r in ctx.records:
        if r.event == "lock_acquire":
            name = r["name"]
            if name in holder:
                what = "recursive acquire" if holder[name] == r.cpu else "second holder"
                ctx.fail("lock %s: %s (held by CPU %d)" % (name, what, holder[name]),
                         last.get(name), r)
            holder[name], last[name] = r.cpu, r
        elif r.event == "lock_release":
            name = r["name"]
            if holder.get(name) != r.cpu:
                ctx.fail("lock %s: released by CPU %d, which does not hold it" % (name, r.cpu),
                         last.get(name), r)
            holder.pop(name, None)
            last[name] = r


#: Records a CPU may write without the big kernel lock.
BKL_FREE = {"lock_acquire", "lock_release", "panic", "shutdown", "lost"}


@invariant("kernel_lock_held", needs={"lock"},
           uses={"lock_acquire": ("name",), "lock_release": ("name",)})
def kernel_lock_held(ctx):
    """A CPU writes kernel records only while it holds the big kernel lock
    (the boot CPU takes it before anything else)."""
    bkl = collections.defaultdict(bool)
    for r in ctx.records:
        if r.event == "lock_acquire" and r["name"] == "kernel_lock":
            bkl[r.cpu] = True
        elif r.event == "lock_release" and r["name"] == "kernel_lock":
            bkl[r.cpu] = False
        elif r.event not in BKL_FREE and not bkl[r.cpu]:
            ctx.fail("CPU %d ran kernel code without the big kernel lock" % r.cpu, r)


#: The records that say how a CPU leaves the kernel (sched.c): to an env
#: (a switch or a resume) or to idle.
EXITS = {"sched_switch", "sched_resume", "cpu_idle"}


@invariant("exits_recorded", needs={"sched", "lock"},
           uses={"lock_acquire": ("name",), "lock_release": ("name",), "sched_switch": (),
                 "sched_resume": (), "cpu_idle": ()})
def exits_recorded(ctx):
    """Every way out of the kernel is in the trace: a CPU releases the big
    kernel lock only after exactly one switch, resume or idle record
    (env_run() and sched_halt() are the only places that release it), so
    the other scheduling invariants see every run."""
    exits = {}                      # cpu -> exit records since its acquire
    for r in ctx.records:
        if r.event == "lock_acquire" and r["name"] == "kernel_lock":
            exits[r.cpu] = []
        elif r.event in EXITS and r.cpu in exits:
            exits[r.cpu].append(r)
        elif r.event == "lock_release" and r["name"] == "kernel_lock" and r.cpu in exits:
            seen = exits.pop(r.cpu)
            if len(seen) != 1:
                ctx.fail("CPU %d left the kernel after %d switch/resume/idle records, not 1"
                         % (r.cpu, len(seen)), *(seen + [r]))


# --------------------------------------------------------------- scheduling

class Sched:
    """Who is on which CPU and which envs are runnable, replayed from the
    sched records (sched_switch, sched_resume, cpu_idle, env_status,
    env_create, env_free). step() keeps two sets up to date: live (runnable
    or running) and waiting (runnable and on no CPU)."""

    def __init__(self):
        self.oncpu = {}             # env -> cpu that has it
        self.status = {}            # env -> state name
        self.cpu_env = {}           # cpu -> env
        self.live = set()
        self.waiting = set()

    def _set(self, env, state):
        if state is None:
            self.status.pop(env, None)
        else:
            self.status[env] = state
        self._update(env)

    def _update(self, env):
        state = self.status.get(env)
        (self.live.add if state in ("runnable", "running") else self.live.discard)(env)
        (self.waiting.add if state == "runnable" and env not in self.oncpu
         else self.waiting.discard)(env)

    def _leave(self, cpu):
        env = self.cpu_env.pop(cpu, None)
        if env is not None and self.oncpu.get(env) == cpu:
            del self.oncpu[env]
            self._update(env)

    def put(self, env, cpu):
        """@env is on @cpu now (after a switch or a resume)."""
        self.oncpu[env] = cpu
        self.cpu_env[cpu] = env
        self._update(env)

    def step(self, r):
        """Apply @r; returns (env, cpu) if it runs an env on a CPU (the
        caller checks, then calls put())."""
        ev = r.event
        if ev == "env_create":
            self._set(r["env"], "runnable")
        elif ev == "env_free":
            env = r["env"]
            cpu = self.oncpu.pop(env, None)
            if cpu is not None and self.cpu_env.get(cpu) == env:
                del self.cpu_env[cpu]
            self._set(env, None)
        elif ev == "env_status":
            self._set(r["env"], r["to"])
        elif ev == "cpu_idle":
            self._leave(r.cpu)
            if r["prev"]:
                self._set(r["prev"], r["prev_state"])
        elif ev == "sched_switch":
            self._leave(r.cpu)
            if r["prev"]:
                self._set(r["prev"], r["prev_state"])
            self._set(r["next"], "running")
            return r["next"], r.cpu
        elif ev == "sched_resume":
            self._set(r["env"], "running")
            return r["env"], r.cpu
        return None


SCHED_USES = {"sched_switch": ("prev", "prev_state", "next"), "sched_resume": ("env",),
              "cpu_idle": ("prev", "prev_state"), "env_status": ("env", "to"),
              "env_create": ("env",), "env_free": ("env",)}


@invariant("one_cpu_per_env", needs={"sched", "env"}, uses=SCHED_USES)
def one_cpu_per_env(ctx):
    """An env is on at most one CPU; every run of it (switch or resume) is
    on the CPU that has it."""
    st = Sched()
    for r in ctx.records:
        on = st.step(r)
        if not on:
            continue
        env, cpu = on
        other = st.oncpu.get(env)
        if r.event == "sched_resume" and other is None:
            ctx.fail("env %s resumed on CPU %d, which never switched to it" % (eid(env), cpu), r)
        elif other is not None and other != cpu:
            ctx.fail("env %s run on CPU %d while it is on CPU %d" % (eid(env), cpu, other), r)
        st.put(env, cpu)


@invariant("no_starvation", needs={"sched", "env"}, uses=SCHED_USES)
def no_starvation(ctx):
    """A runnable env is picked within one round: while it waits, each CPU
    switches at most once to each other env that was runnable meanwhile
    (round robin from the slot after the last one it ran)."""
    st = Sched()
    since = {}                      # waiting env -> [switches seen, envs live meanwhile]
    for r in ctx.records:
        on = st.step(r)
        if on:
            st.put(*on)
        for env in [e for e in since if e not in st.waiting]:
            del since[env]
        for env in st.waiting:
            if env not in since:
                since[env] = [0, set(st.live)]
        if r.event != "sched_switch":
            continue
        for env, w in list(since.items()):
            w[1] |= st.live
            w[0] += 1
            if w[0] > (len(w[1]) + 1) * ctx.ncpu:
                ctx.fail("env %s runnable but passed over for %d context switches "
                         "(%d envs runnable meanwhile, %d CPUs)"
                         % (eid(env), w[0], len(w[1]), ctx.ncpu), r)
                del since[env]


def entry_time(r):
    """When a CPU entered the kernel, given its lock_acquire record @r:
    before it spun for the lock."""
    return r.tsc - r["wait"]


LIVENESS_USES = dict(SCHED_USES, lock_acquire=("name", "wait"), cpu_wake=("trap",))


@invariant("timer_ticks", needs={"sched", "lock", "env"}, uses=LIVENESS_USES)
def timer_ticks(ctx):
    """Every CPU keeps taking timer interrupts while it runs user code: none
    stays in user mode for more than a few timer periods."""
    if not ctx.timer_tsc:
        ctx.skip_reason = ctx.no_timer_tsc
        return False
    bound = LIVENESS_PERIODS * ctx.timer_tsc
    user_since = {}                 # cpu -> (tsc it returned to user, the record)
    for r in ctx.records:
        if r.event in ("sched_switch", "sched_resume"):
            user_since[r.cpu] = (r.tsc, r)
        elif r.event == "lock_acquire" and r["name"] == "kernel_lock" and r.cpu in user_since:
            t0, first = user_since.pop(r.cpu)
            if entry_time(r) - t0 > bound:
                ctx.fail("CPU %d ran user code for %d ticks (%.1f timer periods) without a "
                         "timer interrupt" % (r.cpu, entry_time(r) - t0,
                                              (entry_time(r) - t0) / ctx.timer_tsc), first, r)
        elif r.event == "cpu_idle":
            user_since.pop(r.cpu, None)
    if not ctx.complete:
        # Stopped (hung): a CPU still in user mode at the stop.
        for cpu, (t0, first) in sorted(user_since.items()):
            if ctx.end_tsc - t0 > bound:
                ctx.fail("CPU %d ran user code for %d ticks (%.1f timer periods) without a timer "
                         "interrupt, until the run was stopped"
                         % (cpu, ctx.end_tsc - t0, (ctx.end_tsc - t0) / ctx.timer_tsc), first)


@invariant("no_idle_with_work", needs={"sched", "lock", "env"}, uses=LIVENESS_USES)
def no_idle_with_work(ctx):
    """A CPU does not stay idle for more than a few timer periods while an
    env is runnable and waiting for a CPU."""
    if not ctx.timer_tsc:
        ctx.skip_reason = ctx.no_timer_tsc
        return False
    bound = LIVENESS_PERIODS * ctx.timer_tsc
    st = Sched()
    idle_since = {}                 # cpu -> (tsc, its cpu_idle record)
    wait_since = {}                 # waiting env -> tsc it started waiting
    reported = set()

    def overlaps(cpu, t_idle, idle_rec, now, r):
        for env, t_wait in wait_since.items():
            overlap = now - max(t_idle, t_wait)
            if overlap > bound and (cpu, env) not in reported:
                reported.add((cpu, env))
                ctx.fail("CPU %d stayed idle for %d ticks (%.1f timer periods) while env %s "
                         "was runnable" % (cpu, overlap, overlap / ctx.timer_tsc, eid(env)),
                         idle_rec, r)

    for r in ctx.records:
        on = st.step(r)
        if on:
            st.put(*on)
        for env in [e for e in wait_since if e not in st.waiting]:
            del wait_since[env]
        for env in st.waiting:
            wait_since.setdefault(env, r.tsc)
        if r.event == "cpu_idle":
            idle_since[r.cpu] = (r.tsc, r)
        elif r.cpu in idle_since and r.event == "lock_acquire":
            t_idle, idle_rec = idle_since.pop(r.cpu)
            overlaps(r.cpu, t_idle, idle_rec, entry_time(r), r)
    for cpu, (t_idle, idle_rec) in idle_since.items():
        overlaps(cpu, t_idle, idle_rec, ctx.end_tsc, None)


@invariant("blocked_not_run", needs={"sched", "ipc", "env"},
           uses=dict(SCHED_USES, ipc_block=("env",), ipc_wake=("env",)))
def blocked_not_run(ctx):
    """An env blocked in ipc_recv is not run until a message wakes it."""
    blocked = set()
    for r in ctx.records:
        if r.event == "ipc_block":
            blocked.add(r["env"])
        elif r.event in ("ipc_wake", "env_free"):
            blocked.discard(r["env"])
        elif r.event == "sched_switch" and r["next"] in blocked:
            ctx.fail("env %s was run while blocked in ipc_recv" % eid(r["next"]), r)
        elif r.event == "sched_resume" and r["env"] in blocked:
            ctx.fail("env %s was resumed while blocked in ipc_recv" % eid(r["env"]), r)


# --------------------------------------------------------------- the end of a run

@invariant("envs_freed", needs={"env"}, uses={"env_create": ("env",), "env_free": ("env",)})
def envs_freed(ctx):
    """At a finished run every env created was freed exactly once."""
    created, freed = {}, collections.Counter()
    for r in ctx.records:
        if r.event == "env_create":
            created[r["env"]] = r
        elif r.event == "env_free":
            freed[r["env"]] += 1
            if freed[r["env"]] > 1:
                ctx.fail("env %s freed twice" % eid(r["env"]), r)
            if r["env"] not in created:
                ctx.fail("env %s freed but never created" % eid(r["env"]), r)
    if ctx.verdict == "finished":
        for env, r in created.items():
            if not freed[env]:
                ctx.fail("the run finished but env %s was never freed" % eid(env), r)


@invariant("no_leaks", needs={"mem"}, uses={"mem_free": ("pages", "when")})
def no_leaks(ctx):
    """After all envs exit the free-page count is what it was before the
    first was created (both counts must be there)."""
    if ctx.verdict != "finished":
        ctx.skip_reason = "the run did not finish"
        return False
    start = [r for r in ctx.records if r.event == "mem_free" and r["when"] == "start"]
    end = [r for r in ctx.records if r.event == "mem_free" and r["when"] == "end"]
    if not start or not end:
        ctx.fail("no mem_free record for the %s of the run: the leak check cannot look"
                 % ("start" if not start else "end"))
        return
    if start[0]["pages"] != end[-1]["pages"]:
        ctx.fail("%d page(s) leaked (free pages at start vs end)"
                 % (start[0]["pages"] - end[-1]["pages"]), start[0], end[-1])


# --------------------------------------------------------------- page faults

@invariant("faults_handled", needs={"fault", "pgfault", "env"},
           uses={"page_fault_user": ("env",), "pgfault_upcall": ("env",),
                 "env_killed": ("env",), "env_free": ("env",)})
def faults_handled(ctx):
    """Each user page fault gets exactly one upcall dispatch or kill before
    the env faults again, and none is left open at the end."""
    open_fault = {}
    for r in ctx.records:
        env = r.get("env")
        if r.event == "page_fault_user":
            if env in open_fault:
                ctx.fail("env %s faulted again before its previous fault was handled"
                         % eid(env), open_fault[env], r)
            open_fault[env] = r
        elif r.event in ("pgfault_upcall", "env_killed"):
            open_fault.pop(env, None)
        elif r.event == "env_free" and env in open_fault:
            ctx.fail("env %s freed with a page fault neither dispatched nor killed" % eid(env),
                     open_fault.pop(env), r)
    if ctx.verdict == "finished":
        for env, r in open_fault.items():
            ctx.fail("env %s's page fault was never dispatched nor killed" % eid(env), r)


@invariant("upcall_frames", needs={"pgfault"}, uses={"pgfault_upcall": ("esp",)})
def upcall_frames(ctx):
    """Every upcall frame (esp .. esp + sizeof(struct UTrapframe)) lies
    inside the user exception stack (from the trace header)."""
    try:
        top, size = ctx.hexval("uxstacktop"), int(ctx.header["utf_size"])
        pgsize = int(ctx.header["pgsize"])
    except (KeyError, ValueError):
        ctx.skip_reason = "the trace header has no uxstacktop/utf_size/pgsize"
        return False
    for r in ctx.records:
        if r.event == "pgfault_upcall":
            esp = r["esp"]
            if not (top - pgsize <= esp and esp + size <= top):
                ctx.fail("upcall frame [%08x, %08x) is not inside the exception stack "
                         "[%08x, %08x)" % (esp, esp + size, top - pgsize, top), r)


# --------------------------------------------------------------- IPC

@invariant("ipc_matched", needs={"ipc"},
           uses={"ipc_send": ("from", "to", "value", "result"), "ipc_wake": ("env", "from", "value")})
def ipc_matched(ctx):
    """Every wake-up is one successful send, and values arrive in send order
    for each sender/receiver pair. (The kernel writes a send's wake before
    the send's own record, in the same system call.)"""
    sends = collections.defaultdict(list)       # (from, to) -> successful sends
    wakes = collections.defaultdict(list)       # (from, to) -> wake-ups
    for r in ctx.records:
        if r.event == "ipc_send" and r["result"] == 0:
            sends[(r["from"], r["to"])].append(r)
        elif r.event == "ipc_wake":
            wakes[(r["from"], r["env"])].append(r)
    for pair in set(sends) | set(wakes):
        s, w = sends[pair], wakes[pair]
        if len(s) != len(w) and (ctx.complete or abs(len(s) - len(w)) > 1):
            ctx.fail("%d successful sends from %s to %s but %d wake-ups"
                     % (len(s), eid(pair[0]), eid(pair[1]), len(w)), (s or w)[-1])
        for a, b in zip(s, w):
            if a["value"] != b["value"]:
                ctx.fail("env %s woken with value %08x, but %s sent %08x first"
                         % (eid(b["env"]), b["value"], eid(a["from"]), a["value"]), a, b)
                break
