; trapentry.asm - the way into and out of the kernel.
;
; One stub per IDT vector (generated below with a macro loop, not by hand)
; pushes a zero where the CPU pushes no error code, then the vector number,
; and jumps to alltraps. alltraps completes a struct Trapframe (see
; include/inc/trap.h: the struct mirrors this push order exactly), loads
; the kernel data segments and calls trap(tf). trap() never returns here:
; it leaves through env_pop_tf().
; @ingroup grp_traps

GD_KD   equ 0x10

extern trap, double_fault
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
	push esp                ; trap(tf) with tf = the frame just built
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
