/**
 * @file mpconfig.c
 * @brief Finding the processors: the Intel MultiProcessor Specification
 *        tables that Bochs' BIOS builds (with PCI enabled, its default).
 *
 * Why the MP tables and not the ACPI MADT: they are a fixed binary format
 * found by a short scan of low memory, with no AML and no table chain to
 * walk, and on this machine they describe exactly the same CPUs and LAPIC
 * address. Bochs' BIOS provides both.
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
#include "pmap.h"

struct CpuInfo cpus[NCPU];
struct CpuInfo *bootcpu;
int ncpu;

/* Each CPU's kernel stack; mapped at KSTACKTOP - i*(KSTKSIZE+KSTKGAP). */
unsigned char percpu_kstacks[NCPU][KSTKSIZE]
__attribute__ ((aligned(PGSIZE)));

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

/** Byte sum of [@p addr, @p addr + @p len): 0 for a valid MP structure. */
static uint8_t
sum(const void *addr, int len)
{
	const uint8_t *p = addr;
	uint8_t s = 0;

	for (int i = 0; i < len; i++)
		s += p[i];
	return s;
}

/** Look for an MP floating pointer in [pa, pa+len). */
static struct mp *
mpsearch1(physaddr_t pa, int len)
{
	struct mp *mp = KADDR(pa), *end = KADDR(pa + len);

	for (; mp < end; mp++)
		if (memcmp(mp->signature, "_MP_", 4) == 0 &&
		    sum(mp, sizeof(*mp)) == 0)
			return mp;
	return NULL;
}

/** The MP floating pointer is in the first KiB of the EBDA, the last KiB
 * of base memory, or the BIOS ROM [0xF0000, 0x100000). */
static struct mp *
mpsearch(void)
{
	const uint8_t *bda = KADDR(0x400);
	uint32_t p;
	struct mp *mp;

	if ((p = *(const uint16_t *) (bda + 0x0E) << 4)) {
		if ((mp = mpsearch1(p, 1024)))
			return mp;
	} else {
		p = *(const uint16_t *) (bda + 0x13) * 1024;
		if ((mp = mpsearch1(p - 1024, 1024)))
			return mp;
	}
	return mpsearch1(0xF0000, 0x10000);
}

/** The MP configuration table, validated; NULL if absent or broken. */
static struct mpconf *
mpconfig(struct mp **pmp)
{
	struct mpconf *conf;
	struct mp *mp;

	if ((mp = mpsearch()) == 0)
		return NULL;
	if (mp->physaddr == 0 || mp->type != 0) {
		cprintf("SMP: default MP configurations are not supported\n");
		return NULL;
	}
	conf = (struct mpconf *) KADDR(mp->physaddr);
	if (memcmp(conf, "PCMP", 4) != 0) {
		cprintf("SMP: incorrect MP configuration table signature\n");
		return NULL;
	}
	if (sum(conf, conf->length) != 0) {
		cprintf("SMP: bad MP configuration checksum\n");
		return NULL;
	}
	if (conf->version != 1 && conf->version != 4) {
		cprintf("SMP: unsupported MP version %d\n", conf->version);
		return NULL;
	}
	*pmp = mp;
	return conf;
}

void
mp_init(void)
{
	struct mp *mp;
	struct mpconf *conf;
	const uint8_t *p;

	for (int i = 0; i < NCPU; i++)
		cpus[i].cpu_last_slot = -1;

	bootcpu = &cpus[0];
	bootcpu->cpu_present = true;
	if ((conf = mpconfig(&mp)) == 0) {
		ncpu = 1;
		cprintf("SMP: no MP table: running on one CPU\n");
		return;
	}
	lapicaddr = conf->lapicaddr;

	bootcpu->cpu_present = false;	/* the table says which CPUs exist */
	p = conf->entries;
	for (int i = 0; i < conf->entry; i++) {
		const struct mpproc *proc;

		switch (*p) {
		case MPPROC:
			proc = (const struct mpproc *) p;
			if (!(proc->flags & MPPROC_ENABLED))
				;
			else if (proc->apicid >= NCPU || ncpu >= NCPU)
				cprintf("SMP: too many CPUs, CPU %d disabled\n", proc->apicid);
			else {
				/* cpunum() indexes cpus[] by LAPIC id. */
				cpus[proc->apicid].cpu_id = proc->apicid;
				cpus[proc->apicid].cpu_present = true;
				if (proc->flags & MPPROC_BOOT)
					bootcpu = &cpus[proc->apicid];
				ncpu++;
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

	bootcpu->cpu_status = CPU_STARTED;
	if (mp->imcrp) {
		/* The IMCR routes interrupts to the 8259 PIC: switch it to
		 * the APIC (symmetric I/O mode). */
		outb(0x22, 0x70);
		outb(0x23, inb(0x23) | 1);
	}
}
