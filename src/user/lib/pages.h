/**
 * @file pages.h
 * @brief Walking this env's own mappings through uvpd/uvpt (private to
 *        the user library: fork.c, eagerfork.c).
 * @ingroup grp_ulib
 */
#ifndef GW_ULIB_PAGES_H
#define GW_ULIB_PAGES_H

#include <inc/lib.h>

/** True if page number @p pn is mapped here (its page table too). */
static inline bool
page_mapped(uintptr_t pn)
{
	return (uvpd[pn / NPTENTRIES] & PTE_P) && (uvpt[pn] & PTE_P);
}

/**
 * The first page number at or after @p pn, below UTOP, that a fork must
 * copy or share: mapped, and not the exception stack (a child gets its
 * own). PGNUM(UTOP) when there is none. Skips missing page tables whole.
 */
static inline uintptr_t
next_forkable_page(uintptr_t pn)
{
	for (; pn < PGNUM(UTOP); pn++) {
		if (!(uvpd[pn / NPTENTRIES] & PTE_P)) {
			pn = ROUNDUP(pn + 1, NPTENTRIES) - 1;
			continue;
		}
		if ((uvpt[pn] & PTE_P) && pn != PGNUM(UXSTACKTOP - PGSIZE))
			return pn;
	}
	return PGNUM(UTOP);
}

#endif /* !GW_ULIB_PAGES_H */
