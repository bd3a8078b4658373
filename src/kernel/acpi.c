/**
 * @file acpi.c
 * @brief Finding the processors from the ACPI Multiple APIC Description
 *        Table (MADT): RSDP -> RSDT -> "APIC" table -> local APIC entries.
 *
 * Why the MADT as well as the MP tables (mpconfig.c): it is the table that
 * lists every logical processor. SeaBIOS, QEMU's BIOS, builds an MP table
 * with only the first logical CPU of each package (when CPUID reports
 * several per package, it steps its CPU loop by the package size), and
 * QEMU since 6.2 makes `-smp N` N cores of one socket: its MP table then
 * lists one CPU. Bochs' BIOS lists the same CPUs in both tables.
 *
 * Only what finding CPUs needs is read: no AML, no XSDT (a 32-bit kernel
 * uses the RSDT, which every ACPI revision has), no interrupt overrides.
 *
 * @ingroup grp_smp
 */
#include <inc/types.h>
#include <inc/string.h>

#include "acpi.h"
#include "firmware.h"

/** The Root System Description Pointer (ACPI 1.0 part: 20 bytes). */
struct acpi_rsdp {
	char signature[8];		/**< "RSD PTR " */
	uint8_t checksum;		/**< the 20 bytes add up to 0 */
	char oemid[6];			/**< OEM id */
	uint8_t revision;		/**< 0: ACPI 1.0; 2: 2.0 and later (XSDT too) */
	uint32_t rsdt;			/**< physical address of the RSDT */
} __attribute__((__packed__));

/** The header every ACPI system description table starts with. */
struct acpi_header {
	char signature[4];		/**< table type, e.g. "RSDT", "APIC" */
	uint32_t length;		/**< whole table, header included */
	uint8_t revision;		/**< table revision */
	uint8_t checksum;		/**< all @c length bytes add up to 0 */
	char oemid[6];			/**< OEM id */
	char oemtable[8];		/**< OEM table id */
	uint32_t oemrevision;		/**< OEM revision */
	uint32_t creator;		/**< creator id */
	uint32_t creatorrevision;	/**< creator revision */
} __attribute__((__packed__));

/** The MADT: header, LAPIC address, flags, then variable-length entries. */
struct acpi_madt {
	struct acpi_header h;		/**< signature "APIC" */
	uint32_t lapic;			/**< physical address of the local APICs */
	uint32_t flags;			/**< bit 0: 8259 PICs present too */
	uint8_t entries[];		/**< interrupt controller structures */
} __attribute__((__packed__));

/** A MADT entry of type MADT_LAPIC: one processor. */
struct madt_lapic {
	uint8_t type;			/**< MADT_LAPIC */
	uint8_t length;			/**< 8 */
	uint8_t processor;		/**< ACPI processor id */
	uint8_t apicid;			/**< its local APIC id */
	uint32_t flags;			/**< MADT_ENABLED: usable */
} __attribute__((__packed__));

#define MADT_LAPIC	0	/**< MADT entry type: processor local APIC */
#define MADT_ENABLED	0x1	/**< processor entry flag: usable */

/** The RSDP: in the first KiB of the EBDA, or in [0xE0000, 0x100000). */
static const struct acpi_rsdp *
find_rsdp(void)
{
	const struct acpi_rsdp *rsdp = NULL;
	physaddr_t ebda = fw_ebda();

	if (ebda)
		rsdp = fw_scan(ebda, 1024, "RSD PTR ", 8, sizeof(*rsdp));
	if (!rsdp)
		rsdp = fw_scan(0xE0000, 0x20000, "RSD PTR ", 8, sizeof(*rsdp));
	return rsdp;
}

/** The table at physical @p pa if it is a valid one with signature @p sig. */
static const struct acpi_header *
table(physaddr_t pa, const char *sig)
{
	const struct acpi_header *h = fw_phys(pa, sizeof(*h));

	if (!h || memcmp(h->signature, sig, 4) != 0 || h->length < sizeof(*h))
		return NULL;
	if (!fw_phys(pa, h->length) || fw_sum(h, h->length) != 0)
		return NULL;
	return h;
}

/** The MADT, found through the RSDT; NULL if any link is missing or broken. */
static const struct acpi_madt *
find_madt(void)
{
	const struct acpi_rsdp *rsdp = find_rsdp();
	const struct acpi_header *rsdt, *h;
	const uint32_t *entry;
	size_t n;

	if (!rsdp || !(rsdt = table(rsdp->rsdt, "RSDT")))
		return NULL;
	entry = (const uint32_t *) (rsdt + 1);
	n = (rsdt->length - sizeof(*rsdt)) / sizeof(uint32_t);
	for (size_t i = 0; i < n; i++)
		if ((h = table(entry[i], "APIC")) && h->length >= sizeof(struct acpi_madt))
			return (const struct acpi_madt *) h;
	return NULL;
}

int
acpi_madt_cpus(physaddr_t *lapic_pa, void (*found)(uint8_t apicid))
{
	const struct acpi_madt *madt = find_madt();
	const uint8_t *p, *end;
	int n = 0;

	if (!madt)
		return 0;
	end = (const uint8_t *) madt + madt->h.length;
	/* Each entry says its length; one that would run past the table
	 * (or claims less than its two header bytes) ends the walk. */
	for (p = madt->entries; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		const struct madt_lapic *l = (const struct madt_lapic *) p;

		if (l->type == MADT_LAPIC && l->length >= sizeof(*l) &&
		    (l->flags & MADT_ENABLED)) {
			found(l->apicid);
			n++;
		}
	}
	if (n)
		*lapic_pa = madt->lapic;
	return n;
}
