/**
 * @file expect.c
 * @brief expect_result(): the one-line check that Glasswing's own test
 *        programs print for each system-call result they verify.
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

void
expect_result(const char *what, int got, int want)
{
	if (got != want)
		panic("%s returned %d (%e), expected %d (%e)", what, got, got, want, want);
	if (want == 0)
		cprintf("ok: %s -> success\n", what);
	else
		cprintf("ok: %s -> %e\n", what, want);
}
