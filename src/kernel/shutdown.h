/**
 * @file shutdown.h
 * @brief Ending a headless run: power the emulator (Bochs or QEMU) off.
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_SHUTDOWN_H
#define GW_KERN_SHUTDOWN_H

/**
 * Write the final "shutdown reason=..." trace record (always, whatever
 * the categories) and power the machine off (Bochs: its shutdown port; QEMU:
 * the isa-debug-exit device).
 * The harness tells a clean end from a crash by that record.
 */
void shutdown(unsigned reason) __attribute__((noreturn));

#endif /* !GW_KERN_SHUTDOWN_H */
