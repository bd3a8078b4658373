/**
 * @file fpu.c
 * @brief Saving and restoring the x87 FPU and SSE state of envs
 *        (fxsave/fxrstor).
 *
 * struct Env has JOS's fixed layout, so the 512-byte save areas live in a
 * parallel array indexed by env slot. Switching is eager (every env_run()
 * to another env, and when a CPU goes idle): simple, and cheap under
 * Bochs. The kernel itself uses no floating point; its only SSE use is
 * page_zero() (pagemem.asm), which saves and restores the one XMM
 * register it uses, since the registers hold curenv's state while it is
 * in the kernel.
 *
 * An x87 exception belongs to the env that caused it. An unmasked one is
 * only reported by the next waiting FPU instruction, so it can be pending
 * in the FPU when its env leaves the CPU: fxsave keeps it in the env's
 * saved state (the env takes it when it waits on the FPU again). Neither
 * fxsave nor fxrstor waits, and fxrstor replaces the whole state, so a
 * pending exception never reaches the kernel or another env, even when
 * its env is gone and its state was never saved (frstor, which waits,
 * needed an fninit first).
 * @ingroup grp_envs
 */
#include <inc/types.h>
#include <inc/string.h>

#include "fpu.h"

struct fpu_state *env_fpu;
/** The state after fninit: what a new env starts with. */
static struct fpu_state clean;

void
fpu_init(void)
{
	uint32_t mxcsr = 0x1f80;	/* all SIMD exceptions masked: the reset value */

	/* A new env's state: x87 as fninit leaves it, MXCSR at reset, XMM
	 * registers zero. */
	asm volatile("fninit; ldmxcsr %0\n"
		     "pxor %%xmm0, %%xmm0; pxor %%xmm1, %%xmm1; pxor %%xmm2, %%xmm2\n"
		     "pxor %%xmm3, %%xmm3; pxor %%xmm4, %%xmm4; pxor %%xmm5, %%xmm5\n"
		     "pxor %%xmm6, %%xmm6; pxor %%xmm7, %%xmm7" : : "m" (mxcsr));
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

	fpu_save(s);		/* the caller's live state, which stays live */
}
