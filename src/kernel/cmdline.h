/**
 * @file cmdline.h
 * @brief Run options from the boot command line.
 *
 * The boot loader hands over the command-line sector of the disk image;
 * the harness rewrites that sector in a copy of the image, so a run's
 * options never need a rebuild. Syntax: space-separated key=value words.
 * Keys: prog, mode (headless|interactive), console, trace, timer, seed,
 * preempt (forced preemption points, preempt.h), selftest, tracedev (e9|com1: where trace records go), break (ap-start:
 * each AP stops in the Bochs debugger as it starts, see mpentry.asm).
 * Unknown keys are reported and ignored.
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_CMDLINE_H
#define GW_KERN_CMDLINE_H

#include <inc/types.h>

/** The parsed run options (set once by the boot CPU, then read-only). */
struct run_options {
	const char *prog;	/**< first user program, "" for none (monitor) */
	bool headless;		/**< shut Bochs down at the end instead of the monitor */
	const char *console;	/**< console devices, NULL for the default */
	const char *trace;	/**< trace categories, NULL for the default */
	uint32_t timer;		/**< LAPIC timer initial count (0: default) */
	uint32_t seed;		/**< timer perturbation seed (0: none); also draws preempt= points */
	const char *preempt;	/**< forced preemption points (preempt.h), NULL for none */
	const char *selftest;	/**< a deliberate failure (selftest.h), NULL for none */
	const char *tracedev;	/**< trace device, "e9" (NULL) or "com1" (console.h) */
	bool break_ap_start;	/**< break=ap-start: a magic breakpoint as each AP starts */
};

extern struct run_options opts;		/**< this run's options */
extern char cmdline[];			/**< the command line as given */

/** Copy the command line at physical address @p pa and parse it into opts. */
void cmdline_parse(physaddr_t pa);
/** Report keys that were not understood (after the console is up). */
void cmdline_report(void);

#endif /* !GW_KERN_CMDLINE_H */
