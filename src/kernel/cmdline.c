/**
 * @file cmdline.c
 * @brief Parse the boot command line into struct run_options.
 *
 * @ingroup grp_boot
 */
#include <inc/string.h>
#include <inc/stdio.h>
#include <inc/memlayout.h>

#include "cmdline.h"
#include "bootinfo.h"

char cmdline[CMDLINE_MAX];
struct run_options opts = { .prog = "" };

/* Words not understood, kept to report once the console works. */
/** Words of the command line that were not understood. */
static const char *unknown[8];
/** How many of unknown[] are in use. */
static int nunknown;

/** Value of "key=value" in word @p w if its key is @p key, else NULL. */
static const char *
value_of(const char *w, const char *key)
{
	int n = strlen(key);

	if (strncmp(w, key, n) == 0 && w[n] == '=')
		return w + n + 1;
	return NULL;
}

void
cmdline_parse(physaddr_t pa)
{
	static char words[CMDLINE_MAX];
	const char *v;
	char *w;

	strlcpy(cmdline, (const char *) (KERNBASE + pa), sizeof(cmdline));
	strlcpy(words, cmdline, sizeof(words));

	/* Split in place: each word becomes a NUL-terminated string. */
	for (w = words; *w; ) {
		char *end;

		while (*w == ' ' || *w == '\n' || *w == '\t')
			*w++ = '\0';
		if (!*w)
			break;
		for (end = w; *end && *end != ' ' && *end != '\n' && *end != '\t'; end++)
			;
		if (*end)
			*end++ = '\0';

		if ((v = value_of(w, "prog")))
			opts.prog = v;
		else if ((v = value_of(w, "mode")))
			opts.headless = strcmp(v, "headless") == 0;
		else if ((v = value_of(w, "console")))
			opts.console = v;
		else if ((v = value_of(w, "trace")))
			opts.trace = v;
		else if ((v = value_of(w, "timer")))
			opts.timer = strtol(v, NULL, 0);
		else if ((v = value_of(w, "seed")))
			opts.seed = strtol(v, NULL, 0);
		else if ((v = value_of(w, "preempt")))
			opts.preempt = v;
		else if ((v = value_of(w, "selftest")))
			opts.selftest = v;
		else if ((v = value_of(w, "tracedev")))
			opts.tracedev = v;
		else if ((v = value_of(w, "break")) && strcmp(v, "ap-start") == 0)
			opts.break_ap_start = true;
		else if (nunknown < (int) ARRAY_SIZE(unknown))
			unknown[nunknown++] = w;
		w = end;
	}
}

void
cmdline_report(void)
{
	for (int i = 0; i < nunknown; i++)
		cprintf("cmdline: ignoring unknown option '%s'%s\n", unknown[i],
			value_of(unknown[i], "break") ? " (break points: ap-start)" : "");
}
