"""Kernel invariants that must hold on every run, whatever the test:
each is one function over the typed trace records (trace_records.Record).
"""


def check_invariants(header, records, verdict):
    """Kernel invariants that must hold on every trace, whatever the test.

    Each check runs when the categories it needs were recorded. Returns a
    list of violation messages (empty when all hold)."""
    cats = set(header.get("cats", "").split(","))
    if "all" in cats:
        cats = {"env", "syscall", "fault", "sched", "lock", "mem", "pgfault", "ipc"}
    problems = []

    def fail(msg, *recs):
        problems.append(msg + "".join("\n    %d cpu%d %s" % (r.seq, r.cpu, r.body())
                                      for r in recs if r))

    for r in records:
        if r.event == "lost":
            fail("trace: the kernel dropped %s records" % r.get("count"), r)

    if "lock" in cats:
        check_locks(records, fail)
    if "sched" in cats:
        check_sched(records, fail)
    if "mem" in cats and verdict == "finished":
        check_leaks(records, fail)
    if "fault" in cats and "pgfault" in cats:
        check_faults(records, fail)
    if "ipc" in cats:
        check_ipc(records, fail)
    return problems


def check_locks(records, fail):
    """One holder per lock, release only by the holder, no recursion, and
    no CPU emitting kernel records without the big kernel lock."""
    holder, last = {}, {}
    bkl_free_ok = {"lock_acquire", "lock_release", "lock_handover", "cpu_idle",
                   "shutdown", "panic", "lost", "boot", "mem_free"}
    bkl = {}        # cpu -> holds kernel_lock
    started = False
    for r in records:
        ev, f, cpu = r.event, r.fields, r.cpu
        if ev == "lock_acquire":
            name = f.get("name")
            if name in holder:
                what = "recursive acquire" if holder[name] == cpu else "second holder"
                fail("lock %s: %s (held by CPU %d)" % (name, what, holder[name]), last.get(name), r)
            holder[name], last[name] = cpu, r
            if name == "kernel_lock":
                bkl[cpu] = True
                started = True
        elif ev == "lock_release":
            name = f.get("name")
            if holder.get(name) != cpu:
                fail("lock %s: released by CPU %d, which does not hold it" % (name, cpu),
                     last.get(name), r)
            holder.pop(name, None)
            last[name] = r
            if name == "kernel_lock":
                bkl[cpu] = False
        elif started and ev not in bkl_free_ok and not bkl.get(cpu, False):
            fail("CPU %d ran kernel code without the big kernel lock" % cpu, r)


def check_sched(records, fail):
    """An env is running on at most one CPU; no runnable env starves.

    sched_switch prev=P next=N on CPU c: P stops running there (runnable
    again if prev_state says so), N starts running on c. cpu_idle prev=P:
    P stops. env_status records give the other transitions."""
    running = {}            # env -> cpu
    waiting = {}            # runnable env -> switches seen since it became runnable
    alive = set()
    none = 0

    def stop(env, state):
        running.pop(env, None)
        if state == "runnable":
            waiting.setdefault(env, 0)
        else:
            waiting.pop(env, None)

    for r in records:
        ev, f, cpu = r.event, r.fields, r.cpu
        if ev == "env_create":
            alive.add(f.get("env"))
            waiting.pop(f.get("env"), None)
        elif ev == "env_free":
            env = f.get("env")
            alive.discard(env)
            stop(env, "free")
        elif ev == "env_status":
            # A running env stays on its CPU until a sched_switch or
            # cpu_idle record takes it off, whatever its status says.
            env, to = f.get("env"), f.get("to")
            if env in running:
                continue
            if to == "runnable":
                waiting.setdefault(env, 0)
            else:
                waiting.pop(env, None)
        elif ev == "cpu_idle":
            if f.get("prev", none) != none:
                stop(f["prev"], f.get("prev_state"))
        elif ev == "sched_switch":
            prev, nxt = f.get("prev", none), f.get("next")
            if prev != none:
                stop(prev, f.get("prev_state"))
            if nxt in running and running[nxt] != cpu:
                fail("env %s switched to on CPU %d while running on CPU %d"
                     % (nxt, cpu, running[nxt]), r)
            running[nxt] = cpu
            waiting.pop(nxt, None)
            bound = 4 * max(len(alive), 1) + 8
            for env in list(waiting):
                waiting[env] += 1
                if waiting[env] > bound:
                    fail("env %s runnable but passed over for %d context switches" % (env, bound), r)
                    waiting.pop(env)


def check_leaks(records, fail):
    """After all envs exit the free-page count is what it was before the first."""
    start = [r for r in records if r.event == "mem_free" and r.get("when") == "start"]
    end = [r for r in records if r.event == "mem_free" and r.get("when") == "end"]
    if start and end and start[0].get("pages") != end[-1].get("pages"):
        n = start[0]["pages"] - end[-1]["pages"]
        fail("memory: %d page(s) leaked (free pages at start vs end)" % n, start[0], end[-1])


def check_faults(records, fail):
    """Each user page fault gets exactly one upcall dispatch or kill."""
    open_fault = {}
    for r in records:
        ev, f = r.event, r.fields
        env = f.get("env")
        if ev == "page_fault_user":
            if env in open_fault:
                fail("env %s faulted again before its previous fault was handled" % env,
                     open_fault[env], r)
            open_fault[env] = r
        elif ev in ("pgfault_upcall", "env_killed") and env in open_fault:
            del open_fault[env]
            if ev == "pgfault_upcall":
                esp = f.get("esp", 0)
                if not (0xeebff000 <= esp < 0xeec00000):
                    fail("upcall frame esp %08x is outside the exception stack" % esp, r)
        elif ev == "env_free" and env in open_fault:
            fail("env %s freed with a page fault neither dispatched nor killed" % env,
                 open_fault.pop(env), r)


def check_ipc(records, fail):
    """Every wake matches one successful send; values arrive in send order
    per sender/receiver pair; a blocked receiver is not run until woken."""
    blocked = set()
    for r in records:
        ev, f = r.event, r.fields
        if ev == "ipc_block":
            blocked.add(f.get("env"))
        elif ev == "ipc_wake":
            blocked.discard(f.get("env"))
        elif ev == "sched_switch" and f.get("next") in blocked:
            fail("env %s was run while blocked in ipc_recv" % f.get("next"), r)
        elif ev == "env_free":
            blocked.discard(f.get("env"))
    wakes = [r for r in records if r.event == "ipc_wake"]
    sends = [r for r in records if r.event == "ipc_send" and r.get("result") == 0]
    if len(wakes) != len(sends):
        fail("ipc: %d successful sends but %d wake-ups" % (len(sends), len(wakes)))
    for w, s in zip(wakes, sends):
        if (w.get("from"), w.get("value")) != (s.get("from"), s.get("value")):
            fail("ipc: wake-up does not match the send before it", s, w)
