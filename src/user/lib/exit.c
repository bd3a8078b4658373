/**
 * @file exit.c
 * @brief exit(): destroy the calling environment.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

void
exit(void)
{
	sys_env_destroy(0);
}
