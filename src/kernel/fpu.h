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

/** Capture the clean FPU state new envs start with (boot CPU, once). */
void fpu_init(void);
/** Give @p e the clean FPU state (a new env). */
void fpu_reset(struct Env *e);
/** Give @p child a copy of curenv's live FPU state (exofork). */
void fpu_copy_from_current(struct Env *child);
/** Forget this CPU's FPU state, a pending exception included (fninit). */
void fpu_discard(void);
/**
 * Switch this CPU's FPU from @p prev (NULL: nothing to save, the state is
 * discarded) to @p next (NULL: leave it clean). Big kernel lock held.
 */
void fpu_switch(struct Env *prev, struct Env *next);

#endif /* !GW_KERN_FPU_H */
