/**
 * @file trace.c
 * @brief Writing trace records: the categories, the header and schema,
 *        and the one path every record takes to the trace device (port
 *        0xE9, or COM1 in interactive sessions: console.c).
 *
 * Records are the kernel's highest-volume output (two per lock round
 * trip), so the kernel never formats them: each emitter of trace.h fills
 * a packed struct on its stack, and trace_write() sends it with one
 * `rep outsb` under the console's output lock, which also orders the
 * records of all CPUs. The harness turns them into text with the schema
 * written at boot (trace_schema.h), so adding an event needs no code here.
 *
 * A record is lost only when this CPU is already inside the output lock (a
 * fault or panic while printing): it is counted and announced by a `lost`
 * record before the next one.
 *
 * @ingroup grp_tracing
 */
#include <inc/x86.h>
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/trap.h>

#include "trace.h"
#include "trace_schema.h"
#include "console.h"
#include "cpu.h"

#define TEXT_FRAME	0x1e	/**< starts a text line (header, schema) on port 0xE9 */
#define BIN_FRAME	0x1f	/**< starts a binary record on port 0xE9 */

uint32_t trace_mask;

/** Records dropped since the last one written, announced by "lost". */
static volatile uint32_t lost;

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

/** Write "# @p text" as a framed text line (@p len bytes, no newline in it). */
static void
emit_text(const char *text, size_t len)
{
	static const char prefix[] = { TEXT_FRAME, '#', ' ' };
	char nl = '\n';

	cons_trace_write(prefix, sizeof(prefix));
	cons_trace_write(text, len);
	cons_trace_write(&nl, 1);
}

/**
 * The header (version, categories, the user layout the checker needs) and
 * the schema lines. Output lock held; once, at boot (trace_init()), so
 * that everything the kernel prints comes after it: the harness tells the
 * kernel's console from Bochs' own start-up messages by it.
 */
static void
emit_header(void)
{
	char header[200];
	int n;

	n = snprintf(header, sizeof(header), "glasswing-trace v3 cats=");
	if (trace_mask == 0)
		n += snprintf(header + n, sizeof(header) - n, "none");
	for (size_t i = 0, first = 1; i < ARRAY_SIZE(category_names); i++)
		if (trace_mask & (1u << i)) {
			n += snprintf(header + n, sizeof(header) - n, "%s%s",
				      first ? "" : ",", category_names[i]);
			first = 0;
		}
	n += snprintf(header + n, sizeof(header) - n,
		      " uxstacktop=%08x pgsize=%u utf_size=%u",
		      UXSTACKTOP, PGSIZE, (unsigned) sizeof(struct UTrapframe));
	emit_text(header, n);
	for (const char *line = trace_schema_text; *line; ) {
		const char *end = strfind(line, '\n');

		emit_text(line, end - line);
		line = *end ? end + 1 : end;
	}
}

void
trace_init(const char *spec)
{
	trace_mask = spec ? parse_categories(spec) : TRACE_DEFAULT;
	if (cons_out_lock()) {
		emit_header();
		cons_out_unlock();
	}
}

void
trace_machine(uint32_t timer_tsc)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "machine cpus=%d timer_tsc=%u", ncpu, timer_tsc);

	if (cons_out_lock()) {
		emit_text(line, n);
		cons_out_unlock();
	}
}

/**
 * The high 32 bits of the TSC that the last record of each CPU carried
 * (0 before the first, as the decoder assumes). Output lock held.
 */
static uint32_t tsc_high_sent[NCPU];

/**
 * The tsc_high record saying that the record @p head starts (filled in,
 * not sent yet) has @p high as the high half of its TSC: it goes out just
 * before that record, with the same CPU and low half (once every 2^32
 * ticks). Output lock held.
 */
static void __attribute__((noinline))
send_tsc_high(const struct trace_head *head, uint32_t high)
{
	struct trace_rec_tsc_high rec = {
		.head = { BIN_FRAME, TR_EV_tsc_high, head->cpu, head->tsc },
		.high = high,
	};

	cons_trace_write((const char *) &rec, sizeof(rec));
	tsc_high_sent[head->cpu] = high;
}

/**
 * Fill in @p head (frame, @p event, this CPU, the low half of the TSC)
 * and send the @p size bytes of the record it starts, after a tsc_high
 * record if the high half changed since this CPU's last record. Output
 * lock held. Inlined: it is on every record's path.
 */
static inline __attribute__((always_inline)) void
send_record(struct trace_head *head, unsigned event, size_t size)
{
	unsigned cpu = cpunum();
	uint32_t low, high;

	/* One read for both halves: a tsc_high and its record cannot
	 * straddle a change of the high half. (Two 32-bit outputs, not
	 * read_tsc()'s 64-bit one, keep registers free on this path.) */
	asm volatile("rdtsc" : "=a" (low), "=d" (high));
	head->tsc = low;
	head->frame = BIN_FRAME;
	head->event = event;
	head->cpu = cpu;
	if (__builtin_expect(high != tsc_high_sent[cpu], 0))
		send_tsc_high(head, high);
	cons_trace_write((const char *) head, size);
}

/** Announce dropped records with a "lost count=N" record; output lock held. */
static void __attribute__((noinline))
announce_lost(void)
{
	struct trace_rec_lost rec;

	rec.count = xchg(&lost, 0);
	send_record(&rec.head, TR_EV_lost, sizeof(rec));
}

void
trace_write(struct trace_head *head, unsigned event, size_t size)
{
	if (!cons_out_lock()) {
		atomic_fetch_add(&lost, 1);
		return;
	}
	if (lost)
		announce_lost();
	send_record(head, event, size);
	cons_out_unlock();
}

/**
 * What the lock records need to know about a traced lock between its
 * acquire and its release: only ever touched by the lock's holder.
 */
struct lock_trace_state {
	int released_by;	/**< 1 + the CPU of the last release, 0 if none */
	/** TSC after the acquire record was written: held= then excludes the
	 *  cost of that record (not of the release record's own setup). */
	uint64_t t_acquired;
};

/** By traced lock id. */
static struct lock_trace_state lock_state[TR_lock_count];

void
trace_lock_acquired(unsigned id, uintptr_t caller, uint32_t spins, uint64_t t0)
{
	struct lock_trace_state *ls = &lock_state[id];
	unsigned from = TR_CPU_NONE;

	if (spins && ls->released_by && ls->released_by - 1 != cpunum())
		from = ls->released_by - 1;
	trace_lock_acquire(id, caller, spins, read_tsc() - t0, from);
	ls->t_acquired = read_tsc();
}

void
trace_lock_released(unsigned id)
{
	struct lock_trace_state *ls = &lock_state[id];

	trace_lock_release(id, read_tsc() - ls->t_acquired);
	ls->released_by = cpunum() + 1;
}
