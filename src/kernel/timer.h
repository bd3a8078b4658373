/**
 * @file timer.h
 * @brief The preemption timer: each CPU's LAPIC timer in one-shot mode,
 *        re-armed after every tick with the configured period, optionally
 *        perturbed from a seed so tests can explore other interleavings.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_TIMER_H
#define GW_KERN_TIMER_H

#include <inc/types.h>

/** Default LAPIC timer count between preemptions (bus ticks, divide by 1). */
#define TIMER_DEFAULT_PERIOD	200000

/**
 * Measure how many TSC ticks one timer count takes (boot CPU, once, after
 * lapic_init()): the checker's liveness bounds are in TSC ticks.
 */
void timer_calibrate(void);
/** TSC ticks in one unperturbed timer period (after timer_calibrate()). */
uint32_t timer_period_tsc(void);
/** Arm this CPU's first tick (after lapic_init()). */
void timer_init(void);
/** Arm the next tick; called from the timer interrupt. */
void timer_rearm(void);

#endif /* !GW_KERN_TIMER_H */
