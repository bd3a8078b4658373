"""make mutants' verdicts (debug/mutants.py verdict()): a mutant is caught
only by a failing test, missed only when the suite passed, and a suite
that died without a failing test is neither."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import mutants  # noqa: E402

M = mutants.Mutant("probe", "test", "a planted bug", "src/kernel/x.c", "old", "new",
                   r"no_starvation", "hello")


class Verdict(unittest.TestCase):
    """mutants.verdict() on made-up suite outputs."""

    def test_caught_by_name(self):
        out = "[1/3] not ok - sched_yield_order\n  # cpus=1:\n  #   no_starvation: env 1001\n"
        v = mutants.verdict(M, 1, out, "")
        self.assertEqual((v["result"], v["test"]), ("caught", "sched_yield_order"))

    def test_caught_wrong_message(self):
        out = "[1/3] not ok - hello\n  #   run ended in panic\n"
        self.assertEqual(mutants.verdict(M, 1, out, "")["result"], "caught (wrong message)")

    def test_missed_only_when_the_suite_passed(self):
        self.assertEqual(mutants.verdict(M, 0, "3 passed, 0 failed\n", "")["result"], "MISSED")

    def test_killed_suite_is_no_pass(self):
        # A harness killed out of memory: status -9, no test reported.
        v = mutants.verdict(M, -9, "[1/3] ok - hello (2 runs)\n", "Killed\n")
        self.assertEqual(v["result"], "SUITE ERROR")
        self.assertIn("status -9", v["message"])


if __name__ == "__main__":
    unittest.main()
