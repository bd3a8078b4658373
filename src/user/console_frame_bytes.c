// console_frame_bytes: console text containing the bytes that frame trace
// records on port 0xE9 (0x1E, 0x1F) must not fake or break a record: the
// kernel prints them as '?', and the trace stays intact.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("before a\x1e" "b\x1f" "c after\n");
	cprintf("a frame byte at the end of a write: \x1f");
	cprintf("\n");
	cprintf("still fine\n");
}
