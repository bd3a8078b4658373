/**
 * @file kdebug.h
 * @brief Kernel symbols and backtraces.
 *
 * The symbol table (function start addresses and names) is generated from
 * a first link of the kernel and linked into the .ksyms section; see
 * kernel.ld and debug/gen-ksyms.py.
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_KDEBUG_H
#define GW_KERN_KDEBUG_H

#include <inc/types.h>

/** One kernel function: start address and name. */
struct ksym {
	uintptr_t addr;		/**< first instruction */
	const char *name;
};

/**
 * The function containing @p eip: its name (NULL if none) and, in
 * @p *offset, the distance of @p eip from its start.
 */
const char *ksym_lookup(uintptr_t eip, uintptr_t *offset);

/**
 * Print the call chain starting at frame pointer @p ebp: one line per
 * frame with ebp, eip (the return address), five argument words and
 * function+offset, the function being the one that made the call (the
 * return address minus one: see kdebug.c), the offset that of the return
 * address from its start. Stops at
 * a zero ebp (entry.asm, mpentry.asm and halt.asm clear it), at a user
 * address, or at an unmapped frame.
 */
void backtrace_print(uint32_t ebp);

#endif /* !GW_KERN_KDEBUG_H */
