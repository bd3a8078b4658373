/**
 * @file timer.c
 * @brief Preemption timer periods.
 *
 * With seed=0 every period is exactly timer= (or the default). With a
 * seed, each period is drawn uniformly from [period/2, 3*period/2) by a
 * per-CPU xorshift generator seeded from seed and the CPU number: Bochs
 * is deterministic, so a given seed reproduces the same interleaving.
 * Each CPU touches only its own generator state.
 *
 * @ingroup grp_smp
 */
#include <inc/types.h>

#include "timer.h"
#include "lapic.h"
#include "cpu.h"
#include "cmdline.h"
#include <inc/x86.h>

/** Per-CPU xorshift state for the perturbed periods. */
static uint32_t rng_state[NCPU];
/** TSC ticks per 1024 timer counts (timer_calibrate()). */
static uint32_t tsc_per_1024_counts;

/** The configured timer period (timer= or the default). */
static uint32_t
period(void)
{
	return opts.timer ? opts.timer : TIMER_DEFAULT_PERIOD;
}

/** xorshift32: a full-period generator for nonzero states. */
static uint32_t
next_random(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/** The next period: fixed, or drawn from [period/2, 3*period/2) with a seed. */
static uint32_t
next_period(void)
{
	uint32_t *state = &rng_state[cpunum()];

	if (!opts.seed)
		return period();
	if (!*state)
		*state = opts.seed * 2654435761u + cpunum() + 1;
	return period() / 2 + next_random(state) % period();
}

void
timer_calibrate(void)
{
	uint32_t c0, c1;
	uint64_t t0, t1;

	/* Interrupts are off: the one-shot count will not fire before it
	 * is stopped. */
	lapic_timer_start(0xffffffff);
	c0 = lapic_timer_count();
	t0 = read_tsc();
	for (volatile int i = 0; i < 2000; i++)
		;
	c1 = lapic_timer_count();
	t1 = read_tsc();
	lapic_timer_start(0);
	if (c0 > c1)
		tsc_per_1024_counts = (t1 - t0) * 1024 / (c0 - c1);
}

uint32_t
timer_period_tsc(void)
{
	return (uint64_t) period() * tsc_per_1024_counts / 1024;
}

void
timer_init(void)
{
	lapic_timer_start(next_period());
}

void
timer_rearm(void)
{
	lapic_timer_start(next_period());
}
