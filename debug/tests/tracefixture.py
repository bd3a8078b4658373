"""Traces for the checker's unit tests, written as text: the build's schema
(build/trace-schema.txt, so the tests see the kernel's real events) and
records given as "CPU TSC event field=value ...".
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEBUG = os.path.dirname(HERE)
ROOT = os.path.dirname(DEBUG)
sys.path.insert(0, DEBUG)

import trace_records  # noqa: E402

SCHEMA_FILE = os.path.join(ROOT, "build", "trace-schema.txt")
ALL_CATS = "env,fault,sched,lock,mem,pgfault,ipc"


def schema_text():
    with open(SCHEMA_FILE) as f:
        return f.read()


def make_trace(records, cats=ALL_CATS, cpus=2, timer_tsc=1000, extra=""):
    """A trace_records.Trace from record lines "CPU TSC event k=v ..."."""
    head = ("# glasswing-trace v3 cats=%s uxstacktop=eec00000 pgsize=4096 utf_size=52 "
            "cpus=%d timer_tsc=%d%s\n" % (cats, cpus, timer_tsc, extra))
    body = "".join("%d %s\n" % (i, r) for i, r in enumerate(records))
    return trace_records.parse_log(head + schema_text() + body)


# Building blocks: one env's life on one CPU, the lock around each trap.
def bkl(cpu, tsc, body, wait=0, release=True):
    """A kernel entry on @cpu at @tsc: lock_acquire, @body records,
    lock_release (unless not @release: the run ends there)."""
    out = ["%d %d lock_acquire name=kernel_lock caller=f0100000 spins=0 wait=%d from=none"
           % (cpu, tsc, wait)]
    t = tsc
    for b in body:
        t += 10
        out.append("%d %d %s" % (cpu, t, b))
    if release:
        out.append("%d %d lock_release name=kernel_lock held=%d" % (cpu, t + 10, t + 10 - tsc))
    return out
