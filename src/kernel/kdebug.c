/**
 * @file kdebug.c
 * @brief Symbol lookup in the generated table, and frame-pointer
 *        backtraces (the kernel is built with -fno-omit-frame-pointer).
 *
 * @ingroup grp_boot
 */
#include <inc/x86.h>
#include <inc/memlayout.h>
#include <inc/stdio.h>

#include "kdebug.h"

/* Generated (debug/gen-ksyms.py), sorted by address. */
extern const struct ksym ksyms[];	/**< the symbol table (.ksyms section), sorted by address */
extern const uint32_t ksyms_count;	/**< number of entries in ksyms[] */
extern char etext[];			/**< end of the kernel text (kernel.ld) */

const char *
ksym_lookup(uintptr_t eip, uintptr_t *offset)
{
	uint32_t lo = 0, hi = ksyms_count;

	if (ksyms_count == 0 || eip < ksyms[0].addr || eip >= (uintptr_t) etext)
		return NULL;
	/* Find the last symbol whose address is <= eip. */
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= eip)
			lo = mid;
		else
			hi = mid;
	}
	*offset = eip - ksyms[lo].addr;
	return ksyms[lo].name;
}

/** True if the 4 KiB page holding kernel address @p va is mapped in the page
 * directory in use (4 MiB pages included: the entry page directory). */
static bool
kva_mapped(uintptr_t va)
{
	const uint32_t *pgdir = (const uint32_t *) (KERNBASE + (rcr3() & ~0xFFF));
	uint32_t pde = pgdir[va >> 22];

	if (!(pde & 1))
		return false;
	if (pde & 0x80)
		return true;
	return ((const uint32_t *) (KERNBASE + (pde & ~0xFFF)))[(va >> 12) & 0x3FF] & 1;
}

/**
 * The function a return address @p eip returns into, and in @p *offset the
 * distance of @p eip from that function's start.
 *
 * A return address points just past its call. When the call is the last
 * instruction of a function (a call that never returns: panic(),
 * sched_yield()), that is already the first byte of the next function, so
 * the call itself, at @p eip - 1, is what is looked up. Return addresses
 * in the AP start-up code run from its copy at MPENTRY_PADDR (boot_aps()),
 * not from where the kernel was linked: they are looked up in the original.
 */
static const char *
frame_function(uintptr_t eip, uintptr_t *offset)
{
	extern unsigned char mpentry_start[], mpentry_end[];
	uintptr_t where = eip - 1;
	const char *fn;

	if (where >= MPENTRY_PADDR &&
	    where < MPENTRY_PADDR + (uintptr_t) (mpentry_end - mpentry_start))
		where += (uintptr_t) mpentry_start - MPENTRY_PADDR;
	if (eip == 0 || !(fn = ksym_lookup(where, offset)))
		return NULL;
	*offset += 1;
	return fn;
}

void
backtrace_print(uint32_t ebp)
{
	cprintf("Stack backtrace:\n");
	for (int depth = 0; ebp != 0 && depth < 64; depth++) {
		const uint32_t *frame = (const uint32_t *) ebp;
		uintptr_t off = 0;
		const char *fn;

		/* A frame must be a kernel address, with its saved ebp, eip
		 * and five argument words mapped. */
		if (ebp < ULIM || ebp % 4 || !kva_mapped(ebp) ||
		    !kva_mapped(ebp + 7 * 4 - 1))
			break;
		fn = frame_function(frame[1], &off);
		cprintf("  ebp %08x  eip %08x  args %08x %08x %08x %08x %08x\n",
			ebp, frame[1], frame[2], frame[3], frame[4], frame[5], frame[6]);
		cprintf("         %s+%u\n", fn ? fn : "<unknown>", off);
		ebp = frame[0];
	}
}
