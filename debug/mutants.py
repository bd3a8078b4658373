#!/usr/bin/env python3
"""make mutants: plant the classic lab-4 bugs one at a time and show that
the test suite catches each of them, with a message that names the
subsystem.

    mutants.py [--jobs N] [--only "name name"] [--list]

Each mutant is a small named patch (one exact piece of text replaced by
another) to the kernel, the user library or the trace hooks. For each, a
copy of the tree is made under build/mutants/NAME -- with a copy of the
current build, so that only the patched file recompiles -- the patch is
applied, and `harness.py check --fail-fast` runs the whole suite in it,
the tests most likely to notice first. A mutant is *caught* when some test
fails; the first failure is reported, and it must match the mutant's
`names` pattern (the subsystem's invariant, test or message: a lock bug
caught as a lock invariant, not as a time-out). The table at the end lists
every mutant; the exit status is non-zero unless all are caught by the
right kind of failure.

A mutant that no honest test can catch is a finding: it stays in the
catalogue with finding= saying why, and is reported as such, not hidden.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "build", "mutants")


class Mutant:
    """One planted bug: replace @old by @new in @path (exactly once)."""

    def __init__(self, name, subsystem, what, path, old, new, names, first="", finding=None):
        self.name, self.subsystem, self.what = name, subsystem, what
        self.path, self.old, self.new = path, old, new
        self.names = re.compile(names)      # the first failure must match this
        self.first = first                  # tests to run first
        self.finding = finding              # why no honest test catches it


K, U = "src/kernel/", "src/user/lib/"

CATALOGUE = [
    # ---- boot and physical memory
    Mutant("page0_free", "boot/pmap", "page_init() puts physical page 0 (the IVT) on the free list",
           K + "pmap.c", "\t\ta = MAX(a, 1u);\t\t\t\t/* page 0 */\n", "",
           r"page 00000000 is on the free list", "hello"),
    Mutant("kernel_end_wrong", "boot/pmap", "page_init() ends the kernel at `end`, forgetting "
           "boot_alloc()'s pages[] and envs[]",
           K + "pmap.c", "hole_hi = PADDR(boot_alloc(0)) / PGSIZE;",
           "hole_hi = PADDR(ROUNDUP((char *) end, PGSIZE)) / PGSIZE;",
           r"boot_alloc\(\)'s memory", "hello"),
    Mutant("alloc_not_zeroed", "boot/pmap", "page_alloc() ignores ALLOC_ZERO",
           K + "pmap.c", "\tif (alloc_flags & ALLOC_ZERO)\n\t\tpage_zero(page2kva(pp));",
           "\t(void) alloc_flags;",
           r"bss_zeroed|kernel fault|page_decref|panic|user_trap|leaked", "bss_zeroed"),
    Mutant("decref_never_frees", "boot/pmap", "page_decref() never frees a page",
           K + "pmap.c", "\tif (--pp->pp_ref == 0)\n\t\tpage_free(pp);", "\t--pp->pp_ref;",
           r"no_leaks: \d+ page\(s\) leaked", "hello"),
    Mutant("insert_keeps_old_ref", "boot/pmap", "page_insert() replaces a mapping without "
           "dropping the old page's reference",
           K + "pmap.c", "\tif (*pte & PTE_P)\n\t\tpage_remove(pgdir, va);\n\tpp->pp_ref++;",
           "\tif (*pte & PTE_P)\n\t\t*pte = 0;\n\tpp->pp_ref++;",
           r"no_leaks: \d+ page\(s\) leaked", "fork_cow_private ipc_sendpage"),
    Mutant("ref_count_unchecked", "boot/pmap", "page_insert() lets pp_ref wrap past 65,535",
           K + "pmap.c", "\tif (pp->pp_ref == PP_REF_MAX)\n\t\treturn -E_NO_MEM;\n", "",
           r"pp_ref_overflow", "pp_ref_overflow"),
    Mutant("user_mem_check_no_u", "boot/pmap", "user_mem_check() does not require PTE_U",
           K + "pmap.c", "\tperm |= PTE_P;\n", "\tperm = (perm | PTE_P) & ~PTE_U;\n",
           r"cputs_kernel_ptr|user_mem_check|kernel", "cputs_kernel_ptr"),

    # ---- SMP and locking
    Mutant("trap_no_lock", "SMP/locking", "trap() enters from user mode without the big kernel lock",
           K + "trap.c", "\t\ttrap_misplaced(c, tf);\n\tlock_kernel_on(c);", "\t\ttrap_misplaced(c, tf);",
           r"kernel_lock|big kernel lock|unheld lock", "smp_stress hello"),
    Mutant("lock_not_atomic", "SMP/locking", "spin_lock() tests and sets without xchg",
           K + "spinlock.c", "\twhile (xchg(&lk->locked, 1) != 0) {\n\t\tspins++;\n\t\tpause();\n\t}",
           "\twhile (lk->locked) {\n\t\tspins++;\n\t\tpause();\n\t}\n\tfor (volatile int d = 0; d < 20; d++)\n\t\t;\n\tlk->locked = 1;",
           r"lock_discipline|kernel_lock|big kernel lock|second holder", "smp_stress"),
    Mutant("ap_schedules_unlocked", "SMP/locking", "an AP calls sched_yield() without the lock",
           K + "init.c", "\tlock_kernel();\n\ttimer_init();\n\tassert_kernel_locked();\n\tsched_yield(thiscpu, SCHED_NONE);\n}\n\nvoid\nrun_ended",
           "\ttimer_init();\n\tassert_kernel_locked();\n\tsched_yield(thiscpu, SCHED_NONE);\n}\n\nvoid\nrun_ended",
           r"without the big kernel lock|kernel_lock", "smp_two_cpus"),
    Mutant("halt_keeps_lock", "SMP/locking", "sched_halt() idles without releasing the lock",
           K + "sched.c", "\txchg(&c->cpu_status, CPU_HALTED);\n\tunlock_kernel();",
           "\txchg(&c->cpu_status, CPU_HALTED);",
           r"kernel_lock held at the end|recursive acquire|kernel_lock", "smp_two_cpus"),
    Mutant("shared_kernel_stack", "SMP/locking", "every CPU handles traps from user mode on CPU 0's kernel stack",
           K + "trap.c", "\t\tkstack_tops[c] = kstacktop(c);", "\t\tkstack_tops[c] = kstacktop(0);",
           r"this CPU's kernel stack", "smp_two_cpus sched_preempt"),
    Mutant("ap_cr0_unset", "SMP/locking", "APs keep the CR0 the AP start-up code left",
           K + "init.c", "\tcprintf(\"SMP: CPU %d starting\\n\", cpunum());\n\tinit_control_registers();",
           "\tcprintf(\"SMP: CPU %d starting\\n\", cpunum());",
           r"cr0_every_cpu", "cr0_every_cpu"),

    # ---- the scheduler
    Mutant("sched_from_slot0", "scheduler", "sched_yield() always scans from slot 0",
           K + "sched.c", "runnable_next((unsigned) (c->cpu_last_slot + 1) % NENV, c->cpu_id)", "runnable_next(0, c->cpu_id)",
           r"no_starvation|sched_yield_order|yield", "sched_yield_order yield_twice"),
    Mutant("sched_ignores_oncpu", "scheduler", "sched_yield() picks a runnable env another CPU still has",
           K + "sched.c", "if (env_private[s].oncpu == -1 || env_private[s].oncpu == me)", "if (me >= 0)",
           r"one_cpu_per_env|env_run: env .* is on CPU|env_status_flip", "env_status_flip"),
    Mutant("yield_does_not_yield", "scheduler", "sys_yield() returns to the caller",
           K + "syscall.c", "\tc->cpu_resched = SCHED_YIELD;", "\t(void) c;",
           r"yield|sched", "sched_yield_order yield_twice"),
    Mutant("prev_stays_running", "scheduler", "a switch leaves the previous env ENV_RUNNING",
           K + "sched.c", "\tif (__builtin_expect(prev->env_status == ENV_RUNNING, 1))\t/* yield, timer */\n\t\tset_status(prev, slot, ENV_RUNNING, ENV_RUNNABLE);",
           "\t(void) prev;", r"no_starvation|sched|yield|starv", "sched_yield_order sched_preempt"),

    # ---- preemption
    Mutant("timer_no_eoi", "preemption", "the timer interrupt is never acknowledged",
           K + "trap.c", "\t\t * again. */\n\t\tlapic_eoi();", "\t\t * again. */",
           r"timer_ticks|no_idle_with_work", "sched_preempt"),
    Mutant("timer_not_rearmed", "preemption", "the one-shot timer is not re-armed",
           K + "trap.c", "\t\tlapic_eoi();\n\t\ttimer_rearm();", "\t\tlapic_eoi();",
           r"timer_ticks|no_idle_with_work", "sched_preempt"),
    Mutant("user_interrupts_off", "preemption", "envs start with interrupts disabled (no FL_IF)",
           K + "env.c", "\te->env_tf.tf_eflags = FL_IF;", "\te->env_tf.tf_eflags = 0;",
           r"timer_ticks|no_idle_with_work|sched_preempt", "sched_preempt"),
    Mutant("dying_freed_before_eoi", "preemption", "trap() frees a dying env and schedules before "
           "dispatching (the EOI of its timer interrupt is skipped)",
           K + "trap.c", "\ttlb_catch_up(c);\n}\n",
           "\ttlb_catch_up(c);\n\tif (e->env_status == ENV_DYING) {\n\t\tenv_free(e);\n\t\tsched_yield(c, SCHED_EXIT);\n\t}\n"
           "}\n",
           r"timer_ticks|no_idle_with_work|timer_after_destroy", "timer_after_destroy"),

    # ---- exofork and the page system calls
    Mutant("exofork_child_eax", "exofork", "exofork's child does not see 0",
           K + "syscall.c", "\tchild->env_tf.tf_regs.reg_eax = 0;\t/* the child sees 0 */", "",
           r"exofork|fork|eager", "exofork_many fork_tree"),
    Mutant("page_alloc_any_perm", "exofork", "sys_page_alloc() accepts any permission bits",
           K + "syscall.c", "\tif (!va_ok((uintptr_t) va) || !perm_ok(perm))\n\t\treturn -E_INVAL;\n\tif (!(pp = page_alloc(ALLOC_ZERO)))",
           "\tif (!va_ok((uintptr_t) va))\n\t\treturn -E_INVAL;\n\tif (!(pp = page_alloc(ALLOC_ZERO)))",
           r"syscall_bad_args", "syscall_bad_args"),
    Mutant("page_map_grants_write", "exofork", "sys_page_map() makes a read-only page writable",
           K + "syscall.c", "\tif ((perm & PTE_W) && !(*pte & PTE_W))\n\t\treturn -E_INVAL;\n\tif ((r = page_insert(dst->env_pgdir",
           "\tif ((r = page_insert(dst->env_pgdir",
           r"syscall_bad_args|fork_readonly", "syscall_bad_args fork_readonly"),
    Mutant("envid_no_perm_check", "exofork", "envid2env() lets any env act on any other",
           K + "env.c", "\tif (checkperm && e != curenv && e->env_parent_id != curenv->env_id) {",
           "\tif (checkperm && !e) {",
           r"syscall_bad_args", "syscall_bad_args"),
    Mutant("set_status_any_value", "exofork", "sys_env_set_status() takes any status",
           K + "syscall.c", "\tif (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)\n\t\treturn -E_INVAL;\n", "",
           r"syscall_bad_args", "syscall_bad_args"),

    # ---- page-fault upcalls
    Mutant("upcall_no_gap", "upcalls", "a nested upcall frame leaves no word for the return address",
           K + "trap.c", "\ttop = nested ? esp - 4 : UXSTACKTOP;", "\ttop = nested ? esp : UXSTACKTOP;",
           r"pgfault_nested", "pgfault_nested"),
    Mutant("xstack_overflow_unchecked", "upcalls", "no check that the frame fits the exception stack",
           K + "trap.c", "\tif ((esp > USTACKTOP && esp < UXSTACKTOP - PGSIZE) ||\n\t    (uintptr_t) utf < UXSTACKTOP - PGSIZE) {",
           "\tif (0) {",
           r"pgfault_overflow|pgfault_nested_overflow|upcall_frames", "pgfault_overflow pgfault_nested_overflow"),
    Mutant("upcall_eflags_lost", "upcalls", "the upcall trampoline does not restore eflags",
           U + "pfentry.asm", "\tpopfd                           ; eflags: no arithmetic after this",
           "\tadd esp, 4", r"pgfault_regs", "pgfault_regs"),

    # ---- copy-on-write fork
    Mutant("cow_parent_not_remapped", "COW fork", "duppage() marks the child's page COW but not the parent's",
           U + "fork.c", "\t\treturn sys_page_map(0, va, 0, va, PTE_P | PTE_U | PTE_COW);", "\t\treturn 0;",
           r"fork_cow_private", "fork_cow_private"),
    Mutant("cow_pgfault_any_write", "COW fork", "pgfault() copies on any write fault, COW or not",
           U + "fork.c", "\tif (!(utf->utf_err & FEC_WR) || !page_mapped(PGNUM(addr)) ||\n\t    !(uvpt[PGNUM(addr)] & PTE_COW))",
           "\tif (!page_mapped(PGNUM(addr)))", r"fork_readonly|fork", "fork_readonly"),
    Mutant("sfork_cow_stays_cow", "COW fork", "sfork() shares a still-COW page as COW",
           U + "fork.c", "\tif ((uvpt[pn] & PTE_COW) && (r = cow_make_private(va)) < 0)\n\t\treturn r;\n", "\t(void) r;\n",
           r"sfork_after_fork", "sfork_after_fork"),
    Mutant("cow_order_parent_first", "COW fork", "duppage() remaps the parent COW before mapping the child",
           U + "fork.c", "\t\tif ((r = sys_page_map(0, va, envid, va, PTE_P | PTE_U | PTE_COW)) < 0)\n\t\t\treturn r;\n\t\treturn sys_page_map(0, va, 0, va, PTE_P | PTE_U | PTE_COW);",
           "\t\tif ((r = sys_page_map(0, va, 0, va, PTE_P | PTE_U | PTE_COW)) < 0)\n\t\t\treturn r;\n\t\treturn sys_page_map(0, va, envid, va, PTE_P | PTE_U | PTE_COW);",
           r".", "fork_cow_private",
           finding="harmless under Glasswing: the stack, the only page fork itself writes between the "
                   "two calls, is copied, not COW, so the classic parent-first race has no window here"),

    # ---- IPC
    Mutant("recv_does_not_block", "IPC", "sys_ipc_recv() returns without blocking",
           K + "syscall.c", "\tsched_ipc_block(cur);\n\ttrace_ipc_block", "\ttrace_ipc_block",
           r"ipc|blocked_not_run", "ipc_pingpong"),
    Mutant("ipc_perm_not_passed", "IPC", "the receiver's env_ipc_perm is always 0",
           K + "syscall.c", "\tdst->env_ipc_perm = page_moved ? (int) perm : 0;", "\tdst->env_ipc_perm = page_moved ? 0 : 0;",
           r"ipc_sendpage|ipc", "ipc_sendpage"),
    Mutant("ipc_value_not_passed", "IPC", "the value sent is not stored in the receiver",
           K + "syscall.c", "\tdst->env_ipc_value = value;", "",
           r"ipc", "ipc_pingpong"),
    Mutant("ipc_recving_not_cleared", "IPC", "a delivered receiver stays marked as receiving",
           K + "syscall.c", "\tdst->env_ipc_recving = false;\n", "",
           r"ipc", "ipc_pingpong ipc_ring"),

    # ---- per-CPU bookkeeping that user code reads
    Mutant("env_cpunum_not_set", "per-CPU state", "env_run() does not set env_cpunum",
           K + "sched.c", "\tnext->env_cpunum = me;\n", "",
           r"timer_after_destroy|env_status_flip|cr0_every_cpu|hang|never ran", "cr0_every_cpu timer_after_destroy"),
    Mutant("fs_gs_not_switched", "per-CPU state", "fs and gs are not switched with the env",
           K + "sched.c", "\tasm volatile(\"movw %0, %%fs; movw %1, %%gs\" : : \"m\" (p->fs), \"m\" (p->gs));\n", "",
           r"segment_isolation", "segment_isolation"),
    Mutant("fpu_not_saved", "per-CPU state", "a switch does not save the FPU and SSE state of the env leaving",
           K + "sched.c", "\tfpu_save(&env_fpu[slot]);\n", "",
           r"fpu_isolation|sse_isolation|FPU|XMM", "fpu_isolation sse_isolation"),

    # ---- the trace hooks
    Mutant("switch_not_traced", "trace hooks", "a switch from one env to another writes no sched_switch",
           K + "sched.c", "\ttrace_sched_switch(prev ? prev->env_id : 0, prev ? prev->env_status : TR_state_none,\n\t\t\t   next->env_id, reason);",
           "\tif (!prev)\n\t\ttrace_sched_switch(0, TR_state_none, next->env_id, reason);",
           r"exits_recorded|one_cpu_per_env", "hello sched_yield_order"),
    Mutant("release_not_traced", "trace hooks", "spin_unlock() writes no lock_release",
           K + "spinlock.c", "\ttrace_lock_released(lk->trace_id - 1);\n", "",
           r"lock_discipline|kernel_lock_held", "hello"),
    Mutant("resume_not_traced", "trace hooks", "resuming the same env writes no sched_resume",
           K + "sched.h", "\ttrace_sched_resume(e->env_id, e->env_tf.tf_trapno);\n", "",
           r"exits_recorded|sched_resume", "hello sched_preempt"),
]

# ---- racy mutants: user-level races that make check's ordinary runs almost
# never show; make explore finds each (debug/racy_mutants.py, which also
# plants and explores them).
import racy_mutants  # noqa: E402 - after Mutant: racy_mutants imports this module lazily
CATALOGUE += racy_mutants.RACY


def copy_tree(dst):
    """A copy of the tracked sources and of the current build (objects,
    programs, images; not test runs) under @dst."""
    if os.path.isdir(dst):
        shutil.rmtree(dst)
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    for f in files:
        os.makedirs(os.path.join(dst, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, f), os.path.join(dst, f))
    build = os.path.join(ROOT, "build")
    shutil.copytree(build, os.path.join(dst, "build"), symlinks=True,
                    ignore=shutil.ignore_patterns("testruns", "run", "mutants", "docs", "debug"))


def first_failure(output):
    """(test name, its failure text) of the first failing test in @output."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"\[\d+/\d+\] not ok - (\S+)", line)
        if m:
            block = []
            for l in lines[i + 1:]:
                if re.match(r"\[\d+/\d+\]|stopped after", l):
                    break
                l = l.strip().lstrip("#").strip()
                if l and not l.startswith("logs:") and not re.match(r"cpus=\S+.*:$", l):
                    block.append(l)
            return m.group(1), block
    return None, []


def summary(block, names):
    """The line of a failure text that shows what caught the mutant: the
    first matching @names, else the first."""
    for l in block:
        if names.search(l):
            return l
    return block[0] if block else ""


def run_mutant(m):
    """Plant @m in a copy of the tree and run the suite (a racy mutant:
    make explore); returns a dict."""
    if isinstance(m, racy_mutants.RacyMutant):
        return racy_mutants.run_racy(m)
    t0 = time.monotonic()
    dst = os.path.join(WORK, m.name)
    copy_tree(dst)
    path = os.path.join(dst, m.path)
    text = open(path).read()
    if text.count(m.old) != 1:
        return {"result": "BAD MUTANT", "test": "-",
                "message": "the text to replace occurs %d times in %s" % (text.count(m.old), m.path)}
    with open(path, "w") as f:
        f.write(text.replace(m.old, m.new))
    b = subprocess.run(["make", "-s", "all"], cwd=dst, capture_output=True, text=True)
    if b.returncode:
        return {"result": "BAD MUTANT", "test": "-", "message": "does not build: " +
                " ".join(b.stderr.split("\n")[-4:])[:200]}
    c = subprocess.run([sys.executable, "debug/harness.py", "check", "--jobs", "1", "--fail-fast",
                        "--first", m.first], cwd=dst, capture_output=True, text=True)
    return dict(verdict(m, c.returncode, c.stdout, c.stderr), secs=time.monotonic() - t0)


def verdict(m, status, out, err):
    """make mutants' row for @m from its suite run: exit @status, output
    @out and @err."""
    test, block = first_failure(out)
    if status != 0 and not test:
        # The suite itself did not finish (killed, out of memory, a
        # harness crash): that says nothing of the mutant, and is no pass.
        tail = [l for l in (out + err).splitlines() if l.strip()][-2:]
        return {"result": "SUITE ERROR", "test": "-",
                "message": "the suite ended with status %d and no failing test: %s"
                % (status, " / ".join(tail)[:200])}
    if status == 0:
        return {"result": "finding" if m.finding else "MISSED", "test": "-",
                "message": m.finding or "every test passed"}
    named = bool(m.names.search(test) or any(m.names.search(l) for l in block))
    return {"result": "caught" if named else "caught (wrong message)", "test": test,
            "message": summary(block, m.names)}


def main():
    ap = argparse.ArgumentParser(description="plant the classic bugs; show the suite catches each")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    chosen = [m for m in CATALOGUE if not args.only or m.name in args.only.split()]
    if args.list:
        for m in chosen:
            print("%-26s %-14s %s" % (m.name, m.subsystem, m.what))
        return 0
    os.makedirs(WORK, exist_ok=True)
    print("%d mutants, %d at a time (each runs the suite until its first failure)"
          % (len(chosen), args.jobs))
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futs = {pool.submit(run_mutant, m): m for m in chosen}
        for fut in concurrent.futures.as_completed(futs):
            m = futs[fut]
            try:
                results[m.name] = fut.result()
            except Exception as e:      # a tool bug must show, not hide a mutant
                results[m.name] = {"result": "ERROR", "test": "-", "message": repr(e)}
            r = results[m.name]
            print("  %-26s %-22s %s" % (m.name, r["result"], r["test"]))
            sys.stdout.flush()
    print()
    print("%-26s %-14s %-22s %-22s %s" % ("mutant", "subsystem", "result", "first failing test", "message"))
    bad = 0
    for m in chosen:
        r = results[m.name]
        ok = r["result"] in ("caught", "finding", "found by explore")
        bad += not ok
        print("%-26s %-14s %-22s %-22s %s" % (m.name, m.subsystem, r["result"], r["test"],
                                             r["message"][:110]))
    caught = sum(results[m.name]["result"] in ("caught", "found by explore") for m in chosen)
    findings = sum(results[m.name]["result"] == "finding" for m in chosen)
    print("\n%d mutants: %d caught, %d findings, %d not caught as they should be"
          % (len(chosen), caught, findings, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
