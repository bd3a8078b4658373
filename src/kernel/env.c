/**
 * @file env.c
 * @brief Environments: the free list, ids, address spaces, ELF loading,
 *        running and destroying.
 *
 * Everything here runs with the big kernel lock held (from the start of
 * i386_init(), so boot included). Nothing here schedules: an env that
 * stops running is left to trap_exit() and sched.c.
 *
 * @ingroup grp_envs
 */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>
#include <inc/elf.h>

#include "env.h"
#include "pmap.h"
#include "trap.h"
#include "cpu.h"
#include "spinlock.h"
#include "trace.h"
#include "fpu.h"
#include "sched.h"

struct Env *envs;
struct env_private env_private[NENV];
/** Free env slots, envs[0] first; a freed slot goes back to the head. */
static struct Env *env_free_list;

/* User programs read these through envs[] and the exception stack: their
 * layout is JOS's and must not drift. */
_Static_assert(sizeof(struct Trapframe) == 68, "struct Trapframe must be 68 bytes");
_Static_assert(sizeof(struct UTrapframe) == 52, "struct UTrapframe must be 52 bytes");
_Static_assert(sizeof(struct Env) == 124, "struct Env must be 124 bytes");
_Static_assert(offsetof(struct Env, env_cpunum) == 92, "env_cpunum at offset 92");
_Static_assert(offsetof(struct Env, env_ipc_perm) == 120, "env_ipc_perm at offset 120");
/* Trace records carry env_status values as the schema's state enum. */
_Static_assert((int) TR_state_free == ENV_FREE && (int) TR_state_dying == ENV_DYING &&
	       (int) TR_state_runnable == ENV_RUNNABLE && (int) TR_state_running == ENV_RUNNING &&
	       (int) TR_state_not_runnable == ENV_NOT_RUNNABLE,
	       "the trace schema's states follow the ENV_* values");

/** Shift of the generation part of an env id. */
#define ENVGENSHIFT	12

/*
 * The global descriptor table. Segments are flat (base 0, limit 4 GiB);
 * privilege comes from paging. Slot GD_TSS0/8 + i is CPU i's TSS, slot
 * GD_TSS0/8 + NCPU + i its double-fault TSS, both filled in by
 * trap_init_percpu().
 */
struct Segdesc gdt[5 + 2 * NCPU] = {
	SEG_NULL,
	[GD_KT >> 3] = SEG(STA_X | STA_R, 0x0, 0xffffffff, 0),
	[GD_KD >> 3] = SEG(STA_W, 0x0, 0xffffffff, 0),
	[GD_UT >> 3] = SEG(STA_X | STA_R, 0x0, 0xffffffff, 3),
	[GD_UD >> 3] = SEG(STA_W, 0x0, 0xffffffff, 3),
	[GD_TSS0 >> 3] = SEG_NULL,
};

/** The operand of lgdt for gdt[]. */
struct Pseudodesc gdt_pd = {
	sizeof(gdt) - 1, (unsigned long) gdt
};

/**
 * Load @p pd into the GDTR, then reload cs with @p kcode, ds/es/ss with
 * @p kdata and fs/gs with @p udata, and clear the LDT (segments.asm).
 */
void gdt_load(struct Pseudodesc *pd, uint16_t kcode, uint16_t kdata, uint16_t udata);

/** Names of the ENV_* statuses for messages and trace records. */
static const char * const status_names[] = {
	[ENV_FREE] = "free",
	[ENV_DYING] = "dying",
	[ENV_RUNNABLE] = "runnable",
	[ENV_RUNNING] = "running",
	[ENV_NOT_RUNNABLE] = "not_runnable",
};

const char *
env_status_name(unsigned status)
{
	return status < ARRAY_SIZE(status_names) ? status_names[status] : "?";
}

int
envid2env(envid_t envid, struct Env **env_store, bool checkperm)
{
	struct Env *e;

	if (envid == 0) {
		*env_store = curenv;
		return 0;
	}
	/* A stale id names a slot that was reused (or freed): reject it. */
	e = &envs[ENVX(envid)];
	if (e->env_status == ENV_FREE || e->env_id != envid) {
		*env_store = NULL;
		return -E_BAD_ENV;
	}
	if (checkperm && e != curenv && e->env_parent_id != curenv->env_id) {
		*env_store = NULL;
		return -E_BAD_ENV;
	}
	*env_store = e;
	return 0;
}

void
env_init(void)
{
	/* Build the free list so that envs[0] comes first. */
	env_free_list = NULL;
	for (int i = NENV - 1; i >= 0; i--) {
		envs[i].env_id = 0;
		envs[i].env_status = ENV_FREE;
		env_private[i].oncpu = -1;
		envs[i].env_link = env_free_list;
		env_free_list = &envs[i];
	}
	env_init_percpu();
}

void
env_init_percpu(void)
{
	gdt_load(&gdt_pd, GD_KT, GD_KD, GD_UD | 3);
}

/** Give @e a page directory: the kernel's mappings above UTOP, nothing
 * below, and its own UVPT self-map. */
static int
env_setup_vm(struct Env *e)
{
	struct PageInfo *p = page_alloc(ALLOC_ZERO);

	if (!p)
		return -E_NO_MEM;
	p->pp_ref++;
	e->env_pgdir = page2kva(p);
	for (size_t i = PDX(UTOP); i < NPDENTRIES; i++)
		e->env_pgdir[i] = kern_pgdir[i];
	e->env_pgdir[PDX(UVPT)] = PADDR(e->env_pgdir) | PTE_P | PTE_U;
	return 0;
}

int
env_alloc(struct Env **newenv_store, envid_t parent_id)
{
	struct Env *e = env_free_list;
	int32_t generation;
	int r;

	if (!e)
		return -E_NO_FREE_ENV;
	if ((r = env_setup_vm(e)) < 0)
		return r;

	generation = (e->env_id + (1 << ENVGENSHIFT)) & ~(NENV - 1);
	if (generation <= 0)	/* don't create a negative env id */
		generation = 1 << ENVGENSHIFT;
	e->env_id = generation | (e - envs);
	e->env_parent_id = parent_id;
	e->env_type = ENV_TYPE_USER;
	sched_set_status(e, ENV_RUNNABLE);
	e->env_runs = 0;
	e->env_cpunum = -1;

	/* User segments, the stack at USTACKTOP, interrupts on in user mode.
	 * eip is set by the loader (or copied by exofork). */
	memset(&e->env_tf, 0, sizeof(e->env_tf));
	e->env_tf.tf_ds = GD_UD | 3;
	e->env_tf.tf_es = GD_UD | 3;
	e->env_tf.tf_ss = GD_UD | 3;
	e->env_tf.tf_esp = USTACKTOP;
	e->env_tf.tf_cs = GD_UT | 3;
	e->env_tf.tf_eflags = FL_IF;
	/* No CPU has it; fs and gs as gdt_load() sets them on every CPU. */
	env_priv(e)->oncpu = -1;
	env_priv(e)->fs = env_priv(e)->gs = GD_UD | 3;

	fpu_reset(e);
	e->env_pgfault_upcall = NULL;
	e->env_ipc_recving = false;
	e->env_ipc_dstva = NULL;
	e->env_ipc_value = 0;
	e->env_ipc_from = 0;
	e->env_ipc_perm = 0;

	env_free_list = e->env_link;
	e->env_link = NULL;
	*newenv_store = e;

	cprintf("[%08x] new env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	trace_env_create(e->env_id, parent_id);
	return 0;
}

/**
 * Map [va, va+len) in @e with fresh zeroed pages, OR-ing @p perm into pages
 * already there (two segments may share a page). 0 or -E_NO_MEM.
 */
static int
region_alloc(struct Env *e, uintptr_t va, size_t len, int perm)
{
	uintptr_t start = ROUNDDOWN(va, PGSIZE), end = ROUNDUP(va + len, PGSIZE);

	for (uintptr_t a = start; a < end; a += PGSIZE) {
		pte_t *pte;
		struct PageInfo *pp = page_lookup(e->env_pgdir, (void *) a, &pte);

		if (pp) {
			*pte |= perm;
			continue;
		}
		if (!(pp = page_alloc(ALLOC_ZERO)))
			return -E_NO_MEM;
		if (page_insert(e->env_pgdir, pp, (void *) a, perm | PTE_U) < 0) {
			page_free(pp);
			return -E_NO_MEM;
		}
	}
	return 0;
}

/** Copy @p len bytes from kernel memory @p src to user address @p va in @e
 * (already mapped), page by page through the kernel's mapping. */
static void
copy_to_env(struct Env *e, uintptr_t va, const uint8_t *src, size_t len)
{
	while (len > 0) {
		struct PageInfo *pp = page_lookup(e->env_pgdir, (void *) va, NULL);
		size_t n = MIN(len, (size_t) (PGSIZE - PGOFF(va)));

		assert(pp);
		memcpy((uint8_t *) page2kva(pp) + PGOFF(va), src, n);
		va += n, src += n, len -= n;
	}
}

/**
 * Load every PT_LOAD segment of the ELF image @p binary into @p e, zero the
 * bss parts, map one stack page below USTACKTOP, and set the entry point.
 * Returns 0, -E_INVAL for a malformed image, or -E_NO_MEM.
 */
static int
load_icode(struct Env *e, const uint8_t *binary, size_t size)
{
	const struct Elf *elf = (const struct Elf *) binary;
	const struct Proghdr *ph;
	int r;

	if (size < sizeof(*elf) || elf->e_magic != ELF_MAGIC ||
	    elf->e_phoff > size ||
	    elf->e_phnum > (size - elf->e_phoff) / sizeof(*ph))
		return -E_INVAL;
	ph = (const struct Proghdr *) (binary + elf->e_phoff);
	for (int i = 0; i < elf->e_phnum; i++, ph++) {
		if (ph->p_type != ELF_PROG_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_va >= UTOP ||
		    ph->p_memsz > UTOP - ph->p_va ||
		    ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
			return -E_INVAL;
		r = region_alloc(e, ph->p_va, ph->p_memsz,
				 (ph->p_flags & ELF_PROG_FLAG_WRITE) ? PTE_W : 0);
		if (r < 0)
			return r;
		copy_to_env(e, ph->p_va, binary + ph->p_offset, ph->p_filesz);
	}
	if ((r = region_alloc(e, USTACKTOP - PGSIZE, PGSIZE, PTE_W)) < 0)
		return r;
	e->env_tf.tf_eip = elf->e_entry;
	return 0;
}

int
env_create(const uint8_t *binary, size_t size, const char *name, enum EnvType type)
{
	struct Env *e;
	int r;

	if ((r = env_alloc(&e, 0)) < 0)
		return r;
	e->env_type = type;
	if ((r = load_icode(e, binary, size)) < 0) {
		cprintf("env_create: cannot load '%s': %e\n", name, r);
		env_free(e);
		return r;
	}
	trace_env_load(e->env_id, name, e->env_tf.tf_eip);
	return 0;
}

void
env_free(struct Env *e)
{
	assert_kernel_locked();
	if (env_oncpu(e) != -1 && env_oncpu(e) != cpunum())
		panic("env_free: env %08x is on CPU %d (only that CPU may free it)",
		      e->env_id, env_oncpu(e));

	cprintf("[%08x] free env %08x\n", curenv ? curenv->env_id : 0, e->env_id);
	trace_env_free(e->env_id);
	if (e == curenv) {
		/* Leave it: off its page directory before freeing that (its
		 * FPU state is simply not saved: fpu.c). */
		lcr3(PADDR(kern_pgdir));
		sched_cpu_drop(thiscpu, e);
	}

	/* Unmap every user page, then free the page tables and directory. */
	for (size_t pdeno = 0; pdeno < PDX(UTOP); pdeno++) {
		pte_t *pt;

		if (!(e->env_pgdir[pdeno] & PTE_P))
			continue;
		pt = KADDR(PTE_ADDR(e->env_pgdir[pdeno]));
		for (size_t pteno = 0; pteno < NPTENTRIES; pteno++)
			if (pt[pteno] & PTE_P)
				page_remove(e->env_pgdir, PGADDR(pdeno, pteno, 0));
		e->env_pgdir[pdeno] = 0;
		page_decref(pa2page(PADDR(pt)));
	}
	page_decref(pa2page(PADDR(e->env_pgdir)));
	e->env_pgdir = NULL;

	sched_set_status(e, ENV_FREE);
	e->env_link = env_free_list;
	env_free_list = e;
}

void
env_destroy(struct Env *e)
{
	/* On a CPU (maybe this one, in a trap for it): that CPU frees it on
	 * its way out of the kernel. Already DYING: left to that CPU. */
	if (env_oncpu(e) != -1) {
		if (e->env_status != ENV_DYING)
			env_set_status(e, ENV_DYING);
		return;
	}
	env_free(e);
}

void
env_kill(struct Env *e, unsigned reason)
{
	trace_env_killed(e->env_id, reason);
	env_destroy(e);
}

const struct user_program *
user_program_find(const char *name)
{
	for (uint32_t i = 0; i < user_programs_count; i++)
		if (strcmp(user_programs[i].name, name) == 0)
			return &user_programs[i];
	return NULL;
}
