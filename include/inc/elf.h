/**
 * @file elf.h
 * @brief The parts of the 32-bit ELF format the loaders use.
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_ELF_H
#define GW_INC_ELF_H

#include <inc/types.h>

#define ELF_MAGIC 0x464C457FU	/**< "\x7FELF" in little endian */

/** ELF file header. */
struct Elf {
	uint32_t e_magic;	/**< must equal ELF_MAGIC */
	uint8_t e_elf[12];	/**< class, data, version, padding */
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/** ELF program header: one segment. */
struct Proghdr {
	uint32_t p_type;	/**< segment type (ELF_PROG_LOAD ...) */
	uint32_t p_offset;
	uint32_t p_va;
	uint32_t p_pa;
	uint32_t p_filesz;	/**< bytes in the file */
	uint32_t p_memsz;	/**< bytes in memory (rest zeroed) */
	uint32_t p_flags;	/**< ELF_PROG_FLAG_* */
	uint32_t p_align;
};

#define ELF_PROG_LOAD		1
#define ELF_PROG_FLAG_EXEC	1
#define ELF_PROG_FLAG_WRITE	2
#define ELF_PROG_FLAG_READ	4

#endif /* !GW_INC_ELF_H */
