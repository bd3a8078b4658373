"""Trace records as data: the schema, typed records, the decoder of the
kernel's port-0xE9 stream, and trace.log (one rendering of the records).

The schema is not written here: the kernel sends it at boot (text lines
framed by 0x1E, generated from src/kernel/trace_events.h), and the build
writes the same lines to build/trace-schema.txt (debug/trace-schema.c).
This module knows only the field *kinds* -- how many bytes each takes and
how it is shown -- so an event added to the table needs no change here.

    # glasswing-trace v3 cats=env,sched uxstacktop=eec00000 pgsize=4096 utf_size=52
    # enum state free dying runnable running not_runnable none
    # lock kernel_lock
    # event sched_switch sched prev:env prev_state:state next:env reason:reason
    # machine cpus=2                  (after the MP tables are read)

trace.log starts with one header line that has all of these keys (and
what the harness adds: tsc_hz, the emulated clock rate), then the schema
lines:

    # glasswing-trace v3 cats=env,sched uxstacktop=eec00000 pgsize=4096 utf_size=52 cpus=2 tsc_hz=50000000

On the wire a record is: 0x1F, event id (the event's place among the
`event` lines, from 1), CPU, the low 32 bits of the TSC (little endian),
then each field at its kind's size. The high 32 bits of each CPU's TSC
start at 0; a `tsc_high` record (written just before the first record
whose TSC has other high bits than the CPU's last one) changes them. The
decoder applies it and drops it: it is framing, not an event. In trace.log
a record is the line

    SEQ CPU TSC EVENT field=value ...

with SEQ its place in the stream (from 0) and TSC the full 64-bit value.
"""
import struct

TEXT_FRAME, BIN_FRAME = 0x1E, 0x1F
HEAD = struct.Struct("<BBBI")           # frame, event, cpu, tsc (low 32 bits)
VERSION = "v3"
TSC_HIGH = "tsc_high"                   # the framing record: the high TSC bits
CPU_NONE = 0xFF                         # a cpu_or_none field's `none`

# kind -> (struct code, how a value is shown). Enum kinds (any other name
# that the schema declares with an `enum` line) and `lock` are one byte
# shown by name; `str` is 24 NUL-padded bytes; `cpu_or_none` is a CPU
# number or the name `none` (CPU_NONE on the wire).
KINDS = {
    "env": ("I", "%08x"),
    "va": ("I", "%08x"),
    "word": ("I", "%08x"),
    "hex": ("I", "%x"),
    "u32": ("I", "%d"),
    "i32": ("i", "%d"),
    "u64": ("Q", "%d"),
    "u8": ("B", "%d"),
    "cpu": ("B", "%d"),
    "cpu_or_none": ("B", None),
    "lock": ("B", None),
    "str": ("24s", None),
}
NUMERIC = {"env", "va", "word", "hex", "u32", "i32", "u64", "u8", "cpu"}


class SchemaError(Exception):
    """The schema lines (or a record) do not make sense."""


class Event:
    """One event type: its id, name, category and (field, kind) pairs."""

    def __init__(self, ident, name, category, fields):
        self.id, self.name, self.category, self.fields = ident, name, category, fields
        self.kinds = dict(fields)
        self.struct = struct.Struct("<" + "".join(
            KINDS[k][0] if k in KINDS else "B" for _, k in fields))
        self.size = HEAD.size + self.struct.size


class Schema:
    """The enums, traced locks and events of a run (or of the build)."""

    def __init__(self):
        self.enums = {}         # name -> [value names]
        self.locks = []         # lock names by id
        self.events = []        # Event by id - 1
        self.by_name = {}       # event name -> Event

    def add_line(self, line):
        """Take one schema line (without the "# " prefix); False if it is
        not a schema line."""
        words = line.split()
        if not words or words[0] not in ("enum", "lock", "event"):
            return False
        if words[0] == "enum" and len(words) >= 3:
            self.enums[words[1]] = words[2:]
        elif words[0] == "lock" and len(words) == 2:
            self.locks.append(words[1])
        elif words[0] == "event" and len(words) >= 3:
            fields = []
            for w in words[3:]:
                name, _, kind = w.partition(":")
                if kind not in KINDS and kind not in self.enums:
                    raise SchemaError("event %s: field %s has unknown kind %r"
                                      % (words[1], name, kind))
                fields.append((name, kind))
            ev = Event(len(self.events) + 1, words[1], words[2], fields)
            self.events.append(ev)
            self.by_name[ev.name] = ev
        else:
            raise SchemaError("malformed schema line: %s" % line)
        return True

    @classmethod
    def from_lines(cls, lines):
        schema = cls()
        for line in lines:
            line = line[2:] if line.startswith("# ") else line
            schema.add_line(line)
        return schema

    @classmethod
    def from_file(cls, path):
        with open(path) as f:
            return cls.from_lines(f.read().splitlines())

    def lines(self):
        """The schema as the kernel writes it (without "# ")."""
        out = ["enum %s %s" % (n, " ".join(v)) for n, v in self.enums.items()]
        out += ["lock %s" % n for n in self.locks]
        out += ["event %s %s%s" % (e.name, e.category,
                                   "".join(" %s:%s" % f for f in e.fields))
                for e in self.events]
        return out

    def event(self, name):
        return self.by_name.get(name)


class Record:
    """One trace record: seq, cpu, tsc, event name and typed field values
    (ints for numeric kinds, names for enums and locks, str for str)."""

    __slots__ = ("seq", "cpu", "tsc", "event", "fields", "kinds")

    def __init__(self, seq, cpu, tsc, event, fields, kinds):
        self.seq, self.cpu, self.tsc, self.event = seq, cpu, tsc, event
        self.fields, self.kinds = fields, kinds

    def get(self, field, default=None):
        return self.fields.get(field, default)

    def __getitem__(self, field):
        return self.fields[field]

    def show(self, field, rename=None):
        """One field's value as text; env ids through @rename if given."""
        value, kind = self.fields[field], self.kinds.get(field)
        if kind == "env" and rename is not None and value in rename:
            return rename[value]
        if kind in KINDS and KINDS[kind][1]:
            return KINDS[kind][1] % value
        return str(value)

    def body(self, rename=None):
        """'EVENT field=value ...' (env ids renamed through @rename)."""
        return " ".join([self.event] + ["%s=%s" % (f, self.show(f, rename))
                                         for f in self.fields])

    def text(self):
        """The trace.log line."""
        return "%d %d %d %s" % (self.seq, self.cpu, self.tsc, self.body())

    def envs(self):
        """The env ids among this record's fields."""
        return [v for f, v in self.fields.items() if self.kinds.get(f) == "env"]

    def __repr__(self):
        return "Record(%s)" % self.text()


class Trace:
    """A decoded trace: header fields, schema, records, and what went wrong
    (problems the checker must report: a cut-off or garbled stream)."""

    def __init__(self):
        self.header = {}        # key -> value (version, cpus, cats, ...)
        self.header_line = None
        self.schema = Schema()
        self.records = []
        self.problems = []      # decoding problems, as messages
        self.cut_off = False    # the stream ended inside a record

    @property
    def started(self):
        return self.header_line is not None

    def categories(self):
        """The categories that were on ({'all'} expanded from the schema)."""
        cats = set(self.header.get("cats", "").split(",")) - {"", "none"}
        return cats

    def set_header(self, line):
        """Take the header line (or a `machine` line: more header keys)."""
        words = line.split()
        if words[0] == "glasswing-trace":
            self.header_line = line
            if words[1:2] != [VERSION]:
                self.problems.append("trace format %s, this decoder reads %s"
                                     % ((words + ["?"])[1], VERSION))
            self.header["version"] = (words + ["?"])[1]
        for w in words[1:]:
            if "=" in w:
                k, v = w.split("=", 1)
                self.header[k] = v

    def text_lines(self):
        """trace.log: the header, the schema, one line per record."""
        out = []
        if self.header_line is not None:
            out.append("# glasswing-trace " + " ".join(
                [self.header.get("version", "?")] +
                ["%s=%s" % kv for kv in self.header.items() if kv[0] != "version"]))
        out += ["# " + l for l in self.schema.lines()]
        out += [r.text() for r in self.records]
        for p in self.problems:
            out.append("# decoder: " + p)
        return out


class StreamDecoder:
    """Splits Bochs' standard output into console bytes and trace records.

    feed() takes bytes as they come; console text before the trace header
    is kept apart (the prelude: BIOS and boot loader output). A record
    whose bytes do not make sense (unknown event id, CPU beyond the CPU
    count, a TSC that goes back, an enum value out of range) stops the
    decoding: it is reported, and so is a record cut off by the end of the
    stream (the run was stopped in the middle of it)."""

    def __init__(self, on_console=None):
        self.trace = Trace()
        self.prelude = bytearray()
        self.console = bytearray()
        self.on_console = on_console
        self.state = "console"  # console | line | record | dead
        self.pending = bytearray()
        self.need = 0
        self.ended = False      # seen the shutdown record
        self.last_tsc = {}      # cpu -> TSC of its last record
        self.tsc_high = {}      # cpu -> the high 32 bits of its TSC (tsc_high records)

    def feed(self, data):
        data = bytes(data)
        i, n = 0, len(data)
        while i < n and not self.ended and self.state != "dead":
            if self.state == "line":
                j = data.find(b"\n", i)
                if j < 0:
                    self.pending += data[i:]
                    return
                self.pending += data[i:j]
                self._text_line(self.pending.decode(errors="replace"))
                self.pending = bytearray()
                self.state = "console"
                i = j + 1
            elif self.state == "record":
                if not self.need:
                    ev = self._event_of(data[i])
                    if ev is None:
                        return
                    self.need = ev.size - 1
                take = min(self.need - len(self.pending), n - i)
                self.pending += data[i:i + take]
                i += take
                if len(self.pending) == self.need:
                    self.state = "console"      # unless _record() finds it dead
                    self._record(bytes([BIN_FRAME]) + bytes(self.pending))
                    self.pending = bytearray()
                    self.need = 0
            else:
                j1, j2 = data.find(b"\x1e", i), data.find(b"\x1f", i)
                j = min(x for x in (j1, j2, n) if x >= 0)
                text = data[i:j]
                if not self.trace.started:
                    self.prelude += text
                else:
                    self.console += text
                    if self.on_console and text:
                        self.on_console(text)
                if j == n:
                    return
                self.state = "line" if data[j] == TEXT_FRAME else "record"
                i = j + 1

    def finish(self):
        """The stream ended: report a record or text line it cut off."""
        if self.state == "record":
            self.trace.cut_off = True
            self.trace.problems.append("the stream ended inside a record (%d bytes of %s): dropped"
                                       % (len(self.pending) + 1, self.need + 1 or "?"))
        elif self.state == "line":
            self.trace.cut_off = True
            self.trace.problems.append("the stream ended inside a text line: dropped")
        return self.trace

    def _event_of(self, ident):
        events = self.trace.schema.events
        if 1 <= ident <= len(events):
            return events[ident - 1]
        self._dead("unknown event id %d after record %d" % (ident, len(self.trace.records) - 1))
        return None

    def _dead(self, why):
        self.state = "dead"
        self.trace.problems.append("undecodable record: %s; the rest of the stream is ignored" % why)

    def _text_line(self, line):
        line = line[2:] if line.startswith("# ") else line
        if line.startswith(("glasswing-trace", "machine ")):
            self.trace.set_header(line)
            return
        try:
            if not self.trace.schema.add_line(line):
                self.trace.problems.append("unknown text line: %s" % line)
        except SchemaError as e:
            self.trace.problems.append(str(e))

    def _record(self, raw):
        tr = self.trace
        _, ident, cpu, low = HEAD.unpack_from(raw)
        ev = tr.schema.events[ident - 1]
        values = ev.struct.unpack_from(raw, HEAD.size)
        ncpu = int(tr.header.get("cpus", "0") or 0)
        high = self.tsc_high.get(cpu, 0)
        if ev.name == TSC_HIGH:
            high = values[0]
        tsc = high << 32 | low
        if (ncpu and cpu >= ncpu) or tsc < self.last_tsc.get(cpu, 0):
            self._dead("%s on CPU %d at TSC %d (after TSC %d) cannot be right"
                       % (ev.name, cpu, tsc, self.last_tsc.get(cpu, 0)))
            return
        if ev.name == TSC_HIGH:
            self.tsc_high[cpu] = high
            self.last_tsc[cpu] = tsc
            return
        fields = {}
        for (name, kind), v in zip(ev.fields, values):
            if kind == "str":
                v = v.split(b"\0", 1)[0].decode(errors="replace").replace(" ", "_")
            elif kind == "lock":
                if v >= len(tr.schema.locks):
                    self._dead("%s: lock id %d out of range" % (ev.name, v))
                    return
                v = tr.schema.locks[v]
            elif kind == "cpu_or_none":
                if v == CPU_NONE:
                    v = "none"
                elif ncpu and v >= ncpu:
                    self._dead("%s: %s CPU %d out of range" % (ev.name, name, v))
                    return
            elif kind not in KINDS:
                names = tr.schema.enums[kind]
                if v >= len(names):
                    self._dead("%s: %s value %d out of range" % (ev.name, kind, v))
                    return
                v = names[v]
            fields[name] = v
        self.last_tsc[cpu] = tsc
        tr.records.append(Record(len(tr.records), cpu, tsc, ev.name, fields, ev.kinds))
        if ev.name == "shutdown":
            self.ended = True


def parse_log(text):
    """trace.log text -> Trace (typed again through its schema lines)."""
    tr = Trace()
    for lineno, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#"):
            line = raw[2:] if raw.startswith("# ") else raw[1:]
            if line.startswith("glasswing-trace"):
                tr.set_header(line)
            elif line.startswith("decoder: "):
                tr.problems.append(line[len("decoder: "):])
                tr.cut_off = tr.cut_off or "ended inside" in line
            else:
                try:
                    tr.schema.add_line(line)
                except SchemaError as e:
                    tr.problems.append(str(e))
            continue
        parts = raw.split(" ")
        if len(parts) < 4 or not parts[0].isdigit():
            continue
        ev = tr.schema.event(parts[3])
        kinds = ev.kinds if ev else {}
        fields = {}
        try:
            for w in parts[4:]:
                k, _, v = w.partition("=")
                kind = kinds.get(k)
                if kind in NUMERIC:
                    v = int(v, 16) if KINDS[kind][1] in ("%08x", "%x") else int(v)
                elif kind == "cpu_or_none" and v != "none":
                    v = int(v)
                fields[k] = v
            rec = Record(int(parts[0]), int(parts[1]), int(parts[2]), parts[3], fields, kinds)
        except ValueError:
            tr.problems.append("trace.log line %d cannot be read: skipped: %r" % (lineno, raw[:60]))
            continue
        tr.records.append(rec)
    return tr
