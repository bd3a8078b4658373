; kstack.asm - putting a CPU on a fresh kernel stack.
;
; void run_on_stack(uintptr_t top, void (*fn)(void)): switch to the stack
; whose top is top and call fn, which does not return. Used to move a CPU
; off its boot stack onto its per-CPU stack in the KSTACKTOP region, which
; has a guard page below it (init.c).
;
; void cpu_idle(uintptr_t stacktop): reset the stack to stacktop (whatever
; was on it is dead: sched_halt() never returns), enable interrupts and
; halt. The next interrupt enters trap() from kernel mode, which takes the
; big kernel lock back and schedules.
; @ingroup grp_smp

global run_on_stack, cpu_idle

section .text
run_on_stack:
	mov eax, [esp + 8]      ; fn
	mov esp, [esp + 4]      ; top
	xor ebp, ebp            ; ends backtraces
	push 0                  ; a fake return address
	jmp eax

cpu_idle:
	mov eax, [esp + 4]
	xor ebp, ebp            ; ends backtraces
	mov esp, eax
	push 0                  ; a fake return address and argument slot
	push 0
	sti
.halt:
	hlt
	jmp .halt
