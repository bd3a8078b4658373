/**
 * @file monitor.c
 * @brief The kernel monitor. Input comes from COM1 (see README: the
 *        interactive console), output goes to every console device.
 *
 * @ingroup grp_boot
 */
#include <inc/stdio.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/x86.h>

#include "monitor.h"
#include "kdebug.h"
#include "trap.h"
#include "pmap.h"
#include "cpu.h"

#define WHITESPACE	"\t\r\n "	/**< characters that separate command words */
#define MAXARGS		16	/**< most words in one command line (with the NULL) */

/** A monitor command; its function returns -1 to leave the monitor, 0 to stay. */
struct command {
	const char *name;	/**< what the user types */
	const char *desc;	/**< one line for `help` */
	/** The implementation: the words typed and the trapframe given to monitor(). */
	int (*func)(int argc, char **argv, struct Trapframe *tf);
};

static int mon_help(int argc, char **argv, struct Trapframe *tf);
static int mon_kerninfo(int argc, char **argv, struct Trapframe *tf);
static int mon_backtrace(int argc, char **argv, struct Trapframe *tf);
static int mon_continue(int argc, char **argv, struct Trapframe *tf);

/** The monitor commands: name, help text, function. */
static const struct command commands[] = {
	{ "help", "Display this list of commands", mon_help },
	{ "kerninfo", "Display information about the kernel", mon_kerninfo },
	{ "backtrace", "Display a symbolized stack backtrace", mon_backtrace },
	{ "continue", "Resume the environment stopped at a breakpoint", mon_continue },
};

/** Monitor command "help": list the commands. */
static int
mon_help(int argc, char **argv, struct Trapframe *tf)
{
	(void) argc, (void) argv, (void) tf;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		cprintf("%s - %s\n", commands[i].name, commands[i].desc);
	return 0;
}

/** Monitor command "kerninfo": kernel symbols, footprint, memory, CPUs. */
static int
mon_kerninfo(int argc, char **argv, struct Trapframe *tf)
{
	extern char _start[], entry[], etext[], edata[], end[];

	(void) argc, (void) argv, (void) tf;
	cprintf("Special kernel symbols:\n");
	cprintf("  _start                  %08x (phys)\n", (uint32_t) _start);
	cprintf("  entry  %08x (virt)  %08x (phys)\n", (uint32_t) entry, (uint32_t) entry - KERNBASE);
	cprintf("  etext  %08x (virt)  %08x (phys)\n", (uint32_t) etext, (uint32_t) etext - KERNBASE);
	cprintf("  edata  %08x (virt)  %08x (phys)\n", (uint32_t) edata, (uint32_t) edata - KERNBASE);
	cprintf("  end    %08x (virt)  %08x (phys)\n", (uint32_t) end, (uint32_t) end - KERNBASE);
	cprintf("Kernel executable memory footprint: %dKB\n",
		ROUNDUP(end - entry, 1024) / 1024);
	cprintf("Physical memory: %uK, %u pages free; %d CPU(s)\n",
		(unsigned) (npages * PGSIZE / 1024), (unsigned) page_free_count(), ncpu);
	return 0;
}

/** Monitor command "backtrace": the symbolized call chain. */
static int
mon_backtrace(int argc, char **argv, struct Trapframe *tf)
{
	(void) argc, (void) argv, (void) tf;
	backtrace_print(read_ebp());
	return 0;
}

/** Monitor command "continue": resume the env stopped at a breakpoint. */
static int
mon_continue(int argc, char **argv, struct Trapframe *tf)
{
	(void) argc, (void) argv;
	if (!tf) {
		cprintf("nothing to continue: no environment is stopped here\n");
		return 0;
	}
	return -1;
}

/** Split @p buf into words and run the command it names. */
static int
runcmd(char *buf, struct Trapframe *tf)
{
	char *argv[MAXARGS];
	int argc = 0;

	for (;;) {
		while (*buf && strchr(WHITESPACE, *buf))
			*buf++ = 0;
		if (*buf == 0)
			break;
		if (argc == MAXARGS - 1) {
			cprintf("Too many arguments (max %d)\n", MAXARGS);
			return 0;
		}
		argv[argc++] = buf;
		while (*buf && !strchr(WHITESPACE, *buf))
			buf++;
	}
	argv[argc] = 0;

	if (argc == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].func(argc, argv, tf);
	cprintf("Unknown command '%s'\n", argv[0]);
	return 0;
}

void
monitor(struct Trapframe *tf)
{
	char *buf;

	cprintf("Welcome to the Glasswing kernel monitor!\n");
	cprintf("Type 'help' for a list of commands.\n");
	if (tf)
		print_trapframe(tf);

	for (;;) {
		buf = readline("K> ");
		if (buf && runcmd(buf, tf) < 0)
			break;
	}
}
