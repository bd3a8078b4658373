/**
 * @file panic.h
 * @brief Kernel panics: report, backtrace, and stop (or enter the monitor).
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_PANIC_H
#define GW_KERN_PANIC_H

#include <inc/types.h>

/** Nonzero once some CPU has panicked; other CPUs stop at their next trap. */
extern volatile uint32_t panicking;

/**
 * Magic breakpoint for the Bochs debugger (`xchg bx, bx` stops there when
 * magic_break is enabled; a no-op otherwise). panic() executes one so an
 * interactive session stops on the panicking CPU. Opt-in elsewhere.
 */
#define BREAKPOINT()	asm volatile("xchg %%bx, %%bx" ::: "memory")

#endif /* !GW_KERN_PANIC_H */
