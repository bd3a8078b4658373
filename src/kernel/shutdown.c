/**
 * @file shutdown.c
 * @brief Power-off: Bochs' shutdown port, then QEMU's isa-debug-exit
 *        device.
 *
 * Under Bochs, the string "Shutdown" written to port 0x8900 stops the
 * emulator at once (whatever CPU writes it, whatever the others are
 * doing): nothing after it runs. QEMU has nothing at port 0x8900; the
 * harness gives it an isa-debug-exit device at QEMU_EXIT_PORT (debug/
 * qemu.py), and a write there ends QEMU. The verdict of a run is read from
 * the trace record written first, never from either emulator's exit status.
 *
 * @ingroup grp_boot
 */
#include <inc/x86.h>

#include "shutdown.h"
#include "trace.h"

#define BOCHS_SHUTDOWN_PORT	0x8900	/**< Bochs' power-off port (write "Shutdown") */
#define QEMU_EXIT_PORT		0x501	/**< QEMU's isa-debug-exit (its default iobase) */

void
shutdown(unsigned reason)
{
	const char *s = "Shutdown";

	trace_shutdown(reason);
	for (; *s; s++)
		outb(BOCHS_SHUTDOWN_PORT, *s);
	/* Not Bochs: QEMU exits with status (value << 1) | 1. */
	outb(QEMU_EXIT_PORT, 0);
	/* Neither emulator (or no exit device): stop this CPU. */
	halt_forever();
}
