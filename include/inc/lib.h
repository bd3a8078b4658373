/**
 * @file lib.h
 * @brief The user library: everything a user program needs from
 *        `#include <inc/lib.h>` (JOS lab-4 compatible).
 *
 * A program defines umain(); the library's _start/libmain set thisenv and
 * binaryname, call umain(0, 0) and then exit().
 *
 * @ingroup grp_ulib
 */
#ifndef GW_INC_LIB_H
#define GW_INC_LIB_H 1

/**
 * @defgroup grp_ulib User library
 * @brief The JOS-compatible user library: start-up, system-call stubs,
 *        console I/O, page-fault handling, fork and IPC.
 *        See @ref pgfault and @ref ipc.
 */

#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/stdarg.h>
#include <inc/string.h>
#include <inc/error.h>
#include <inc/assert.h>
#include <inc/env.h>
#include <inc/memlayout.h>
#include <inc/syscall.h>
#include <inc/trap.h>

/** Convenience: mark a parameter deliberately unused. */
#define USED(x)		(void)(x)

/** The program's entry point, written by the program. */
void	umain(int argc, char **argv);

/** Name used in panic messages: argv[0] or "<unknown>". */
extern const char *binaryname;
/** This environment's entry in envs[]. */
extern const volatile struct Env *thisenv;
/** All environments, read-only (mapped at UENVS). */
extern const volatile struct Env envs[NENV];
/** All physical page descriptors, read-only (mapped at UPAGES). */
extern const volatile struct PageInfo pages[];

/** Set up thisenv and binaryname, run umain, then exit. Called by _start. */
void	libmain(int argc, char **argv);

/** Destroy the calling environment; does not return. */
void	exit(void);

/** Register @p handler for page faults (allocates the exception stack first time). */
void	set_pgfault_handler(void (*handler)(struct UTrapframe *utf));

/** Print a prompt and read a line; returns a static buffer. */
char*	readline(const char *buf);

/** Print @p len bytes of @p string on the console. */
void	sys_cputs(const char *string, size_t len);
/** Read a console character; 0 if none is waiting. */
int	sys_cgetc(void);
/** The caller's env id. */
envid_t	sys_getenvid(void);
/** Destroy env @p envid (0 = self); it must be the caller or its child. */
int	sys_env_destroy(envid_t envid);
/** Give up the CPU to another runnable env. */
void	sys_yield(void);
/** (Internal; see sys_exofork().) */
static envid_t sys_exofork(void);
/** Set @p env's status to ENV_RUNNABLE or ENV_NOT_RUNNABLE. */
int	sys_env_set_status(envid_t env, int status);
/** Set the page-fault upcall of @p env to @p upcall. */
int	sys_env_set_pgfault_upcall(envid_t env, void *upcall);
/** Map a new zeroed page at @p pg in @p env with @p perm. */
int	sys_page_alloc(envid_t env, void *pg, int perm);
/** Map @p src_env's page at @p src_pg into @p dst_env at @p dst_pg with @p perm. */
int	sys_page_map(envid_t src_env, void *src_pg,
		     envid_t dst_env, void *dst_pg, int perm);
/** Remove any mapping at @p pg in @p env. */
int	sys_page_unmap(envid_t env, void *pg);
/** Send @p value (and the page at @p pg with @p perm if pg < UTOP) to a receiving @p to_env. */
int	sys_ipc_try_send(envid_t to_env, uint32_t value, void *pg, int perm);
/** Block until a message arrives; a page goes to @p rcv_pg if below UTOP. */
int	sys_ipc_recv(void *rcv_pg);

/**
 * Create a child environment: a copy of the caller's registers with no
 * memory, status ENV_NOT_RUNNABLE. Returns the child's id to the parent,
 * 0 in the child, or a negative error. Inline because the child starts
 * running right after the `int`, on the parent's stack, and must not
 * depend on a return address pushed by a call.
 */
static inline envid_t __attribute__((always_inline))
sys_exofork(void)
{
	envid_t ret;
	asm volatile("int %2"
		     : "=a" (ret)
		     : "a" (SYS_exofork), "i" (T_SYSCALL));
	return ret;
}

/** Send @p val (and page @p pg) to @p to_env, retrying until it receives. */
void	ipc_send(envid_t to_env, uint32_t value, void *pg, int perm);
/** Receive a message; returns the value, stores sender and perm if non-NULL. */
int32_t ipc_recv(envid_t *from_env_store, void *pg, int *perm_store);
/** The id of the first env of type @p type, or 0. */
envid_t	ipc_find_env(enum EnvType type);

/** Bit in a PTE marking a copy-on-write page (an AVAIL bit). */
#define PTE_COW		0x800
/** Bit in a PTE marking a page shared on fork (an AVAIL bit). */
#define PTE_SHARE	0x400

/**
 * Copy-on-write fork: returns the child's id, 0 in the child, or < 0.
 * See @ref pgfault_fork.
 * @callgraph
 */
envid_t	fork(void);
/** Shared-memory fork (all but the stack shared): as fork(). */
envid_t	sfork(void);

/**
 * Glasswing extension: fork by copying every mapped page below UTOP into
 * fresh pages of the child (exofork + page_alloc/map/unmap), no
 * copy-on-write. Returns the child's id, 0 in the child, or < 0.
 */
envid_t	eager_fork(void);

/**
 * Glasswing extension for test programs: print "ok: WHAT -> RESULT" if
 * @p got equals @p want (a 0 or negative error code), else panic naming
 * both.
 */
void	expect_result(const char *what, int got, int want);

/* File descriptor modes (JOS compatibility for later labs). */
#define	O_RDONLY	0x0000
#define	O_WRONLY	0x0001
#define	O_RDWR		0x0002
#define	O_ACCMODE	0x0003

#endif /* !GW_INC_LIB_H */
