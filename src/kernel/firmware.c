/**
 * @file firmware.c
 * @brief Signature scans, checksums and the physical window for the
 *        tables the BIOS leaves in memory (see firmware.h).
 *
 * @ingroup grp_smp
 */
#include <inc/types.h>
#include <inc/string.h>
#include <inc/memlayout.h>

#include "firmware.h"

/** Physical memory mapped at KERNBASE: all of it up to 4 GiB - KERNBASE. */
#define WINDOW	(0xFFFFFFFFu - KERNBASE + 1)

uint8_t
fw_sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	for (size_t i = 0; i < len; i++)
		s += b[i];
	return s;
}

const void *
fw_phys(physaddr_t pa, size_t len)
{
	if (pa >= WINDOW || len > WINDOW - pa)
		return NULL;
	return (const void *) (KERNBASE + pa);
}

const void *
fw_scan(physaddr_t pa, size_t len, const char *sig, size_t siglen, size_t sumlen)
{
	const uint8_t *p = fw_phys(pa, len), *end;
	uint32_t first;

	if (!p || siglen < 4)
		return NULL;
	/* The first four bytes compared as one word: most of the 8,000
	 * paragraphs of the BIOS area are rejected in a few instructions. */
	memcpy(&first, sig, 4);
	for (end = p + len; p + sumlen <= end; p += 16)
		if (*(const uint32_t *) p == first && memcmp(p, sig, siglen) == 0 &&
		    fw_sum(p, sumlen) == 0)
			return p;
	return NULL;
}

physaddr_t
fw_ebda(void)
{
	return (physaddr_t) *(const uint16_t *) fw_phys(0x40E, 2) << 4;
}

size_t
fw_basemem(void)
{
	return (size_t) *(const uint16_t *) fw_phys(0x413, 2) * 1024;
}
