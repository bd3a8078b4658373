; trapentry.asm - the way into and out of the kernel.
;
; One stub per IDT vector (generated below with a macro loop, not by hand)
; pushes a zero where the CPU pushes no error code, then the vector number,
; and jumps to alltraps. alltraps completes a struct Trapframe (see
; include/inc/trap.h: the struct mirrors this push order exactly), loads
; the kernel data segments and calls trap(tf, cpu). trap() never returns here:
; it leaves through env_pop_tf().
;
; Where the frame is: a trap from user mode switches to the stack in the
; TSS's esp0, which env_return() points just past the env's env_tf, so the
; CPU and these pushes build the frame in curenv->env_tf itself (no copy,
; and no copy when the CPU switches envs either). alltraps then moves to
; this CPU's kernel stack (kstack_tops[LAPIC id]) to run C. A trap from
; kernel mode (an interrupt waking an idle CPU, a kernel fault) stays on
; the kernel stack, and so does its frame.
; @ingroup grp_traps

GD_KD   equ 0x10
TF_CS   equ 52              ; offsetof(struct Trapframe, tf_cs) (asserted in trap.c)

extern trap, double_fault, lapic_id, kstack_tops
global trap_vectors, env_pop_tf, double_fault_entry

section .text

; Vectors for which the CPU pushes an error code.
%define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%assign v 0
%rep 256
vector %+ v:
%if HAS_ERR(v) == 0
	push dword 0            ; tf_err
%endif
	push dword v            ; tf_trapno
	jmp alltraps
%assign v v + 1
%endrep

alltraps:
	push ds                 ; tf_ds
	push es                 ; tf_es
	pushad                  ; tf_regs
	mov ax, GD_KD
	mov ds, ax
	mov es, ax
	mov eax, esp            ; tf = the frame just built
	mov edx, [lapic_id]     ; this CPU's number, as cpunum() reads it
	mov edx, [edx]
	shr edx, 24
	test byte [eax + TF_CS], 3
	; from user mode, this CPU's kernel stack; from kernel mode, on it already
	cmovnz esp, [kstack_tops + edx * 4]
	push edx                ; trap(tf, cpu)
	push eax
	call trap
.never:                         ; trap() does not return
	cli
	hlt
	jmp .never

; void env_pop_tf(struct Trapframe *tf): restore every register from tf
; and return to the code it describes (user mode). Called with the big
; kernel lock already released; interrupts come back on with tf_eflags.
env_pop_tf:
	mov esp, [esp + 4]
	popad
	pop es
	pop ds
	add esp, 8              ; skip tf_trapno and tf_err
	iretd

; The double-fault task starts here (a task gate: trap.c), on its own
; stack with the error code (always 0) pushed; the faulting context is in
; the CPU's TSS. double_fault() panics.
double_fault_entry:
	xor ebp, ebp            ; its backtrace is the faulting context's
	call double_fault
.never:
	cli
	hlt
	jmp .never

section .rodata
align 4
; trap_vectors[v] = address of vector v's stub, for trap_init().
trap_vectors:
%assign v 0
%rep 256
	dd vector %+ v
%assign v v + 1
%endrep
