; pagemem.asm - page_zero(): clear one 4 KiB page with 16-byte SSE2 stores.
;
; Every page an env gets from sys_page_alloc() is cleared first; with
; `rep stosd` that is 1,024 instructions, a quarter of them with 16-byte
; stores. The SSE registers hold the current env's state while it is in
; the kernel (fpu.c switches them eagerly), so the one register used here
; is saved on the stack and restored. CR4.OSFXSR is set on every CPU
; (init_control_registers()).
; @ingroup grp_memory

PGSIZE  equ 4096

global page_zero

section .text

; void page_zero(void *kva): kva is page-aligned (movdqa needs 16).
page_zero:
	mov eax, [esp + 4]
	sub esp, 16
	movdqu [esp], xmm0
	pxor xmm0, xmm0
	lea edx, [eax + PGSIZE]
.store:                         ; 128 bytes a turn
	movdqa [eax], xmm0
	movdqa [eax + 16], xmm0
	movdqa [eax + 32], xmm0
	movdqa [eax + 48], xmm0
	movdqa [eax + 64], xmm0
	movdqa [eax + 80], xmm0
	movdqa [eax + 96], xmm0
	movdqa [eax + 112], xmm0
	add eax, 128
	cmp eax, edx
	jne .store
	movdqu xmm0, [esp]
	add esp, 16
	ret
