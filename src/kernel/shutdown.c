/**
 * @file shutdown.c
 * @brief Power-off under Bochs: the string "Shutdown" written to port
 *        0x8900 stops the emulator (whatever CPU writes it, whatever the
 *        others are doing).
 *
 * @ingroup grp_boot
 */
#include <inc/x86.h>

#include "shutdown.h"
#include "trace.h"

#define BOCHS_SHUTDOWN_PORT	0x8900	/**< Bochs' power-off port (write "Shutdown") */

void
shutdown(unsigned reason)
{
	const char *s = "Shutdown";

	trace_shutdown(reason);
	for (; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, *s);
	/* Not under Bochs: stop this CPU. */
	for (;;)
		asm volatile("cli; hlt");
}
