/**
 * @file trace.c
 * @brief Trace record formatting and emission.
 *
 * Fields are formatted into a stack buffer before the output lock is
 * taken; the sequence number and timestamp are assigned under the lock so
 * that the record stream is in SEQ order and timestamps never go back.
 * A record is lost only when this CPU is already inside the output lock
 * (a fault while printing); losses are counted and announced.
 */
#include <inc/x86.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/stdarg.h>

#include "trace.h"
#include "console.h"
#include "cpu.h"
#include "spinlock.h"

#define TRACE_LINE_MAX	256

uint32_t trace_mask;

static uint32_t next_seq;	/* output lock */
static volatile uint32_t lost;	/* records dropped, not yet announced */

/* Category names, in bit order, for trace= and the header. */
static const char * const category_names[] = {
	"env", "syscall", "fault", "sched", "lock", "mem", "pgfault", "ipc",
};

/* Default when trace= is absent: the v1 essentials, not syscalls or locks. */
#define TRACE_DEFAULT	(TR_ENV | TR_FAULT | TR_MEM)

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

/* Emit a complete line (without the frame byte); output lock held. */
static void
emit_line(const char *event, const char *fields)
{
	char line[TRACE_LINE_MAX + 64];
	int n;

	n = snprintf(line, sizeof(line), "\x1e%u %d %llu %s%s%s\n",
		     next_seq++, cpunum(), read_tsc(), event,
		     fields[0] ? " " : "", fields);
	if (n >= (int) sizeof(line)) {	/* truncated: keep the newline */
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	cons_e9_write(line, n);
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

static void
vtrace_record(const char *event, const char *fmt, va_list ap)
{
	char fields[TRACE_LINE_MAX];

	vsnprintf(fields, sizeof(fields), fmt, ap);
	if (!cons_out_lock()) {
		atomic_fetch_add(&lost, 1);
		return;
	}
	if (lost) {
		char msg[32];

		snprintf(msg, sizeof(msg), "count=%u", xchg(&lost, 0));
		emit_line("lost", msg);
	}
	emit_line(event, fields);
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
