/**
 * @file kernel/env.h
 * @brief Kernel side of environments: allocation, loading programs,
 *        running, destroying.
 *
 * Locking: envs[], env_free_list and every struct Env field are protected
 * by the big kernel lock. curenv is per-CPU (thiscpu->cpu_env).
 */
#ifndef GW_KERN_ENV_H
#define GW_KERN_ENV_H

#include <inc/env.h>
#include "cpu.h"

extern struct Env *envs;		/**< all environments (mapped at UENVS) */
#define curenv (thiscpu->cpu_env)	/**< the env running on this CPU, or NULL */
extern struct Segdesc gdt[];		/**< the GDT (shared; TSS slots per CPU) */

/** Build the env free list (envs[0] first) and load this CPU's GDT. */
void env_init(void);
/** Load the GDT and segment registers on this CPU. */
void env_init_percpu(void);
/** Allocate a fresh env with parent @p parent_id; 0, -E_NO_FREE_ENV or -E_NO_MEM. */
int env_alloc(struct Env **e, envid_t parent_id);
/** Free @p e's memory and return its slot to the free list. */
void env_free(struct Env *e);
/** Create an env running the ELF image @p binary (panics if that fails at boot). */
int env_create(const uint8_t *binary, size_t size, const char *name, enum EnvType type);
/**
 * Destroy @p e. If it is live on another CPU (env_live_elsewhere()) it
 * becomes ENV_DYING and that CPU frees it at its next kernel entry; an env
 * already DYING is left to that. If it is curenv, this does not return
 * (schedules another env).
 */
void env_destroy(struct Env *e);
/**
 * True if @p e is the current env of another CPU (running there, or in a
 * trap there waiting for the big kernel lock). Big kernel lock held.
 */
bool env_live_elsewhere(struct Env *e);
/** Trace env_killed with @p reason (a TR_kill_* value), then env_destroy(@p e). */
void env_kill(struct Env *e, unsigned reason);
/**
 * Change @p e's status, with an env_status trace record. (env_run()
 * changes RUNNABLE <-> RUNNING itself: its sched_switch record says so.)
 */
void env_set_status(struct Env *e, unsigned status);

/**
 * Look up @p envid (0 = curenv). With @p checkperm the env must be curenv
 * or its direct child. Returns 0 or -E_BAD_ENV (and *env_store = NULL).
 */
int envid2env(envid_t envid, struct Env **env_store, bool checkperm);

/**
 * Switch to @p e and run it in user mode: releases the big kernel lock
 * and never returns.
 * @locks{big kernel lock held on entry (asserted); released just before
 *        env_pop_tf()}
 */
void env_run(struct Env *e) __attribute__((noreturn));
/** Restore @p tf and iret (trapentry.asm); the lock must be released. */
void env_pop_tf(struct Trapframe *tf) __attribute__((noreturn));

/** Name of an env status, for messages and trace records. */
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
