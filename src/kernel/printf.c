/**
 * @file kernel/printf.c
 * @brief The kernel's cprintf family and character I/O on the console.
 *
 * cprintf formats into a buffer and hands whole pieces to cons_write(), so
 * a line shorter than the buffer is printed atomically even when several
 * CPUs print at once.
 *
 * @ingroup grp_boot
 */
#include <inc/stdio.h>
#include <inc/stdarg.h>

#include "console.h"

#define PRINTBUF 256	/**< bytes buffered before a cons_write() */

/** A cprintf in progress: pending bytes and the running count. */
struct printbuf {
	int idx;
	int cnt;
	char buf[PRINTBUF];
};

/** vprintfmt callback: buffer one character, flush when the buffer is full. */
static void
putch(int ch, void *arg)
{
	struct printbuf *b = arg;

	b->buf[b->idx++] = ch;
	b->cnt++;
	if (b->idx == PRINTBUF) {
		cons_write(b->buf, b->idx);
		b->idx = 0;
	}
}

int
vcprintf(const char *fmt, va_list ap)
{
	struct printbuf b;

	b.idx = 0;
	b.cnt = 0;
	vprintfmt(putch, &b, fmt, ap);
	cons_write(b.buf, b.idx);
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

void
cputchar(int c)
{
	char ch = c;

	cons_write(&ch, 1);
}

int
getchar(void)
{
	int c;

	while ((c = cons_getc()) == 0)
		;
	return c;
}

int
iscons(int fd)
{
	(void) fd;
	return 1;
}
