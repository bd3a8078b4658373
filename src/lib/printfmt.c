/**
 * @file printfmt.c
 * @brief The printf formatting engine, shared by the kernel and the user
 *        library. It never allocates and calls only the given putch, so it
 *        is safe in any context that may call putch.
 *
 * Conversions: %c %s %d %i %u %o %x %X %p %e %%, flags '-' and '0',
 * width and precision (digits or '*'), length modifiers l and ll.
 *
 * @ingroup grp_libc
 */
#include <inc/types.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/stdarg.h>
#include <inc/error.h>

/* Text for each error code; printed by %e. */
/** Text of each error code, printed by %e. */
static const char * const error_string[MAXERROR + 1] = {
	[E_UNSPECIFIED]	= "unspecified error",
	[E_BAD_ENV]	= "bad environment",
	[E_INVAL]	= "invalid parameter",
	[E_NO_MEM]	= "out of memory",
	[E_NO_FREE_ENV]	= "out of environments",
	[E_FAULT]	= "segmentation fault",
	[E_IPC_NOT_RECV]= "env is not recving",
	[E_EOF]		= "unexpected end of file",
};

/**
 * Print @p num in @p base within @p width: padded on the left with spaces or
 * zeros (@p padc ' ' or '0'), or on the right with spaces (@p padc '-').
 * A minus sign (@p neg) goes before zeros but after spaces.
 */
static void
printnum(void (*putch)(int, void*), void *putdat,
	 unsigned long long num, unsigned base, int width, int padc,
	 bool upper, bool neg)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int n = 0;

	do {
		buf[n++] = digits[num % base];
		num /= base;
	} while (num != 0);
	width -= n + neg;

	if (padc == ' ')
		for (; width > 0; width--)
			putch(' ', putdat);
	if (neg)
		putch('-', putdat);
	if (padc == '0')
		for (; width > 0; width--)
			putch('0', putdat);
	while (n > 0)
		putch(buf[--n], putdat);
	for (; width > 0; width--)
		putch(' ', putdat);
}

/** Fetch an unsigned integer argument of the given length modifier. */
static unsigned long long
getuint(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, unsigned long long);
	else if (lflag)
		return va_arg(*ap, unsigned long);
	else
		return va_arg(*ap, unsigned int);
}

/** Fetch a signed integer argument (sign-extended) of the length modifier. */
static long long
getint(va_list *ap, int lflag)
{
	if (lflag >= 2)
		return va_arg(*ap, long long);
	else if (lflag)
		return va_arg(*ap, long);
	else
		return va_arg(*ap, int);
}

void
vprintfmt(void (*putch)(int, void*), void *putdat, const char *fmt, va_list ap)
{
	const char *p;
	int ch, err;
	unsigned long long num;
	unsigned base;
	int lflag, width, precision;
	char padc;
	bool upper, neg;

	for (;;) {
		while ((ch = *(const unsigned char *) fmt++) != '%') {
			if (ch == '\0')
				return;
			putch(ch, putdat);
		}

		const char *spec = fmt;	/* for printing bad specs back */
		padc = ' ';
		width = -1;
		precision = -1;
		lflag = 0;
		upper = false;
		neg = false;
	reswitch:
		switch (ch = *(const unsigned char *) fmt++) {
		case '-':
			padc = '-';
			goto reswitch;
		case '0':
			if (padc != '-')
				padc = '0';
			goto reswitch;
		case '1': case '2': case '3': case '4': case '5':
		case '6': case '7': case '8': case '9':
			for (precision = 0; ; ++fmt) {
				precision = precision * 10 + ch - '0';
				ch = *fmt;
				if (ch < '0' || ch > '9')
					break;
			}
			goto process_precision;
		case '*':
			precision = va_arg(ap, int);
			goto process_precision;
		case '.':
			if (width < 0)
				width = 0;
			goto reswitch;
		process_precision:
			/* A number before '.' is the width, after it the precision. */
			if (width < 0)
				width = precision, precision = -1;
			goto reswitch;
		case 'l':
			lflag++;
			goto reswitch;

		case 'c':
			putch(va_arg(ap, int), putdat);
			break;

		case 'e':
			err = va_arg(ap, int);
			if (err < 0)
				err = -err;
			if (err > MAXERROR || (p = error_string[err]) == NULL)
				printfmt(putch, putdat, "error %d", err);
			else
				printfmt(putch, putdat, "%s", p);
			break;

		case 's':
			if ((p = va_arg(ap, const char *)) == NULL)
				p = "(null)";
			if (width > 0 && padc != '-')
				for (width -= strnlen(p, precision); width > 0; width--)
					putch(padc, putdat);
			for (; (ch = *p++) != '\0' && (precision < 0 || --precision >= 0); width--)
				putch(ch, putdat);
			for (; width > 0; width--)
				putch(' ', putdat);
			break;

		case 'd':
		case 'i': {
			long long n = getint(&ap, lflag);
			neg = n < 0;
			num = neg ? -(unsigned long long) n : (unsigned long long) n;
			base = 10;
			goto number;
		}
		case 'u':
			num = getuint(&ap, lflag);
			base = 10;
			goto number;
		case 'o':
			num = getuint(&ap, lflag);
			base = 8;
			goto number;
		case 'p':
			putch('0', putdat);
			putch('x', putdat);
			num = (unsigned long long) (uintptr_t) va_arg(ap, void *);
			base = 16;
			goto number;
		case 'X':
			upper = true;
			/* fall through */
		case 'x':
			num = getuint(&ap, lflag);
			base = 16;
		number:
			printnum(putch, putdat, num, base, width, padc, upper, neg);
			break;

		case '%':
			putch(ch, putdat);
			break;

		default:
			/* Unknown conversion: print it back literally. */
			putch('%', putdat);
			fmt = spec;
			break;
		}
	}
}

void
printfmt(void (*putch)(int, void*), void *putdat, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintfmt(putch, putdat, fmt, ap);
	va_end(ap);
}

/** State of one snprintf: the buffer window and the would-be length. */
struct sprintbuf {
	char *buf;	/**< next byte to write */
	char *ebuf;	/**< last byte usable for text (the NUL goes after) */
	int cnt;	/**< characters formatted so far */
};

/** vprintfmt callback of snprintf: store while there is room, count always. */
static void
sprintputch(int ch, void *arg)
{
	struct sprintbuf *b = arg;

	b->cnt++;
	if (b->buf < b->ebuf)
		*b->buf++ = ch;
}

int
vsnprintf(char *buf, int n, const char *fmt, va_list ap)
{
	struct sprintbuf b = { buf, buf + n - 1, 0 };

	if (buf == NULL || n < 1)
		return -E_INVAL;
	vprintfmt(sprintputch, &b, fmt, ap);
	*b.buf = '\0';
	return b.cnt;
}

int
snprintf(char *buf, int n, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return rc;
}
