/**
 * @file fpu.h
 * @brief Each env's x87 FPU state, saved and restored at every switch, so
 *        that no env can read (or trip over) another's floating-point
 *        registers.
 * @ingroup grp_envs
 */
#ifndef GW_KERN_FPU_H
#define GW_KERN_FPU_H

#include <inc/env.h>
#include <inc/types.h>

/** Capture the clean FPU state new envs start with (boot CPU, once). */
void fpu_init(void);
/** Give @p e the clean FPU state (a new env). */
void fpu_reset(struct Env *e);
/** Give @p child a copy of curenv's live FPU state (exofork). */
void fpu_copy_from_current(struct Env *child);
/** Forget this CPU's FPU state, a pending exception included (fninit). */
void fpu_discard(void);
/** An fnsave image: control, status and tag words, pointers, 8 registers. */
struct fpu_state {
	uint8_t bytes[108];	/**< as fnsave writes it */
};

/** Each env slot's FPU state while the env is not on a CPU (fpu.c). */
extern struct fpu_state env_fpu[NENV];

/** Save this CPU's FPU state into @p s (fnsave also reinitialises the FPU). */
static inline void
fpu_save(struct fpu_state *s)
{
	asm volatile("fnsave %0" : "=m" (*s) : : "memory");
}

/** Load this CPU's FPU state from @p s. */
static inline void
fpu_restore(struct fpu_state *s)
{
	asm volatile("frstor %0" : : "m" (*s) : "memory");
}

/**
 * Switch this CPU's FPU from @p prev (NULL: nothing to save, the state is
 * discarded) to @p next (NULL: leave it clean). Inline: it is on every
 * switch. Big kernel lock held.
 */
static inline void
fpu_switch(struct Env *prev, struct Env *next)
{
	if (prev)
		fpu_save(&env_fpu[ENVX(prev->env_id)]);	/* also reinitialises */
	else
		fpu_discard();
	if (next)
		fpu_restore(&env_fpu[ENVX(next->env_id)]);
}

#endif /* !GW_KERN_FPU_H */
