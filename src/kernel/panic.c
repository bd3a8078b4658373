/**
 * @file kernel/panic.c
 * @brief _panic() and _warn() for the kernel.
 *
 * A panic prints "kernel panic on CPU n at file:line: message" and a
 * symbolized backtrace, writes a "panic" trace record, then either powers
 * off (headless: the harness reports the run as failed with the message)
 * or stops in the Bochs debugger and the monitor (interactive).
 *
 * @ingroup grp_boot
 */
#include <inc/x86.h>
#include <inc/stdio.h>
#include <inc/assert.h>

#include "panic.h"
#include "cpu.h"
#include "kdebug.h"
#include "monitor.h"
#include "trace.h"
#include "cmdline.h"
#include "shutdown.h"

volatile uint32_t panicking;

/** The panic itself: report, backtrace from @p ebp, stop. */
static void __attribute__((noreturn))
vpanic(const char *file, int line, uint32_t ebp, const char *fmt, va_list ap)
{
	asm volatile("cli; cld");
	/* Only the first panic reports; a nested or concurrent one stops. */
	if (xchg(&panicking, 1) != 0)
		for (;;)
			asm volatile("hlt");

	cprintf("kernel panic on CPU %d at %s:%d: ", cpunum(), file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	backtrace_print(ebp);
	trace_panic(cpunum(), file, line);

	if (opts.headless)
		shutdown(TR_stop_panic);
	BREAKPOINT();
	for (;;)
		monitor(NULL);
}

void
_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(file, line, read_ebp(), fmt, ap);
}

void
_panic_at(const char *file, int line, uint32_t ebp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(file, line, ebp, fmt, ap);
}

void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cprintf("kernel warning at %s:%d: ", file, line);
	vcprintf(fmt, ap);
	cprintf("\n");
	va_end(ap);
}
