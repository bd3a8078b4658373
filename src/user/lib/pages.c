/**
 * @file pages.c
 * @brief copy_page_to(): one page copied into a child, for eager_fork()
 *        (every page) and fork() (the stack pages).
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

#include "pages.h"

int
copy_page_to(envid_t child, void *va)
{
	int r;

	if ((r = sys_page_alloc(child, va, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	if ((r = sys_page_map(child, va, 0, UTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	page_copy(UTEMP, va);
	return sys_page_unmap(0, UTEMP);
}
