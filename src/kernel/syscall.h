/**
 * @file kernel/syscall.h
 * @brief The system-call dispatcher.
 */
#ifndef GW_KERN_SYSCALL_H
#define GW_KERN_SYSCALL_H

#include <inc/syscall.h>
#include <inc/types.h>
#include <inc/trap.h>
#include "cpu.h"

/**
 * Run the system call in trap frame @p tf for CPU @p c's (this CPU's)
 * current env, whose env_tf @p tf is: the number in eax,
 * arguments a1..a5 in edx, ecx, ebx, edi, esi (JOS's convention). The
 * result goes back in eax: >= 0 or -E_*; -E_INVAL for an unknown number.
 * A call that blocks, yields or destroys curenv says so (cpu_resched,
 * ENV_DYING) and trap_exit() acts on it. See @ref traps_syscall.
 * @locks{big kernel lock held (taken in trap())}
 */
void syscall(struct CpuInfo *c, struct Trapframe *tf);

#endif /* !GW_KERN_SYSCALL_H */
