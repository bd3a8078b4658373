; halt.asm - the idle loop of a CPU with nothing to run.
;
; void cpu_idle(uintptr_t stacktop): reset the stack to stacktop (whatever
; was on it is dead: sched_halt() never returns), enable interrupts and
; halt. The next interrupt enters trap() from kernel mode, which takes the
; big kernel lock back and schedules.
; @ingroup grp_smp

global cpu_idle

section .text
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
