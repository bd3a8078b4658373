/**
 * @file picirq.h
 * @brief The legacy 8259A interrupt controllers.
 *
 * @ingroup grp_traps
 */
#ifndef GW_KERN_PICIRQ_H
#define GW_KERN_PICIRQ_H

/**
 * Move the 8259 vectors to IRQ_OFFSET.. (away from the CPU exceptions the
 * BIOS left them on) and mask every line: Glasswing takes its interrupts
 * from the LAPIC only.
 */
void pic_init(void);

#endif /* !GW_KERN_PICIRQ_H */
