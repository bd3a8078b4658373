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
	uint16_t e_type;	/**< object file type */
	uint16_t e_machine;	/**< architecture */
	uint32_t e_version;	/**< object file version */
	uint32_t e_entry;	/**< entry point */
	uint32_t e_phoff;	/**< program header table offset */
	uint32_t e_shoff;	/**< section header table offset */
	uint32_t e_flags;	/**< processor flags */
	uint16_t e_ehsize;	/**< this header's size */
	uint16_t e_phentsize;	/**< size of one program header */
	uint16_t e_phnum;	/**< number of program headers */
	uint16_t e_shentsize;	/**< size of one section header */
	uint16_t e_shnum;	/**< number of section headers */
	uint16_t e_shstrndx;	/**< section name string table index */
};

/** ELF program header: one segment. */
struct Proghdr {
	uint32_t p_type;	/**< segment type (ELF_PROG_LOAD ...) */
	uint32_t p_offset;	/**< file offset */
	uint32_t p_va;		/**< virtual address */
	uint32_t p_pa;		/**< physical address */
	uint32_t p_filesz;	/**< bytes in the file */
	uint32_t p_memsz;	/**< bytes in memory (rest zeroed) */
	uint32_t p_flags;	/**< ELF_PROG_FLAG_* */
	uint32_t p_align;	/**< alignment */
};

#define ELF_PROG_LOAD		1	/**< loadable segment */
#define ELF_PROG_FLAG_EXEC	1	/**< executable */
#define ELF_PROG_FLAG_WRITE	2	/**< writable */
#define ELF_PROG_FLAG_READ	4	/**< readable */

#endif /* !GW_INC_ELF_H */
