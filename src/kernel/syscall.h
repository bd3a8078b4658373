/**
 * @file kernel/syscall.h
 * @brief The system-call dispatcher.
 */
#ifndef GW_KERN_SYSCALL_H
#define GW_KERN_SYSCALL_H

#include <inc/syscall.h>
#include <inc/types.h>

/**
 * Run system call @p num for curenv with arguments a1..a5 (from edx, ecx,
 * ebx, edi, esi). Returns the result for eax: >= 0 or -E_*; -E_INVAL for
 * an unknown number. May not return if the call destroys or blocks
 * curenv, or yields. See @ref traps_syscall.
 * @locks{big kernel lock held (taken in trap())}
 */
int32_t syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3,
		uint32_t a4, uint32_t a5);

#endif /* !GW_KERN_SYSCALL_H */
