/**
 * @file kernel/env.h
 * @brief Kernel side of environments: allocation, loading programs,
 *        status changes, destroying and freeing.
 *
 * Locking: envs[], env_free_list, every struct Env field and
 * env_private[] are protected by the big kernel lock. curenv is per-CPU
 * (thiscpu->cpu_env).
 *
 * Two facts about an env are kept apart: its status says whether it
 * should run (ENV_RUNNABLE, ENV_RUNNING, ...); env_oncpu() says which CPU,
 * if any, has it as its current env right now. A parent may change the
 * status of a child that another CPU is running; the scheduler never picks
 * an env that is on another CPU (sched.c), and an env is freed only by the
 * CPU it is on, or when it is on none (env_destroy()).
 */
#ifndef GW_KERN_ENV_H
#define GW_KERN_ENV_H

#include <inc/env.h>
#include "cpu.h"

extern struct Env *envs;		/**< all environments (mapped at UENVS) */
#define curenv (thiscpu->cpu_env)	/**< the env running on this CPU, or NULL */
extern struct Segdesc gdt[];		/**< the GDT (shared; TSS slots per CPU) */

/**
 * What the kernel keeps about an env besides its struct Env, whose layout
 * is JOS's and has no room for it. One per env slot (env_priv()); BKL.
 */
struct env_private {
	/** The CPU that has this env as its current env (running it, or in a
	 *  trap for it), -1 if none. Set and cleared only by that CPU, in
	 *  sched.c (cpu_take(), cpu_leave(), and sched_cpu_drop() for
	 *  env_free()). */
	int oncpu;
	uint16_t fs;		/**< the env's fs selector while it is off its CPU */
	uint16_t gs;		/**< the env's gs selector while it is off its CPU */
};
extern struct env_private env_private[NENV];	/**< by env slot */

/** @p e's kernel-private state. */
static inline struct env_private *
env_priv(const struct Env *e)
{
	return &env_private[e - envs];
}

/** The CPU that has @p e as its current env, or -1. */
static inline int
env_oncpu(const struct Env *e)
{
	return env_priv(e)->oncpu;
}

/** Build the env free list (envs[0] first) and load this CPU's GDT. */
void env_init(void);
/** Load the GDT and segment registers on this CPU. */
void env_init_percpu(void);
/** Allocate a fresh env with parent @p parent_id; 0, -E_NO_FREE_ENV or -E_NO_MEM. */
int env_alloc(struct Env **e, envid_t parent_id);
/**
 * Free @p e's memory and return its slot to the free list. @p e must be on
 * no CPU or on this one; then this CPU leaves it first (kernel page
 * directory, its FPU state not saved, curenv NULL: sched_cpu_drop()).
 * @locks{big kernel lock (asserted)}
 */
void env_free(struct Env *e);
/** Create an env running the ELF image @p binary (panics if that fails at boot). */
int env_create(const uint8_t *binary, size_t size, const char *name, enum EnvType type);
/**
 * Destroy @p e. If it is on a CPU (this one included: curenv) it becomes
 * ENV_DYING and that CPU frees it when it leaves its current trap
 * (trap_exit() in trap.c); otherwise it is freed now. An env already DYING
 * is left to its CPU. Returns in every case: a caller that destroys curenv
 * must return towards trap_exit() without touching the env's memory again.
 */
void env_destroy(struct Env *e);
/** Trace env_killed with @p reason (a TR_kill_* value), then env_destroy(@p e). */
void env_kill(struct Env *e, unsigned reason);
/**
 * Change @p e's status, with an env_status trace record. (The switch,
 * run_on() in sched.c, changes RUNNABLE <-> RUNNING itself: its
 * sched_switch record says so.)
 * In sched.c, next to the run queue it keeps true: it is on every IPC.
 * @locks{big kernel lock (asserted)}
 */
void env_set_status(struct Env *e, unsigned status);

/**
 * Look up @p envid (0 = curenv). With @p checkperm the env must be curenv
 * or its direct child. Returns 0 or -E_BAD_ENV (and *env_store = NULL).
 */
int envid2env(envid_t envid, struct Env **env_store, bool checkperm);

/** Restore @p tf and iret (trapentry.asm); the lock must be released. */
void env_pop_tf(struct Trapframe *tf) __attribute__((noreturn));

/** Name of an env status, for messages. */
const char *env_status_name(unsigned status);

/** A user program packed into the kernel image (generated progs.asm). */
struct user_program {
	const char *name;		/**< program name (the file name) */
	const uint8_t *start;		/**< its ELF image */
	const uint8_t *end;		/**< end of the image */
};
extern const struct user_program user_programs[];	/**< all packed programs */
extern const uint32_t user_programs_count;		/**< how many */
/** Find a packed program by name, or NULL. */
const struct user_program *user_program_find(const char *name);

#endif /* !GW_KERN_ENV_H */
