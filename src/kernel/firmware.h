/**
 * @file firmware.h
 * @brief Reading the tables the BIOS leaves in physical memory (the MP
 *        tables, ACPI): where to look, how to validate.
 *
 * Both the Intel MP floating pointer and the ACPI RSDP are found the same
 * way: a signature on a 16-byte boundary in the first KiB of the EBDA or
 * in the BIOS ROM area, whose bytes add up to 0. The tables they point to
 * may lie anywhere in the low 256 MiB, also in memory the E820 map marks
 * reserved (so beyond npages, where KADDR would refuse them): every
 * physical address below 256 MiB is mapped at KERNBASE, which is what
 * fw_phys() relies on. Boot CPU only, before the other CPUs start.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_FIRMWARE_H
#define GW_KERN_FIRMWARE_H

#include <inc/types.h>

/** Byte sum of [@p p, @p p + @p len): 0 for a valid firmware structure. */
uint8_t fw_sum(const void *p, size_t len);

/**
 * Kernel address of the firmware table at physical [@p pa, @p pa + @p len),
 * or NULL when it does not lie wholly in the KERNBASE window (256 MiB).
 */
const void *fw_phys(physaddr_t pa, size_t len);

/**
 * The first structure at a 16-byte boundary in physical [@p pa, @p pa +
 * @p len) that starts with the @p siglen bytes of @p sig and whose first
 * @p sumlen bytes add up to 0; NULL if none.
 */
const void *fw_scan(physaddr_t pa, size_t len, const char *sig, size_t siglen, size_t sumlen);

/** Physical address of the Extended BIOS Data Area (BDA word 0x40E), 0 if none. */
physaddr_t fw_ebda(void);

/** Base memory in bytes, from the BIOS Data Area (word 0x413, in KiB). */
size_t fw_basemem(void);

#endif /* !GW_KERN_FIRMWARE_H */
