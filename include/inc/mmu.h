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

#define NPDENTRIES	1024
#define NPTENTRIES	1024
#define PGSIZE		4096
#define PGSHIFT		12
#define PTSIZE		(PGSIZE*NPTENTRIES) /**< bytes mapped by a page-directory entry */
#define PTSHIFT		22
#define PTXSHIFT	12
#define PDXSHIFT	22

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_U		0x004
#define PTE_PWT		0x008
#define PTE_PCD		0x010
#define PTE_A		0x020
#define PTE_D		0x040
#define PTE_PS		0x080	/**< page size (4 MiB pages in a PDE) */
#define PTE_G		0x100
#define PTE_AVAIL	0xE00	/**< bits free for software use */
/** The only permission bits a system call may pass (user-settable). */
#define PTE_SYSCALL	(PTE_AVAIL | PTE_P | PTE_W | PTE_U)

/** Physical address held in a page-table or page-directory entry. */
#define PTE_ADDR(pte)	((physaddr_t) (pte) & ~0xFFF)

#define CR0_PE		0x00000001
#define CR0_MP		0x00000002
#define CR0_EM		0x00000004
#define CR0_TS		0x00000008
#define CR0_ET		0x00000010
#define CR0_NE		0x00000020
#define CR0_WP		0x00010000	/**< write protect (also in ring 0) */
#define CR0_AM		0x00040000
#define CR0_NW		0x20000000
#define CR0_CD		0x40000000
#define CR0_PG		0x80000000

#define CR4_PSE		0x00000010	/**< 4 MiB page size extension */

#define FL_CF		0x00000001
#define FL_PF		0x00000004
#define FL_AF		0x00000010
#define FL_ZF		0x00000040
#define FL_SF		0x00000080
#define FL_TF		0x00000100
#define FL_IF		0x00000200
#define FL_DF		0x00000400
#define FL_OF		0x00000800
#define FL_IOPL_MASK	0x00003000
#define FL_IOPL_0	0x00000000
#define FL_IOPL_1	0x00001000
#define FL_IOPL_2	0x00002000
#define FL_IOPL_3	0x00003000
#define FL_NT		0x00004000
#define FL_RF		0x00010000
#define FL_VM		0x00020000
#define FL_AC		0x00040000
#define FL_VIF		0x00080000
#define FL_VIP		0x00100000
#define FL_ID		0x00200000

#define FEC_PR		0x1	/**< page fault caused by protection violation */
#define FEC_WR		0x2	/**< page fault caused by a write */
#define FEC_U		0x4	/**< page fault occurred while in user mode */

#define STA_X		0x8
#define STA_E		0x4	/**< expand down (non-executable segments) */
#define STA_C		0x4	/**< conforming code segment (executable only) */
#define STA_W		0x2	/**< writeable (non-executable segments) */
#define STA_R		0x2	/**< readable (executable segments) */
#define STA_A		0x1

#define STS_T32A	0x9
#define STS_T32B	0xB
#define STS_IG32	0xE
#define STS_TG32	0xF

#ifndef __ASSEMBLER__

/** A segment descriptor as the CPU reads it from the GDT. */
struct Segdesc {
	unsigned sd_lim_15_0 : 16;
	unsigned sd_base_15_0 : 16;
	unsigned sd_base_23_16 : 8;
	unsigned sd_type : 4;		/**< segment type (see STS_ constants) */
	unsigned sd_s : 1;		/**< 0 = system, 1 = application */
	unsigned sd_dpl : 2;
	unsigned sd_p : 1;
	unsigned sd_lim_19_16 : 4;
	unsigned sd_avl : 1;		/**< unused (available for software use) */
	unsigned sd_rsv1 : 1;
	unsigned sd_db : 1;		/**< 0 = 16-bit segment, 1 = 32-bit segment */
	unsigned sd_g : 1;		/**< granularity: limit scaled by 4K when set */
	unsigned sd_base_31_24 : 8;
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
	uint32_t ts_link;
	uintptr_t ts_esp0;	/**< stack pointer loaded on a switch to ring 0 */
	uint16_t ts_ss0;	/**< stack segment loaded on a switch to ring 0 */
	uint16_t ts_padding1;
	uintptr_t ts_esp1;
	uint16_t ts_ss1;
	uint16_t ts_padding2;
	uintptr_t ts_esp2;
	uint16_t ts_ss2;
	uint16_t ts_padding3;
	physaddr_t ts_cr3;
	uintptr_t ts_eip;
	uint32_t ts_eflags;
	uint32_t ts_eax;
	uint32_t ts_ecx;
	uint32_t ts_edx;
	uint32_t ts_ebx;
	uintptr_t ts_esp;
	uintptr_t ts_ebp;
	uint32_t ts_esi;
	uint32_t ts_edi;
	uint16_t ts_es;
	uint16_t ts_padding4;
	uint16_t ts_cs;
	uint16_t ts_padding5;
	uint16_t ts_ss;
	uint16_t ts_padding6;
	uint16_t ts_ds;
	uint16_t ts_padding7;
	uint16_t ts_fs;
	uint16_t ts_padding8;
	uint16_t ts_gs;
	uint16_t ts_padding9;
	uint16_t ts_ldt;
	uint16_t ts_padding10;
	uint16_t ts_t;
	uint16_t ts_iomb;
};

/** An interrupt or trap gate descriptor in the IDT. */
struct Gatedesc {
	unsigned gd_off_15_0 : 16;
	unsigned gd_sel : 16;
	unsigned gd_args : 5;		/**< # args, 0 for interrupt/trap gates */
	unsigned gd_rsv1 : 3;		/**< reserved (should be zero) */
	unsigned gd_type : 4;		/**< type (STS_{IG32,TG32}) */
	unsigned gd_s : 1;		/**< must be 0 (system) */
	unsigned gd_dpl : 2;		/**< privilege level needed to use `int` on it */
	unsigned gd_p : 1;
	unsigned gd_off_31_16 : 16;
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
	uint32_t pd_base;
} __attribute__ ((packed));

#endif /* !__ASSEMBLER__ */

#endif /* !GW_INC_MMU_H */
