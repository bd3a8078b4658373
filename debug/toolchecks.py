"""Checks of `make check` that are not a test program's run: each is one
test line beside the programs' (debug/harness.py runs them in the same
pool) and returns a list of failure texts, empty when it passes.

- console_session: two interactive sessions side by side and a console
  that leaves and comes back (debug/tests/console_session.py, in a private
  network namespace);
- tools: the interfaces students type: every debugger command file in
  debug/ has a test, every RUN: key a make variable, and a typo in a
  name gets the list of valid ones;
- docs: `make docs` (debug/doccheck.py): Doxygen's warnings and the
  missing documentation, one line each with its fix.
"""
import os
import re
import subprocess
import sys
import tempfile

import doccheck
import runner
import session

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
    return fails + check_doc_rules()
