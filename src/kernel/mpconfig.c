/**
 * @file mpconfig.c
 * @brief Finding the processors: the ACPI MADT (acpi.c) when the BIOS
 *        provides one, else the Intel MultiProcessor Specification tables.
 *
 * Why the MADT first: it lists every logical processor, and the MP table
 * may not. SeaBIOS (QEMU's BIOS) puts only the first logical CPU of each
 * package in its MP table, and QEMU's `-smp N` is N cores of one package:
 * its MP table lists one CPU where the MADT lists N. Under Bochs, whose
 * BIOS builds both, they describe the same CPUs and LAPIC address. The
 * MP floating pointer is still read for its IMCR flag, and its table is
 * the fallback for a BIOS without ACPI.
 *
 * @ingroup grp_smp
 */
#include <inc/types.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/assert.h>

#include "cpu.h"
#include "firmware.h"
#include "acpi.h"

struct CpuInfo cpus[NCPU];
struct CpuInfo *bootcpu;
int ncpu;

/** The MP floating pointer structure. */
struct mp {
	uint8_t signature[4];		/**< "_MP_" */
	physaddr_t physaddr;		/**< configuration table address */
	uint8_t length;			/**< in 16-byte units: 1 */
	uint8_t specrev;		/**< [14] */
	uint8_t checksum;		/**< all bytes add up to 0 */
	uint8_t type;			/**< configuration type (0: table present) */
	uint8_t imcrp;			/**< bit 7: IMCR present (PIC mode) */
	uint8_t reserved[3];	/**< reserved */
} __attribute__((__packed__));

/** The MP configuration table header. */
struct mpconf {
	uint8_t signature[4];		/**< "PCMP" */
	uint16_t length;		/**< total table length */
	uint8_t version;		/**< [14] */
	uint8_t checksum;		/**< all bytes add up to 0 */
	uint8_t product[20];		/**< product id */
	physaddr_t oemtable;		/**< OEM table pointer */
	uint16_t oemlength;		/**< OEM table length */
	uint16_t entry;			/**< entry count */
	physaddr_t lapicaddr;		/**< address of the local APIC */
	uint16_t xlength;		/**< extended table length */
	uint8_t xchecksum;		/**< extended table checksum */
	uint8_t reserved;	/**< reserved */
	uint8_t entries[0];		/**< table entries */
} __attribute__((__packed__));

/** A processor entry. */
struct mpproc {
	uint8_t type;			/**< MPPROC (0) */
	uint8_t apicid;			/**< local APIC id */
	uint8_t version;		/**< local APIC version */
	uint8_t flags;			/**< MPPROC_ENABLED, MPPROC_BOOT */
	uint8_t signature[4];		/**< CPU signature */
	uint32_t feature;		/**< feature flags from CPUID */
	uint8_t reserved[8];	/**< reserved */
} __attribute__((__packed__));

#define MPPROC_ENABLED	0x01	/**< processor entry flag: CPU usable */
#define MPPROC_BOOT	0x02	/**< processor entry flag: the boot processor */

/* Table entry types and their sizes. */
enum { MPPROC = 0, MPBUS, MPIOAPIC, MPIOINTR, MPLINTR };

/** The MP floating pointer is in the first KiB of the EBDA, the last KiB
 * of base memory, or the BIOS ROM [0xF0000, 0x100000). */
static const struct mp *
mpsearch(void)
{
	const struct mp *mp;
	physaddr_t ebda = fw_ebda();

	if (ebda) {
		if ((mp = fw_scan(ebda, 1024, "_MP_", 4, sizeof(*mp))))
			return mp;
	} else {
		if ((mp = fw_scan(fw_basemem() - 1024, 1024, "_MP_", 4, sizeof(*mp))))
			return mp;
	}
	return fw_scan(0xF0000, 0x10000, "_MP_", 4, sizeof(*mp));
}

/** The MP configuration table that @p mp points to, validated; NULL if
 * absent or broken. */
static const struct mpconf *
mpconfig(const struct mp *mp)
{
	const struct mpconf *conf;

	if (!mp)
		return NULL;
	if (mp->physaddr == 0 || mp->type != 0) {
		cprintf("SMP: default MP configurations are not supported\n");
		return NULL;
	}
	if (!(conf = fw_phys(mp->physaddr, sizeof(*conf))) ||
	    memcmp(conf, "PCMP", 4) != 0) {
		cprintf("SMP: incorrect MP configuration table signature\n");
		return NULL;
	}
	if (!fw_phys(mp->physaddr, conf->length) || fw_sum(conf, conf->length) != 0) {
		cprintf("SMP: bad MP configuration checksum\n");
		return NULL;
	}
	if (conf->version != 1 && conf->version != 4) {
		cprintf("SMP: unsupported MP version %d\n", conf->version);
		return NULL;
	}
	return conf;
}

/** Mark the CPU with LAPIC id @p apicid present: what both tables' readers
 * call for each enabled processor. */
static void
cpu_found(uint8_t apicid)
{
	if (apicid >= NCPU || ncpu >= NCPU) {
		cprintf("SMP: too many CPUs, CPU %d disabled\n", apicid);
		return;
	}
	/* cpunum() indexes cpus[] by LAPIC id. */
	cpus[apicid].cpu_id = apicid;
	cpus[apicid].cpu_present = true;
	ncpu++;
}

/** The processor entries of MP table @p conf; the one flagged as the boot
 * processor becomes bootcpu. */
static void
mp_table_cpus(const struct mpconf *conf)
{
	const uint8_t *p = conf->entries;

	for (int i = 0; i < conf->entry; i++) {
		const struct mpproc *proc;

		switch (*p) {
		case MPPROC:
			proc = (const struct mpproc *) p;
			if (proc->flags & MPPROC_ENABLED) {
				cpu_found(proc->apicid);
				if ((proc->flags & MPPROC_BOOT) && proc->apicid < NCPU)
					bootcpu = &cpus[proc->apicid];
			}
			p += sizeof(struct mpproc);
			continue;
		case MPBUS:
		case MPIOAPIC:
		case MPIOINTR:
		case MPLINTR:
			p += 8;
			continue;
		default:
			panic("SMP: unknown MP config entry type %d", *p);
		}
	}
}

/** The initial LAPIC id of the CPU running this (CPUID leaf 1, EBX[31:24]):
 * the MADT does not say which processor booted. */
static uint8_t
initial_apicid(void)
{
	uint32_t eax = 1, ebx, ecx = 0, edx;

	asm volatile("cpuid" : "+a" (eax), "=b" (ebx), "+c" (ecx), "=d" (edx));
	return ebx >> 24;
}

void
mp_init(void)
{
	const struct mp *mp;
	const struct mpconf *conf;

	for (int i = 0; i < NCPU; i++)
		cpus[i].cpu_last_slot = -1;

	bootcpu = &cpus[0];
	mp = mpsearch();
	if (acpi_madt_cpus(&lapicaddr, cpu_found) > 0) {
		uint8_t me = initial_apicid();

		if (me >= NCPU || !cpus[me].cpu_present)
			panic("SMP: the boot CPU (LAPIC id %d) is not in the ACPI MADT", me);
		bootcpu = &cpus[me];
	} else if ((conf = mpconfig(mp))) {
		lapicaddr = conf->lapicaddr;
		mp_table_cpus(conf);
	} else {
		bootcpu->cpu_present = true;
		ncpu = 1;
		cprintf("SMP: no ACPI MADT and no MP table: running on one CPU\n");
		return;
	}

	bootcpu->cpu_status = CPU_STARTED;
	if (mp && mp->imcrp) {
		/* The IMCR routes interrupts to the 8259 PIC: switch it to
		 * the APIC (symmetric I/O mode). */
		outb(0x22, 0x70);
		outb(0x23, inb(0x23) | 1);
	}
}
