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
 * Panic like panic(), with the backtrace starting at frame pointer @p ebp
 * instead of the caller's (the double-fault task reports the faulting
 * context's stack, not its own).
 */
#define panic_backtrace(ebp, ...) _panic_at(__FILE__, __LINE__, (ebp), __VA_ARGS__)
/** See panic_backtrace(). */
void _panic_at(const char *file, int line, uint32_t ebp, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/**
 * Magic breakpoint for the Bochs debugger (`xchg bx, bx` stops there when
 * magic_break is enabled; a no-op otherwise). panic() executes one so an
 * interactive session stops on the panicking CPU. Opt-in elsewhere.
 */
#define BREAKPOINT()	asm volatile("xchg %%bx, %%bx" ::: "memory")

#endif /* !GW_KERN_PANIC_H */
