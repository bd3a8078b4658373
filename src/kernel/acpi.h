/**
 * @file acpi.h
 * @brief The processors as the ACPI MADT lists them.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_ACPI_H
#define GW_KERN_ACPI_H

#include <inc/types.h>

/**
 * Find the ACPI MADT ("APIC" table) through the RSDP and the RSDT and call
 * @p found once for each enabled processor's local APIC id, in table order.
 * Stores the LAPIC's physical address in @p lapic_pa. Returns the number of
 * enabled processors, 0 when there is no valid MADT (nothing is called).
 * Boot CPU only.
 */
int acpi_madt_cpus(physaddr_t *lapic_pa, void (*found)(uint8_t apicid));

#endif /* !GW_KERN_ACPI_H */
