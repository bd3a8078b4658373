/**
 * @file preempt.c
 * @brief Forced preemption points: the preempt= option, the per-env point
 *        counters and the decision at each point (see preempt.h).
 *
 * The option: `preempt=POINTS[/N][@DECISIONS]`.
 *
 *  - POINTS: `syscall`, `fault`, `ipi`, `lockrel` (comma-separated), or
 *    `all`.
 *  - `/N`: each point is taken with probability 1/N (default 4).
 *  - `@DECISIONS`: instead of drawing, take exactly the points listed,
 *    `ENV:K,ENV:K...` (env id in hex, K the env's point counter): what
 *    `make explore` replays and shrinks.
 *
 * Why a decision depends on (seed, env id, counter) and nothing else: the
 * draw is a hash of the three, not the next number of a sequence. So it
 * does not depend on which CPU reaches the point or on the order in which
 * CPUs reach theirs; the timer's generator (timer.c, which seed= also
 * seeds) is never consumed here, so adding preempt= leaves the timer
 * periods of a seed as they were; and a list of (env, counter) pairs
 * names the same decisions a draw made -- in a run whose envs make the
 * same calls, the same points -- which is what lets a failure be shrunk
 * to a few of its preemptions. An env's counter counts the points it has
 * passed (taken or not) since it was created.
 *
 * Locking: everything here but preempt_points (written once at boot) is
 * touched with the big kernel lock held.
 *
 * @ingroup grp_smp
 */
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/trap.h>

#include "preempt.h"
#include "sched.h"
#include "env.h"
#include "cmdline.h"
#include "trace.h"
#include "tlb.h"
#include "cpu.h"

uint8_t preempt_points;
int preempt_resched_none = SCHED_NONE;

/** The names of the points, in the bit order of enum preempt_point_bits
 *  and of the trace schema's `point` enum. */
static const char * const point_names[] = { "syscall", "fault", "ipi", "lockrel" };

_Static_assert(TR_point_syscall == 0 && TR_point_fault == 1 && TR_point_ipi == 2 &&
	       TR_point_lockrel == 3, "the trace's point names follow enum preempt_point_bits");

/** Most decisions an explicit list may give (a 512-byte command line holds
 *  fewer); a power of two, for the search in listed(). */
#define MAX_DECISIONS	64

/** One explicit decision: take the point numbered @c seq of env @c env. */
struct preempt_decision {
	uint32_t env;		/**< the env id */
	uint32_t seq;		/**< its point counter at the point */
};

/**
 * The explicit decisions (preempt=...@...), sorted, the unused entries
 * filled with ~0 (after every real one). Searched even when points are
 * drawn (see taken()), and then all zero: never a match, env ids are not 0.
 */
static struct preempt_decision decisions[MAX_DECISIONS];
/** 1 when points are drawn, 0 when decisions[] lists them. */
static uint32_t drawing = 1;
/** A point is taken with probability 1/one_in when drawn. */
static uint32_t one_in = 4;

/** Each slot's point counter, for the env id beside it (BKL). */
static struct {
	envid_t env;		/**< whose counter this is (a reused slot starts again) */
	uint32_t seq;		/**< points passed */
} counters[NENV];

/**
 * The draw: a 32-bit mix of (seed, env id, counter) -- murmur3's
 * finaliser over a combination of the three -- uniform enough that one
 * in one_in points is taken. A generator of its own: not timer.c's.
 */
static uint32_t
draw(uint32_t seed, uint32_t env, uint32_t seq)
{
	uint32_t x = seed * 0x9e3779b9u ^ env * 0x85ebca6bu ^ seq * 0xc2b2ae35u ^ 0x5bd1e995u;

	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

/** The bit of the point named by the @p len characters at @p s, or 0. */
static uint8_t
point_bit(const char *s, size_t len)
{
	if (len == 3 && strncmp(s, "all", 3) == 0)
		return PREEMPT_SYSCALL | PREEMPT_FAULT | PREEMPT_IPI | PREEMPT_LOCKREL;
	for (size_t i = 0; i < ARRAY_SIZE(point_names); i++)
		if ((size_t) strlen(point_names[i]) == len && strncmp(s, point_names[i], len) == 0)
			return 1 << i;
	return 0;
}

/** True if decision @p a sorts before (@p env, @p seq). Branch-free. */
static inline uint32_t
before(const struct preempt_decision *a, uint32_t env, uint32_t seq)
{
	return (a->env < env) | ((a->env == env) & (a->seq < seq));
}

/**
 * Parse the decision list at @p s ("ENV:K,ENV:K...") into decisions[],
 * sorted; false (with a message) if it is malformed or too long.
 */
static bool
parse_decisions(const char *s)
{
	int n = 0;

	for (int i = 0; i < MAX_DECISIONS; i++)
		decisions[i] = (struct preempt_decision) { ~0u, ~0u };
	while (*s) {
		char *end;
		long env = strtol(s, &end, 16), seq;
		int i;

		if (end == s || *end != ':' || n == MAX_DECISIONS)
			goto bad;
		s = end + 1;
		seq = strtol(s, &end, 10);
		if (end == s || seq <= 0 || (*end && *end != ','))
			goto bad;
		/* Insertion sort: a few dozen entries, once at boot. */
		for (i = n++; i > 0 && !before(&decisions[i - 1], env, seq); i--)
			decisions[i] = decisions[i - 1];
		decisions[i] = (struct preempt_decision) { env, seq };
		s = *end ? end + 1 : end;
	}
	drawing = 0;
	return true;
bad:
	cprintf("preempt: the decisions must be ENV:K,ENV:K... (at most %d), not '%s'\n",
		MAX_DECISIONS, s);
	return false;
}

void
preempt_init(const char *spec)
{
	const char *s = spec;
	uint8_t points = 0;

	if (!spec || !*spec || strcmp(spec, "none") == 0)
		return;
	while (*s && *s != '/' && *s != '@') {
		const char *end = s;
		uint8_t bit;

		while (*end && *end != ',' && *end != '/' && *end != '@')
			end++;
		if (!(bit = point_bit(s, end - s))) {
			cprintf("preempt: no point '%.*s' (points: syscall fault ipi lockrel all): "
				"preemption points off\n", (int) (end - s), s);
			return;
		}
		points |= bit;
		s = *end == ',' ? end + 1 : end;
	}
	if (*s == '/') {
		char *end;
		long n = strtol(s + 1, &end, 10);

		if (n < 1 || (*end && *end != '@')) {
			cprintf("preempt: /N needs a whole number N >= 1 in '%s': preemption points off\n",
				spec);
			return;
		}
		one_in = n;
		s = end;
	}
	if (*s == '@' && !parse_decisions(s + 1))
		return;
	if (!points)
		cprintf("preempt: '%s' names no point (points: syscall fault ipi lockrel all): "
			"preemption points off\n", spec);
	preempt_points = points;
	if (points)
		preempt_resched_none = SCHED_POINT;
}

/**
 * Whether (@p env, @p seq) is in decisions[]: a binary search of fixed
 * length, for the first entry not before it (i ends in [0, MAX_DECISIONS
 * - 1]: when every entry is before it, the last, which then does not match).
 */
static uint32_t
listed(uint32_t env, uint32_t seq)
{
	uint32_t i = 0;

	for (uint32_t half = MAX_DECISIONS / 2; half; half /= 2)
		i += half & -before(&decisions[i + half - 1], env, seq);
	return (decisions[i].env == env) & (decisions[i].seq == seq);
}

/**
 * Whether the point numbered @p seq of env @p env is taken. Both ways of
 * deciding are computed, without a branch on which is in force: a run
 * given the decisions a draw made then executes the same instructions as
 * the run that drew them, and its timer interrupts land where they did
 * (only the command line, printed at boot before the timers start, is
 * longer), so the explicit list reproduces the run (make explore's
 * shrinking starts from there).
 */
static bool
taken(envid_t env, uint32_t seq)
{
	uint32_t drawn = draw(opts.seed, env, seq) % one_in == 0;

	return (drawn & drawing) | (listed(env, seq) & !drawing);
}

int
preempt_decide(struct CpuInfo *c, struct Env *e)
{
	unsigned where;
	size_t slot;

	/* A point is a return to the env the CPU was in a trap for. */
	if (!e || e->env_status != ENV_RUNNING)
		return SCHED_NONE;
	switch (e->env_tf.tf_trapno) {
	case T_SYSCALL:
		where = TR_point_syscall;
		break;
	case T_PGFLT:		/* still RUNNING: the upcall was dispatched */
		where = TR_point_fault;
		break;
	case T_TLB_FLUSH:	/* only taken into the kernel with the ipi point */
		where = TR_point_ipi;
		break;
	default:
		where = TR_point_lockrel;
		break;
	}
	if (!(preempt_points & ((1u << where) | PREEMPT_LOCKREL)))
		env_resume(c, e);
	slot = ENVX(e->env_id);
	if (counters[slot].env != e->env_id)
		counters[slot].env = e->env_id, counters[slot].seq = 0;
	if (!taken(e->env_id, ++counters[slot].seq))
		env_resume(c, e);
	trace_sched_preempt_point(where, e->env_id, counters[slot].seq);
	return SCHED_PREEMPT;
}

void
preempt_ipi_dispatch(void)
{
	lapic_eoi();
}
