"""Checks of `make check` that are not a test program's run: each is one
test line beside the programs' (debug/harness.py runs them in the same
pool) and returns a list of failure texts, empty when it passes.

- console_session: two interactive sessions side by side and a console
  that leaves and comes back (debug/tests/console_session.py, in a private
  network namespace);
- tools: the interfaces students and staff type: every debugger command
  file in debug/ has a test, every RUN: key a make variable, a typo in a
  name gets the list of valid ones, the documentation check names a
  student's undocumented function (and only that), bless keeps what all
  configurations agree on or refuses;
- docs: `make docs` (debug/doccheck.py): Doxygen's warnings and the
  missing documentation, one line each with its fix;
- explore_replay: make explore's promises on a real run with forced
  preemption points: its `make run` replay line gives the same console
  and trace byte for byte, and its decisions, given back as a list, the
  same run (what shrinking starts from).
"""
import os
import re
import subprocess
import sys
import tempfile

import bless
import doccheck
import expect
import preempt
import runner
import session
import trace_records

ROOT = runner.ROOT
TESTLOGS = os.path.join(ROOT, "testlogs")


def check_docs():
    return doccheck.check()


# A tree with what a student might add: the doc check must name what is
# missing (a function, a struct) with its line, and nothing else.
DOC_RULES_TREE = {
    "src/kernel/helper.c": """/**
 * @file helper.c
 * @brief A documented file.
 */
/** A documented struct whose fields need no comment. */
struct counted { int n; int m; };

struct bare { int x; };

/** A documented function. */
int documented_helper(int x) { return x; }

int student_helper(int x) { return x + 1; }

static int static_helper(void) { return 0; }
""",
    "src/user/course_prog.c": "int umain_like(void) { return 0; }\n",
    "debug/tool.py": "class Bare:\n    pass\n\n\ndef helper():\n    return 1\n",
    "src/user/own-programs.mk": "OWN_PROGS += nothing\n",
}
DOC_RULES_WANT = [
    "src/kernel/helper.c:8 struct bare is not documented",
    "src/kernel/helper.c:13 student_helper is not documented",
    "src/kernel/helper.c:15 static_helper is not documented",
    "debug/tool.py is not documented",
    "debug/tool.py:1 tool::Bare is not documented",
]


def check_doc_rules():
    """debug/doccheck.py on DOC_RULES_TREE: exactly DOC_RULES_WANT."""
    with tempfile.TemporaryDirectory(prefix="glasswing-doccheck-") as tmp:
        for path, text in DOC_RULES_TREE.items():
            os.makedirs(os.path.dirname(os.path.join(tmp, path)), exist_ok=True)
            with open(os.path.join(tmp, path), "w") as f:
                f.write(text)
        with open(os.path.join(ROOT, "docs", "Doxyfile")) as f:
            conf = f.read()
        conf += "\nINPUT = %s\nOUTPUT_DIRECTORY = %s\nGENERATE_HTML = NO\nHAVE_DOT = NO\n" \
                "STRIP_FROM_PATH = %s\nWARN_AS_ERROR = NO\n" % (
                    os.path.join(tmp, "src") + " " + os.path.join(tmp, "debug"),
                    os.path.join(tmp, "out"), tmp)
        r = subprocess.run(["doxygen", "-"], input=conf, cwd=os.path.join(ROOT, "docs"),
                           capture_output=True, text=True)
        if r.returncode != 0:
            return ["doxygen on the doc-rules tree failed: " + r.stderr.strip()[:300]]
        got = doccheck.missing_docs(os.path.join(tmp, "out", "xml"), root=tmp)
    got = [g.split(": ", 1)[0] for g in got]
    if sorted(got) != sorted(DOC_RULES_WANT):
        return ["the doc check on a student's additions reported:\n  %s\ninstead of:\n  %s"
                % ("\n  ".join(got) or "(nothing)", "\n  ".join(DOC_RULES_WANT))]
    return []


def check_bless():
    """debug/bless.py on made-up runs of two configurations: what both
    printed is kept (in order), what only one did is left out, and a
    missing run or a run that ended otherwise than expected is refused."""
    fails = []
    with tempfile.TemporaryDirectory(prefix="glasswing-bless-") as tmp:
        path = os.path.join(tmp, "t.expect")
        with open(path, "w") as f:
            f.write("# a test\nRUN: cpus=1,2\nPOINTS: 3\n\nCHECK: old\n")
        cfgs = [{"prog": "t", "cpus": "1"}, {"prog": "t", "cpus": "2"}]

        def cdir(_name, cfg):
            return os.path.join(tmp, "cpus" + cfg["cpus"])

        def write(cpus, console, verdict="finished"):
            os.makedirs(cdir("t", {"cpus": cpus}), exist_ok=True)
            for fname, text in (("console.log", console), ("trace.log", ""),
                                ("verdict", verdict + "\n")):
                with open(os.path.join(cdir("t", {"cpus": cpus}), fname), "w") as f:
                    f.write(text)

        def label(cfg):
            return "cpus=" + cfg["cpus"]

        def refused(case, reason):
            try:
                bless.bless("t", path, cfgs, cdir, label)
                fails.append("bless did not refuse %s" % case)
            except bless.Refused as e:
                if reason not in str(e):
                    fails.append("bless refused %s with: %s" % (case, e))

        write("1", "a\nSMP: CPU 0 found 1 CPU(s)\nb\nc [[x]]\nd\n")
        refused("with a configuration's run missing", "no run of t (cpus=2)")
        write("2", "a\nSMP: CPU 0 found 2 CPU(s)\nc [[x]]\nx\nd\n", "panic")
        refused("a run that ended in panic", "ended in panic, not finished")
        write("2", "a\nSMP: CPU 0 found 2 CPU(s)\nc [[x]]\nx\nd\n")
        report = bless.bless("t", path, cfgs, cdir, label)
        with open(path) as f:
            got = f.read()
        want = ("# a test\nRUN: cpus=1,2\nPOINTS: 3\n\nCHECK: a\n"
                "CHECK: c {{\\[\\[}}x]]\nCHECK: d\n")
        if got != want:
            fails.append("bless wrote:\n%s\ninstead of:\n%s" % (got, want))
        if "left out" not in report:
            fails.append("bless did not say it left lines out: " + report)
    return fails


def check_explore_replay():
    """A run of fork_cow_private on one CPU with preempt=syscall/2 (seed
    3): it passes, it has decisions, `make run` with explore's replay line
    reproduces it byte for byte, and the same decisions as an explicit
    list give the same records (only the TSC moves, by the longer command
    line printed at boot, and the boot's own timings) and the same console
    after that line."""
    import explore              # not at the top: explore imports harness, which imports us
    fails = []
    name = "fork_cow_private"
    text, configs = explore.base_configs(name, ["1"])
    cfg = dict(configs[0], seed="3", preempt="syscall/2", timeout="120",
               max_output=str(explore.MAX_OUTPUT))
    out = os.path.join(runner.BUILD, "explore", "_replay_check")
    schema = runner.build_schema()
    first, _ = explore.do_run(name, text, cfg, os.path.join(out, "drawn"), schema)
    if first:
        return ["the run to replay failed (%s): %s" % (explore.replay_line(cfg), first[0])]

    def records(which):
        with open(os.path.join(out, which, "trace.log")) as f:
            return trace_records.parse_log(f.read()).records

    decisions = [(e, s) for e, s, _ in preempt.decisions_of(records("drawn"))]
    if not decisions:
        fails.append("%s made no forced preemption: nothing was tested" % explore.replay_line(cfg))
    said = explore.replay(cfg, os.path.join(out, "drawn"))
    if not said.startswith("replayed: console and trace identical"):
        fails.append("%s: %s" % (explore.replay_line(cfg), said))
    spec = preempt.parse(cfg["preempt"]).with_decisions(decisions)
    listed = dict(cfg, preempt=spec.text())
    second, _ = explore.do_run(name, text, listed, os.path.join(out, "listed"), schema)
    if second:
        fails.append("%s failed: %s" % (explore.replay_line(listed), second[0]))

    def shape(recs):
        # Up to the boot CPU's first release of the big kernel lock, the
        # records time the boot, which prints the longer command line:
        # their events must agree, their times not.
        end = next((r.seq for r in recs if r.event == "lock_release"), len(recs))
        return [(r.cpu, r.event) if r.seq <= end else
                (r.cpu, r.event, tuple(sorted(r.fields.items()))) for r in recs]
    if shape(records("drawn")) != shape(records("listed")):
        fails.append("the decisions as a list (%s) did not give the drawn run's records "
                     "(diff %s/drawn/trace.log %s/listed/trace.log)"
                     % (spec.text(), os.path.relpath(out), os.path.relpath(out)))
    consoles = []
    for which in ("drawn", "listed"):
        with open(os.path.join(out, which, "console.log")) as f:
            consoles.append(f.read().split("\n", 1)[-1])
    if consoles[0] != consoles[1]:
        fails.append("the decisions as a list gave another console after the boot line")
    return fails


def check_console_session():
    script = os.path.join(ROOT, "debug", "tests", "console_session.py")
    r = subprocess.run(runner.namespace_cmd() + [sys.executable, script], cwd=ROOT,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    if r.returncode == 0:
        return []
    return [(r.stdout + r.stderr).strip() or "console_session.py failed (status %d)"
            % r.returncode]


def run_lines():
    """{test name: [RUN line text, ...]} of every expected file."""
    out = {}
    for f in sorted(os.listdir(TESTLOGS)):
        if f.endswith(".expect"):
            with open(os.path.join(TESTLOGS, f)) as fh:
                out[f[:-7]] = [l[4:] for l in fh.read().splitlines() if l.startswith("RUN:")]
    return out


def makefile_run_vars():
    """{make variable: RUN key} from the Makefile's RUN_VARS."""
    with open(os.path.join(ROOT, "Makefile")) as f:
        text = f.read().replace("\\\n", " ")
    m = re.search(r"^RUN_VARS\s*:=(.*)$", text, re.M)
    return dict(w.split("=", 1) for w in m.group(1).split()) if m else {}


def check_tools(run_keys, parse_run_options):
    """@run_keys: harness.RUN_KEYS; @parse_run_options: harness's parser."""
    fails = []
    tested = set()
    for name, lines in run_lines().items():
        for line in lines:
            tested.update(re.findall(r"\bdebugrc=(\S+)", line))
    for rc in session.rc_names():
        if rc not in tested:
            fails.append("debug/%s.rc has no test: add testlogs/rc_NAME.expect with "
                         "RUN: debugrc=%s (see testlogs/rc_break_sched.expect)" % (rc, rc))

    make_vars = makefile_run_vars()
    for key, var, _ in run_keys:
        if make_vars.get(var) != key:
            fails.append("RUN key %s has no make variable: add %s=%s to RUN_VARS in the "
                         "Makefile" % (key, var, key))

    typos = [("program", lambda: session.check_options(prog="helo"), "hello"),
             ("command file", lambda: session.check_options(rc="break-shed"), "break-sched"),
             ("trace category", lambda: session.check_options(trace="env,shed"), "sched"),
             ("RUN key", lambda: parse_run_options("hello", ["cpu=2"]), "cpus")]
    for what, call, valid in typos:
        try:
            call()
            fails.append("a %s typo was accepted" % what)
        except Exception as e:      # the message must list the valid names
            if valid not in str(e).split("; ", 1)[-1].split():
                fails.append("a %s typo's message does not list '%s': %s" % (what, valid, e))
    for text, want in (("CHECK: x\n", 1), ("POINTS: 5\nCHECK: x\n", 5), ("POINTS: five\n", None)):
        try:
            got = expect.points_of(text)
        except expect.Failure:
            got = None
        if got != want:
            fails.append("POINTS in %r read as %r, not %r" % (text, got, want))
    return fails + check_doc_rules() + check_bless()
