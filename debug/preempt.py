"""The preempt= run option as the host tools read and write it: its
syntax, checked before a run (the kernel's parser, src/kernel/preempt.c,
is the authority on what it does), and a run's decision trace.

    preempt=POINTS[/N][@DECISIONS]

    POINTS      syscall, fault, ipi, lockrel (comma-separated) or all
    /N          each point is taken with probability 1/N, drawn from the
                run's seed (default 4)
    @DECISIONS  ENV:K,ENV:K,... (env id in hex, K the env's point
                counter): exactly these points are taken, none drawn

A run's decision trace is its `sched_preempt_point` records: one per
forced preemption, with the env and its point counter (`seq`), so that
the decisions of a run can be written back as an explicit list.
"""
import re

POINTS = ("syscall", "fault", "ipi", "lockrel")
DEFAULT_ONE_IN = 4
MAX_DECISIONS = 64          # the kernel's MAX_DECISIONS (preempt.c)
DECISION = re.compile(r"^([0-9a-fA-F]+):([1-9][0-9]*)$")


class SpecError(Exception):
    """A preempt= value that the kernel would refuse."""


class Spec:
    """One parsed preempt= value: the points (a tuple of names in
    POINTS order), one_in (the N of /N) and decisions (None when points
    are drawn, else a tuple of (env id, seq))."""

    def __init__(self, points, one_in=DEFAULT_ONE_IN, decisions=None):
        points = POINTS if "all" in points else points
        self.points = tuple(p for p in POINTS if p in points)
        self.one_in = one_in
        self.decisions = None if decisions is None else tuple(decisions)

    def text(self):
        """The option's value, as the kernel reads it."""
        out = ",".join(self.points) if len(self.points) < len(POINTS) else "all"
        if self.decisions is not None:
            return out + "@" + ",".join("%x:%d" % d for d in self.decisions)
        if self.one_in != DEFAULT_ONE_IN:
            out += "/%d" % self.one_in
        return out

    def with_decisions(self, decisions):
        """The same points, taking exactly @decisions."""
        return Spec(self.points, self.one_in, decisions)

    def __eq__(self, other):
        return isinstance(other, Spec) and self.text() == other.text()

    def __hash__(self):
        return hash(self.text())

    def __repr__(self):
        return "Spec(%s)" % self.text()


def parse(value):
    """preempt= value -> Spec (None for "" or "none"); SpecError names
    what is wrong and the valid names."""
    if value in (None, "", "none"):
        return None
    m = re.match(r"^([^/@]*)(?:/([^@]*))?(?:@(.*))?$", value)
    names = m.group(1).split(",") if m.group(1) else []
    points = set()
    for name in names:
        if name == "all":
            points |= set(POINTS)
        elif name in POINTS:
            points.add(name)
        else:
            raise SpecError("preempt=%s: no point '%s'; points: %s all"
                            % (value, name, " ".join(POINTS)))
    if not points:
        raise SpecError("preempt=%s names no point; points: %s all" % (value, " ".join(POINTS)))
    one_in = DEFAULT_ONE_IN
    if m.group(2) is not None:
        if not m.group(2).isdigit() or int(m.group(2)) < 1:
            raise SpecError("preempt=%s: /N needs a whole number N >= 1" % value)
        one_in = int(m.group(2))
    decisions = None
    if m.group(3) is not None:
        decisions = []
        for word in m.group(3).split(",") if m.group(3) else []:
            d = DECISION.match(word)
            if not d:
                raise SpecError("preempt=%s: a decision is ENV:K (env id in hex, K >= 1), "
                                "not '%s'" % (value, word))
            decisions.append((int(d.group(1), 16), int(d.group(2))))
        if len(decisions) > MAX_DECISIONS:
            raise SpecError("preempt=%s: at most %d decisions" % (value, MAX_DECISIONS))
    return Spec(points, one_in, decisions)


def decisions_of(records):
    """The decision trace of a run (trace_records.Record list): its
    forced preemptions, [(env id, seq, the record)], in order."""
    return [(r["env"], r["seq"], r) for r in records if r.event == "sched_preempt_point"]
