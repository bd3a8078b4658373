"""The racy mutants: user-level races planted in a copy of the tree, that
the suite's ordinary runs almost never show and `make explore` finds.

    make explore MUTANT=NAME [RUNS=n] ...     explore one (its tests by default)
    make mutants MUTANTS=NAME                 the same, as a row of make mutants' table

A BKL kernel serialises the kernel, so the races left are the user
library's and the programs': fork's ordering of its system calls, sfork's
shared memory, IPC retry loops. Each of these is correct in the tree and
broken here in a way that needs one preemption at one exact place -- right
after a particular system call -- which a timer interrupt almost never
gives (its window is a few hundred instructions of a period of hundreds
of thousands) and a forced preemption point (preempt=syscall) gives often.

Each mutant is a list of exact text replacements (each must occur once),
the tests make explore runs on it, and `names`, a pattern its failure must
match to count as found (the race's symptom, not a time-out). make mutants
(debug/mutants.py) lists them after the classic ones and reports each
found by make explore (with the run and its replay line), missed, or "not
racy" when make check's own runs of its tests already fail.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
U = "src/user/lib/"


class RacyMutant:
    """A planted user-level race: @edits [(path, old, new)], explored with
    @tests; its failure must match @names; @window says where the
    preemption must fall (and so why ordinary runs miss it)."""

    def __init__(self, name, subsystem, what, edits, tests, names, window):
        self.name, self.subsystem, self.what = name, subsystem, what
        self.edits, self.tests = edits, tests
        self.names = re.compile(names)
        self.window = window
        self.first = ""                     # make mutants' interface (unused here)
        self.finding = None


RACY = [
    RacyMutant(
        "fork_runnable_before_upcall", "COW fork (racy)",
        "fork() makes the child runnable before giving it its page-fault upcall",
        [(U + "fork.c",
          "\tif ((r = sys_env_set_pgfault_upcall(child, _pgfault_upcall)) < 0 ||\n"
          "\t    (r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)\n",
          "\tif ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0 ||\n"
          "\t    (r = sys_env_set_pgfault_upcall(child, _pgfault_upcall)) < 0)\n")],
        ("fork_cow_private",),
        r"user fault va|user panic|no_upcall|env_killed",
        "between the parent's sys_env_set_status and sys_env_set_pgfault_upcall: the child, "
        "run there, takes its first copy-on-write fault with no upcall and is killed"),
    RacyMutant(
        "sfork_shares_thisenv", "sfork (racy)",
        "sfork() shares thisenv's page with the child like the rest of the data",
        [(U + "fork.c",
          "\tif ((r = copy_page_to(child, (void *) ROUNDDOWN(&thisenv, PGSIZE))) < 0)\n",
          "\tif (!share_end && (r = copy_page_to(child, (void *) ROUNDDOWN(&thisenv, PGSIZE))) < 0)\n"),
         (U + "fork.c",
          "|| pn == PGNUM(&thisenv))\n",
          "|| (pn == PGNUM(&thisenv) && !share_end))\n")],
        ("sfork_share",),
        r"thisenv is|user panic",
        "between sfork's last system call and the parent's next look at thisenv: the child, "
        "run there, points the shared thisenv at itself"),
    RacyMutant(
        "ipc_send_one_retry", "IPC (racy)",
        "ipc_send() retries once: it takes one sys_yield() to be enough for the receiver "
        "to reach ipc_recv",
        [(U + "ipc.c",
          "\twhile ((r = sys_ipc_try_send(to_env, val, pg ? pg : (void *) UTOP, perm)) < 0) {\n"
          "\t\tif (r != -E_IPC_NOT_RECV)\n"
          "\t\t\tpanic(\"ipc_send to %08x: %e\", to_env, r);\n"
          "\t\tsys_yield();\n"
          "\t}\n",
          "\tif ((r = sys_ipc_try_send(to_env, val, pg ? pg : (void *) UTOP, perm)) == "
          "-E_IPC_NOT_RECV) {\n"
          "\t\tsys_yield();\t/* now it must be receiving */\n"
          "\t\tr = sys_ipc_try_send(to_env, val, pg ? pg : (void *) UTOP, perm);\n"
          "\t}\n"
          "\tif (r < 0)\n"
          "\t\tpanic(\"ipc_send to %08x: %e\", to_env, r);\n")],
        ("ipc_burst",),
        r"ipc_send to|user panic",
        "after the receiver's first system call on its way back to ipc_recv (printing the "
        "last message), while the sender's one sys_yield() lets it run"),
]


def by_name(name):
    """The racy mutant called @name, or a classic mutant of make mutants'
    catalogue as one (its one edit, its first tests: to see whether
    exploring finds what the suite does not); SystemExit listing the
    names if there is none."""
    import mutants              # not at the top: mutants.py imports this module
    for m in RACY:
        if m.name == name:
            return m
    for m in mutants.CATALOGUE:
        if m.name == name:
            return RacyMutant(m.name, m.subsystem, m.what, [(m.path, m.old, m.new)],
                              tuple(m.first.split()), m.names.pattern,
                              m.finding or "wherever the suite's tests would see it")
    sys.exit("no mutant '%s'; racy mutants: %s; and make mutants' catalogue (python3 "
             "debug/mutants.py --list)" % (name, " ".join(m.name for m in RACY)))


def plant(m):
    """A copy of the tree (and its build) under build/mutants/NAME with
    @m's edits, built. Returns its path; raises RuntimeError when an edit
    does not apply or the copy does not build."""
    import mutants              # not at the top: mutants.py imports this module
    dst = os.path.join(mutants.WORK, m.name)
    mutants.copy_tree(dst)
    for path, old, new in m.edits:
        full = os.path.join(dst, path)
        with open(full) as f:
            text = f.read()
        if text.count(old) != 1:
            raise RuntimeError("the text to replace occurs %d times in %s" % (text.count(old), path))
        with open(full, "w") as f:
            f.write(text.replace(old, new))
    b = subprocess.run(["make", "-s", "all"], cwd=dst, capture_output=True, text=True)
    if b.returncode:
        raise RuntimeError("does not build: " + " ".join(b.stderr.split("\n")[-4:])[:300])
    return dst


def explore_argv(m, argv):
    """explore.py's arguments for @m: @argv without --mutant, and @m's
    tests unless --tests gives others."""
    out, skip = [], False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--mutant":
            skip = True
            continue
        if a.startswith("--mutant="):
            continue
        out.append(a)
    if "--tests" not in out and not any(a.startswith("--tests=") for a in out):
        out += ["--tests", " ".join(m.tests)]
    return out


def explore_mutant(name, argv):
    """`make explore MUTANT=NAME`: plant it, then explore in its copy of the
    tree (output as it comes). Returns explore's exit status."""
    m = by_name(name)
    print("make explore: planting %s in %s: %s" % (m.name, os.path.relpath(
        os.path.join(ROOT, "build", "mutants", m.name)), m.what))
    print("  the window: %s" % m.window)
    sys.stdout.flush()
    try:
        dst = plant(m)
    except RuntimeError as e:
        print("make explore: %s: %s" % (m.name, e), file=sys.stderr)
        return 2
    env = dict(os.environ, GW_EXPLORE_FROM=os.environ.get("GW_EXPLORE_FROM") or os.getcwd())
    return subprocess.run([sys.executable, os.path.join(dst, "debug", "explore.py")] +
                          explore_argv(m, argv), cwd=dst, env=env).returncode


def run_racy(m, jobs=1):
    """make mutants' row for racy mutant @m: plant it, check that make
    check's runs of its tests pass, explore them with the default budget;
    found when a run fails matching m.names."""
    try:
        dst = plant(m)
    except RuntimeError as e:
        return {"result": "BAD MUTANT", "test": "-", "message": str(e)}
    # Racy means the ordinary runs of its tests pass: otherwise make check
    # catches it and it belongs with the classic mutants.
    plain = subprocess.run([sys.executable, os.path.join(dst, "debug", "harness.py"), "check",
                            "--jobs", str(jobs), "--tests", " ".join(m.tests)], cwd=dst,
                           capture_output=True, text=True)
    if plain.returncode != 0:
        return {"result": "not racy", "test": " ".join(m.tests),
                "message": "make check's own runs of its tests fail already"}
    env = dict(os.environ, GW_EXPLORE_FROM=ROOT)
    c = subprocess.run([sys.executable, os.path.join(dst, "debug", "explore.py"), "--jobs",
                        str(jobs), "--tests", " ".join(m.tests)], cwd=dst, env=env,
                       capture_output=True, text=True)
    lines = c.stdout.splitlines()
    failed = next((l for l in lines if l.startswith("FAILED ")), None)
    if c.returncode != 1 or not failed:
        return {"result": "MISSED", "test": "-", "message": "make explore found nothing "
                "(%s)" % "; ".join(l for l in lines if ": " in l and " runs," in l)}
    test = failed.split()[1].rstrip(":")
    replay = next((l.split("replay:", 1)[1].strip() for l in lines if "replay:" in l), "")
    named = any(m.names.search(l) for l in lines)
    return {"result": "found by explore" if named else "found (wrong message)", "test": test,
            "message": "%s -- %s" % (failed.split("(", 1)[0].replace("FAILED ", ""), replay)}
