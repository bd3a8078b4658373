/**
 * @file trace_macros.h
 * @brief The preprocessor machinery that expands the table of
 *        trace_events.h into C declarations (trace.h) and into the schema
 *        text (trace_schema.h).
 *
 * Plain preprocessor, no types: debug/trace-schema.c, a host program,
 * uses it as well as the kernel.
 *
 * TR_EACH(m, a, x1, x2, ...) expands to m(a, x1) m(a, x2) ... for up to 16
 * items; a field item is a parenthesised pair `(kind, name)`, which
 * TR_FIELD() unpacks.
 *
 * @ingroup grp_tracing
 */
#ifndef GW_KERN_TRACE_MACROS_H
#define GW_KERN_TRACE_MACROS_H

/** Token pasting after expansion. */
#define TR_CAT(a, b)		TR_CAT_(a, b)
/** Token pasting (no expansion of @p a and @p b). */
#define TR_CAT_(a, b)		a##b
/** Number of arguments, 1..16. */
#define TR_NARGS(...)		TR_NARGS_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, \
					  8, 7, 6, 5, 4, 3, 2, 1, 0)
/** Helper of TR_NARGS(): the 17th argument. */
#define TR_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, \
		  _14, _15, _16, n, ...) n
/** m(a, x) for every x of the list. */
#define TR_EACH(m, a, ...)	TR_CAT(TR_EACH_, TR_NARGS(__VA_ARGS__))(m, a, __VA_ARGS__)
/** @cond TR_EACH_N */
#define TR_EACH_1(m, a, x)	m(a, x)
#define TR_EACH_2(m, a, x, ...)	m(a, x) TR_EACH_1(m, a, __VA_ARGS__)
#define TR_EACH_3(m, a, x, ...)	m(a, x) TR_EACH_2(m, a, __VA_ARGS__)
#define TR_EACH_4(m, a, x, ...)	m(a, x) TR_EACH_3(m, a, __VA_ARGS__)
#define TR_EACH_5(m, a, x, ...)	m(a, x) TR_EACH_4(m, a, __VA_ARGS__)
#define TR_EACH_6(m, a, x, ...)	m(a, x) TR_EACH_5(m, a, __VA_ARGS__)
#define TR_EACH_7(m, a, x, ...)	m(a, x) TR_EACH_6(m, a, __VA_ARGS__)
#define TR_EACH_8(m, a, x, ...)	m(a, x) TR_EACH_7(m, a, __VA_ARGS__)
#define TR_EACH_9(m, a, x, ...)	m(a, x) TR_EACH_8(m, a, __VA_ARGS__)
#define TR_EACH_10(m, a, x, ...) m(a, x) TR_EACH_9(m, a, __VA_ARGS__)
#define TR_EACH_11(m, a, x, ...) m(a, x) TR_EACH_10(m, a, __VA_ARGS__)
#define TR_EACH_12(m, a, x, ...) m(a, x) TR_EACH_11(m, a, __VA_ARGS__)
#define TR_EACH_13(m, a, x, ...) m(a, x) TR_EACH_12(m, a, __VA_ARGS__)
#define TR_EACH_14(m, a, x, ...) m(a, x) TR_EACH_13(m, a, __VA_ARGS__)
#define TR_EACH_15(m, a, x, ...) m(a, x) TR_EACH_14(m, a, __VA_ARGS__)
#define TR_EACH_16(m, a, x, ...) m(a, x) TR_EACH_15(m, a, __VA_ARGS__)
/** @endcond */
/** Drop the first of a list (used to drop a leading comma). */
#define TR_DROP1(...)		TR_DROP1_(__VA_ARGS__)
/** Helper of TR_DROP1(). */
#define TR_DROP1_(x, ...)	__VA_ARGS__

#endif /* !GW_KERN_TRACE_MACROS_H */
