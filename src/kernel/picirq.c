/**
 * @file picirq.c
 * @brief Program and mask the two 8259A PICs.
 *
 * @ingroup grp_traps
 */
#include <inc/x86.h>
#include <inc/trap.h>

#include "picirq.h"

#define IO_PIC1		0x20	/**< master (IRQs 0-7) */
#define IO_PIC2		0xA0	/**< slave (IRQs 8-15) */
#define IRQ_SLAVE	2	/**< the IRQ the slave is chained to */

void
pic_init(void)
{
	/* Mask everything before reprogramming. */
	outb(IO_PIC1 + 1, 0xFF);
	outb(IO_PIC2 + 1, 0xFF);

	/* ICW1: edge triggered, cascade, ICW4 follows. ICW2: vector base.
	 * ICW3: cascade wiring. ICW4: 8086 mode, auto EOI. */
	outb(IO_PIC1, 0x11);
	outb(IO_PIC1 + 1, IRQ_OFFSET);
	outb(IO_PIC1 + 1, 1 << IRQ_SLAVE);
	outb(IO_PIC1 + 1, 0x3);

	outb(IO_PIC2, 0x11);
	outb(IO_PIC2 + 1, IRQ_OFFSET + 8);
	outb(IO_PIC2 + 1, IRQ_SLAVE);
	outb(IO_PIC2 + 1, 0x3);

	/* Leave every line masked. */
	outb(IO_PIC1 + 1, 0xFF);
	outb(IO_PIC2 + 1, 0xFF);
}
