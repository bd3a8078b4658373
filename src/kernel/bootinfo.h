/**
 * @file bootinfo.h
 * @brief What the boot loader hands the kernel. The other side of this
 *        contract is src/boot/layout.inc: keep the two in step.
 *
 * @ingroup grp_boot
 */
#ifndef GW_KERN_BOOTINFO_H
#define GW_KERN_BOOTINFO_H

#include <inc/types.h>

#define BOOTINFO_MAGIC	0x57534c47	/**< "GLSW", in eax at kernel entry */
#define E820_MAX	32		/**< map entries the loader collects */
#define E820_RAM	1		/**< E820 type of usable RAM */
#define CMDLINE_MAX	512		/**< size of the command-line sector */

/** One BIOS E820 memory-map entry. */
struct e820_entry {
	uint64_t base;		/**< physical start */
	uint64_t length;	/**< length in bytes */
	uint32_t type;		/**< E820_RAM or a reserved type */
	uint32_t acpi;		/**< ACPI 3.0 extended attributes */
} __attribute__((packed));

/** The boot loader's report, at a low physical address (see layout.inc). */
struct bootinfo {
	uint32_t magic;		/**< BOOTINFO_MAGIC */
	uint32_t cmdline;	/**< physical address of the NUL-terminated command line */
	uint32_t e820_count;	/**< number of valid entries in e820[] */
	uint32_t reserved;
	struct e820_entry e820[E820_MAX]; /**< the memory map */
	uint64_t tsc_stage1;	/**< rdtsc as stage 1 starts: the BIOS is done */
	uint64_t tsc_stage2;	/**< rdtsc as stage 2 starts */
} __attribute__((packed));

#endif /* !GW_KERN_BOOTINFO_H */
