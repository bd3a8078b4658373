/**
 * @file eagerfork.c
 * @brief eager_fork(): fork by copying every page at once (the lab-4
 *        part-A "dumbfork" technique), built from exofork and the page
 *        system calls only. A Glasswing extension used by tests of those
 *        calls; fork() is the copy-on-write version.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

#include "pages.h"

envid_t
eager_fork(void)
{
	envid_t child;
	int r;

	/* The child resumes here with eax = 0, on a copy of our stack made
	 * below: it uses only eax and the frames above this one. */
	if ((child = sys_exofork()) < 0)
		return child;
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (uintptr_t pn = next_forkable_page(0); pn < PGNUM(UTOP);
	     pn = next_forkable_page(pn + 1))
		if ((r = copy_page_to(child, (void *) (pn * PGSIZE))) < 0)
			goto fail;
	if ((r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		goto fail;
	return child;

fail:
	sys_env_destroy(child);
	return r;
}
