"""The transcript language (debug/expect.py): token boundaries, errors for
what it does not understand, NEVER on the whole stream, every failure
reported, near misses shown."""
import unittest

from tracefixture import DEBUG  # noqa: F401 (puts debug/ on the path)
import expect


def run(text, console=(), trace=(), config=None):
    _, directives = expect.parse_expect(text, config or {})
    return expect.match_expect(directives, list(console), list(trace))


class TestBoundaries(unittest.TestCase):
    """Literal pattern ends match on token boundaries."""

    def test_env_names(self):
        self.assertTrue(run("CHECK: free env $E1", ["[$E1] free env $E10"]))
        self.assertFalse(run("CHECK: free env $E1", ["[$E10] free env $E1"]))

    def test_cpu_suffix(self):
        self.assertTrue(run("TRACE: sched_switch @cpu=1", trace=["sched_switch @cpu=10"]))
        self.assertFalse(run("TRACE: sched_switch @cpu=1", trace=["sched_switch @cpu=1"]))

    def test_values(self):
        self.assertTrue(run("TRACE: value=1", trace=["ipc_wake value=10"]))
        self.assertTrue(run("TRACE: alue=1", trace=["ipc_wake value=1"]))
        self.assertFalse(run("TRACE: {{v?alue}}=1", trace=["ipc_wake value=1"]))

    def test_regex_can_match_inside_words(self):
        self.assertFalse(run("CHECK: prime {{[0-9]+}}", ["prime 17x"]))
        self.assertFalse(run("CHECK: {{.*}}17", ["prime 117"]))


class TestErrors(unittest.TestCase):
    """What the language does not understand is an error naming the line."""

    def error(self, text):
        with self.assertRaises(expect.Failure) as cm:
            expect.parse_expect(text)
        return cm.exception.msg

    def test_unknown_run_key(self):
        self.assertIn("line 2: unknown RUN key 'cpu'", self.error("CHECK: x\nRUN: cpu=2"))

    def test_run_reason_is_not_a_key(self):
        runs, _ = expect.parse_expect("RUN: cpus=2 emu=bochs # only Bochs has it\nCHECK: x")
        self.assertEqual(runs, ["cpus=2 emu=bochs # only Bochs has it"])
        self.assertIn("unknown RUN key 'cpu'", self.error("RUN: cpu=2 # why\nCHECK: x"))

    def test_unknown_condition(self):
        self.assertIn("line 1: unknown condition @cpu=", self.error("@cpu=2 CHECK: x"))

    def test_misspelled_directive(self):
        self.assertIn("line 2: not a directive: CHECK-NXT: y", self.error("CHECK: x\nCHECK-NXT: y"))

    def test_no_positive_check(self):
        self.assertIn("no positive directive", self.error("CHECK-NEVER: panic\nCHECK-NOT: x"))

    def test_bad_regex(self):
        self.assertIn("bad regular expression", self.error("CHECK: {{(}}"))


class TestSemantics(unittest.TestCase):
    """NEVER and COUNT see the whole stream; every failure is reported."""

    def test_never_sees_the_whole_stream_after_a_filter(self):
        fails = run("CHECK-FILTER: ^child\nCHECK: child\nCHECK-NEVER: panic",
                    ["child 1", "user panic"])
        self.assertEqual(len(fails), 1)
        self.assertIn("CHECK-NEVER: panic", fails[0].msg)

    def test_count_sees_the_whole_stream(self):
        self.assertFalse(run("CHECK-FILTER: a\nCHECK: a\nCHECK-COUNT-2: b", ["a", "b", "b"]))

    def test_every_failure_is_reported(self):
        fails = run("CHECK: one\nCHECK: two\nCHECK-NEVER: three", ["three"])
        self.assertEqual(len(fails), 3)

    def test_near_miss(self):
        fails = run("CHECK: child counted 3000000", ["parent", "child counted 3032727", "x"])
        self.assertIn("nearest line", fails[0].render())
        self.assertIn("child counted 3032727", fails[0].render())

    def test_trace_labels(self):
        _, d = expect.parse_expect("TRACE: env_free env=$E2")
        fails = expect.match_expect(d, [], ["env_free env=$E1"], ["trace.log:45 seq 0"])
        self.assertIn("trace.log:45 seq 0", fails[0].render())

    def test_conditions(self):
        text = "@cpus=2 CHECK: two\nCHECK: any"
        self.assertFalse(run(text, ["any"], config={"cpus": "1"}))
        self.assertTrue(run(text, ["any"], config={"cpus": "2"}))


if __name__ == "__main__":
    unittest.main()
