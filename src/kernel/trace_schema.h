/**
 * @file trace_schema.h
 * @brief trace_schema_text: the schema of trace_events.h as text, the
 *        lines the kernel writes at boot (trace.c) and the build writes to
 *        build/trace-schema.txt for the harness (debug/trace-schema.c).
 *
 * One line per enum, traced lock and event, in table order; event ids
 * and lock ids are their places (events from 1, locks from 0), enum
 * values theirs (from 0):
 * @verbatim
 *   enum NAME VALUE VALUE ...
 *   lock NAME
 *   event NAME CATEGORY FIELD:KIND FIELD:KIND ...
 * @endverbatim
 * Both users include this one file, so the two copies cannot differ.
 *
 * @ingroup grp_tracing
 */
#ifndef GW_KERN_TRACE_SCHEMA_H
#define GW_KERN_TRACE_SCHEMA_H

#include "trace_macros.h"

/** @cond TRACE_TABLE_EXPANSION */
#define TR_SCHEMA_VALUE(e, v)	" " #v
#define TR_SCHEMA_FIELD(a, f)	TR_SCHEMA_FIELD_ f
#define TR_SCHEMA_FIELD_(k, n)	" " #n ":" #k
#define TRACE_ENUM(name, ...)	"enum " #name TR_EACH(TR_SCHEMA_VALUE, name, __VA_ARGS__) "\n"
#define TRACE_LOCK(name)	"lock " #name "\n"
#define TRACE_EVENT(name, cat, doc, ...) \
	"event " #name " " #cat TR_EACH(TR_SCHEMA_FIELD, _, __VA_ARGS__) "\n"
/** @endcond */

/** The schema lines, each ending in a newline. */
static const char trace_schema_text[] =
#include "trace_events.h"
	;

#undef TRACE_ENUM
#undef TRACE_LOCK
#undef TRACE_EVENT

#endif /* !GW_KERN_TRACE_SCHEMA_H */
