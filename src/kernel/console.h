/**
 * @file console.h
 * @brief The kernel console: output to the Bochs debug port 0xE9, COM1 and
 *        the VGA text screen; input from COM1.
 *
 * All output to these devices goes through one raw output lock (not a
 * struct spinlock, so it is never traced) that makes each console write
 * and each trace record atomic, even across CPUs.
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_CONSOLE_H
#define GW_KERN_CONSOLE_H

/**
 * @defgroup grp_boot Boot, console and monitor
 * @brief From the BIOS to i386_init(): the boot contract, the command
 *        line, the console devices, panics, the monitor and shutdown.
 *        See @ref boot.
 */

#include <inc/types.h>

/** Console output devices (the console= run option). */
enum {
	CONS_E9   = 1 << 0,	/**< Bochs port 0xE9 (headless runs read this) */
	CONS_COM1 = 1 << 1,	/**< serial port 1 (interactive input and output) */
	CONS_VGA  = 1 << 2,	/**< the VGA text screen */
};

/** Initialise the serial port and the VGA screen; output goes to all devices. */
void cons_init(void);
/** Select the output devices from a list such as "e9,com1,vga". */
void cons_configure(const char *devices);
/** Write @p n bytes to the console devices as one atomic piece. */
void cons_write(const char *s, size_t n);
/** Return the next input character from COM1, or 0 if none is waiting. */
int cons_getc(void);

/**
 * Take the output lock. Returns false, without taking it, if this CPU
 * already holds it (a nested print from a fault or panic while printing),
 * or if a panic has waited long for it; the caller then decides whether to
 * write anyway or to drop the output.
 */
bool cons_out_lock(void);
/**
 * After cons_out_lock() failed: true if it failed because a panic gave up
 * on a holder that never lets go (then output is written without the
 * lock), false if this CPU holds the lock itself (a nested print).
 */
bool cons_out_abandoned(void);
/** Release the output lock taken by cons_out_lock(). */
void cons_out_unlock(void);
/**
 * Choose the device trace records go to: "com1" (interactive sessions,
 * where port 0xE9 is the debugger's terminal) or, by default (NULL or
 * "e9"), port 0xE9.
 */
void cons_trace_device(const char *device);
/** Write raw bytes to the trace device (cons_trace_device()); output lock held. */
void cons_trace_write(const char *s, size_t n);

#endif /* !GW_KERN_CONSOLE_H */
