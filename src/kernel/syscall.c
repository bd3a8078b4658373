/**
 * @file kernel/syscall.c
 * @brief System calls. Every argument from user space is checked: ids
 *        through envid2env(), addresses against UTOP and alignment,
 *        permissions against PTE_SYSCALL, pointers with user_mem_assert().
 *
 * Big kernel lock held throughout (taken in trap()).
 *
 * The calls on the hot paths (getenvid, yield, the two IPC calls) take
 * the caller's env or CPU from syscall(), which has them at hand: curenv
 * is a LAPIC read and a multiply each time it is named.
 *
 * @ingroup grp_traps
 */
#include <inc/x86.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include "syscall.h"
#include "env.h"
#include "pmap.h"
#include "sched.h"
#include "console.h"
#include "trace.h"
#include "fpu.h"

/* syscall_enter/exit records name the call by the trace schema's syscall
 * enum, whose values must be the SYS_* numbers. */
_Static_assert((int) TR_syscall_cputs == SYS_cputs && (int) TR_syscall_cgetc == SYS_cgetc &&
	       (int) TR_syscall_getenvid == SYS_getenvid && (int) TR_syscall_env_destroy == SYS_env_destroy &&
	       (int) TR_syscall_page_alloc == SYS_page_alloc && (int) TR_syscall_page_map == SYS_page_map &&
	       (int) TR_syscall_page_unmap == SYS_page_unmap && (int) TR_syscall_exofork == SYS_exofork &&
	       (int) TR_syscall_env_set_status == SYS_env_set_status &&
	       (int) TR_syscall_env_set_pgfault_upcall == SYS_env_set_pgfault_upcall &&
	       (int) TR_syscall_yield == SYS_yield && (int) TR_syscall_ipc_try_send == SYS_ipc_try_send &&
	       (int) TR_syscall_ipc_recv == SYS_ipc_recv && (int) TR_syscall_invalid == NSYSCALLS,
	       "the trace schema's syscall names follow the SYS_* numbers");

/** A user virtual address the syscalls may map: below UTOP, page-aligned. */
static bool
va_ok(uintptr_t va)
{
	return va < UTOP && va % PGSIZE == 0;
}

/** Page permissions a syscall may set: P and U, nothing outside PTE_SYSCALL. */
static bool
perm_ok(int perm)
{
	return (perm & (PTE_U | PTE_P)) == (PTE_U | PTE_P) &&
	       (perm & ~PTE_SYSCALL) == 0;
}

/** Print a string (destroys the env for a bad pointer). */
static void
sys_cputs(const char *s, size_t len)
{
	if (user_mem_assert(curenv, s, len, PTE_U) < 0)
		return;		/* destroyed: freed on the way out */
	cons_write(s, len);
}

/** Read a console character without waiting; 0 if none. */
static int
sys_cgetc(void)
{
	return cons_getc();
}

/** The caller's (@p cur's) env id. */
static inline envid_t
sys_getenvid(struct Env *cur)
{
	return cur->env_id;
}

/**
 * Destroy @p envid (the caller or its child); 0 or -E_BAD_ENV. The caller
 * itself, or a child on a CPU, is freed by its CPU on the way out of the
 * kernel (trap_exit()).
 */
static int
sys_env_destroy(envid_t envid)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (e == curenv) {
		cprintf("[%08x] exiting gracefully\n", curenv->env_id);
		trace_env_exit(e->env_id);
	} else {
		cprintf("[%08x] destroying %08x\n", curenv->env_id, e->env_id);
		trace_env_destroy(e->env_id, curenv->env_id);
	}
	env_destroy(e);
	return 0;
}

/** Give up CPU @p c (round robin): trap_exit() schedules. */
static inline void
sys_yield(struct CpuInfo *c)
{
	c->cpu_resched = SCHED_YIELD;
}

/** A blank child: the caller's registers, eax = 0, not runnable. */
static envid_t
sys_exofork(void)
{
	struct Env *child;
	int r;

	if ((r = env_alloc(&child, curenv->env_id)) < 0)
		return r;
	env_set_status(child, ENV_NOT_RUNNABLE);
	child->env_tf = curenv->env_tf;
	fpu_copy_from_current(child);
	/* fs and gs are the caller's, in this CPU's registers. */
	asm volatile("movw %%fs, %0; movw %%gs, %1"
		     : "=m" (env_priv(child)->fs), "=m" (env_priv(child)->gs));
	child->env_tf.tf_regs.reg_eax = 0;	/* the child sees 0 */
	return child->env_id;
}

/** Set a child's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE. */
static int
sys_env_set_status(envid_t envid, int status)
{
	struct Env *e;
	int r;

	if (status != ENV_RUNNABLE && status != ENV_NOT_RUNNABLE)
		return -E_INVAL;
	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	/* Being destroyed: no way back. */
	if (e->env_status == ENV_DYING)
		return -E_BAD_ENV;
	/* Blocked in sys_ipc_recv: only a message may wake it (it would
	 * return from recv with no message, still marked receiving). */
	if (e->env_ipc_recving && status == ENV_RUNNABLE)
		return -E_INVAL;
	/* RUNNABLE for an env that is running (here or on another CPU)
	 * changes nothing: it stays ENV_RUNNING, so no other CPU picks it.
	 * NOT_RUNNABLE takes effect at its next kernel entry. */
	if (status == ENV_RUNNABLE && e->env_status == ENV_RUNNING)
		return 0;
	env_set_status(e, status);
	return 0;
}

/** Set the page-fault upcall of @p envid (checkperm). */
static int
sys_env_set_pgfault_upcall(envid_t envid, void *func)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	e->env_pgfault_upcall = func;
	return 0;
}

/** Map a fresh zeroed page at @p va in @p envid with @p perm. */
static int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	struct Env *e;
	struct PageInfo *pp;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (!va_ok((uintptr_t) va) || !perm_ok(perm))
		return -E_INVAL;
	if (!(pp = page_alloc(ALLOC_ZERO)))
		return -E_NO_MEM;
	if ((r = page_insert(e->env_pgdir, pp, va, perm)) < 0) {
		page_free(pp);
		return r;
	}
	trace_page_alloc(e->env_id, (uintptr_t) va, perm);
	return 0;
}

/** Map the page at @p srcva of @p srcenvid at @p dstva of @p dstenvid. */
static int
sys_page_map(envid_t srcenvid, void *srcva, envid_t dstenvid, void *dstva, int perm)
{
	struct Env *src, *dst;
	struct PageInfo *pp;
	pte_t *pte;
	int r;

	if ((r = envid2env(srcenvid, &src, true)) < 0 ||
	    (r = envid2env(dstenvid, &dst, true)) < 0)
		return r;
	if (!va_ok((uintptr_t) srcva) || !va_ok((uintptr_t) dstva) || !perm_ok(perm))
		return -E_INVAL;
	if (!(pp = page_lookup(src->env_pgdir, srcva, &pte)))
		return -E_INVAL;
	if ((perm & PTE_W) && !(*pte & PTE_W))
		return -E_INVAL;
	if ((r = page_insert(dst->env_pgdir, pp, dstva, perm)) < 0)
		return r;
	trace_page_map(src->env_id, (uintptr_t) srcva, dst->env_id, (uintptr_t) dstva, perm);
	return 0;
}

/** Unmap @p va in @p envid (unmapping nothing is fine). */
static int
sys_page_unmap(envid_t envid, void *va)
{
	struct Env *e;
	int r;

	if ((r = envid2env(envid, &e, true)) < 0)
		return r;
	if (!va_ok((uintptr_t) va))
		return -E_INVAL;
	page_remove(e->env_pgdir, va);
	trace_page_unmap(e->env_id, (uintptr_t) va);
	return 0;
}

/** Deliver @p value (and the page at @p srcva) from @p cur to a receiving @p envid. */
static inline int
sys_ipc_try_send(struct Env *cur, envid_t envid, uint32_t value, void *srcva, unsigned perm)
{
	struct Env *dst;
	bool want_page = (uintptr_t) srcva < UTOP;
	bool page_moved = false;
	int r;

	if ((r = envid2env(envid, &dst, false)) < 0)
		goto out;
	if (!dst->env_ipc_recving) {
		r = -E_IPC_NOT_RECV;
		goto out;
	}
	if (want_page) {
		struct PageInfo *pp;
		pte_t *pte;

		r = -E_INVAL;
		if ((uintptr_t) srcva % PGSIZE || !perm_ok(perm))
			goto out;
		if (!(pp = page_lookup(cur->env_pgdir, srcva, &pte)))
			goto out;
		if ((perm & PTE_W) && !(*pte & PTE_W))
			goto out;
		if ((uintptr_t) dst->env_ipc_dstva < UTOP) {
			if ((r = page_insert(dst->env_pgdir, pp, dst->env_ipc_dstva, perm)) < 0)
				goto out;
			page_moved = true;
			trace_ipc_page(cur->env_id, dst->env_id,
				       (uintptr_t) dst->env_ipc_dstva, perm);
		}
	}
	dst->env_ipc_recving = false;
	dst->env_ipc_from = cur->env_id;
	dst->env_ipc_value = value;
	dst->env_ipc_perm = page_moved ? (int) perm : 0;
	dst->env_tf.tf_regs.reg_eax = 0;	/* its sys_ipc_recv returns 0 */
	sched_ipc_wake(dst);
	trace_ipc_wake(dst->env_id, cur->env_id, value);
	r = 0;
out:
	trace_ipc_send(cur->env_id, envid, value, want_page, r);
	return r;
}

/**
 * Block the caller @p cur until a message arrives; a page goes to @p
 * dstva if below UTOP. The caller is NOT_RUNNABLE when this returns 0:
 * trap_exit() switches away, and the sender makes it runnable with eax = 0.
 */
static inline int
sys_ipc_recv(struct Env *cur, void *dstva)
{
	if ((uintptr_t) dstva < UTOP && (uintptr_t) dstva % PGSIZE)
		return -E_INVAL;
	cur->env_ipc_recving = true;
	cur->env_ipc_dstva = dstva;
	sched_ipc_block(cur);
	trace_ipc_block(cur->env_id, (uintptr_t) dstva);
	return 0;
}

/** The syscall_enter record of the call in @p r (out of line, like the
 *  next: the untraced path then computes none of their fields). */
static void __attribute__((noinline))
trace_syscall_args(const struct PushRegs *r)
{
	trace_syscall_enter(curenv->env_id, MIN(r->reg_eax, (uint32_t) TR_syscall_invalid),
			    r->reg_edx, r->reg_ecx, r->reg_ebx, r->reg_edi, r->reg_esi);
}

/** The syscall_exit record: call @p num returned @p ret. */
static void __attribute__((noinline))
trace_syscall_result(uint32_t num, int32_t ret)
{
	trace_syscall_exit(curenv->env_id, MIN(num, (uint32_t) TR_syscall_invalid), ret);
}

/**
 * System-call argument @p n (1..5) of the call in @p r: JOS's a1..a5 are
 * edx, ecx, ebx, edi, esi. Read where a call uses it (one load), not all
 * five up front for every call.
 */
static inline uint32_t
arg(const struct PushRegs *r, int n)
{
	switch (n) {
	case 1: return r->reg_edx;
	case 2: return r->reg_ecx;
	case 3: return r->reg_ebx;
	case 4: return r->reg_edi;
	default: return r->reg_esi;
	}
}

/**
 * Run the call in @p regs for @p cur, on CPU @p c; its result. Inline
 * into syscall()'s two ways, so that the untraced one tests the trace
 * category once, not before and after.
 */
static inline __attribute__((always_inline)) int32_t
dispatch(struct CpuInfo *c, struct Env *cur, struct PushRegs *regs)
{
	int32_t ret;

	switch (regs->reg_eax) {
	case SYS_cputs:
		sys_cputs((const char *) arg(regs, 1), arg(regs, 2));
		ret = 0;
		break;
	case SYS_cgetc:
		ret = sys_cgetc();
		break;
	case SYS_getenvid:
		ret = sys_getenvid(cur);
		break;
	case SYS_env_destroy:
		ret = sys_env_destroy(arg(regs, 1));
		break;
	case SYS_page_alloc:
		ret = sys_page_alloc(arg(regs, 1), (void *) arg(regs, 2), arg(regs, 3));
		break;
	case SYS_page_map:
		ret = sys_page_map(arg(regs, 1), (void *) arg(regs, 2), arg(regs, 3),
				   (void *) arg(regs, 4), arg(regs, 5));
		break;
	case SYS_page_unmap:
		ret = sys_page_unmap(arg(regs, 1), (void *) arg(regs, 2));
		break;
	case SYS_exofork:
		ret = sys_exofork();
		break;
	case SYS_env_set_status:
		ret = sys_env_set_status(arg(regs, 1), arg(regs, 2));
		break;
	case SYS_env_set_pgfault_upcall:
		ret = sys_env_set_pgfault_upcall(arg(regs, 1), (void *) arg(regs, 2));
		break;
	case SYS_yield:
		sys_yield(c);
		ret = 0;
		break;
	case SYS_ipc_try_send:
		ret = sys_ipc_try_send(cur, arg(regs, 1), arg(regs, 2), (void *) arg(regs, 3), arg(regs, 4));
		break;
	case SYS_ipc_recv:
		ret = sys_ipc_recv(cur, (void *) arg(regs, 1));
		break;
	default:
		ret = -E_INVAL;
		break;
	}
	return ret;
}

/** syscall() with the syscall category on: the call between its two records. */
static void __attribute__((noinline))
syscall_traced(struct CpuInfo *c, struct PushRegs *regs)
{
	uint32_t num = regs->reg_eax;
	int32_t ret;

	trace_syscall_args(regs);
	ret = dispatch(c, c->cpu_env, regs);
	trace_syscall_result(num, ret);
	regs->reg_eax = ret;
}

void
syscall(struct CpuInfo *c, struct Trapframe *tf)
{
	/* c->cpu_env is the caller: tf is its env_tf (trap_enter_user()). */
	if (trace_on(TR_SYSCALL))
		syscall_traced(c, &tf->tf_regs);
	else
		tf->tf_regs.reg_eax = dispatch(c, c->cpu_env, &tf->tf_regs);
}
