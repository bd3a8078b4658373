; pfentry.asm - the user page-fault upcall.
;
; The kernel enters here on the user exception stack, with esp pointing
; at a struct UTrapframe (include/inc/trap.h):
;     esp+0   utf_fault_va          esp+40  utf_eip
;     esp+4   utf_err               esp+44  utf_eflags
;     esp+8   utf_regs (pusha)      esp+48  utf_esp
; We call the C handler, then return to the faulting instruction without
; entering the kernel: the trap-time eip is stored just below the
; trap-time esp (for a nested fault that is the empty word the kernel left
; between frames), the saved esp is lowered by 4 to point at it, the
; general registers and eflags are restored, and the final `ret` pops eip
; off the trap-time stack. After popfd no instruction may change flags.

extern _pgfault_handler
global _pgfault_upcall

section .text
_pgfault_upcall:
	cld                             ; the C handler expects DF clear; the
	                                ; frame's eflags are restored below
	push esp                        ; argument: the UTrapframe
	mov eax, [_pgfault_handler]
	call eax
	add esp, 4

	mov eax, [esp + 40]             ; trap-time eip
	mov ebx, [esp + 48]             ; trap-time esp
	sub ebx, 4
	mov [ebx], eax                  ; push eip onto the trap-time stack
	mov [esp + 48], ebx

	add esp, 8                      ; skip utf_fault_va and utf_err
	popad                           ; general registers
	add esp, 4                      ; skip utf_eip
	popfd                           ; eflags: no arithmetic after this
	pop esp                         ; the trap-time stack, eip on top
	ret
