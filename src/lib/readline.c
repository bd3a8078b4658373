/**
 * @file readline.c
 * @brief Line input with echo and backspace, shared by the kernel monitor
 *        and user programs (each supplies cputchar/getchar).
 *
 * @ingroup grp_libc
 */
#include <inc/stdio.h>
#include <inc/error.h>

#define BUFLEN 1024	/**< size of the line buffer (longest line + 1) */

/** The line being read (returned by readline()). */
static char buf[BUFLEN];

char *
readline(const char *prompt)
{
	int i = 0, c;

	if (prompt != NULL)
		cprintf("%s", prompt);

	for (;;) {
		c = getchar();
		if (c < 0) {
			if (c != -E_EOF)
				cprintf("read error: %e\n", c);
			return NULL;
		} else if ((c == '\b' || c == '\x7f') && i > 0) {
			cputchar('\b');
			cputchar(' ');
			cputchar('\b');
			i--;
		} else if (c >= ' ' && i < BUFLEN - 1) {
			cputchar(c);
			buf[i++] = c;
		} else if (c == '\n' || c == '\r') {
			cputchar('\n');
			buf[i] = 0;
			return buf;
		}
	}
}
