"""Each invariant of debug/invariants.py on a trace that keeps it and on one
that breaks it, and the rule that an invariant that cannot see says so."""
import unittest

from tracefixture import make_trace, bkl, trace_records, SCHEMA_FILE
import invariants

E1, E2, E3 = "00001000", "00001001", "00001002"


def boot(cpu=0):
    return bkl(cpu, 100, ["boot cpus=2 pages=100", "mem_free pages=90 when=start",
                          "env_create env=%s parent=00000000" % E1,
                          "env_load env=%s prog=hello entry=00800020" % E1,
                          "sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % E1])


def exit_env(cpu, tsc, env=E1, last=True):
    body = ["env_exit env=%s" % env, "env_status env=%s from=running to=dying" % env,
            "env_free env=%s" % env]
    if last:
        body += ["mem_free pages=90 when=end", "shutdown reason=no_envs"]
        return bkl(cpu, tsc, body, release=False)
    body.append("cpu_idle prev=00000000 prev_state=none")
    return bkl(cpu, tsc, body)


def problems(records, name, verdict="finished", **kw):
    tr = make_trace(records, **kw)
    found, skipped = invariants.check_invariants(tr, verdict)
    return [p for p in found if p.startswith(name + ":")], \
        [s for s in skipped if s.startswith(name + " ")]


class InvariantCase(unittest.TestCase):
    """Asserts that an invariant holds (and looked) or breaks, with a message."""

    def holds(self, records, name, **kw):
        found, skipped = problems(records, name, **kw)
        self.assertEqual(found, [], "%s should hold" % name)
        self.assertEqual(skipped, [], "%s should have looked" % name)

    def breaks(self, records, name, words, **kw):
        found, _ = problems(records, name, **kw)
        self.assertTrue(found, "%s should fail" % name)
        self.assertIn(words, found[0])


class TestBasics(InvariantCase):
    """A good run keeps everything; what cannot look is skipped."""

    def test_good_run_keeps_everything(self):
        tr = make_trace(boot() + exit_env(0, 500))
        found, skipped = invariants.check_invariants(tr, "finished")
        self.assertEqual(found, [])
        self.assertEqual(skipped, [])

    def test_missing_category_is_skipped_not_passed(self):
        tr = make_trace(boot() + exit_env(0, 500), cats="env,mem")
        found, skipped = invariants.check_invariants(tr, "finished")
        names = [s.split()[0] for s in skipped]
        for inv in ("lock_discipline", "one_cpu_per_env", "timer_ticks", "ipc_matched"):
            self.assertIn(inv, names)
        self.assertIn("lock_discipline (needs lock)", skipped)

    def test_every_invariant_uses_events_of_the_build_schema(self):
        schema = trace_records.Schema.from_file(SCHEMA_FILE)
        for inv in invariants.INVARIANTS:
            for event, fields in inv.uses.items():
                ev = schema.event(event)
                self.assertIsNotNone(ev, "%s uses %s, not in the schema" % (inv.name, event))
                for f in fields:
                    self.assertIn(f, ev.kinds, "%s uses %s.%s" % (inv.name, event, f))


class TestTrace(InvariantCase):
    """The trace itself: losses, decoding problems, cut-off records."""

    def test_lost_records(self):
        self.holds(boot() + exit_env(0, 500), "trace_intact")
        self.breaks(boot() + ["0 300 lost count=3"] + exit_env(0, 500), "trace_intact",
                    "dropped 3 records")

    def test_decoder_problem(self):
        recs = boot() + exit_env(0, 500)
        tr = make_trace(recs)
        tr.problems.append("undecodable record: unknown event id 101")
        found, _ = invariants.check_invariants(tr, "finished")
        self.assertTrue(any("unknown event id 101" in p for p in found))

    def test_cut_off_is_quiet_only_when_the_run_was_stopped(self):
        tr = make_trace(boot())
        tr.problems.append("the stream ended inside a record")
        tr.cut_off = True
        found, _ = invariants.check_invariants(tr, "timeout")
        self.assertFalse([p for p in found if p.startswith("trace_intact")])
        found, _ = invariants.check_invariants(tr, "crashed")
        self.assertTrue([p for p in found if p.startswith("trace_intact")])


class TestLocks(InvariantCase):
    """Lock discipline and the big kernel lock around kernel records."""

    def test_second_holder(self):
        good = boot() + bkl(1, 200, []) + exit_env(0, 500)
        self.holds(good, "lock_discipline")
        bad = ["0 90 lock_acquire name=kernel_lock caller=f0100000 spins=0 wait=0",
               "1 95 lock_acquire name=kernel_lock caller=f0100000 spins=0 wait=0"]
        self.breaks(bad, "lock_discipline", "second holder")

    def test_release_by_non_holder(self):
        bad = ["0 90 lock_acquire name=kernel_lock caller=f0100000 spins=0 wait=0",
               "1 95 lock_release name=kernel_lock held=5"]
        self.breaks(bad, "lock_discipline", "released by CPU 1")

    def test_recursion(self):
        bad = ["0 90 lock_acquire name=kernel_lock caller=f0100000 spins=0 wait=0",
               "0 95 lock_acquire name=kernel_lock caller=f0100000 spins=0 wait=0"]
        self.breaks(bad, "lock_discipline", "recursive acquire")

    def test_kernel_record_without_the_lock(self):
        self.holds(boot() + exit_env(0, 500), "kernel_lock_held")
        bad = boot() + ["1 300 page_alloc env=%s va=00a00000 perm=7" % E1] + exit_env(0, 500)
        self.breaks(bad, "kernel_lock_held", "CPU 1 ran kernel code without the big kernel lock")


class TestExits(InvariantCase):
    """Every way out of the kernel is recorded."""

    def test_every_exit_is_recorded(self):
        self.holds(boot() + exit_env(0, 500), "exits_recorded")
        bad = boot() + bkl(0, 300, ["page_alloc env=%s va=00a00000 perm=7" % E1]) + exit_env(0, 500)
        self.breaks(bad, "exits_recorded", "after 0 switch/resume/idle records")

    def test_two_exits(self):
        bad = boot() + bkl(0, 300, ["sched_resume env=%s trap=48" % E1,
                                    "sched_resume env=%s trap=48" % E1]) + exit_env(0, 500)
        self.breaks(bad, "exits_recorded", "after 2 switch/resume/idle records")


class TestScheduling(InvariantCase):
    """One CPU per env, starvation, timer and idle liveness, blocked envs."""

    def two_envs(self):
        return bkl(0, 100, ["boot cpus=2 pages=100", "mem_free pages=90 when=start",
                            "env_create env=%s parent=00000000" % E1,
                            "env_create env=%s parent=%s" % (E2, E1),
                            "sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % E1])

    def test_one_cpu_per_env(self):
        good = self.two_envs() + bkl(1, 300, [
            "sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % E2])
        self.holds(good, "one_cpu_per_env")
        bad = self.two_envs() + bkl(1, 300, [
            "sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % E1])
        self.breaks(bad, "one_cpu_per_env", "env 00001000 run on CPU 1 while it is on CPU 0")

    def test_resume_elsewhere(self):
        bad = self.two_envs() + bkl(1, 300, ["sched_resume env=%s trap=48" % E1])
        self.breaks(bad, "one_cpu_per_env", "run on CPU 1 while it is on CPU 0")

    def test_resume_of_an_env_never_switched_in(self):
        bad = self.two_envs() + bkl(1, 300, ["sched_resume env=%s trap=48" % E2])
        self.breaks(bad, "one_cpu_per_env", "never switched to it")

    def test_starvation(self):
        # E2 waits while CPU 0 switches between E1 and E3 again and again.
        recs = bkl(0, 100, ["env_create env=%s parent=00000000" % E1,
                            "env_create env=%s parent=%s" % (E2, E1),
                            "env_create env=%s parent=%s" % (E3, E1),
                            "sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % E1])
        t, cur, other = 200, E1, E3
        for i in range(3):
            recs += bkl(0, t, ["sched_switch prev=%s prev_state=runnable next=%s reason=preempt"
                               % (cur, other)])
            t += 100
            cur, other = other, cur
        self.holds(recs, "no_starvation", cpus=1)
        for i in range(10):
            recs += bkl(0, t, ["sched_switch prev=%s prev_state=runnable next=%s reason=preempt"
                               % (cur, other)])
            t += 100
            cur, other = other, cur
        self.breaks(recs, "no_starvation", "env 00001001 runnable but passed over", cpus=1)

    def test_fair_round_robin_over_shrinking_envs_is_not_starvation(self):
        # 6 envs round robin on one CPU while they exit one by one: each
        # waits at most 5 switches, fewer as envs leave.
        envs = ["0000100%d" % i for i in range(6)]
        recs = bkl(0, 100, ["env_create env=%s parent=00000000" % e for e in envs] +
                   ["sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % envs[0]])
        t, alive, cur = 200, list(envs), 0
        while len(alive) > 1:
            nxt = (cur + 1) % len(alive)
            if t % 300 == 0:    # the current one exits now and then
                gone = alive.pop(cur)
                nxt = cur % len(alive)
                recs += bkl(0, t, ["env_free env=%s" % gone,
                                   "sched_switch prev=00000000 prev_state=none next=%s reason=exit"
                                   % alive[nxt]])
            else:
                recs += bkl(0, t, ["sched_switch prev=%s prev_state=runnable next=%s reason=preempt"
                                   % (alive[cur], alive[nxt])])
            cur, t = nxt, t + 50
        self.holds(recs, "no_starvation", cpus=1)

    def test_timer_ticks(self):
        good = boot() + bkl(0, 1000, ["sched_resume env=%s trap=32" % E1]) + exit_env(0, 2000)
        self.holds(good, "timer_ticks")
        bad = boot() + exit_env(0, 100000)      # 100 timer periods in user mode
        self.breaks(bad, "timer_ticks", "CPU 0 ran user code for")

    def test_timer_ticks_counts_from_kernel_entry_not_lock_grant(self):
        # The CPU entered at 3000 but waited 96000 ticks for the lock.
        recs = boot() + bkl(0, 99000, ["sched_resume env=%s trap=32" % E1], wait=96000) \
            + exit_env(0, 100000)
        self.holds(recs, "timer_ticks")

    def test_idle_with_work(self):
        idle = bkl(1, 150, ["cpu_idle prev=00000000 prev_state=none"])
        made_runnable = bkl(0, 400, ["env_create env=%s parent=%s" % (E2, E1)])
        good = boot() + idle + made_runnable + bkl(1, 1200, [
            "cpu_wake trap=32",
            "sched_switch prev=00000000 prev_state=none next=%s reason=first_run" % E2])
        self.holds(good, "no_idle_with_work")
        bad = boot() + idle + made_runnable + bkl(0, 50000, [
            "sched_resume env=%s trap=32" % E1])
        self.breaks(bad, "no_idle_with_work", "CPU 1 stayed idle for")

    def test_blocked_not_run(self):
        block = bkl(0, 300, ["ipc_block env=%s dstva=eec00000" % E1,
                             "env_status env=%s from=running to=not_runnable" % E1,
                             "cpu_idle prev=%s prev_state=not_runnable" % E1])
        wake = ["ipc_wake env=%s from=%s value=00000007" % (E1, E2),
                "env_status env=%s from=not_runnable to=runnable" % E1]
        good = boot() + block + bkl(1, 400, wake) + bkl(0, 500, [
            "sched_switch prev=00000000 prev_state=none next=%s reason=resume" % E1])
        self.holds(good, "blocked_not_run")
        bad = boot() + block + bkl(0, 500, [
            "sched_switch prev=00000000 prev_state=none next=%s reason=resume" % E1])
        self.breaks(bad, "blocked_not_run", "run while blocked in ipc_recv")


class TestEnd(InvariantCase):
    """The end of a run: every env freed, no page leaked."""

    def test_envs_freed(self):
        self.holds(boot() + exit_env(0, 500), "envs_freed")
        bad = boot() + bkl(0, 500, ["mem_free pages=90 when=end", "shutdown reason=no_envs"])
        self.breaks(bad, "envs_freed", "never freed")

    def test_double_free(self):
        bad = boot() + exit_env(0, 500, last=False) + exit_env(0, 600)
        self.breaks(bad, "envs_freed", "freed twice")

    def test_leak(self):
        self.holds(boot() + exit_env(0, 500), "no_leaks")
        bad = boot() + bkl(0, 500, ["env_free env=%s" % E1, "mem_free pages=89 when=end"])
        self.breaks(bad, "no_leaks", "1 page(s) leaked")

    def test_missing_mem_free_fails_instead_of_skipping(self):
        bad = boot() + bkl(0, 500, ["env_free env=%s" % E1])
        self.breaks(bad, "no_leaks", "no mem_free record for the end")


class TestFaults(InvariantCase):
    """Page faults handled once; upcall frames inside the exception stack."""

    fault = "page_fault_user env=%s va=00a00000 ip=00800040 err=6" % E1

    def test_handled(self):
        good = boot() + bkl(0, 300, [self.fault, "pgfault_upcall env=%s va=00a00000 "
                                     "handler=00801000 esp=eebfffcc nested=0 xstack_used=52" % E1]) \
            + exit_env(0, 500)
        self.holds(good, "faults_handled")
        bad = boot() + bkl(0, 300, [self.fault]) + exit_env(0, 500)
        self.breaks(bad, "faults_handled", "neither dispatched nor killed")

    def test_frame_outside_the_exception_stack(self):
        upcall = "pgfault_upcall env=%s va=00a00000 handler=00801000 esp=%s nested=0 xstack_used=52"
        good = boot() + bkl(0, 300, [self.fault, upcall % (E1, "eebff000")]) + exit_env(0, 500)
        self.holds(good, "upcall_frames")
        # The frame starts inside but ends past the top.
        bad = boot() + bkl(0, 300, [self.fault, upcall % (E1, "eebfffe0")]) + exit_env(0, 500)
        self.breaks(bad, "upcall_frames", "not inside the exception stack")


class TestIPC(InvariantCase):
    """Wake-ups match successful sends, in order."""

    def send(self, value, result=0):
        return "ipc_send from=%s to=%s value=%08x page=0 result=%d" % (E2, E1, value, result)

    def wake(self, value):
        return "ipc_wake env=%s from=%s value=%08x" % (E1, E2, value)

    def test_matched(self):
        good = boot() + bkl(0, 300, [self.wake(1), self.send(1), self.send(5, -7),
                                     self.wake(2), self.send(2)]) + exit_env(0, 500)
        self.holds(good, "ipc_matched")

    def test_wake_without_send(self):
        bad = boot() + bkl(0, 300, [self.wake(1)]) + exit_env(0, 500)
        self.breaks(bad, "ipc_matched", "0 successful sends")

    def test_out_of_order(self):
        bad = boot() + bkl(0, 300, [self.wake(2), self.send(1), self.wake(1), self.send(2)]) \
            + exit_env(0, 500)
        self.breaks(bad, "ipc_matched", "woken with value 00000002")


if __name__ == "__main__":
    unittest.main()
