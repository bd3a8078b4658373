/**
 * @file trace.c
 * @brief Trace record formatting and emission.
 *
 * Fields are formatted into a stack buffer before the output lock is
 * taken; the sequence number and timestamp are assigned under the lock so
 * that the record stream is in SEQ order and timestamps never go back.
 * A record is lost only when this CPU is already inside the output lock
 * (a fault while printing); losses are counted and announced.
 *
 * @ingroup grp_tracing
 */
#include <inc/x86.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/stdarg.h>

#include "trace.h"
#include "console.h"
#include "cpu.h"
#include "spinlock.h"

#define TRACE_LINE_MAX	256	/**< most bytes of formatted fields in one record */
#define TRACE_FRAME	0x1e	/**< starts a record on port 0xE9 */

uint32_t trace_mask;

/** Sequence number of the next record (output lock). */
static uint32_t next_seq;	/* output lock */
/** Records dropped since the last one written, announced by "lost". */
static volatile uint32_t lost;	/* records dropped, not yet announced */

/* Category names, in bit order, for trace= and the header. */
/** Category names, in bit order, for trace= and the header. */
static const char * const category_names[] = {
	"env", "syscall", "fault", "sched", "lock", "mem", "pgfault", "ipc",
};

/* Default when trace= is absent: the v1 essentials, not syscalls or locks. */
#define TRACE_DEFAULT	(TR_ENV | TR_FAULT | TR_MEM)	/**< categories when trace= is absent */

/** Category mask of a list such as "env,sched", "all" or "none". */
static uint32_t
parse_categories(const char *spec)
{
	uint32_t mask = 0;

	if (strcmp(spec, "all") == 0)
		return ~0u;
	while (*spec) {
		const char *end = strfind(spec, ',');
		size_t len = end - spec;

		for (size_t i = 0; i < ARRAY_SIZE(category_names); i++)
			if (strlen(category_names[i]) == (int) len &&
			    strncmp(spec, category_names[i], len) == 0)
				mask |= 1u << i;
		spec = *end ? end + 1 : end;
	}
	return mask;
}

/**
 * A small formatter for trace lines. Records are the high-volume output of
 * the kernel (two per lock round trip), so this avoids the general printf
 * engine: it appends straight into the line buffer and knows only what
 * trace fields use: %s %d %u %x, a zero-padded width such as %08x, and
 * the ll modifier (%llu).
 */
struct line {
	/** next byte to write */
	char *p, *end;	/**< first byte past the usable buffer */
};

/** Append @p c to the line if there is room. */
static inline void
put_char(struct line *l, char c)
{
	if (l->p < l->end)
		*l->p++ = c;
}

/** Append the string @p s (truncated at the end of the line). */
static inline void
put_str(struct line *l, const char *s)
{
	while (*s && l->p < l->end)
		*l->p++ = *s++;
}

/** Append @p v in @p base, zero-padded to @p width, with a minus sign if @p neg. */
static void
put_num(struct line *l, uint64_t v, unsigned base, int width, bool neg)
{
	char digits[24];
	int n = 0;
	uint32_t v32;

	/* 64-bit division is a libgcc call per digit: do the high part
	 * (rarely nonzero) that way, the rest in 32 bits. */
	while (v >> 32) {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	}
	v32 = v;
	do {
		digits[n++] = "0123456789abcdef"[v32 % base];
		v32 /= base;
	} while (v32);
	if (neg)
		put_char(l, '-');
	for (; width > n; width--)
		put_char(l, '0');
	while (n > 0)
		put_char(l, digits[--n]);
}

/** Append the fields formatted from @p fmt (the subset of printf trace records use). */
static void
put_fmt(struct line *l, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int width = 0, longs = 0;

		if (*fmt != '%') {
			put_char(l, *fmt);
			continue;
		}
		fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			longs++, fmt++;
		switch (*fmt) {
		case 's':
			put_str(l, va_arg(ap, const char *));
			break;
		case 'd': {
			int64_t v = longs >= 2 ? va_arg(ap, int64_t) : va_arg(ap, int);

			put_num(l, v < 0 ? -(uint64_t) v : (uint64_t) v, 10, width, v < 0);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = longs >= 2 ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);

			put_num(l, v, *fmt == 'x' ? 16 : 10, width, false);
			break;
		}
		default:		/* not used by trace records */
			put_char(l, '%');
			put_char(l, *fmt ? *fmt : '?');
			if (!*fmt)
				return;
		}
	}
}

/**
 * Write one record (output lock held): the frame byte, "SEQ CPU TSC " and
 * the event name go out from a small buffer, the fields (formatted before
 * the lock was taken) straight from theirs: nothing is copied twice.
 */
static void
emit_line(const char *event, char *fields, size_t nfields)
{
	char head[64];
	struct line l = { head, head + sizeof(head) };

	put_char(&l, TRACE_FRAME);
	put_num(&l, next_seq++, 10, 0, false);
	put_char(&l, ' ');
	put_num(&l, cpunum(), 10, 0, false);
	put_char(&l, ' ');
	put_num(&l, read_tsc(), 10, 0, false);
	put_char(&l, ' ');
	put_str(&l, event);
	cons_e9_write(head, l.p - head);
	/* The fields buffer keeps room for the separator and newline. */
	fields[-1] = ' ';
	fields[nfields] = '\n';
	if (nfields)
		cons_e9_write(fields - 1, nfields + 2);
	else
		cons_e9_write(fields + nfields, 1);
}

void
trace_init(const char *spec)
{
	char header[128];
	int n = 0;

	trace_mask = spec ? parse_categories(spec) : TRACE_DEFAULT;

	n = snprintf(header, sizeof(header), "\x1e# glasswing-trace v1 cats=");
	if (trace_mask == 0)
		n += snprintf(header + n, sizeof(header) - n, "none");
	for (size_t i = 0, first = 1; i < ARRAY_SIZE(category_names); i++)
		if (trace_mask & (1u << i)) {
			n += snprintf(header + n, sizeof(header) - n, "%s%s",
				      first ? "" : ",", category_names[i]);
			first = 0;
		}
	n += snprintf(header + n, sizeof(header) - n, "\n");
	if (cons_out_lock()) {
		cons_e9_write(header, n);
		cons_out_unlock();
	}
}

/** Format the fields, then write the record under the output lock. */
static void
vtrace_record(const char *event, const char *fmt, va_list ap)
{
	/* buf[0] and one byte at the end are for emit_line's ' ' and '\n'. */
	char buf[TRACE_LINE_MAX + 2];
	char *fields = buf + 1;
	struct line l = { fields, buf + sizeof(buf) - 1 };

	put_fmt(&l, fmt, ap);
	if (!cons_out_lock()) {
		atomic_fetch_add(&lost, 1);
		return;
	}
	if (lost) {
		char msg[34];
		struct line m = { msg + 1, msg + sizeof(msg) - 1 };

		put_str(&m, "count=");
		put_num(&m, xchg(&lost, 0), 10, 0, false);
		emit_line("lost", msg + 1, m.p - (msg + 1));
	}
	emit_line(event, fields, l.p - fields);
	cons_out_unlock();
}

void
trace_record(const char *event, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vtrace_record(event, fmt, ap);
	va_end(ap);
}

void
trace_lock_acquired(struct spinlock *lk, uintptr_t caller,
		    uint32_t spins, uint64_t waited, int from_cpu)
{
	trace_record("lock_acquire", "name=%s caller=%08x spins=%u wait=%llu",
		     lk->name, caller, spins, waited);
	if (from_cpu >= 0)
		trace_record("lock_handover", "name=%s from=%d", lk->name, from_cpu);
}

void
trace_lock_released(struct spinlock *lk)
{
	trace_record("lock_release", "name=%s held=%llu",
		     lk->name, read_tsc() - lk->t_acquired);
}
