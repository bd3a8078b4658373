/**
 * @file trace.h
 * @brief Structured trace records: the kernel's machine-checkable account
 *        of what it did, written to port 0xE9 beside the console.
 *
 * Record format (schema version 1), one per line, as the harness writes
 * them to trace.log:
 * @verbatim
 *   SEQ CPU TSC EVENT key=value key=value ...
 * @endverbatim
 * SEQ is a global sequence number (records appear in SEQ order), CPU the
 * emitting CPU, TSC the emulated time-stamp counter, EVENT a lower-case
 * name, then fields in a fixed order per event. The first line is the
 * header "# glasswing-trace v1 cats=...". A record that could not be
 * written is counted, and the next record written is preceded by
 * "lost count=N". The page @ref tracing lists every event.
 *
 * On port 0xE9 the kernel sends each record compactly (its values, not
 * text) and the harness formats the line; see trace.c for the encoding.
 *
 * @ingroup grp_tracing
 */
#ifndef GW_KERN_TRACE_H
#define GW_KERN_TRACE_H

/**
 * @defgroup grp_tracing Tracing
 * @brief Structured, machine-checked trace records on port 0xE9.
 *        See @ref tracing.
 */

#include <inc/types.h>

/** Trace categories, selected per run with trace=cat,cat,... */
enum trace_category {
	TR_ENV     = 1 << 0,	/**< env_create, env_load, env_exit, env_destroy, env_free */
	TR_SYSCALL = 1 << 1,	/**< syscall_enter, syscall_exit (off by default) */
	TR_FAULT   = 1 << 2,	/**< page_fault_user, user_trap, env_killed */
	TR_SCHED   = 1 << 3,	/**< sched_switch, cpu_idle, cpu_wake, env_status */
	TR_LOCK    = 1 << 4,	/**< lock_acquire, lock_handover, lock_release */
	TR_MEM     = 1 << 5,	/**< mem_free: the free-page count at checkpoints */
	TR_PGFAULT = 1 << 6,	/**< pgfault_upcall, page_alloc/map/unmap, tlb_shootdown */
	TR_IPC     = 1 << 7,	/**< ipc_send, ipc_block, ipc_wake, ipc_page */
};

/** The categories in force (written once at boot, before other CPUs run). */
extern uint32_t trace_mask;

/** True if records of category @p cat are wanted. */
static inline bool
trace_on(uint32_t cat)
{
	return (trace_mask & cat) != 0;
}

/** Set the categories from a list ("env,fault", "all", "none") and write the header. */
void trace_init(const char *spec);

/** A call site's registered event id (0 until its first record). */
typedef uint8_t trace_site_t;

/**
 * Write one record of @p event with the fields of @p fmt ("key=%x
 * key=%s ..."; conversions %d %u %x with an optional zero-padded width,
 * %llu, %s). @p site caches the event's id: the first call registers it.
 * Use trace_record() or TRACE(), which give each call site its own.
 */
void trace_emit(trace_site_t *site, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Write one record (category already checked by the caller). */
#define trace_record(event, ...)					\
	do {								\
		static trace_site_t _trace_site;			\
		trace_emit(&_trace_site, event, __VA_ARGS__);		\
	} while (0)

/**
 * Emit @p event of category @p cat if that category is on: a disabled
 * category costs one test.
 */
#define TRACE(cat, event, ...)						\
	do {								\
		if (trace_on(cat))					\
			trace_record(event, __VA_ARGS__);		\
	} while (0)

struct spinlock;
/** lock_acquire (and lock_handover when @p from_cpu >= 0) for @p lk. */
void trace_lock_acquired(struct spinlock *lk, uintptr_t caller,
			 uint32_t spins, uint64_t waited, int from_cpu);
/** lock_release for @p lk (called while still holding it). */
void trace_lock_released(struct spinlock *lk);

#endif /* !GW_KERN_TRACE_H */
