"""The expected-transcript language of testlogs/*.expect: parsing the
directives and matching them against a run's console and trace lines.

The pattern language (README "Expected transcripts" has examples)
------------------------------------------------------------------
An expected file is a list of directives, one per line; '#' starts a
comment line. A directive names a stream and a rule:

    CHECK...:  the console          TRACE...:  the trace records

    CHECK: pat        a line at or after the cursor contains pat; the cursor
                      moves past it (lines are matched in order)
    CHECK-NEXT: pat   the very next line (after the previous match) contains pat
    CHECK-NOT: pat    no line between the previous match and the next
                      positive match (or the end) contains pat
    CHECK-DAG: pat    consecutive DAG lines form a group matched in any order
                      (each by a different line) after the cursor
    CHECK-NEVER: pat  no line of the whole stream contains pat (whatever
                      FILTER is in force)
    CHECK-COUNT-n: pat  exactly n lines of the whole stream contain pat
    CHECK-FILTER: rx  from here on, CHECK/NEXT/NOT/DAG see only the lines
                      matching the regular expression rx, with a cursor of
                      their own (at the first such line): per-env order that
                      holds whatever the interleaving. An empty rx goes back
                      to the whole stream.
    @key=value DIRECTIVE  the directive applies only to runs whose RUN
                      option key has that value (e.g. @cpus=1 TRACE: ...)

(TRACE, TRACE-NEXT, ... work the same on the trace.) A pattern is literal
text except:

    {{regex}}         a Python regular expression
    [[NAME:regex]]    capture what regex matched as NAME
    [[NAME]]          exactly what NAME captured earlier
    $E1, $E2, ...     env ids: before matching, every env id in the console
                      and the trace is replaced by $En, numbered in the order
                      the envs were created (env_create records)

A pattern matches a line when it occurs in it on token boundaries: a
pattern that begins (ends) with a letter, digit or _ does not match right
after (before) another one, so `$E1` never matches `$E10`, `@cpu=1` never
`@cpu=10`, `value=1` never `value=10`. Write {{...}} to match inside a
word.

Trace lines are matched without their sequence number and timestamp, with
the emitting CPU moved to the end: "env_create env=$E1 parent=00000000
@cpu=0" (so "TRACE: sched_switch{{.*}}@cpu=1" asks for a switch on CPU 1).

RUN lines configure the runs (the harness reads them; RUN_KEYS below):

    RUN: cpus=1,2 trace=env,fault seed=0,7 timer=100000 repeat=2 expect=panic

Comma-separated values make one run per combination; `emu=bochs # why`
restricts a line to one emulator, for the reason after '#' (the harness
reports its runs as skipped under the other). A file must have at
least one positive directive (CHECK, CHECK-NEXT, CHECK-DAG or COUNT, or
their TRACE forms); unknown RUN keys, unknown @key conditions and lines
that are not directives are errors naming the line.

    POINTS: 5

is what the test is worth to `make grade` (1 without it); it is not
matched against anything.
"""
import difflib
import re

DIRECTIVE = re.compile(r"^(CHECK|TRACE)(-NEXT|-NOT|-DAG|-NEVER|-FILTER|-COUNT-(\d+))?:\s?(.*)$")
CONDITION = re.compile(r"^@(\w+)=(\S+)\s+")

# RUN keys and what they mean (README "Expected transcripts").
# Every RUN key: the make variable that gives it to `make run` (the
# Makefile's RUN_VARS; the `tools` test line checks they agree) and what
# it means (README "Expected transcripts").
RUN_KEYS = [
    ("prog", "PROG", "first user program (default: the test's name)"),
    ("cpus", "CPUS", "number of CPUs, 1..15"),
    ("trace", "TRACE", "trace categories, all or none"),
    ("timer", "TIMER", "LAPIC timer count between preemptions"),
    ("seed", "SEED", "perturb each timer period from this seed"),
    ("preempt", "PREEMPT", "forced preemption points: POINTS[/N][@ENV:K,...] (debug/preempt.py)"),
    ("selftest", "SELFTEST", "a deliberate kernel failure (src/kernel/selftest.c)"),
    ("timeout", "TIMEOUT", "wall-clock guard, seconds"),
    ("hang", "HANG", "seconds without any output that make a run a hang"),
    ("max_output", "MAX_OUTPUT", "bytes of console and trace (or nK, nM) that make a run a runaway"),
    ("expect", "EXPECT", "the verdict the run must end in (default finished)"),
    ("repeat", "REPEAT", "run n times, require identical console and trace"),
    ("type", "TYPE", "boot interactive, type these ;-separated monitor commands"),
    ("debugrc", "RC", "drive the Bochs debugger with debug/NAME.rc"),
    ("debugcmds", "DEBUGCMDS", "debugger commands after the rc file (default c), then quit"),
    ("symbolize", "SYMBOLIZE", "yes: check the console as debug/symbolize.py annotates it"),
    ("gdb", "GDB", "drive gdb against QEMU with debug/NAME.gdb"),
    ("emu", "EMU", "the emulator(s) the line holds under, the reason after '#'"),
    ("host", "HOST", "when the run passes, debug/tests/NAME.py RUNDIR checks a tool's view of it"),
]
POSITIVE = {"CHECK", "NEXT", "DAG", "COUNT"}
# What an @key=value condition compares with when the run does not set
# key: a run without preempt= has no forced preemption, preempt=none.
CONDITION_DEFAULTS = {"preempt": "none"}


class Failure(Exception):
    """A mismatch: message plus the stream context to show."""

    def __init__(self, msg, stream=None, lines=None, at=None, near=None, labels=None):
        super().__init__(msg)
        self.msg, self.stream, self.lines, self.at = msg, stream, lines, at
        self.near = near            # index of the nearest near-miss line
        self.labels = labels        # per line: where it is (trace.log line, SEQ)

    def _where(self, i):
        if self.labels is not None and i < len(self.labels):
            return self.labels[i]
        return "%5d" % (i + 1)

    def render(self):
        out = [self.msg]
        if self.lines is not None:
            at = self.at if self.at is not None else len(self.lines)
            lo, hi = max(0, at - 4), min(len(self.lines), at + 5)
            out.append("  %s around %s:" % (self.stream, self._where(at).strip()
                                            if at < len(self.lines) else "its end"))
            for i in range(lo, hi):
                out.append("  %s %s| %s" % (">" if i == at else " ", self._where(i), self.lines[i]))
            if not self.lines:
                out.append("    (the %s is empty)" % self.stream)
            if self.near is not None and not lo <= self.near < hi:
                out.append("  nearest line: %s| %s" % (self._where(self.near), self.lines[self.near]))
            elif self.near is not None:
                out.append("  nearest line: the one at %s" % self._where(self.near).strip())
        return "\n".join(out)


# ------------------------------------------------------------- the patterns

WORD = re.compile(r"\w")


def compile_pattern(pat, variables):
    """Pattern text -> compiled regex; captures are named groups."""
    out, i, captures = [], 0, []
    first_literal = last_literal = None
    while i < len(pat):
        if pat.startswith("{{", i):
            j = pat.find("}}", i + 2)
            if j < 0:
                raise Failure("unterminated {{ in pattern: %s" % pat)
            while pat.startswith("}", j + 2):   # "{{x{5}}}" closes at the last }}
                j += 1
            out.append("(?:%s)" % pat[i + 2:j])
            last_literal = None
            i = j + 2
        elif pat.startswith("[[", i):
            j = pat.find("]]", i + 2)
            if j < 0:
                raise Failure("unterminated [[ in pattern: %s" % pat)
            body = pat[i + 2:j]
            if ":" in body:
                name, rx = body.split(":", 1)
                out.append("(?P<%s>%s)" % (name, rx))
                captures.append(name)
                last_literal = None
            else:
                if body not in variables:
                    raise Failure("variable [[%s]] used before it was captured" % body)
                out.append(re.escape(variables[body]))
                last_literal = variables[body][-1:] or None
                if first_literal is None and not out[:-1]:
                    first_literal = variables[body][:1]
            i = j + 2
        else:
            if not out:
                first_literal = pat[i]
            out.append(re.escape(pat[i]))
            last_literal = pat[i]
            i += 1
    rx = "".join(out)
    # Token boundaries at literal ends (see the module comment).
    if first_literal and WORD.match(first_literal):
        rx = r"(?<!\w)" + rx
    if last_literal and WORD.match(last_literal):
        rx = rx + r"(?!\w)"
    try:
        return re.compile(rx), captures
    except re.error as e:
        raise Failure("bad regular expression in pattern %r: %s" % (pat, e))


def literal_text(pat):
    """The literal parts of a pattern (for finding a near miss)."""
    return re.sub(r"\{\{.*?\}\}|\[\[.*?\]\]", " ", pat)


def nearest(lines, pat, start):
    """Index of the line at or after @start most like @pat, or None."""
    want = literal_text(pat).strip()
    best, best_i = 0.0, None
    for i in range(start, len(lines)):
        r = difflib.SequenceMatcher(None, want, lines[i]).ratio()
        if r > best:
            best, best_i = r, i
    return best_i if best >= 0.5 else None


class Matcher:
    """Runs the directives of one expected file over two streams."""

    def __init__(self, streams, labels=None):
        self.base = dict(streams)               # stream -> all its lines
        self.streams = dict(streams)            # stream -> lines of the current view
        self.index = {s: list(range(len(l))) for s, l in streams.items()}
        self.labels = labels or {}
        self.cursor = {name: 0 for name in streams}
        self.pending_not = {name: [] for name in streams}
        self.variables = {}

    def failure(self, msg, stream, at, near=None, whole=False):
        lines = self.base[stream] if whole else self.streams[stream]
        idx = list(range(len(lines))) if whole else self.index[stream]
        labels = None
        if stream in self.labels:
            labels = [self.labels[stream][j] for j in idx]
        return Failure(msg, stream, lines, at, near, labels)

    def set_filter(self, stream, rx, lineno):
        """Switch @stream to the view of lines matching @rx (fresh cursor)."""
        self._check_nots(stream, self.cursor[stream], None)
        try:
            pattern = re.compile(rx) if rx else None
        except re.error as e:
            raise Failure("expected file line %d: bad FILTER regex: %s" % (lineno, e))
        lines = self.base[stream]
        self.index[stream] = [i for i, l in enumerate(lines) if not pattern or pattern.search(l)]
        self.streams[stream] = [lines[i] for i in self.index[stream]]
        self.cursor[stream] = 0

    def _search(self, stream, pat, start, stop=None):
        rx, captures = compile_pattern(pat, self.variables)
        lines = self.streams[stream]
        for i in range(start, len(lines) if stop is None else stop):
            m = rx.search(lines[i])
            if m:
                return i, m, captures
        return None, None, captures

    def _bind(self, m, captures):
        for name in captures:
            self.variables[name] = m.group(name)

    def _check_nots(self, stream, start, stop):
        pending, self.pending_not[stream] = self.pending_not[stream], []
        for pat, lineno in pending:
            i, _, _ = self._search(stream, pat, start, stop)
            if i is not None:
                raise self.failure("expected file line %d: %s-NOT: %s\n  but it appears:"
                                   % (lineno, stream_word(stream), pat), stream, i)

    def positive(self, stream, kind, pat, lineno):
        lines, start = self.streams[stream], self.cursor[stream]
        word = stream_word(stream)
        if kind == "NEXT":
            if start >= len(lines):
                raise self.failure("expected file line %d: %s-NEXT: %s\n  but the %s ended"
                                   % (lineno, word, pat, stream), stream, start)
            i, m, caps = self._search(stream, pat, start, start + 1)
            if i is None:
                raise self.failure("expected file line %d: %s-NEXT: %s\n  the next line does not match:"
                                   % (lineno, word, pat), stream, start)
        else:
            i, m, caps = self._search(stream, pat, start)
            if i is None:
                raise self.failure("expected file line %d: %s: %s\n  no match at or after the cursor:"
                                   % (lineno, word, pat), stream, start,
                                   nearest(lines, pat, start))
        self._check_nots(stream, start, i)
        self._bind(m, caps)
        self.cursor[stream] = i + 1

    def dag_group(self, stream, group):
        start, used, last = self.cursor[stream], set(), None
        lines = self.streams[stream]
        for pat, lineno in group:
            rx, caps = compile_pattern(pat, self.variables)
            for i in range(start, len(lines)):
                if i in used:
                    continue
                m = rx.search(lines[i])
                if m:
                    used.add(i)
                    self._bind(m, caps)
                    last = i if last is None else max(last, i)
                    break
            else:
                raise self.failure("expected file line %d: %s-DAG: %s\n  no unused match after the cursor:"
                                   % (lineno, stream_word(stream), pat), stream, start,
                                   nearest(lines, pat, start))
        self._check_nots(stream, start, min(used))
        self.cursor[stream] = last + 1

    def never(self, stream, pat, lineno):
        rx, _ = compile_pattern(pat, self.variables)
        for i, line in enumerate(self.base[stream]):
            if rx.search(line):
                raise self.failure("expected file line %d: %s-NEVER: %s\n  but it appears:"
                                   % (lineno, stream_word(stream), pat), stream, i, whole=True)

    def count(self, stream, n, pat, lineno):
        rx, _ = compile_pattern(pat, self.variables)
        hits = [i for i, l in enumerate(self.base[stream]) if rx.search(l)]
        if len(hits) != n:
            raise self.failure("expected file line %d: %s-COUNT-%d: %s\n  found %d matching lines"
                               % (lineno, stream_word(stream), n, pat, len(hits)),
                               stream, hits[n] if len(hits) > n else None, whole=True)

    def finish(self):
        for stream in self.streams:
            self._check_nots(stream, self.cursor[stream], None)


def stream_word(stream):
    return "CHECK" if stream == "console" else "TRACE"


def parse_expect(text, config=None, run_keys=None):
    """Expected file -> (run option lines, directives).

    A directive is (stream, kind, n, pattern, line number). With @config
    (a dict of run options), directives whose @key=value conditions do not
    hold for it are left out. Raises Failure on a malformed file."""
    keys = [k for k, _, _ in RUN_KEYS] if run_keys is None else run_keys
    runs, directives, positive = [], [], False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("RUN:"):
            # After '#': the reason an emu= line gives (debug/harness.py).
            for word in line[4:].partition("#")[0].split():
                key = word.partition("=")[0]
                if key not in keys or "=" not in word:
                    raise Failure("expected file line %d: unknown RUN key %r; keys: %s"
                                  % (lineno, key, " ".join(keys)))
            runs.append(line[4:].strip())
            continue
        if line.startswith("POINTS:"):
            continue            # points_of() reads it
        applies = True
        while True:
            c = CONDITION.match(line)
            if not c:
                break
            if c.group(1) not in keys:
                raise Failure("expected file line %d: unknown condition @%s=; RUN keys: %s"
                              % (lineno, c.group(1), " ".join(keys)))
            key = c.group(1)
            if config is not None and \
                    str(config.get(key) or CONDITION_DEFAULTS.get(key, "")) != c.group(2):
                applies = False
            line = line[c.end():]
        m = DIRECTIVE.match(line)
        if not m:
            raise Failure("expected file line %d: not a directive: %s" % (lineno, line))
        stream = "console" if m.group(1) == "CHECK" else "trace"
        suffix = m.group(2) or ""
        kind = "COUNT" if suffix.startswith("-COUNT") else suffix.lstrip("-") or "CHECK"
        if kind in POSITIVE:
            positive = True
        if kind != "FILTER":
            compile_pattern(re.sub(r"\[\[(\w+)\]\]", "x", m.group(4)), {})  # syntax only
        if applies:
            directives.append((stream, kind, int(m.group(3) or 0), m.group(4), lineno))
    if not positive:
        raise Failure("expected file has no positive directive (CHECK, -NEXT, -DAG or "
                      "-COUNT): it could pass on any run")
    return runs, directives


def points_of(text):
    """What the test is worth to `make grade`: its POINTS: line (a whole
    number, at most one such line), 1 without one."""
    lines = [l for l in text.splitlines() if l.startswith("POINTS:")]
    if len(lines) > 1:
        raise Failure("more than one POINTS: line")
    if not lines:
        return 1
    value = lines[0][len("POINTS:"):].strip()
    if not value.isdigit():
        raise Failure("POINTS: %s is not a whole number" % value)
    return int(value)


def match_expect(directives, console_lines, trace_lines, trace_labels=None):
    """Every directive that does not hold, as a list of Failures.

    A failed positive directive leaves its stream's cursor where it was, so
    the directives after it are still tried (and may fail in its wake)."""
    mt = Matcher({"console": console_lines, "trace": trace_lines},
                 {"trace": trace_labels} if trace_labels is not None else None)
    failures = []
    i = 0
    while i < len(directives):
        stream, kind, n, pat, lineno = directives[i]
        try:
            if kind == "DAG":
                group = []
                while i < len(directives) and directives[i][1] == "DAG" and directives[i][0] == stream:
                    group.append((directives[i][3], directives[i][4]))
                    i += 1
                mt.dag_group(stream, group)
                continue
            if kind == "FILTER":
                mt.set_filter(stream, pat.strip(), lineno)
            elif kind == "NOT":
                mt.pending_not[stream].append((pat, lineno))
            elif kind == "NEVER":
                mt.never(stream, pat, lineno)
            elif kind == "COUNT":
                mt.count(stream, n, pat, lineno)
            else:
                mt.positive(stream, kind, pat, lineno)
        except Failure as e:
            failures.append(e)
        if kind != "DAG":
            i += 1
    try:
        mt.finish()
    except Failure as e:
        failures.append(e)
    return failures
