/**
 * @file trace-schema.c
 * @brief A host program that prints the trace schema of
 * src/kernel/trace_events.h as the kernel writes it at boot: the build
 * keeps it in build/trace-schema.txt for the harness, the checker and the
 * documentation. Both copies come from trace_schema.h, so they cannot
 * differ from the kernel's. With --doc it prints, instead, one line per
 * event with the text the table gives it ("doc NAME TEXT"), which
 * debug/gen-trace-docs.py turns into the documentation's event table.
 * @ingroup grp_tools
 */
#include <stdio.h>
#include <string.h>

#include "trace_schema.h"

/** An event's name and the table's text about it. */
struct event_doc {
	const char *name;	/* the event */
	const char *doc;	/* what it means: who writes it */
};

#define TRACE_ENUM(name, ...)
#define TRACE_LOCK(name)
#define TRACE_EVENT(name, cat, doc, ...)	{ #name, doc },
static const struct event_doc event_docs[] = {
#include "trace_events.h"
};
#undef TRACE_ENUM
#undef TRACE_LOCK
#undef TRACE_EVENT

/** Print the schema (or, with --doc, the events' texts) on standard output. */
int
main(int argc, char **argv)
{
	const char *p = trace_schema_text;

	if (argc > 1 && strcmp(argv[1], "--doc") == 0) {
		for (size_t i = 0; i < sizeof(event_docs) / sizeof(event_docs[0]); i++)
			printf("doc %s %s\n", event_docs[i].name, event_docs[i].doc);
		return 0;
	}
	while (*p) {
		fputs("# ", stdout);
		while (*p && *p != '\n')
			putchar(*p++);
		if (*p)
			putchar(*p++);
	}
	return 0;
}
