"""RUN lines and emulators (debug/harness.py): emu= restricts a line and
must say why; the keys that hold under one emulator only demand it."""
import unittest

from tracefixture import DEBUG  # noqa: F401 (puts debug/ on the path)
import harness


def configs(*lines):
    return harness.parse_run_options("t", list(lines))


class TestEmu(unittest.TestCase):
    """emu= restrictions on RUN lines, and their required reasons."""

    def test_default_is_both(self):
        (cfg,) = configs("cpus=2")
        self.assertEqual(cfg["emus"], {"bochs", "qemu"})

    def test_restricted_with_reason(self):
        a, b = configs("cpus=1,2 repeat=2 emu=bochs # determinism is Bochs'")
        self.assertEqual((a["emus"], a["why"]), ({"bochs"}, "determinism is Bochs'"))
        self.assertEqual((a["cpus"], b["cpus"]), ("1", "2"))

    def test_reason_required(self):
        with self.assertRaisesRegex(harness.OptionError, "needs its reason"):
            configs("cpus=1 emu=qemu")

    def test_unknown_emulator(self):
        with self.assertRaisesRegex(harness.OptionError, "no such emulator"):
            configs("emu=vbox # why")

    def test_bochs_only_keys(self):
        for line in ("repeat=2", "debugrc=x", "repeat=2 emu=qemu # no"):
            with self.assertRaisesRegex(harness.OptionError, "needs emu=bochs"):
                configs(line)

    def test_qemu_only_keys(self):
        with self.assertRaisesRegex(harness.OptionError, "needs emu=qemu"):
            configs("gdb=tests/x")
        (cfg,) = configs("gdb=tests/x emu=qemu # gdb stub")
        self.assertEqual(cfg["gdb"], "tests/x")


if __name__ == "__main__":
    unittest.main()
