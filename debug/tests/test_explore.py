"""make explore's pieces that need no emulator (debug/explore.py,
debug/preempt.py): the preempt= syntax, the plan of runs, the interleaving
hash, the shrinking (ddmin) against made-up oracles, the replay line, the
first offending record and the `@preempt=` condition of expected files."""
import unittest

from tracefixture import DEBUG, make_trace, bkl  # noqa: F401 (DEBUG: debug/ on the path)
import expect
import explore
import preempt


class TestSpec(unittest.TestCase):
    """preempt=POINTS[/N][@DECISIONS]: what the kernel accepts, written back."""

    def test_points_and_rate(self):
        s = preempt.parse("fault,syscall/8")
        self.assertEqual((s.points, s.one_in, s.decisions), (("syscall", "fault"), 8, None))
        self.assertEqual(s.text(), "syscall,fault/8")

    def test_all_and_default_rate(self):
        s = preempt.parse("all")
        self.assertEqual(s.points, preempt.POINTS)
        self.assertEqual(s.text(), "all")

    def test_decisions(self):
        s = preempt.parse("syscall@1000:23,1001:2")
        self.assertEqual(s.decisions, ((0x1000, 23), (0x1001, 2)))
        self.assertEqual(s.text(), "syscall@1000:23,1001:2")
        self.assertEqual(preempt.parse("syscall@").decisions, ())
        self.assertEqual(s.with_decisions([(0x1002, 5)]).text(), "syscall@1002:5")

    def test_off(self):
        for v in (None, "", "none"):
            self.assertIsNone(preempt.parse(v))

    def test_refusals_name_the_valid_points(self):
        for bad, why in (("syscal", "no point 'syscal'; points: syscall fault ipi lockrel all"),
                         ("/4", "names no point"), ("syscall/0", "N >= 1"),
                         ("syscall/x", "N >= 1"), ("syscall@1000", "ENV:K"),
                         ("syscall@1000:0", "ENV:K"), ("syscall@zz:1", "ENV:K")):
            with self.assertRaisesRegex(preempt.SpecError, why.replace("(", r"\(")):
                preempt.parse(bad)
        too_many = "syscall@" + ",".join("1000:%d" % i for i in range(1, preempt.MAX_DECISIONS + 2))
        with self.assertRaisesRegex(preempt.SpecError, "at most"):
            preempt.parse(too_many)


class TestPlan(unittest.TestCase):
    """The runs of an exploration: deterministic, configurations in turn."""

    CONFIGS = [{"prog": "t", "cpus": "1", "emu": "bochs"}, {"prog": "t", "cpus": "2", "emu": "bochs"}]

    def test_configs_in_turn_seeds_counted(self):
        runs = [explore.plan_run(self.CONFIGS, k, 5) for k in range(4)]
        self.assertEqual([r["cpus"] for r in runs], ["1", "2", "1", "2"])
        self.assertEqual([r["seed"] for r in runs], ["5", "6", "7", "8"])
        self.assertEqual(runs, [explore.plan_run(self.CONFIGS, k, 5) for k in range(4)])

    def test_cycle_of_points_and_rates(self):
        specs = [preempt.parse(explore.plan_run(self.CONFIGS[:1], k)["preempt"]) for k in range(32)]
        self.assertEqual({s.points for s in specs},
                         {preempt.parse(p).points for p in explore.POINT_SETS})
        self.assertEqual({s.one_in for s in specs}, set(explore.RATES))

    def test_given_points_keep_their_rate(self):
        cfg = explore.plan_run(self.CONFIGS, 0, points=preempt.parse("fault/3"))
        self.assertEqual(cfg["preempt"], "fault/3")

    def test_a_run_line_that_fixes_preempt_is_kept(self):
        cfg = explore.plan_run([dict(self.CONFIGS[0], preempt="none")], 7)
        self.assertEqual(cfg["preempt"], "none")
        self.assertEqual(cfg["seed"], "8")

    def test_a_typo_gets_the_test_names(self):
        with self.assertRaisesRegex(explore.ExploreError, r"tests: .*\bfork_cow_private\b"):
            explore.base_configs("fork_cow_privat")

    def test_sessions_are_not_explored(self):
        with self.assertRaisesRegex(explore.ExploreError, "no configuration to explore"):
            explore.base_configs("debugger_session")

    def test_guards(self):
        cfg = explore.plan_run([dict(self.CONFIGS[0], timeout="600")], 0)
        self.assertEqual(cfg["timeout"], "600")
        self.assertEqual(explore.plan_run(self.CONFIGS, 0)["max_output"], str(explore.MAX_OUTPUT))


class TestInterleaving(unittest.TestCase):
    """The coverage hash: the switches, envs by creation order, nothing else."""

    def trace(self, first, second, tsc=0):
        recs = bkl(0, 100 + tsc, ["env_create env=00001000 parent=00000000",
                                  "env_create env=00001001 parent=00001000",
                                  "sched_switch prev=00000000 prev_state=none next=%s reason=first_run"
                                  % first])
        recs += bkl(1, 300 + tsc, ["sched_switch prev=00000000 prev_state=none next=%s reason=first_run"
                                   % second])
        return make_trace(recs).records

    def test_same_switches_same_hash(self):
        self.assertEqual(explore.interleaving(self.trace("00001000", "00001001")),
                         explore.interleaving(self.trace("00001000", "00001001", tsc=5000)))

    def test_other_switches_other_hash(self):
        self.assertNotEqual(explore.interleaving(self.trace("00001000", "00001001")),
                            explore.interleaving(self.trace("00001001", "00001000")))


class TestShrink(unittest.TestCase):
    """ddmin against oracles: the smallest failing set, within the budget."""

    def oracle(self, needed, calls=None):
        def fails(cands):
            if calls is not None:
                calls.append(len(cands))
            return next((i for i, c in enumerate(cands) if set(needed) <= set(c)), None)
        return fails

    def test_one_decision_of_many(self):
        items = list(range(40))
        smallest, used = explore.ddmin(items, self.oracle([17]), 100)
        self.assertEqual(smallest, [17])
        self.assertLess(used, 40)

    def test_two_decisions_together(self):
        smallest, _ = explore.ddmin(list(range(16)), self.oracle([3, 12]), 100)
        self.assertEqual(smallest, [3, 12])

    def test_nothing_needed(self):
        smallest, used = explore.ddmin(list(range(8)), self.oracle([]), 100)
        self.assertEqual((smallest, used), ([], 1))

    def test_budget_is_kept(self):
        calls = []
        smallest, used = explore.ddmin(list(range(64)), self.oracle([5, 40], calls), 6)
        self.assertLessEqual(used, 6)
        self.assertLessEqual(sum(calls), 6)
        self.assertTrue({5, 40} <= set(smallest))

    def test_same_failure_kind(self):
        a = ["expected file line 7: CHECK-NEVER: user panic\n  but it appears: $E2 at 00801234"]
        b = ["expected file line 7: CHECK-NEVER: user panic\n  but it appears: $E3 at 00805678"]
        c = ["run ended in stuck, expected finished"]
        self.assertEqual(explore.failure_kind(a), explore.failure_kind(b))
        self.assertFalse(explore.failure_kind(a) & explore.failure_kind(c))


class TestReport(unittest.TestCase):
    """What a failure's report names."""

    def test_replay_line_names_the_run(self):
        explore.FROM = explore.ROOT
        cfg = {"prog": "fork_cow_private", "cpus": "2", "seed": "22", "preempt": "syscall/2",
               "emu": "bochs", "timeout": "60", "max_output": "1"}
        self.assertEqual(explore.replay_line(cfg),
                         "make run PROG=fork_cow_private CPUS=2 TRACE=%s SEED=22 PREEMPT=syscall/2"
                         % explore.runner.TEST_TRACE)

    def test_first_offending_record(self):
        recs = make_trace(bkl(0, 100, ["env_create env=00001000 parent=00000000",
                                       "env_killed env=00001000 reason=no_upcall"])).records
        seq, how = explore.first_offending(["a failure\n    seq 0 cpu0 lock_acquire x"], recs)
        self.assertEqual((seq, how), (0, "the one the check names first"))
        seq, how = explore.first_offending(["expected file line 3: CHECK: x"], recs)
        self.assertEqual(seq, 2)
        self.assertIn("the first kill", how)

    def test_decisions_before(self):
        recs = make_trace(bkl(0, 100, ["sched_preempt_point where=syscall env=00001000 seq=1"]) +
                          bkl(0, 200, ["env_killed env=00001000 reason=no_upcall"]) +
                          bkl(0, 300, ["sched_preempt_point where=fault env=00001000 seq=2"])).records
        self.assertEqual([(e, s) for e, s, _ in explore.decisions_before(recs, 4)], [(0x1000, 1)])
        self.assertEqual(len(explore.decisions_before(recs, None)), 2)


class TestCondition(unittest.TestCase):
    """`@preempt=none` holds for runs without forced preemption, not with it."""

    TEXT = "CHECK: a\n@preempt=none CHECK: b\n"

    def kinds(self, config):
        _, directives = expect.parse_expect(self.TEXT, config)
        return [d[3] for d in directives]

    def test_condition_default(self):
        self.assertEqual(self.kinds({"cpus": "1"}), ["a", "b"])
        self.assertEqual(self.kinds({"cpus": "1", "preempt": "none"}), ["a", "b"])
        self.assertEqual(self.kinds({"cpus": "1", "preempt": "syscall"}), ["a"])


if __name__ == "__main__":
    unittest.main()
