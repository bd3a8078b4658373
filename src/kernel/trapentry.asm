; trapentry.asm - the way into and out of the kernel.
;
; One stub per IDT vector (generated below with a macro loop, not by hand)
; pushes a zero where the CPU pushes no error code, then the vector number,
; and jumps to alltraps (T_SYSCALL's to allsyscalls). Both complete a
; struct Trapframe (see include/inc/trap.h: the struct mirrors this push
; order exactly), load the kernel data segments and call C with (tf, c),
; c = &cpus[LAPIC id]: trap(), or trap_syscall() for a system call. Neither
; returns here: they leave through env_pop_tf().
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
T_SYSCALL equ 48            ; include/inc/trap.h (asserted in trap.c)
TF_CS   equ 52              ; offsetof(struct Trapframe, tf_cs) (asserted in trap.c)
CPUINFO_SIZE equ 236        ; sizeof(struct CpuInfo) (asserted in trap.c)

extern trap, trap_syscall, double_fault, lapic_id, kstack_tops, cpus
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
%if v == T_SYSCALL
	jmp allsyscalls
%else
	jmp alltraps
%endif
%assign v v + 1
%endrep

; The rest of the frame, the kernel's data segments, and this CPU's
; number in edx (as cpunum() reads it); eax = the frame.
%macro FRAME_AND_CPU 0
	push ds                 ; tf_ds
	push es                 ; tf_es
	pushad                  ; tf_regs
	mov ax, GD_KD
	mov ds, ax
	mov es, ax
	mov eax, esp            ; tf = the frame just built
	mov edx, [lapic_id]
	mov edx, [edx]
	shr edx, 24
%endmacro

; trap(tf, c) with c = this CPU's CpuInfo, which trap() would otherwise
; compute again and again (from edx, this CPU's number).
%macro CALL_C 1
	imul edx, edx, CPUINFO_SIZE
	add edx, cpus
	push edx
	push eax
	call %1
.never:                         ; it does not return
	cli
	hlt
	jmp .never
%endmacro

alltraps:
	FRAME_AND_CPU
	test byte [eax + TF_CS], 3
	; from user mode, this CPU's kernel stack; from kernel mode, on it already
	cmovnz esp, [kstack_tops + edx * 4]
	CALL_C trap

; A system call comes from user mode (trap_syscall() in trap.c says why):
; always to this CPU's kernel stack, and to its own C entry.
allsyscalls:
	FRAME_AND_CPU
	mov esp, [kstack_tops + edx * 4]
	CALL_C trap_syscall

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
