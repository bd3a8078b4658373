/**
 * @file fpu.c
 * @brief Saving and restoring the x87 FPU state of envs (fnsave/frstor).
 *
 * struct Env has JOS's fixed layout, so the 108-byte save areas live in a
 * parallel array indexed by env slot. Switching is eager (every env_run()
 * to another env, and when a CPU goes idle): simple, and cheap under
 * Bochs. The kernel itself uses no floating point.
 *
 * An x87 exception belongs to the env that caused it. An unmasked one is
 * only reported by the next waiting FPU instruction, so it can be pending
 * in the FPU when its env leaves the CPU: fnsave keeps it in the env's
 * saved state (the env takes it when it waits on the FPU again), and when
 * the env is gone nothing is saved and fninit discards it -- before any
 * frstor, which waits and would raise it in the kernel.
 * @ingroup grp_envs
 */
#include <inc/types.h>
#include <inc/string.h>

#include "fpu.h"

struct fpu_state env_fpu[NENV];
/** The state after fninit: what a new env starts with. */
static struct fpu_state clean;

void
fpu_init(void)
{
	asm volatile("fninit");
	fpu_save(&clean);
}

void
fpu_reset(struct Env *e)
{
	env_fpu[ENVX(e->env_id)] = clean;
}

void
fpu_copy_from_current(struct Env *child)
{
	struct fpu_state *s = &env_fpu[ENVX(child->env_id)];

	fpu_save(s);		/* the caller's live state ... */
	fpu_restore(s);		/* ... stays live for the caller */
}

void
fpu_discard(void)
{
	asm volatile("fninit");
}

