/**
 * @file trace_events.h
 * @brief The trace schema: every event, its category and its typed fields,
 *        and every enumeration a field can hold -- defined once, here.
 *
 * This file is a table, not a header: it has no include guard and is read
 * several times with TRACE_EVENT() and TRACE_ENUM() defined differently
 * (trace.h, trace.c, debug/trace-schema.c). From it come the kernel's
 * typed emitters (`trace_sched_switch(prev, prev_state, next, reason)`),
 * the record layouts, the schema text the kernel writes at boot, the
 * build's `build/trace-schema.txt` that the harness decodes records with,
 * and the event table of the documentation. A field added here appears
 * everywhere; a call site that does not match fails to compile.
 *
 * TRACE_EVENT(name, category, "what it means: who writes it", (kind,
 * field), ...): category is one of env syscall fault sched lock mem pgfault
 * ipc, or `always` (written whatever trace= says); the text goes to the
 * event table of the documentation (build/trace-events.md), not into the
 * kernel. Field kinds, as they travel and as the harness shows them:
 *
 * | kind   | bytes | shown as |
 * |--------|-------|----------|
 * | env    | 4     | an env id, 8 hex digits (renamed $En by the checker) |
 * | va     | 4     | an address, 8 hex digits |
 * | hex    | 4     | hex without padding (error codes, permissions) |
 * | word   | 4     | a 32-bit value, 8 hex digits |
 * | u32    | 4     | unsigned decimal |
 * | i32    | 4     | signed decimal (results, -E_* codes) |
 * | u64    | 8     | unsigned decimal (TSC ticks) |
 * | u8     | 1     | unsigned decimal, for values that cannot exceed 255 (a trap vector, a flag) |
 * | cpu    | 1     | a CPU number |
 * | cpu_or_none | 1 | a CPU number, or `none` (TR_CPU_NONE) |
 * | lock   | 1     | a lock id, shown by name (the schema's `lock` lines) |
 * | str    | 24    | a NUL-padded string (cut at 23 characters) |
 * | ENUM   | 1     | a TRACE_ENUM() below, shown by name |
 *
 * TRACE_ENUM(name, value, ...): the values are numbered from 0 in order.
 * C code names them TR_<enum>_<value> (TR_reason_preempt).
 *
 * TRACE_LOCK(name): a traced spinlock (lock_* records); its id is its
 * place in this list, and records show its name.
 *
 * Every byte of a record costs emulator time (Bochs writes port 0xE9 one
 * byte at a time): give a field the smallest kind its values provably fit
 * in, never one they usually fit in.
 *
 * @ingroup grp_tracing
 */
/** @cond TRACE_TABLE (a table for the preprocessor: nothing to document) */

/* ---- enumerations ------------------------------------------------------ */

/* An env's status as records show it: the ENV_* values, then `none`. */
TRACE_ENUM(state, free, dying, runnable, running, not_runnable, none)
/* Why a CPU left an env (sched_switch, cpu_idle). */
TRACE_ENUM(reason, block, yield, preempt, exit, first_run, resume, stopped)
/* Why the kernel destroyed an env (env_killed). */
TRACE_ENUM(kill, no_upcall, bad_upcall, xstack_overflow, bad_pointer,
	   breakpoint, divide_error, general_protection, invalid_opcode,
	   fpu_error, alignment_check, user_trap)
/* Where a forced preemption was taken (sched_preempt_point, preempt.h). */
TRACE_ENUM(point, syscall, fault, ipi, lockrel)
/* When a free-page count was taken (mem_free). */
TRACE_ENUM(when, start, end)
/* Why the machine stops (shutdown). */
TRACE_ENUM(stop, no_envs, stuck, panic)
/* System call names, in SYS_* order; `invalid` for any other number. */
TRACE_ENUM(syscall, cputs, cgetc, getenvid, env_destroy, page_alloc,
	   page_map, page_unmap, exofork, env_set_status,
	   env_set_pgfault_upcall, yield, ipc_try_send, ipc_recv, invalid)

/* ---- traced locks ------------------------------------------------------ */

TRACE_LOCK(kernel_lock)

/* ---- events ------------------------------------------------------------ */

/* env: the life of environments */
TRACE_EVENT(env_create, env,
	    "a new env (every exofork child too); parent 00000000 for the first: "
	    "env_alloc()",
	    (env, env), (env, parent))
TRACE_EVENT(env_load, env,
	    "program prog loaded into env, its entry point: env_create()",
	    (env, env), (str, prog), (va, entry))
TRACE_EVENT(env_exit, env,
	    "the env destroys itself ([id] exiting gracefully): sys_env_destroy",
	    (env, env))
TRACE_EVENT(env_destroy, env,
	    "by destroys its child env: sys_env_destroy",
	    (env, env), (env, by))
TRACE_EVENT(env_free, env,
	    "the env's memory freed, its slot back on the free list: env_free()",
	    (env, env))

/* syscall: every system call and its result (off by default) */
TRACE_EVENT(syscall_enter, syscall,
	    "every system call, with its five argument registers: syscall()",
	    (env, env), (syscall, name), (word, a1), (word, a2), (word, a3),
	    (word, a4), (word, a5))
TRACE_EVENT(syscall_exit, syscall,
	    "its result: syscall()",
	    (env, env), (syscall, name), (i32, ret))

/* fault: user exceptions and the kernel's verdicts */
TRACE_EVENT(page_fault_user, fault,
	    "a user page fault: cr2, eip and the FEC_* error bits: "
	    "page_fault_handler()",
	    (env, env), (va, va), (va, ip), (hex, err))
TRACE_EVENT(user_trap, fault,
	    "any other user exception (divide, breakpoint, GP, x87, alignment ...): "
	    "user_trap()",
	    (env, env), (u8, trap), (va, ip))
TRACE_EVENT(env_killed, fault,
	    "the kernel destroys the env, for reason: env_kill()",
	    (env, env), (kill, reason))

/* sched: who runs where */
TRACE_EVENT(sched_switch, sched,
	    "this CPU goes from prev (00000000: none) to next; prev_state is what "
	    "prev is left in: env_run()",
	    (env, prev), (state, prev_state), (env, next), (reason, reason))
TRACE_EVENT(sched_resume, sched,
	    "this CPU goes back to the env it was in a trap for (vector trap): "
	    "env_run()",
	    (env, env), (u8, trap))
TRACE_EVENT(env_status, sched,
	    "any other status change (to and from RUNNING, sched_switch says): "
	    "env_set_status()",
	    (env, env), (state, from), (state, to))
TRACE_EVENT(cpu_idle, sched,
	    "nothing to run: this CPU halts, leaving prev: sched_halt()",
	    (env, prev), (state, prev_state))
TRACE_EVENT(cpu_wake, sched,
	    "an interrupt (vector trap) woke the idle CPU: trap_enter()",
	    (u8, trap))
/* Category always: with preempt= on, the decisions are part of every
 * trace, whatever trace= says; with it off there are none. */
TRACE_EVENT(sched_preempt_point, always,
	    "a forced preemption (preempt=): env, about to be resumed at a point "
	    "of kind where, its seq-th point, is preempted instead: preempt_decide()",
	    (point, where), (env, env), (u32, seq))

/* lock: every acquisition and release of a traced spinlock */
TRACE_EVENT(lock_acquire, lock,
	    "acquired by the code at caller after spins turns and wait ticks; "
	    "from: the CPU it came from if it spun while another CPU held it "
	    "(a hand-over), none otherwise: spin_lock()",
	    (lock, name), (va, caller), (u32, spins), (u64, wait), (cpu_or_none, from))
TRACE_EVENT(lock_release, lock,
	    "about to be released, held for held ticks (the acquire record's own "
	    "cost left out): spin_unlock()",
	    (lock, name), (u64, held))

/* mem: the machine and the free-page count */
TRACE_EVENT(boot, mem,
	    "CPUs found, physical pages: i386_init()",
	    (u32, cpus), (u32, pages))
TRACE_EVENT(boot_time, mem,
	    "the TSC (emulated instructions under Bochs) at the boot's milestones: "
	    "stage 1 starts (the BIOS is done), stage 2 starts, the kernel starts, "
	    "the first env is about to run: boot_cpu_main()",
	    (u64, stage1), (u64, stage2), (u64, kernel), (u64, ready))
TRACE_EVENT(mem_free, mem,
	    "the free-page count at the start (before the first env) and at the end "
	    "of the run",
	    (u32, pages), (when, when))

/* pgfault: the upcall path and the page system calls */
TRACE_EVENT(pgfault_upcall, pgfault,
	    "the upcall dispatched: frame at esp, nested 0/1, bytes of exception "
	    "stack used: page_fault_handler()",
	    (env, env), (va, va), (va, handler), (va, esp), (u8, nested),
	    (u32, xstack_used))
TRACE_EVENT(page_alloc, pgfault,
	    "a fresh page mapped: sys_page_alloc",
	    (env, env), (va, va), (hex, perm))
TRACE_EVENT(page_map, pgfault,
	    "a page shared or remapped: sys_page_map",
	    (env, src), (va, srcva), (env, dst), (va, dstva), (hex, perm))
TRACE_EVENT(page_unmap, pgfault,
	    "a mapping removed: sys_page_unmap",
	    (env, env), (va, va))
TRACE_EVENT(tlb_shootdown, pgfault,
	    "a T_TLB_FLUSH IPI to CPU cpu, running env, whose page tables changed: "
	    "tlb.c",
	    (cpu, cpu), (env, env))

/* ipc: messages and pages between envs */
TRACE_EVENT(ipc_send, ipc,
	    "every send attempt; page 1 if a page was offered; result 0 or -E_*: "
	    "sys_ipc_try_send",
	    (env, from), (env, to), (word, value), (u8, page), (i32, result))
TRACE_EVENT(ipc_block, ipc,
	    "the env waits for a message: sys_ipc_recv",
	    (env, env), (va, dstva))
TRACE_EVENT(ipc_wake, ipc,
	    "delivered: the receiver becomes runnable (written just before its "
	    "ipc_send): sys_ipc_try_send",
	    (env, env), (env, from), (word, value))
TRACE_EVENT(ipc_page, ipc,
	    "the page was mapped at the receiver's va: sys_ipc_try_send",
	    (env, from), (env, to), (va, va), (hex, perm))

/* always: the end of a run (envs left that can never run), and honesty
 * about losses */
TRACE_EVENT(stuck_env, always,
	    "at the end of a run, an env that can never run again (recving: blocked "
	    "in ipc_recv): run_ended()",
	    (env, env), (state, status), (u32, recving))
TRACE_EVENT(shutdown, always,
	    "the last record: no_envs (finished), stuck (envs left), panic: "
	    "shutdown()",
	    (stop, reason))
TRACE_EVENT(panic, always,
	    "a kernel panic, after its message and backtrace: _panic()",
	    (cpu, cpu), (str, file), (u32, line))
TRACE_EVENT(lost, always,
	    "count records could not be written (a fault while printing): "
	    "trace_write()",
	    (u32, count))
/* A record's head carries the low 32 bits of the TSC; this one comes
 * first whenever the high 32 bits differ from the last ones sent for the
 * CPU (0 before any), so that the decoder knows every record's full TSC.
 * The decoder consumes it: it is not an event of the trace. */
TRACE_EVENT(tsc_high, always,
	    "framing, never in trace.log: the high 32 bits of this CPU's TSC from "
	    "here on: trace_write()",
	    (u32, high))
/** @endcond */
