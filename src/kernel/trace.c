/**
 * @file trace.c
 * @brief Trace records: encoded compactly in the kernel, turned into text
 *        by the harness.
 *
 * Records are the kernel's highest-volume output (two per lock round
 * trip), so the kernel does not format them. Each call site registers its
 * event once (trace_site_t): the kernel writes a text schema line
 * `# event ID NAME FMT` and from then on only binary records:
 * @verbatim
 *   0x1F LEN ID CPU SEQ(4) TSC(8) ARGS...     (little endian)
 * @endverbatim
 * LEN counts the bytes after itself; ARGS holds each conversion of FMT in
 * order: 4 bytes for %d %u %x (any width), 8 for %llu, a NUL-terminated
 * string for %s. debug/harness.py formats them back into the text lines
 * of trace.h. Text lines (header, schemas) start with 0x1E as before.
 *
 * The record is built on the stack before the output lock is taken;
 * SEQ, CPU and TSC are filled in under the lock, so records appear in SEQ
 * order with timestamps that never go back. A record is lost only when
 * this CPU is already inside the output lock (a fault while printing) or
 * the event table is full; losses are counted and announced.
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

#define TEXT_FRAME	0x1e	/**< starts a text line (header, schema) on port 0xE9 */
#define BIN_FRAME	0x1f	/**< starts a binary record on port 0xE9 */
#define HEADER_SIZE	16	/**< frame, len, id, cpu, seq (4), tsc (8) */
#define RECORD_MAX	256	/**< a record, header included (LEN is one byte) */
#define MAX_EVENTS	64	/**< distinct event types (call sites' kinds) */
#define MAX_ARGS	12	/**< conversions in one format */

uint32_t trace_mask;

/** Sequence number of the next record (output lock). */
static uint32_t next_seq;
/** Records dropped since the last one written, announced by "lost". */
static volatile uint32_t lost;

/** What a registered event's arguments are: 'w' word, 'q' 64-bit, 's' string. */
struct event_type {
	uint8_t nargs;		/**< conversions in the format */
	char kinds[MAX_ARGS];	/**< kind of each conversion */
};

/** Registered event types by id (1..nevents); written under the output lock. */
static struct event_type events[MAX_EVENTS + 1];
/** Number of registered event types (output lock). */
static unsigned nevents;
/** The site of the "lost" record, registered by trace_init(). */
static trace_site_t lost_site;

/** Category names, in bit order, for trace= and the header. */
static const char * const category_names[] = {
	"env", "syscall", "fault", "sched", "lock", "mem", "pgfault", "ipc",
};

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

/** Write a text line (frame byte, @p text, newline) to port 0xE9; output lock held. */
static void
emit_text(const char *text)
{
	char frame = TEXT_FRAME, nl = '\n';

	cons_e9_write(&frame, 1);
	cons_e9_write(text, strlen(text));
	cons_e9_write(&nl, 1);
}

/**
 * Give the call site @p site an event id, writing the schema line that
 * tells the harness how to read its records. Output lock held. Returns
 * false if the event table is full.
 */
static bool
register_event(trace_site_t *site, const char *event, const char *fmt)
{
	struct event_type *t;
	char schema[RECORD_MAX];

	if (*site)			/* another CPU was first */
		return true;
	if (nevents == MAX_EVENTS)
		return false;
	t = &events[nevents + 1];
	t->nargs = 0;
	for (const char *f = fmt; *f; f++) {
		int longs = 0;

		if (*f != '%')
			continue;
		f++;
		while (*f >= '0' && *f <= '9')
			f++;
		while (*f == 'l')
			longs++, f++;
		if (!*f || t->nargs == MAX_ARGS)
			return false;
		t->kinds[t->nargs++] = *f == 's' ? 's' : longs >= 2 ? 'q' : 'w';
	}
	snprintf(schema, sizeof(schema), "# event %u %s %s", nevents + 1, event, fmt);
	emit_text(schema);
	nevents++;
	*site = nevents;
	return true;
}

/** Fill in SEQ, CPU, TSC and write the record; output lock held. */
static void
emit_record(uint8_t *rec, size_t size)
{
	rec[3] = cpunum();
	*(uint32_t *) (rec + 4) = next_seq++;
	*(uint64_t *) (rec + 8) = read_tsc();
	cons_e9_write((const char *) rec, size);
}

/** Announce dropped records with a "lost count=N" record; output lock held. */
static void
announce_lost(void)
{
	uint8_t rec[HEADER_SIZE + 4];

	rec[0] = BIN_FRAME;
	rec[1] = sizeof(rec) - 2;
	rec[2] = lost_site;
	*(uint32_t *) (rec + HEADER_SIZE) = xchg(&lost, 0);
	emit_record(rec, sizeof(rec));
}

void
trace_emit(trace_site_t *site, const char *event, const char *fmt, ...)
{
	uint8_t rec[RECORD_MAX];
	uint8_t *p = rec + HEADER_SIZE, *end = rec + sizeof(rec);
	const struct event_type *t;
	va_list ap;

	if (!*site) {
		bool ok;

		if (!cons_out_lock()) {
			atomic_fetch_add(&lost, 1);
			return;
		}
		ok = register_event(site, event, fmt);
		cons_out_unlock();
		if (!ok) {
			atomic_fetch_add(&lost, 1);
			return;
		}
	}

	t = &events[*site];
	va_start(ap, fmt);
	for (int i = 0; i < t->nargs; i++) {
		if (t->kinds[i] == 's') {
			const char *s = va_arg(ap, const char *);

			while (*s && p < end - 1)
				*p++ = *s++;
			*p++ = '\0';
		} else if (t->kinds[i] == 'q') {
			*(uint64_t *) p = va_arg(ap, uint64_t);
			p += 8;
		} else {
			*(uint32_t *) p = va_arg(ap, uint32_t);
			p += 4;
		}
		if (p > end - 8 && i + 1 < t->nargs)
			break;		/* no room: the harness sees a short record */
	}
	va_end(ap);
	rec[0] = BIN_FRAME;
	rec[1] = p - rec - 2;
	rec[2] = *site;

	if (!cons_out_lock()) {
		atomic_fetch_add(&lost, 1);
		return;
	}
	if (lost)
		announce_lost();
	emit_record(rec, p - rec);
	cons_out_unlock();
}

void
trace_init(const char *spec)
{
	char header[128];
	int n;

	trace_mask = spec ? parse_categories(spec) : TRACE_DEFAULT;

	n = snprintf(header, sizeof(header), "# glasswing-trace v1 cats=");
	if (trace_mask == 0)
		n += snprintf(header + n, sizeof(header) - n, "none");
	for (size_t i = 0, first = 1; i < ARRAY_SIZE(category_names); i++)
		if (trace_mask & (1u << i)) {
			n += snprintf(header + n, sizeof(header) - n, "%s%s",
				      first ? "" : ",", category_names[i]);
			first = 0;
		}
	if (cons_out_lock()) {
		emit_text(header);
		register_event(&lost_site, "lost", "count=%u");
		cons_out_unlock();
	}
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
