/**
 * @file lapic.c
 * @brief The local APIC: CPU numbering, inter-processor interrupts for
 *        AP start-up, end-of-interrupt, and the timer (see timer.c).
 *
 * The LAPIC registers are mapped once by the boot CPU (lapic_map); every
 * CPU sees its own LAPIC at the same address.
 *
 * @ingroup grp_smp
 */
#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/mmu.h>
#include <inc/x86.h>
#include <inc/assert.h>

#include "cpu.h"
#include "pmap.h"
#include "lapic.h"

/* Register indices (byte offset / 4). */
#define ID	(0x0020/4)
#define VER	(0x0030/4)
#define TPR	(0x0080/4)
#define EOI	(0x00B0/4)
#define SVR	(0x00F0/4)
#define   ENABLE	0x00000100	/**< SVR: LAPIC software enable */
#define ESR	(0x0280/4)
#define ICRLO	(0x0300/4)	/**< interrupt command */
#define   INIT		0x00000500	/**< ICR: INIT IPI */
#define   STARTUP	0x00000600	/**< ICR: STARTUP IPI */
#define   DELIVS	0x00001000
#define   ASSERT	0x00004000	/**< ICR: level assert */
#define   DEASSERT	0x00000000	/**< ICR: level de-assert */
#define   LEVEL		0x00008000	/**< ICR: level-triggered */
#define   BCAST		0x00080000	/**< all including self */
#define   OTHERS	0x000C0000	/**< all excluding self */
#define   FIXED		0x00000000	/**< ICR: fixed delivery mode */
#define ICRHI	(0x0310/4)	/**< interrupt command [63:32] */
#define TIMER	(0x0320/4)	/**< local vector table 0 (timer) */
#define   PERIODIC	0x00020000	/**< LVT timer: periodic mode (unused: one-shot) */
#define PCINT	(0x0340/4)
#define LINT0	(0x0350/4)	/**< local vector table 1 (LINT0) */
#define LINT1	(0x0360/4)	/**< local vector table 2 (LINT1) */
#define ERROR	(0x0370/4)	/**< local vector table 3 (error) */
#define   MASKED	0x00010000	/**< LVT: interrupt masked */
#define TICR	(0x0380/4)
#define TCCR	(0x0390/4)
#define TDCR	(0x03E0/4)
#define   X1		0x0000000B

physaddr_t lapicaddr;
volatile uint32_t *lapic;
/** What lapic_id points at until the LAPIC is mapped: CPU 0. */
static volatile uint32_t no_lapic_id;
volatile uint32_t *lapic_id = &no_lapic_id;

/** Write LAPIC register @p index and wait for the write to complete. */
static void
lapicw(int index, uint32_t value)
{
	lapic[index] = value;
	(void) lapic[ID];	/* wait for the write to finish */
}


void
lapic_map(void)
{
	if (lapicaddr) {
		lapic = mmio_map_region(lapicaddr, 4096);
		lapic_id = &lapic[ID];
	}
}

void
lapic_init(void)
{
	if (!lapic)
		return;

	/* Enable the LAPIC; spurious interrupts get their own vector. */
	lapicw(SVR, ENABLE | (IRQ_OFFSET + IRQ_SPURIOUS));

	/* The timer: one-shot, re-armed by timer_rearm() after each tick
	 * so that each period can differ (seeded perturbation). */
	lapicw(TDCR, X1);
	lapicw(TIMER, IRQ_OFFSET + IRQ_TIMER);

	/* Only the boot CPU may keep LINT0 (ExtINT from the 8259); all
	 * 8259 lines are masked anyway. NMI off. */
	if (thiscpu != bootcpu)
		lapicw(LINT0, MASKED);
	lapicw(LINT1, MASKED);
	if (((lapic[VER] >> 16) & 0xFF) >= 4)
		lapicw(PCINT, MASKED);

	lapicw(ERROR, IRQ_OFFSET + IRQ_ERROR);
	/* Clear error status (back-to-back writes) and pending interrupts. */
	lapicw(ESR, 0);
	lapicw(ESR, 0);
	lapicw(EOI, 0);

	/* Synchronise arbitration ids with an INIT level de-assert. */
	lapicw(ICRHI, 0);
	lapicw(ICRLO, BCAST | INIT | LEVEL);
	while (lapic[ICRLO] & DELIVS)
		;

	/* Accept all interrupts. */
	lapicw(TPR, 0);
}

void
lapic_eoi(void)
{
	if (lapic)
		lapicw(EOI, 0);
}

void
lapic_ipi(int apicid, int vector)
{
	lapicw(ICRHI, apicid << 24);
	lapicw(ICRLO, FIXED | vector);
	while (lapic[ICRLO] & DELIVS)
		;
}

void
lapic_timer_start(uint32_t count)
{
	if (lapic)
		lapicw(TICR, count);
}

uint32_t
lapic_timer_count(void)
{
	return lapic ? lapic[TCCR] : 0;
}

void
lapic_startap(uint8_t apicid, uint32_t addr)
{
	uint16_t *wrv;

	/* The BIOS warm-reset vector (40:67) points at the AP code, and the
	 * CMOS shutdown code says "warm reset": what the MP spec asks for
	 * before the INIT IPI. */
	outb(0x70, 0xF);
	outb(0x71, 0x0A);
	wrv = (uint16_t *) KADDR((0x40 << 4 | 0x67));
	wrv[0] = 0;
	wrv[1] = addr >> 4;

	/* INIT (assert, then de-assert), then STARTUP twice, as the MP
	 * spec's universal algorithm says. Bochs needs no delays. */
	lapicw(ICRHI, apicid << 24);
	lapicw(ICRLO, INIT | LEVEL | ASSERT);
	lapicw(ICRLO, INIT | LEVEL);
	for (int i = 0; i < 2; i++) {
		lapicw(ICRHI, apicid << 24);
		lapicw(ICRLO, STARTUP | (addr >> 12));
	}
}
