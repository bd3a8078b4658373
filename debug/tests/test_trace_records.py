"""The decoder of the kernel's port-0xE9 stream (debug/trace_records.py):
schema lines in, typed records out; a cut-off, garbled or implausible
record is reported, never decoded into a fake one; trace.log round-trips."""
import struct
import unittest

from tracefixture import trace_records, schema_text

HEADER = b"\x1e# glasswing-trace v3 cats=env,sched uxstacktop=eec00000 pgsize=4096 utf_size=52\n"


def framed_schema():
    return b"".join(b"\x1e" + l.encode() + b"\n" for l in schema_text().splitlines())


def record(schema, name, cpu, tsc, *values):
    ev = schema.event(name)
    return trace_records.HEAD.pack(0x1f, ev.id, cpu, tsc) + ev.struct.pack(*values)


class TestDecoder(unittest.TestCase):
    """The port-0xE9 stream decoder and trace.log round trips."""

    def setUp(self):
        self.schema = trace_records.Schema.from_lines(schema_text().splitlines())

    def decode(self, data, chunk=None):
        dec = trace_records.StreamDecoder()
        if chunk:
            for i in range(0, len(data), chunk):
                dec.feed(data[i:i + chunk])
        else:
            dec.feed(data)
        return dec, dec.finish()

    def stream(self, *records):
        return b"BIOS says hi\n" + HEADER + framed_schema() + b"\x1e# machine cpus=2\n" + \
            b"hello from the kernel\n" + b"".join(records)

    def test_records_are_typed(self):
        data = self.stream(
            record(self.schema, "env_create", 0, 100, 0x1000, 0),
            record(self.schema, "sched_switch", 1, 200, 0, 5, 0x1000, 4),
            record(self.schema, "env_load", 0, 300, 0x1000, b"hello", 0x800020))
        dec, tr = self.decode(data, chunk=7)         # any split of the bytes
        self.assertEqual(dec.prelude, b"BIOS says hi\n")
        self.assertEqual(dec.console, b"hello from the kernel\n")
        self.assertEqual(tr.header["cpus"], "2")
        self.assertEqual([r.event for r in tr.records], ["env_create", "sched_switch", "env_load"])
        sw = tr.records[1]
        self.assertEqual((sw["next"], sw["prev_state"], sw["reason"]), (0x1000, "none", "first_run"))
        self.assertEqual(sw.body(), "sched_switch prev=00000000 prev_state=none next=00001000 "
                                    "reason=first_run")
        self.assertEqual(tr.records[2]["prog"], "hello")
        self.assertEqual(tr.problems, [])

    def test_cut_off_record_is_dropped_and_reported(self):
        full = record(self.schema, "env_create", 0, 100, 0x1000, 0)
        dec, tr = self.decode(self.stream(full, full[:9]))
        self.assertEqual(len(tr.records), 1)
        self.assertTrue(tr.cut_off)
        self.assertIn("ended inside a record", tr.problems[0])

    def test_bochs_text_after_a_cut_is_not_a_record(self):
        # A record cut by the end of the run, then Bochs' own exit text:
        # the bytes make an implausible record (CPU 101 of 2).
        full = record(self.schema, "env_create", 0, 100, 0x1000, 0)
        dec, tr = self.decode(self.stream(full, b"\x1f\x01" + b"exiting with a message\n" * 2))
        self.assertEqual(len(tr.records), 1)
        self.assertTrue(any("cannot be right" in p for p in tr.problems), tr.problems)

    def test_unknown_event_id(self):
        dec, tr = self.decode(self.stream(b"\x1f\xf0\x00" + b"\0" * 8))
        self.assertEqual(tr.records, [])
        self.assertIn("unknown event id 240", tr.problems[0])

    def test_enum_out_of_range(self):
        ev = self.schema.event("env_status")
        bad = trace_records.HEAD.pack(0x1f, ev.id, 0, 5) + struct.pack("<IBB", 0x1000, 2, 99)
        _, tr = self.decode(self.stream(bad))
        self.assertIn("state value 99 out of range", tr.problems[0])

    def test_unknown_kind_is_rejected(self):
        with self.assertRaises(trace_records.SchemaError):
            trace_records.Schema.from_lines(["event weird env x:float"])

    def test_wrong_version(self):
        _, tr = self.decode(b"\x1e# glasswing-trace v1 cats=env\n")
        self.assertIn("trace format v1", tr.problems[0])

    def test_log_round_trip(self):
        data = self.stream(record(self.schema, "ipc_send", 1, 100, 0x1000, 0x1001, 7, 0, -12),
                           record(self.schema, "lock_acquire", 0, 200, 0, 0xf0101234, 3, 99, 0xff),
                           record(self.schema, "lock_acquire", 1, 300, 0, 0xf0101234, 5, 40, 0),
                           record(self.schema, "tsc_high", 1, 5, 2),
                           record(self.schema, "sched_resume", 1, 5, 0x1001, 48))
        _, tr = self.decode(data)
        text = "\n".join(tr.text_lines()) + "\n"
        again = trace_records.parse_log(text)
        self.assertEqual([r.text() for r in again.records], [r.text() for r in tr.records])
        self.assertEqual(again.records[0]["result"], -12)
        self.assertEqual(again.records[1]["name"], "kernel_lock")
        self.assertEqual((again.records[1]["from"], again.records[2]["from"]), ("none", 0))
        self.assertIn("wait=99 from=none", again.records[1].text())
        self.assertEqual(again.records[3].tsc, 2 << 32 | 5)
        self.assertEqual(again.header["cpus"], "2")

    def test_tsc_high_gives_the_full_tsc_and_is_no_record(self):
        data = self.stream(record(self.schema, "env_create", 0, 0xfffffff0, 0x1000, 0),
                           record(self.schema, "tsc_high", 0, 0x10, 1),
                           record(self.schema, "env_free", 0, 0x10, 0x1000),
                           record(self.schema, "env_free", 1, 0x20, 0x1001))
        _, tr = self.decode(data, chunk=3)
        self.assertEqual(tr.problems, [])
        self.assertEqual([(r.seq, r.event) for r in tr.records],
                         [(0, "env_create"), (1, "env_free"), (2, "env_free")])
        # Each CPU has its own high bits: CPU 1's are still 0.
        self.assertEqual([r.tsc for r in tr.records], [0xfffffff0, 1 << 32 | 0x10, 0x20])

    def test_tsc_low_bits_going_back_is_garbage(self):
        # Without a tsc_high record, a smaller low half is a TSC going back;
        # the decoding stops there (the well-formed record after it is not
        # taken either).
        data = self.stream(record(self.schema, "env_create", 0, 0xfffffff0, 0x1000, 0),
                           record(self.schema, "env_free", 0, 0x10, 0x1000),
                           record(self.schema, "env_free", 1, 0x10, 0x1000))
        _, tr = self.decode(data)
        self.assertEqual(len(tr.records), 1)
        self.assertTrue(any("cannot be right" in p for p in tr.problems), tr.problems)

    def test_tsc_high_going_back_is_garbage(self):
        data = self.stream(record(self.schema, "tsc_high", 0, 0x10, 3),
                           record(self.schema, "env_create", 0, 0x10, 0x1000, 0),
                           record(self.schema, "tsc_high", 0, 0x20, 2),
                           record(self.schema, "env_free", 0, 0x20, 0x1000))
        _, tr = self.decode(data)
        self.assertEqual([r.event for r in tr.records], ["env_create"])
        self.assertTrue(any("tsc_high on CPU 0" in p for p in tr.problems), tr.problems)

    def test_cpu_or_none_out_of_range(self):
        _, tr = self.decode(self.stream(
            record(self.schema, "lock_acquire", 0, 200, 0, 0xf0101234, 3, 99, 7)))
        self.assertEqual(tr.records, [])
        self.assertIn("from CPU 7 out of range", tr.problems[0])


if __name__ == "__main__":
    unittest.main()
