#!/usr/bin/env python3
"""make bench: the kernel's hot paths in emulated cycles, as one table.

Runs src/user/bench_kernel.c (see its comment for what each op is) under
Bochs at 1 and 2 CPUs with tracing off, and once more at 1 CPU with the
lock and sched categories on, for the cost of a trace record: the null
system call writes three then (lock_acquire, sched_resume, lock_release),
so a record costs (traced - untraced) / 3. Under Bochs (clock: sync=none)
rdtsc counts emulated instructions: the figures are exact and the same on
every run; they are benchmarks, never asserted by a test.

Then the boot: the phases from power-on to the first env, from the
boot_time trace record of a run of hello (stage 1 and 2 record rdtsc in
struct bootinfo; the kernel adds its own start and the moment before the
first env runs).
"""
import os
import re
import sys

import runner

# op -> (what it is, the goal in cycles per op: docs/performance.md)
OPS = [
    ("syscall", "null system call (sys_getenvid)", 150),
    ("page", "page alloc + unmap", 1300),
    ("fork", "fork of a small program", 100000),
    ("cowfault", "COW fault resolved", 3000),
    ("ipc", "IPC round trip", 800),
    ("yieldpair", "yield pair (two envs)", 400),
]
TRACE_CATS = "lock,sched"
RECORDS_PER_SYSCALL = 3
TRACE_GOAL = 150
BOOT_GOAL = 600000      # the kernel's own part: stage 2 + kernel init


def measure(cpus, trace):
    """{op: cycles per op} of one run of bench_kernel."""
    cfg = {"prog": "bench_kernel", "cpus": str(cpus), "trace": trace}
    res = runner.run(cfg, os.path.join(runner.BUILD, "bench", "cpus%d_%s" % (cpus, trace.replace(",", "+"))),
                     schema=runner.build_schema())
    if res.verdict != "finished":
        sys.exit("bench: bench_kernel at %d CPU(s), trace=%s ended in %s" % (cpus, trace, res.verdict))
    out = {}
    for m in re.finditer(r"^bench (\w+) (\d+) \d+$", res.console, re.M):
        out[m.group(1)] = int(m.group(2))
    return out


def boot_phases(cpus):
    """The boot's phases in cycles, from the boot_time record of a run of
    hello (trace=mem): the TSC when stage 1 and stage 2 start (struct
    bootinfo), when the kernel starts and when the first env is about to
    run (init.c)."""
    cfg = {"prog": "hello", "cpus": str(cpus), "trace": "mem"}
    res = runner.run(cfg, os.path.join(runner.BUILD, "bench", "boot_cpus%d" % cpus),
                     schema=runner.build_schema())
    rec = next((r for r in res.trace.records if r.event == "boot_time"), None)
    if res.verdict != "finished" or rec is None:
        sys.exit("bench: hello at %d CPU(s) ended in %s%s" % (cpus, res.verdict,
                 "" if rec else " (no boot_time record)"))
    f = rec.fields
    return [("BIOS POST (power-on to stage 1)", f["stage1"]),
            ("stage 1 (the MBR)", f["stage2"] - f["stage1"]),
            ("stage 2 (loads the kernel)", f["kernel"] - f["stage2"]),
            ("kernel init (to the first env)", f["ready"] - f["kernel"]),
            ("kernel's own part (stage 2 + init)", f["ready"] - f["stage2"]),
            ("power-on to the first env", f["ready"])]


def main():
    one, two = measure(1, "none"), measure(2, "none")
    traced = measure(1, TRACE_CATS)
    print("%-34s %10s %10s %10s" % ("op (emulated cycles per op)", "1 CPU", "2 CPUs", "goal"))
    for op, what, goal in OPS:
        print("%-34s %10s %10s %10s%s" % (what, one.get(op, "-"), two.get(op, "-"), "<= %d" % goal,
                                          "" if one.get(op, goal + 1) <= goal else "   (over)"))
    per_record = (traced["syscall"] - one["syscall"]) / RECORDS_PER_SYSCALL
    print("%-34s %10.0f %10s %10s%s" % ("trace record (%s on)" % TRACE_CATS, per_record, "",
                                       "<= %d" % TRACE_GOAL, "" if per_record <= TRACE_GOAL else "   (over)"))
    print()
    b1, b2 = boot_phases(1), boot_phases(2)
    print("%-34s %10s %10s %10s" % ("boot (emulated cycles)", "1 CPU", "2 CPUs", "goal"))
    for (what, c1), (_, c2) in zip(b1, b2):
        own = what.startswith("kernel's own")
        print("%-34s %10d %10d %10s%s" % (what, c1, c2, "<= %d" % BOOT_GOAL if own else "",
                                          "   (over)" if own and c1 > BOOT_GOAL else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
