/**
 * @file kernel/console.c
 * @brief Console devices: port 0xE9, the COM1 UART and VGA text mode, and
 *        the device that carries the trace.
 *
 * Port 0xE9 is Bochs' debug port: a byte written there appears at once on
 * Bochs' standard output, so headless runs read the console and the trace
 * records (framed by the bytes 0x1E and 0x1F: see trace.c) from it. In an
 * interactive session Bochs' standard output is the debugger's terminal,
 * so the trace goes to COM1 instead (tracedev=com1), beside the console
 * there, and the other end (debug/console.py) splits the two. Console text
 * therefore never carries those two bytes on either device.
 *
 * The UART is driven by polling and the writer waits for the transmitter
 * to be empty before each byte, so no character is ever dropped.
 *
 * @ingroup grp_boot
 */
#include <inc/x86.h>
#include <inc/string.h>
#include <inc/memlayout.h>

#include "console.h"
#include "cpu.h"
#include "panic.h"

#define E9_PORT		0xe9	/**< Bochs debug port: console and trace output */
#define TEXT_FRAME	0x1e	/**< starts a trace text line on port 0xE9 */
#define BIN_FRAME	0x1f	/**< starts a binary trace record on port 0xE9 */

#define COM1		0x3f8	/**< I/O base of the first serial port */
#define COM_RX		0	/**< in:  receive buffer (DLAB=0) */
#define COM_TX		0	/**< out: transmit buffer (DLAB=0) */
#define COM_DLL		0	/**< out: divisor latch low (DLAB=1) */
#define COM_DLM		1	/**< out: divisor latch high (DLAB=1) */
#define COM_IER		1	/**< out: interrupt enable register */
#define COM_FCR		2	/**< out: FIFO control register */
#define COM_LCR		3	/**< out: line control register */
#define   COM_LCR_DLAB	0x80	/**< divisor latch access bit */
#define   COM_LCR_WLEN8	0x03	/**< 8 data bits */
#define COM_MCR		4	/**< out: modem control register */
#define   COM_MCR_DTR	0x01	/**< data terminal ready */
#define   COM_MCR_RTS	0x02	/**< request to send */
#define   COM_MCR_OUT2	0x08	/**< aux output 2 */
#define COM_LSR		5	/**< in:  line status register */
#define   COM_LSR_DATA	0x01	/**< data available */
#define   COM_LSR_TXRDY	0x20	/**< transmit holding register empty */

#define VGA_COLS	80	/**< columns of the VGA text screen */
#define VGA_ROWS	25	/**< rows of the VGA text screen */
#define VGA_ATTR	0x0700	/**< light grey on black */
#define CRTC_PORT	0x3d4	/**< VGA CRT controller index port (cursor position) */

/** Console devices in use (CONS_* bits). */
static unsigned outputs = CONS_E9 | CONS_COM1 | CONS_VGA;
/** The device trace records go to: CONS_E9 or CONS_COM1. */
static unsigned trace_device = CONS_E9;
/** COM1 answered at initialisation. */
static bool serial_exists;
/** The VGA text buffer (KERNBASE + 0xB8000). */
static uint16_t *vga_buf;
/** Cursor position in vga_buf, in characters. */
static unsigned vga_pos;

/* The output lock: a raw test-and-set lock with an owner, so that a CPU
 * printing from inside a print (a fault or panic) is detected. */
/** The output lock: 1 while some CPU writes to the console devices. */
static volatile uint32_t out_locked;
/** CPU holding the output lock, -1 when free. */
static volatile int out_owner = -1;

/** Program COM1: 115200 baud, 8N1, polled (no interrupts). */
static void
serial_init(void)
{
	outb(COM1 + COM_FCR, 0);		/* no FIFO */
	outb(COM1 + COM_LCR, COM_LCR_DLAB);
	outb(COM1 + COM_DLL, 1);		/* 115200 baud */
	outb(COM1 + COM_DLM, 0);
	outb(COM1 + COM_LCR, COM_LCR_WLEN8);	/* 8N1, DLAB off */
	outb(COM1 + COM_MCR, COM_MCR_DTR | COM_MCR_RTS | COM_MCR_OUT2);
	outb(COM1 + COM_IER, 0);		/* polled: no interrupts */
	/* A missing UART reads as all ones. */
	serial_exists = inb(COM1 + COM_LSR) != 0xff;
	(void) inb(COM1 + COM_RX);
}

/** Send @p c on COM1, waiting until the transmitter can take it. */
static void
serial_putc(int c)
{
	while (!(inb(COM1 + COM_LSR) & COM_LSR_TXRDY))
		pause();
	outb(COM1 + COM_TX, c);
}

/** Clear the VGA text screen. */
static void
vga_init(void)
{
	vga_buf = (uint16_t *) (KERNBASE + 0xb8000);
	for (int i = 0; i < VGA_COLS * VGA_ROWS; i++)
		vga_buf[i] = VGA_ATTR | ' ';
	vga_pos = 0;
}

/** Put @p c on the VGA screen at the cursor, scrolling as needed. */
static void
vga_putc(int c)
{
	switch (c) {
	case '\b':
		if (vga_pos > 0)
			vga_buf[--vga_pos] = VGA_ATTR | ' ';
		break;
	case '\n':
		vga_pos += VGA_COLS;
		/* fall through */
	case '\r':
		vga_pos -= vga_pos % VGA_COLS;
		break;
	case '\t':
		do
			vga_buf[vga_pos++] = VGA_ATTR | ' ';
		while (vga_pos % 8);
		break;
	default:
		vga_buf[vga_pos++] = VGA_ATTR | (c & 0xff);
		break;
	}
	if (vga_pos >= VGA_COLS * VGA_ROWS) {
		memmove(vga_buf, vga_buf + VGA_COLS,
			(VGA_ROWS - 1) * VGA_COLS * sizeof(uint16_t));
		for (int i = (VGA_ROWS - 1) * VGA_COLS; i < VGA_ROWS * VGA_COLS; i++)
			vga_buf[i] = VGA_ATTR | ' ';
		vga_pos -= VGA_COLS;
	}
	/* Move the hardware cursor. */
	outb(CRTC_PORT, 14);
	outb(CRTC_PORT + 1, vga_pos >> 8);
	outb(CRTC_PORT, 15);
	outb(CRTC_PORT + 1, vga_pos);
}

void
cons_init(void)
{
	serial_init();
	vga_init();
}

void
cons_configure(const char *devices)
{
	unsigned mask = 0;

	while (*devices) {
		if (strncmp(devices, "e9", 2) == 0)
			mask |= CONS_E9;
		else if (strncmp(devices, "com1", 4) == 0)
			mask |= CONS_COM1;
		else if (strncmp(devices, "vga", 3) == 0)
			mask |= CONS_VGA;
		devices = strfind(devices, ',');
		if (*devices == ',')
			devices++;
	}
	if (mask)
		outputs = mask;
}

/** Spins after which a panicking CPU gives up on the output lock: some 4
 *  million instructions, longer than the kernel ever holds it, but for a
 *  user's cputs of some 200 KB to COM1 (which then gets mixed output). */
#define PANIC_LOCK_SPINS	1000000
/** A panicking CPU gave up on the output lock: it writes without it. */
static volatile bool out_abandoned;

bool
cons_out_lock(void)
{
	int me = cpunum();

	if (out_locked && out_owner == me)
		return false;
	for (uint32_t spins = 0; xchg(&out_locked, 1) != 0; spins++) {
		/* A panic must get its message out even if the holder is a
		 * CPU that will never let go (its stack smashed, say): give
		 * up waiting once, and for the rest of the panic. */
		if (panicking && (out_abandoned || spins > PANIC_LOCK_SPINS)) {
			out_abandoned = true;
			return false;
		}
		pause();
	}
	out_owner = me;
	return true;
}

bool
cons_out_abandoned(void)
{
	return out_abandoned && !(out_locked && out_owner == cpunum());
}

void
cons_out_unlock(void)
{
	out_owner = -1;
	xchg(&out_locked, 0);
}

void
cons_trace_device(const char *device)
{
	if (device && strcmp(device, "com1") == 0)
		trace_device = CONS_COM1;
	else
		trace_device = CONS_E9;
}

void
cons_trace_write(const char *s, size_t n)
{
	if (trace_device == CONS_E9) {
		outsb(E9_PORT, s, n);
		return;
	}
	/* Raw bytes: no newline translation inside a binary record. */
	for (size_t i = 0; i < n && serial_exists; i++)
		serial_putc((unsigned char) s[i]);
}

void
cons_write(const char *s, size_t n)
{
	/* A nested print (panic while printing) writes without the lock:
	 * losing atomicity beats losing the message. */
	bool locked = cons_out_lock();

	if (outputs & CONS_E9) {
		/* Whole runs with one instruction; a frame byte in console
		 * text would start a fake trace record, so it becomes '?'. */
		size_t i = 0;

		while (i < n) {
			size_t run = 0;

			while (i + run < n && s[i + run] != TEXT_FRAME && s[i + run] != BIN_FRAME)
				run++;
			outsb(E9_PORT, s + i, run);
			i += run;
			if (i < n) {
				outb(E9_PORT, '?');
				i++;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char) s[i];

		if ((outputs & CONS_COM1) && serial_exists) {
			if (c == '\n')
				serial_putc('\r');
			serial_putc(c == TEXT_FRAME || c == BIN_FRAME ? '?' : c);
		}
		if (outputs & CONS_VGA)
			vga_putc(c);
	}
	if (locked)
		cons_out_unlock();
}

int
cons_getc(void)
{
	int c;

	if (!serial_exists || !(inb(COM1 + COM_LSR) & COM_LSR_DATA))
		return 0;
	c = inb(COM1 + COM_RX);
	return c == '\r' ? '\n' : c;
}
