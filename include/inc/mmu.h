/**
 * @file mmu.h
 * @brief x86 memory-management definitions: page-table entries, address
 *        decomposition, control-register and eflags bits, segment and gate
 *        descriptors, the task-state segment.
 *
 * A 32-bit linear address is split by two-level paging as
 * @verbatim
 *   +--------10------+-------10-------+---------12----------+
 *   | page directory |   page table   |  offset within page |
 *   |     index      |     index      |                     |
 *   +----------------+----------------+---------------------+
 *    \--- PDX(la) --/ \--- PTX(la) --/ \---- PGOFF(la) ----/
 *    \---------- PGNUM(la) ----------/
 * @endverbatim
 *
 * @ingroup grp_memory
 */
#ifndef GW_INC_MMU_H
#define GW_INC_MMU_H

#include <inc/types.h>

/** Page number of a linear address (index into uvpt[]). */
#define PGNUM(la)	(((uintptr_t) (la)) >> PTXSHIFT)
/** Page-directory index of a linear address. */
#define PDX(la)		((((uintptr_t) (la)) >> PDXSHIFT) & 0x3FF)
/** Page-table index of a linear address. */
#define PTX(la)		((((uintptr_t) (la)) >> PTXSHIFT) & 0x3FF)
/** Offset of a linear address within its page. */
#define PGOFF(la)	(((uintptr_t) (la)) & 0xFFF)
/** Build a linear address from directory index, table index and offset. */
#define PGADDR(d, t, o)	((void*) ((d) << PDXSHIFT | (t) << PTXSHIFT | (o)))

#define NPDENTRIES	1024		/**< page-directory entries per directory */
#define NPTENTRIES	1024		/**< page-table entries per table */
#define PGSIZE		4096		/**< bytes mapped by a page */
#define PGSHIFT		12		/**< log2(PGSIZE) */
#define PTSIZE		(PGSIZE*NPTENTRIES) /**< bytes mapped by a page-directory entry */
#define PTSHIFT		22		/**< log2(PTSIZE) */
#define PTXSHIFT	12		/**< offset of PTX in a linear address */
#define PDXSHIFT	22		/**< offset of PDX in a linear address */

#define PTE_P		0x001	/**< present */
#define PTE_W		0x002	/**< writeable */
#define PTE_U		0x004	/**< user */
#define PTE_PWT		0x008	/**< write-through */
#define PTE_PCD		0x010	/**< cache-disable */
#define PTE_A		0x020	/**< accessed */
#define PTE_D		0x040	/**< dirty */
#define PTE_PS		0x080	/**< page size (4 MiB pages in a PDE) */
#define PTE_G		0x100	/**< global */
#define PTE_AVAIL	0xE00	/**< bits free for software use */
/** The only permission bits a system call may pass (user-settable). */
#define PTE_SYSCALL	(PTE_AVAIL | PTE_P | PTE_W | PTE_U)

/** Physical address held in a page-table or page-directory entry. */
#define PTE_ADDR(pte)	((physaddr_t) (pte) & ~0xFFF)

#define CR0_PE		0x00000001	/**< protection enable */
#define CR0_MP		0x00000002	/**< monitor coprocessor */
#define CR0_EM		0x00000004	/**< emulation */
#define CR0_TS		0x00000008	/**< task switched */
#define CR0_ET		0x00000010	/**< extension type */
#define CR0_NE		0x00000020	/**< numeric error */
#define CR0_WP		0x00010000	/**< write protect (also in ring 0) */
#define CR0_AM		0x00040000	/**< alignment mask */
#define CR0_NW		0x20000000	/**< not writethrough */
#define CR0_CD		0x40000000	/**< cache disable */
#define CR0_PG		0x80000000	/**< paging */

#define CR4_PSE		0x00000010	/**< 4 MiB page size extension */
#define CR4_PGE		0x00000080	/**< global pages (PTE_G) */
#define CR4_OSFXSR	0x00000200	/**< the OS saves SSE state with fxsave: SSE enabled */
#define CR4_OSXMMEXCPT	0x00000400	/**< SIMD floating-point exceptions raise vector 19 */

#define FL_CF		0x00000001	/**< carry flag */
#define FL_PF		0x00000004	/**< parity flag */
#define FL_AF		0x00000010	/**< auxiliary carry flag */
#define FL_ZF		0x00000040	/**< zero flag */
#define FL_SF		0x00000080	/**< sign flag */
#define FL_TF		0x00000100	/**< trap flag */
#define FL_IF		0x00000200	/**< interrupt flag */
#define FL_DF		0x00000400	/**< direction flag */
#define FL_OF		0x00000800	/**< overflow flag */
#define FL_IOPL_MASK	0x00003000	/**< I/O privilege level bitmask */
#define FL_IOPL_0	0x00000000	/**< IOPL == 0 */
#define FL_IOPL_1	0x00001000	/**< IOPL == 1 */
#define FL_IOPL_2	0x00002000	/**< IOPL == 2 */
#define FL_IOPL_3	0x00003000	/**< IOPL == 3 */
#define FL_NT		0x00004000	/**< nested task */
#define FL_RF		0x00010000	/**< resume flag */
#define FL_VM		0x00020000	/**< virtual 8086 mode */
#define FL_AC		0x00040000	/**< alignment check */
#define FL_VIF		0x00080000	/**< virtual interrupt flag */
#define FL_VIP		0x00100000	/**< virtual interrupt pending */
#define FL_ID		0x00200000	/**< ID flag */

#define FEC_PR		0x1	/**< page fault caused by protection violation */
#define FEC_WR		0x2	/**< page fault caused by a write */
#define FEC_U		0x4	/**< page fault occurred while in user mode */

#define STA_X		0x8	/**< executable segment */
#define STA_E		0x4	/**< expand down (non-executable segments) */
#define STA_C		0x4	/**< conforming code segment (executable only) */
#define STA_W		0x2	/**< writeable (non-executable segments) */
#define STA_R		0x2	/**< readable (executable segments) */
#define STA_A		0x1	/**< accessed */

#define STS_TG		0x5	/**< task gate (the double fault's, trap.c) */
#define STS_T32A	0x9	/**< available 32-bit TSS */
#define STS_T32B	0xB	/**< busy 32-bit TSS */
#define STS_IG32	0xE	/**< 32-bit interrupt gate */
#define STS_TG32	0xF	/**< 32-bit trap gate */

#ifndef __ASSEMBLER__

/** A segment descriptor as the CPU reads it from the GDT. */
struct Segdesc {
	unsigned sd_lim_15_0 : 16;	/**< low bits of segment limit */
	unsigned sd_base_15_0 : 16;	/**< low bits of segment base address */
	unsigned sd_base_23_16 : 8;	/**< middle bits of segment base address */
	unsigned sd_type : 4;		/**< segment type (see STS_ constants) */
	unsigned sd_s : 1;		/**< 0 = system, 1 = application */
	unsigned sd_dpl : 2;		/**< descriptor privilege level */
	unsigned sd_p : 1;		/**< present */
	unsigned sd_lim_19_16 : 4;	/**< high bits of segment limit */
	unsigned sd_avl : 1;		/**< unused (available for software use) */
	unsigned sd_rsv1 : 1;		/**< reserved */
	unsigned sd_db : 1;		/**< 0 = 16-bit segment, 1 = 32-bit segment */
	unsigned sd_g : 1;		/**< granularity: limit scaled by 4K when set */
	unsigned sd_base_31_24 : 8;	/**< high bits of segment base address */
};

/** The null segment descriptor. */
#define SEG_NULL	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }
/** A 4K-granular 32-bit application segment. */
#define SEG(type, base, lim, dpl) 					\
{ ((lim) >> 12) & 0xffff, (base) & 0xffff, ((base) >> 16) & 0xff,	\
    type, 1, dpl, 1, (unsigned) (lim) >> 28, 0, 0, 1, 1,		\
    (unsigned) (base) >> 24 }
/** A byte-granular 16-bit system segment (used for the TSS). */
#define SEG16(type, base, lim, dpl) 					\
{ (lim) & 0xffff, (base) & 0xffff, ((base) >> 16) & 0xff,		\
    type, 1, dpl, 1, (unsigned) (lim) >> 16, 0, 0, 1, 0,		\
    (unsigned) (base) >> 24 }

/** The 32-bit task-state segment; only the ring-0 stack fields are used. */
struct Taskstate {
	uint32_t ts_link;	/**< old ts selector */
	uintptr_t ts_esp0;	/**< stack pointer loaded on a switch to ring 0 */
	uint16_t ts_ss0;	/**< stack segment loaded on a switch to ring 0 */
	uint16_t ts_padding1;	/**< padding */
	uintptr_t ts_esp1;	/**< ring-1 stack pointer (unused) */
	uint16_t ts_ss1;	/**< ring-1 stack segment (unused) */
	uint16_t ts_padding2;	/**< padding */
	uintptr_t ts_esp2;	/**< ring-2 stack pointer (unused) */
	uint16_t ts_ss2;	/**< ring-2 stack segment (unused) */
	uint16_t ts_padding3;	/**< padding */
	physaddr_t ts_cr3;	/**< page directory base */
	uintptr_t ts_eip;	/**< saved state from last task switch (unused) */
	uint32_t ts_eflags;	/**< saved eflags (unused) */
	uint32_t ts_eax;	/**< saved eax (unused) */
	uint32_t ts_ecx;	/**< saved ecx (unused) */
	uint32_t ts_edx;	/**< saved edx (unused) */
	uint32_t ts_ebx;	/**< saved ebx (unused) */
	uintptr_t ts_esp;	/**< saved esp (unused) */
	uintptr_t ts_ebp;	/**< saved ebp (unused) */
	uint32_t ts_esi;	/**< saved esi (unused) */
	uint32_t ts_edi;	/**< saved edi (unused) */
	uint16_t ts_es;		/**< saved es (unused) */
	uint16_t ts_padding4;	/**< padding */
	uint16_t ts_cs;		/**< saved cs (unused) */
	uint16_t ts_padding5;	/**< padding */
	uint16_t ts_ss;		/**< saved ss (unused) */
	uint16_t ts_padding6;	/**< padding */
	uint16_t ts_ds;		/**< saved ds (unused) */
	uint16_t ts_padding7;	/**< padding */
	uint16_t ts_fs;		/**< saved fs (unused) */
	uint16_t ts_padding8;	/**< padding */
	uint16_t ts_gs;		/**< saved gs (unused) */
	uint16_t ts_padding9;	/**< padding */
	uint16_t ts_ldt;	/**< LDT selector (unused) */
	uint16_t ts_padding10;	/**< padding */
	uint16_t ts_t;		/**< trap on task switch */
	uint16_t ts_iomb;	/**< I/O map base address */
};

/** An interrupt or trap gate descriptor in the IDT. */
struct Gatedesc {
	unsigned gd_off_15_0 : 16;	/**< low 16 bits of offset in segment */
	unsigned gd_sel : 16;		/**< segment selector */
	unsigned gd_args : 5;		/**< # args, 0 for interrupt/trap gates */
	unsigned gd_rsv1 : 3;		/**< reserved (should be zero) */
	unsigned gd_type : 4;		/**< type (STS_{IG32,TG32}) */
	unsigned gd_s : 1;		/**< must be 0 (system) */
	unsigned gd_dpl : 2;		/**< privilege level needed to use `int` on it */
	unsigned gd_p : 1;		/**< present */
	unsigned gd_off_31_16 : 16;	/**< high bits of offset in segment */
};

/**
 * Fill in gate descriptor @p gate.
 * @param gate the struct Gatedesc to fill (an lvalue, e.g. idt[v])
 * @param istrap 1 for a trap gate (IF unchanged), 0 for an interrupt gate
 *        (IF cleared on entry). Glasswing uses interrupt gates only, so the
 *        kernel always runs with interrupts off.
 * @param sel code segment selector of the handler
 * @param off handler offset
 * @param dpl privilege level that may raise the vector with `int`
 */
#define SETGATE(gate, istrap, sel, off, dpl)			\
{								\
	(gate).gd_off_15_0 = (uint32_t) (off) & 0xffff;		\
	(gate).gd_sel = (sel);					\
	(gate).gd_args = 0;					\
	(gate).gd_rsv1 = 0;					\
	(gate).gd_type = (istrap) ? STS_TG32 : STS_IG32;	\
	(gate).gd_s = 0;					\
	(gate).gd_dpl = (dpl);					\
	(gate).gd_p = 1;					\
	(gate).gd_off_31_16 = (uint32_t) (off) >> 16;		\
}

/** Operand of lgdt/lidt. */
struct Pseudodesc {
	uint16_t pd_lim;	/**< limit (size - 1) */
	uint32_t pd_base;	/**< base address */
} __attribute__ ((packed));

#endif /* !__ASSEMBLER__ */

#endif /* !GW_INC_MMU_H */
