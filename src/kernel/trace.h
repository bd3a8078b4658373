/**
 * @file trace.h
 * @brief Structured trace records: the kernel's machine-checkable account
 *        of what it did, written to port 0xE9 beside the console.
 *
 * Every event is declared once, with typed fields, in trace_events.h.
 * This header turns that table into one emitter per event,
 * trace_NAME(field, field, ...), with the field types of the table: a call
 * site that passes the wrong number or kind of values does not compile,
 * and there is no format string to get wrong. An emitter whose category is
 * off costs one test.
 *
 * On the wire (port 0xE9) a record is a packed struct: the frame byte
 * 0x1F, the event id, the CPU, the low 32 bits of the TSC, then the fields
 * in table order at their fixed sizes (trace_events.h); a tsc_high record
 * goes first whenever the TSC's high 32 bits change for that CPU. The
 * harness decodes it with the schema the kernel writes at boot (text lines
 * framed by 0x1E):
 * @verbatim
 *   # glasswing-trace v3 cats=env,sched,... uxstacktop=eec00000 pgsize=4096 utf_size=52
 *   # enum state free dying runnable running not_runnable none
 *   # lock kernel_lock
 *   # event sched_switch sched prev:env prev_state:state next:env reason:reason
 *   # machine cpus=2
 * @endverbatim
 * and writes trace.log, one record per line:
 * @verbatim
 *   SEQ CPU TSC EVENT field=value ...
 * @endverbatim
 * SEQ is the record's place in the stream (records leave one at a time,
 * under the output lock, so the stream order is the order they were
 * written in). A record that cannot be written (this CPU is already
 * inside the output lock: a fault while printing) is counted, and the next
 * record written is preceded by `lost count=N`. The page @ref tracing
 * lists every event.
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
#include <inc/string.h>
#include "trace_macros.h"

/** Trace categories, selected per run with trace=cat,cat,... */
enum trace_category {
	TR_ENV     = 1 << 0,	/**< the life of environments */
	TR_SYSCALL = 1 << 1,	/**< every system call (off by default) */
	TR_FAULT   = 1 << 2,	/**< user exceptions and kills */
	TR_SCHED   = 1 << 3,	/**< switches, resumes, idle, status changes */
	TR_LOCK    = 1 << 4,
	TR_MEM     = 1 << 5,	/**< the machine and free-page counts */
	TR_PGFAULT = 1 << 6,	/**< upcalls, page system calls, TLB shootdowns */
	TR_IPC     = 1 << 7,	/**< messages and pages between envs */
};

/** The categories in force (written once at boot, before other CPUs run). */
extern uint32_t trace_mask;

/** True if records of category @p cat are wanted. */
static inline bool
trace_on(uint32_t cat)
{
	return (trace_mask & cat) != 0;
}

/** Set the categories from a list ("env,fault", "all", "none"); write the header and schema. */
void trace_init(const char *spec);
/**
 * Write the machine line: the CPU count and @p timer_tsc, the TSC ticks in
 * one timer period (the checker's liveness bounds); once, after mp_init().
 */
void trace_machine(uint32_t timer_tsc);

/**
 * The fixed start of every record on the wire. Only the low half of the
 * TSC travels: the high half changes every 2^32 ticks (86 s of Bochs'
 * emulated time), and when it does a tsc_high record says so first.
 */
struct trace_head {
	uint8_t frame;		/**< 0x1F */
	uint8_t event;		/**< the event's place in trace_events.h, from 1 */
	uint8_t cpu;		/**< the emitting CPU */
	uint32_t tsc;		/**< time of writing (under the output lock), low 32 bits */
} __attribute__((packed));

/** A cpu_or_none field's `none`: no CPU has this number. */
#define TR_CPU_NONE	0xff

/** A str field: at most 23 characters and a NUL, NUL-padded. */
struct trace_str {
	char s[24];
};

/**
 * Send one record: fill in the frame, @p event, CPU and TSC of @p head
 * and write @p size bytes under the output lock (trace.c).
 */
void trace_write(struct trace_head *head, unsigned event, size_t size);

/** Copy @p src into @p dst of @p size bytes, cut and NUL-padded. */
static inline void
strlcpy_pad(char *dst, const char *src, size_t size)
{
	size_t i = 0;

	for (; i + 1 < size && src[i]; i++)
		dst[i] = src[i];
	for (; i < size; i++)
		dst[i] = '\0';
}

/**
 * lock_acquire for traced lock @p id, just acquired by @p caller after
 * @p spins turns (with the CPU it came from if another CPU released it
 * while we spun); @p t0 is the TSC when it started. Lock held.
 */
void trace_lock_acquired(unsigned id, uintptr_t caller, uint32_t spins, uint64_t t0);
/** lock_release for traced lock @p id, about to be released (still held). */
void trace_lock_released(unsigned id);

/** @cond TRACE_TABLE_EXPANSION */
/* Per kind: the emitter's parameter type, the record's member type, and
 * how a parameter is stored. Enum kinds are one byte. */
#define TRK_env		env
#define TRK_va		va
#define TRK_hex		hex
#define TRK_word	word
#define TRK_u32		u32
#define TRK_i32		i32
#define TRK_u64		u64
#define TRK_u8		u8
#define TRK_cpu		cpu
#define TRK_cpu_or_none	cpu
#define TRK_lock	lock
#define TRK_str		str
#define TRK_state	enum
#define TRK_reason	enum
#define TRK_kill	enum
#define TRK_when	enum
#define TRK_stop	enum
#define TRK_syscall	enum
#define TRK_point	enum

#define TRP_env		int32_t
#define TRP_va		uintptr_t
#define TRP_hex		uint32_t
#define TRP_word	uint32_t
#define TRP_u32		uint32_t
#define TRP_i32		int32_t
#define TRP_u64		uint64_t
#define TRP_u8		uint8_t
#define TRP_cpu		unsigned
#define TRP_lock	unsigned
#define TRP_str		const char *
#define TRP_enum	unsigned

#define TRM_env		int32_t
#define TRM_va		uint32_t
#define TRM_hex		uint32_t
#define TRM_word	uint32_t
#define TRM_u32		uint32_t
#define TRM_i32		int32_t
#define TRM_u64		uint64_t
#define TRM_u8		uint8_t
#define TRM_cpu		uint8_t
#define TRM_lock	uint8_t
#define TRM_str		struct trace_str
#define TRM_enum	uint8_t

#define TRS_str(dst, v)	strlcpy_pad((dst).s, (v), sizeof((dst).s))
#define TRS_any(dst, v)	((dst) = (v))
#define TRS_env		TRS_any
#define TRS_va		TRS_any
#define TRS_hex		TRS_any
#define TRS_word	TRS_any
#define TRS_u32		TRS_any
#define TRS_i32		TRS_any
#define TRS_u64		TRS_any
#define TRS_u8		TRS_any
#define TRS_cpu		TRS_any
#define TRS_lock	TRS_any
#define TRS_enum	TRS_any

#define TRACE_CAT_env		TR_ENV
#define TRACE_CAT_syscall	TR_SYSCALL
#define TRACE_CAT_fault		TR_FAULT
#define TRACE_CAT_sched		TR_SCHED
#define TRACE_CAT_lock		TR_LOCK
#define TRACE_CAT_mem		TR_MEM
#define TRACE_CAT_pgfault	TR_PGFAULT
#define TRACE_CAT_ipc		TR_IPC
#define TRACE_CAT_always	0

#define TR_KIND(k)		TR_CAT(TRK_, k)
#define TR_PARAM(a, f)		TR_PARAM_ f
#define TR_PARAM_(k, n)		, TR_CAT(TRP_, TR_KIND(k)) n
#define TR_MEMBER(a, f)		TR_MEMBER_ f
#define TR_MEMBER_(k, n)	TR_CAT(TRM_, TR_KIND(k)) n;
#define TR_STORE(r, f)		TR_STORE_ f
#define TR_ARG(a, f)		TR_ARG_ f
#define TR_ARG_(k, n)		, n
#define TR_STORE_(k, n)		TR_CAT(TRS_, TR_KIND(k))(rec.n, n);
#define TR_ENUM_VALUE(e, v)	TR_##e##_##v,

/* Enumerations: TR_<enum>_<value>. */
#define TRACE_ENUM(name, ...)	enum { TR_EACH(TR_ENUM_VALUE, name, __VA_ARGS__) TR_##name##_count };
#define TRACE_LOCK(name)
#define TRACE_EVENT(name, cat, doc, ...)
#include "trace_events.h"
#undef TRACE_ENUM
#undef TRACE_LOCK
#undef TRACE_EVENT

/* Traced locks: TR_lock_<name>; event ids: TR_EV_<name>. */
#define TRACE_ENUM(name, ...)
#define TRACE_LOCK(name)	TR_lock_##name,
#define TRACE_EVENT(name, cat, doc, ...)
enum { 
#include "trace_events.h"
	TR_lock_count };
#undef TRACE_LOCK
#define TRACE_LOCK(name)
#undef TRACE_EVENT
#define TRACE_EVENT(name, cat, doc, ...)	TR_EV_##name,
enum { TR_EV_none,
#include "trace_events.h"
	TR_EV_count };
#undef TRACE_EVENT

/* One record struct and one emitter per event. The category test is
 * always inline at the call site (two instructions when it is off: GCC
 * had taken whole emitters out of line on hot paths, a call just to find
 * the category off); building the record is GCC's choice. */
#define TRACE_EVENT(name, cat, doc, ...)						\
	struct trace_rec_##name {						\
		struct trace_head head;						\
		TR_EACH(TR_MEMBER, _, __VA_ARGS__)				\
	} __attribute__((packed));						\
	static inline void							\
	trace_##name##_send(TR_DROP1(TR_EACH(TR_PARAM, _, __VA_ARGS__)))	\
	{									\
		struct trace_rec_##name rec;					\
										\
		TR_EACH(TR_STORE, _, __VA_ARGS__)				\
		trace_write(&rec.head, TR_EV_##name, sizeof(rec));		\
	}									\
	static inline __attribute__((always_inline)) void			\
	trace_##name(TR_DROP1(TR_EACH(TR_PARAM, _, __VA_ARGS__)))		\
	{									\
		if (TRACE_CAT_##cat && !trace_on(TRACE_CAT_##cat))		\
			return;							\
		trace_##name##_send(TR_DROP1(TR_EACH(TR_ARG, _, __VA_ARGS__)));	\
	}
#include "trace_events.h"
#undef TRACE_ENUM
#undef TRACE_LOCK
#undef TRACE_EVENT
/** @endcond */

#endif /* !GW_KERN_TRACE_H */
