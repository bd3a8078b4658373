/**
 * @file user/lib/syscall.c
 * @brief User-side system-call stubs: number in eax, arguments in edx,
 *        ecx, ebx, edi, esi, `int $0x30`, result in eax. (sys_exofork is
 *        inline in lib.h.)
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>
#include <inc/syscall.h>

/**
 * Make system call @p num with @p nargs arguments; with @p check, a
 * positive result is a kernel bug. Always inline, and a call passes only
 * the registers it uses: with at most two arguments, edx and ecx, which
 * the caller need not preserve, so the stub is its argument registers and
 * the `int`, with no ebx, edi and esi to save and restore around it. (The
 * kernel looks only at the registers each call takes.)
 */
static inline __attribute__((always_inline)) int32_t
syscall(int num, bool check, int nargs, uint32_t a1, uint32_t a2, uint32_t a3,
	uint32_t a4, uint32_t a5)
{
	int32_t ret;

	/* "memory": the kernel may read or write anything we pass. */
	if (nargs == 0)
		asm volatile("int %1\n"
			     : "=a" (ret)
			     : "i" (T_SYSCALL), "a" (num)
			     : "cc", "memory");
	else if (nargs <= 2)
		asm volatile("int %1\n"
			     : "=a" (ret)
			     : "i" (T_SYSCALL), "a" (num), "d" (a1), "c" (a2)
			     : "cc", "memory");
	else
		asm volatile("int %1\n"
			     : "=a" (ret)
			     : "i" (T_SYSCALL), "a" (num), "d" (a1), "c" (a2),
			       "b" (a3), "D" (a4), "S" (a5)
			     : "cc", "memory");

	if (check && ret > 0)
		panic("syscall %d returned %d (> 0)", num, ret);
	return ret;
}

void
sys_cputs(const char *s, size_t len)
{
	syscall(SYS_cputs, 0, 2, (uint32_t) s, len, 0, 0, 0);
}

int
sys_cgetc(void)
{
	return syscall(SYS_cgetc, 0, 0, 0, 0, 0, 0, 0);
}

int
sys_env_destroy(envid_t envid)
{
	return syscall(SYS_env_destroy, 1, 1, envid, 0, 0, 0, 0);
}

envid_t
sys_getenvid(void)
{
	return syscall(SYS_getenvid, 0, 0, 0, 0, 0, 0, 0);
}

void
sys_yield(void)
{
	syscall(SYS_yield, 0, 0, 0, 0, 0, 0, 0);
}

int
sys_page_alloc(envid_t envid, void *va, int perm)
{
	return syscall(SYS_page_alloc, 1, 3, envid, (uint32_t) va, perm, 0, 0);
}

int
sys_page_map(envid_t srcenv, void *srcva, envid_t dstenv, void *dstva, int perm)
{
	return syscall(SYS_page_map, 1, 5, srcenv, (uint32_t) srcva, dstenv,
		       (uint32_t) dstva, perm);
}

int
sys_page_unmap(envid_t envid, void *va)
{
	return syscall(SYS_page_unmap, 1, 2, envid, (uint32_t) va, 0, 0, 0);
}

int
sys_env_set_status(envid_t envid, int status)
{
	return syscall(SYS_env_set_status, 1, 2, envid, status, 0, 0, 0);
}

int
sys_env_set_pgfault_upcall(envid_t envid, void *upcall)
{
	return syscall(SYS_env_set_pgfault_upcall, 1, 2, envid, (uint32_t) upcall, 0, 0, 0);
}

int
sys_ipc_try_send(envid_t envid, uint32_t value, void *srcva, int perm)
{
	return syscall(SYS_ipc_try_send, 0, 4, envid, value, (uint32_t) srcva, perm, 0);
}

int
sys_ipc_recv(void *dstva)
{
	return syscall(SYS_ipc_recv, 1, 1, (uint32_t) dstva, 0, 0, 0, 0);
}
