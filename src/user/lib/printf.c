/**
 * @file user/lib/printf.c
 * @brief User cprintf: format into a buffer, print it with one sys_cputs
 *        (more only for output longer than the buffer), so each line
 *        appears whole even when other envs print at the same time.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

#define PRINTBUF 256	/**< bytes buffered before a sys_cputs */

/** A cprintf in progress (user side). */
struct printbuf {
	int idx;
	int cnt;
	char buf[PRINTBUF];
};

/** vprintfmt callback: buffer one character, print the buffer when full. */
static void
putch(int ch, void *arg)
{
	struct printbuf *b = arg;

	b->buf[b->idx++] = ch;
	if (b->idx == PRINTBUF) {
		sys_cputs(b->buf, b->idx);
		b->idx = 0;
	}
	b->cnt++;
}

int
vcprintf(const char *fmt, va_list ap)
{
	struct printbuf b;

	b.idx = 0;
	b.cnt = 0;
	vprintfmt(putch, &b, fmt, ap);
	sys_cputs(b.buf, b.idx);
	return b.cnt;
}

int
cprintf(const char *fmt, ...)
{
	va_list ap;
	int cnt;

	va_start(ap, fmt);
	cnt = vcprintf(fmt, ap);
	va_end(ap);
	return cnt;
}
