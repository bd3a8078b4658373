/**
 * @file x86.h
 * @brief The architecture boundary: one tiny inline function per x86
 *        instruction the C code needs.
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_X86_H
#define GW_INC_X86_H

#include <inc/types.h>

/** Execute `int3` (breakpoint trap). */
static inline void
breakpoint(void)
{
	asm volatile("int3");
}

/** Read a byte from an I/O port. */
static inline uint8_t
inb(int port)
{
	uint8_t data;
	asm volatile("inb %w1,%0" : "=a" (data) : "d" (port));
	return data;
}

/** Read @p cnt bytes from an I/O port into @p addr. */
static inline void
insb(int port, void *addr, int cnt)
{
	asm volatile("cld\n\trepne\n\tinsb"
		     : "=D" (addr), "=c" (cnt)
		     : "d" (port), "0" (addr), "1" (cnt)
		     : "memory", "cc");
}

/** Read a 16-bit word from an I/O port. */
static inline uint16_t
inw(int port)
{
	uint16_t data;
	asm volatile("inw %w1,%0" : "=a" (data) : "d" (port));
	return data;
}

/** Read a 32-bit word from an I/O port. */
static inline uint32_t
inl(int port)
{
	uint32_t data;
	asm volatile("inl %w1,%0" : "=a" (data) : "d" (port));
	return data;
}

/** Write a byte to an I/O port. */
static inline void
outb(int port, uint8_t data)
{
	asm volatile("outb %0,%w1" : : "a" (data), "d" (port));
}

/** Write @p cnt bytes from @p addr to an I/O port (one instruction). */
static inline void
outsb(int port, const void *addr, int cnt)
{
	asm volatile("cld\n\trepne\n\toutsb"
		     : "=S" (addr), "=c" (cnt)
		     : "d" (port), "0" (addr), "1" (cnt)
		     : "cc");
}

/** Write a 16-bit word to an I/O port. */
static inline void
outw(int port, uint16_t data)
{
	asm volatile("outw %0,%w1" : : "a" (data), "d" (port));
}

/** Write a 32-bit word to an I/O port. */
static inline void
outl(int port, uint32_t data)
{
	asm volatile("outl %0,%w1" : : "a" (data), "d" (port));
}

/** Flush the TLB entry of one virtual address. */
static inline void
invlpg(void *addr)
{
	asm volatile("invlpg (%0)" : : "r" (addr) : "memory");
}

/** Load the interrupt descriptor table register. */
static inline void
lidt(void *p)
{
	asm volatile("lidt (%0)" : : "r" (p));
}

/** Load the global descriptor table register. */
static inline void
lgdt(void *p)
{
	asm volatile("lgdt (%0)" : : "r" (p));
}

/** Load the task register. */
static inline void
ltr(uint16_t sel)
{
	asm volatile("ltr %0" : : "r" (sel));
}

/** Write cr0. */
static inline void
lcr0(uint32_t val)
{
	asm volatile("movl %0,%%cr0" : : "r" (val));
}

/** Read cr0. */
static inline uint32_t
rcr0(void)
{
	uint32_t val;
	asm volatile("movl %%cr0,%0" : "=r" (val));
	return val;
}

/** Read cr2 (the faulting address of the last page fault). */
static inline uint32_t
rcr2(void)
{
	uint32_t val;
	asm volatile("movl %%cr2,%0" : "=r" (val));
	return val;
}

/** Write cr3 (switch page directory; flushes non-global TLB entries). */
static inline void
lcr3(uint32_t val)
{
	asm volatile("movl %0,%%cr3" : : "r" (val) : "memory");
}

/** Read cr3. */
static inline uint32_t
rcr3(void)
{
	uint32_t val;
	asm volatile("movl %%cr3,%0" : "=r" (val));
	return val;
}

/** Run cpuid leaf @p leaf: eax, ebx, ecx, edx into @p r[0..3]. */
static inline void
cpuid(uint32_t leaf, uint32_t r[4])
{
	asm volatile("cpuid" : "=a" (r[0]), "=b" (r[1]), "=c" (r[2]), "=d" (r[3]) : "a" (leaf), "c" (0));
}

/** Write cr4. */
static inline void
lcr4(uint32_t val)
{
	asm volatile("movl %0,%%cr4" : : "r" (val));
}

/** Read cr4. */
static inline uint32_t
rcr4(void)
{
	uint32_t cr4;
	asm volatile("movl %%cr4,%0" : "=r" (cr4));
	return cr4;
}

/** Flush the whole (non-global) TLB. */
static inline void
tlbflush(void)
{
	lcr3(rcr3());
}

/** Read eflags. */
static inline uint32_t
read_eflags(void)
{
	uint32_t eflags;
	asm volatile("pushfl; popl %0" : "=r" (eflags));
	return eflags;
}

/** Write eflags. */
static inline void
write_eflags(uint32_t eflags)
{
	asm volatile("pushl %0; popfl" : : "r" (eflags) : "cc", "memory");
}

/** Read ebp (the frame pointer; start of a backtrace). */
static inline uint32_t
read_ebp(void)
{
	uint32_t ebp;
	asm volatile("movl %%ebp,%0" : "=r" (ebp));
	return ebp;
}

/** Read esp. */
static inline uint32_t
read_esp(void)
{
	uint32_t esp;
	asm volatile("movl %%esp,%0" : "=r" (esp));
	return esp;
}

/** Disable maskable interrupts. */
static inline void
cli(void)
{
	asm volatile("cli" : : : "memory");
}

/** Enable maskable interrupts. */
static inline void
sti(void)
{
	asm volatile("sti" : : : "memory");
}

/** Clear the direction flag (string instructions count up). */
static inline void
cld(void)
{
	asm volatile("cld" ::: "cc");
}

/** Stop this CPU for good: interrupts off, halt. */
static inline void __attribute__((noreturn))
halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

/** Spin-wait hint for busy loops. */
static inline void
pause(void)
{
	asm volatile("pause" : : : "memory");
}

/** Read the time-stamp counter (emulated ticks under Bochs). */
static inline uint64_t
read_tsc(void)
{
	uint64_t tsc;
	asm volatile("rdtsc" : "=A" (tsc));
	return tsc;
}

/** Atomically store @p newval in @p *addr and return the old value. */
static inline uint32_t
xchg(volatile uint32_t *addr, uint32_t newval)
{
	uint32_t result;
	asm volatile("lock; xchgl %0, %1"
		     : "+m" (*addr), "=a" (result)
		     : "1" (newval)
		     : "cc", "memory");
	return result;
}

/** Atomically add @p inc to @p *addr and return the old value. */
static inline uint32_t
atomic_fetch_add(volatile uint32_t *addr, uint32_t inc)
{
	asm volatile("lock; xaddl %0, %1"
		     : "+r" (inc), "+m" (*addr)
		     : : "cc", "memory");
	return inc;
}

#endif /* !GW_INC_X86_H */
