/**
 * @file trace-schema.c
 * @brief A host program that prints the trace schema of the kernel
 *        (build/trace-schema.txt).
 *
 * The schema of src/kernel/trace_events.h, as the kernel writes it at
 * boot: the build keeps it in build/trace-schema.txt for the harness, the
 * checker and the documentation. Both copies come from trace_schema.h, so
 * they cannot differ from the kernel's.
 *
 * @ingroup grp_tools
 */
#include <stdio.h>

#include "trace_schema.h"

/** Print every schema line with the "# " the kernel's lines have. */
int
main(void)
{
	const char *p = trace_schema_text;

	while (*p) {
		fputs("# ", stdout);
		while (*p && *p != '\n')
			putchar(*p++);
		if (*p)
			putchar(*p++);
	}
	return 0;
}
