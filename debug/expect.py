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
    CHECK-NEVER: pat  no line of the whole stream contains pat
    CHECK-COUNT-n: pat  exactly n lines of the whole stream contain pat
    CHECK-FILTER: rx  from here on, the stream is only its lines matching the
                      regular expression rx, with a cursor of its own (at the
                      first such line): per-env order that holds whatever the
                      interleaving. An empty rx goes back to the whole stream.
    @key=value DIRECTIVE  the directive applies only to runs whose RUN
                      option key has that value (e.g. @cpus=1 TRACE: ...)

(TRACE, TRACE-NEXT, ... work the same on the trace.) A pattern is literal
text (substring match) except:

    {{regex}}         a Python regular expression
    [[NAME:regex]]    capture what regex matched as NAME
    [[NAME]]          exactly what NAME captured earlier
    $E1, $E2, ...     env ids: before matching, every 8-hex-digit env id in
                      the console and the trace is replaced by $En, numbered
                      in the order the envs were created (env_create records)

Trace lines are matched without their sequence number and timestamp, with
the emitting CPU moved to the end: "env_create env=$E1 parent=00000000
@cpu=0" (so "TRACE: sched_switch{{.*}}@cpu=1" asks for a switch on CPU 1).

RUN lines configure the runs (the harness reads them):

    RUN: cpus=1,2 trace=env,fault seed=0,7 timer=100000 repeat=2 expect=panic

Comma-separated values make one run per combination.

    POINTS: 5

is what the test is worth to `make grade` (1 without it); it is not
matched against anything.
"""
import re

DIRECTIVE = re.compile(r"^(CHECK|TRACE)(-NEXT|-NOT|-DAG|-NEVER|-FILTER|-COUNT-(\d+))?:\s?(.*)$")
CONDITION = re.compile(r"^@(\w+)=(\S+)\s+")


class Failure(Exception):
    """A mismatch: message plus the stream context to show."""

    def __init__(self, msg, stream=None, lines=None, at=None):
        super().__init__(msg)
        self.msg, self.stream, self.lines, self.at = msg, stream, lines, at

    def render(self):
        out = [self.msg]
        if self.lines is not None:
            at = self.at if self.at is not None else len(self.lines)
            lo, hi = max(0, at - 4), min(len(self.lines), at + 5)
            out.append("  %s around line %d:" % (self.stream, at + 1))
            for i in range(lo, hi):
                out.append("  %s %5d| %s" % (">" if i == at else " ", i + 1, self.lines[i]))
            if not self.lines:
                out.append("    (the %s is empty)" % self.stream)
        return "\n".join(out)


def compile_pattern(pat, variables):
    """Pattern text -> compiled regex; captures are named groups."""
    out, i, captures = [], 0, []
    while i < len(pat):
        if pat.startswith("{{", i):
            j = pat.find("}}", i + 2)
            if j < 0:
                raise Failure("unterminated {{ in pattern: %s" % pat)
            while pat.startswith("}", j + 2):   # "{{x{5}}}" closes at the last }}
                j += 1
            out.append("(?:%s)" % pat[i + 2:j])
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
            else:
                if body not in variables:
                    raise Failure("variable [[%s]] used before it was captured" % body)
                out.append(re.escape(variables[body]))
            i = j + 2
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return re.compile("".join(out)), captures


class Matcher:
    """Runs the directives of one expected file over two streams."""

    def __init__(self, streams):
        self.base = dict(streams)               # stream -> all its lines
        self.streams = dict(streams)            # stream -> lines of the current view
        self.cursor = {name: 0 for name in streams}
        self.pending_not = {name: [] for name in streams}
        self.variables = {}

    def set_filter(self, stream, rx, lineno):
        """Switch @stream to the view of lines matching @rx (fresh cursor)."""
        self._check_nots(stream, self.cursor[stream], None)
        try:
            pattern = re.compile(rx) if rx else None
        except re.error as e:
            raise Failure("expected file line %d: bad FILTER regex: %s" % (lineno, e))
        lines = self.base[stream]
        self.streams[stream] = [l for l in lines if pattern.search(l)] if pattern else lines
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
        for pat, lineno in self.pending_not[stream]:
            i, _, _ = self._search(stream, pat, start, stop)
            if i is not None:
                raise Failure("expected file line %d: %s-NOT: %s\n  but it appears:"
                              % (lineno, stream_word(stream), pat), stream, self.streams[stream], i)
        self.pending_not[stream] = []

    def positive(self, stream, kind, pat, lineno):
        lines, start = self.streams[stream], self.cursor[stream]
        word = stream_word(stream)
        if kind == "NEXT":
            if start >= len(lines):
                raise Failure("expected file line %d: %s-NEXT: %s\n  but the %s ended"
                              % (lineno, word, pat, stream), stream, lines, start)
            i, m, caps = self._search(stream, pat, start, start + 1)
            if i is None:
                raise Failure("expected file line %d: %s-NEXT: %s\n  the next line does not match:"
                              % (lineno, word, pat), stream, lines, start)
        else:
            i, m, caps = self._search(stream, pat, start)
            if i is None:
                raise Failure("expected file line %d: %s: %s\n  no match at or after the cursor:"
                              % (lineno, word, pat), stream, lines, start)
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
                raise Failure("expected file line %d: %s-DAG: %s\n  no unused match after the cursor:"
                              % (lineno, stream_word(stream), pat), stream, lines, start)
        self._check_nots(stream, start, min(used))
        self.cursor[stream] = last + 1

    def never(self, stream, pat, lineno):
        i, _, _ = self._search(stream, pat, 0)
        if i is not None:
            raise Failure("expected file line %d: %s-NEVER: %s\n  but it appears:"
                          % (lineno, stream_word(stream), pat), stream, self.streams[stream], i)

    def count(self, stream, n, pat, lineno):
        rx, _ = compile_pattern(pat, self.variables)
        hits = [i for i, l in enumerate(self.streams[stream]) if rx.search(l)]
        if len(hits) != n:
            raise Failure("expected file line %d: %s-COUNT-%d: %s\n  found %d matching lines"
                          % (lineno, stream_word(stream), n, pat, len(hits)),
                          stream, self.streams[stream], hits[n] if len(hits) > n else None)

    def finish(self):
        for stream in self.streams:
            self._check_nots(stream, self.cursor[stream], None)


def stream_word(stream):
    return "CHECK" if stream == "console" else "TRACE"


def parse_expect(text, config=None):
    """Expected file -> (run option lines, directives).

    A directive is (stream, kind, n, pattern, line number). With @config
    (a dict of run options), directives whose @key=value conditions do not
    hold for it are left out."""
    runs, directives = [], []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("RUN:"):
            runs.append(line[4:].strip())
            continue
        if line.startswith("POINTS:"):
            continue            # points_of() reads it
        applies = True
        while True:
            c = CONDITION.match(line)
            if not c:
                break
            if config is not None and str(config.get(c.group(1), "")) != c.group(2):
                applies = False
            line = line[c.end():]
        m = DIRECTIVE.match(line)
        if not m:
            raise Failure("expected file line %d: not a directive: %s" % (lineno, line))
        stream = "console" if m.group(1) == "CHECK" else "trace"
        suffix = m.group(2) or ""
        kind = "COUNT" if suffix.startswith("-COUNT") else suffix.lstrip("-") or "CHECK"
        if applies:
            directives.append((stream, kind, int(m.group(3) or 0), m.group(4), lineno))
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


def match_expect(directives, console_lines, trace_lines):
    """Raise Failure on the first directive that does not hold."""
    mt = Matcher({"console": console_lines, "trace": trace_lines})
    i = 0
    while i < len(directives):
        stream, kind, n, pat, lineno = directives[i]
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
        i += 1
    mt.finish()
