/**
 * @file fpu.h
 * @brief Each env's x87 FPU and SSE state, saved and restored at every
 *        switch, so that no env can read (or trip over) another's
 *        floating-point or XMM registers.
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
/**
 * An fxsave image: the x87 FPU (control, status and tag words, pointers,
 * 8 registers), MXCSR and the 8 XMM registers. fxsave needs 16-byte
 * alignment.
 */
struct fpu_state {
	uint8_t bytes[512];	/**< as fxsave writes it */
} __attribute__((aligned(16)));

/**
 * Each env slot's FPU state while the env is not on a CPU: NENV areas,
 * taken from boot memory by mem_init() (512 KiB: not in .bss, which the boot
 * loader would clear; fpu_reset() fills an area before its env runs).
 */
extern struct fpu_state *env_fpu;

/** Save this CPU's FPU and SSE state into @p s (the state stays live). */
static inline void
fpu_save(struct fpu_state *s)
{
	asm volatile("fxsave %0" : "=m" (*s) : : "memory");
}

/** Load this CPU's FPU and SSE state from @p s (raises no pending x87 exception). */
static inline void
fpu_restore(struct fpu_state *s)
{
	asm volatile("fxrstor %0" : : "m" (*s) : "memory");
}

#endif /* !GW_KERN_FPU_H */
