/**
 * @file lapic.h
 * @brief Local APIC functions not declared in cpu.h.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_LAPIC_H
#define GW_KERN_LAPIC_H

#include <inc/types.h>

/** Map the LAPIC registers (boot CPU, once, after mp_init()). */
void lapic_map(void);
/** Start this CPU's LAPIC timer: one interrupt after @p count bus ticks (0 stops it). */
void lapic_timer_start(uint32_t count);
/** This CPU's LAPIC timer count left (counting down to 0). */
uint32_t lapic_timer_count(void);

#endif /* !GW_KERN_LAPIC_H */
