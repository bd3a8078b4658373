/**
 * @file monitor.h
 * @brief The kernel monitor: a command prompt on the console for
 *        interactive sessions.
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_MONITOR_H
#define GW_KERN_MONITOR_H

struct Trapframe;

/**
 * Run the monitor until a command asks to leave ("continue", only when
 * @p tf is the frame of a user breakpoint to resume). Called with the big
 * kernel lock held, or from a panic.
 */
void monitor(struct Trapframe *tf);

#endif /* !GW_KERN_MONITOR_H */
