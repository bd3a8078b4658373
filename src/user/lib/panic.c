/**
 * @file user/lib/panic.c
 * @brief User panic() and warn().
 *
 * panic prints "[envid] user panic in <binaryname> at file:line: msg" and
 * then executes a breakpoint forever: the kernel destroys the env (or, in
 * an interactive session, stops it in the monitor). The message is built
 * in a buffer and printed with one system call, so that it stays one line
 * even when other envs print at the same time.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

#define MSGMAX 256	/**< longest panic or warning line, newline included */

/** Print "[id] user KIND in NAME at FILE:LINE: MESSAGE\n" in one piece. */
static void
report(const char *kind, const char *file, int line, const char *fmt, va_list ap)
{
	char msg[MSGMAX];
	int n;

	n = snprintf(msg, sizeof(msg), "[%08x] user %s in %s at %s:%d: ",
		     sys_getenvid(), kind, binaryname, file, line);
	if (n < MSGMAX - 1)
		n += vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	if (n > MSGMAX - 2)
		n = MSGMAX - 2;
	msg[n] = '\n';
	sys_cputs(msg, n + 1);
}

void
_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("panic", file, line, fmt, ap);
	va_end(ap);

	for (;;)
		asm volatile("int3");
}

void
_warn(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report("warning", file, line, fmt, ap);
	va_end(ap);
}
