; pagecopy.asm - page_copy(): copy one 4 KiB page with 16-byte SSE2 moves.
;
; fork's COW handler and copy_page_to() copy whole pages; `rep movsd` is
; 1,024 instructions, eight XMM registers 128 bytes at a time a fifth of
; that. page_copy() runs inside page-fault upcalls, which interrupt
; arbitrary code (possibly in the middle of its own SSE work), so it
; saves and restores every XMM register it uses. The kernel keeps each
; env's SSE state apart (fxsave, kernel fpu.c).
; @ingroup grp_ulib

PGSIZE  equ 4096

global page_copy

section .text

; void page_copy(void *dst, const void *src): both page-aligned.
page_copy:
	mov eax, [esp + 4]      ; dst
	mov edx, [esp + 8]      ; src
	sub esp, 128
	movdqu [esp], xmm0
	movdqu [esp + 16], xmm1
	movdqu [esp + 32], xmm2
	movdqu [esp + 48], xmm3
	movdqu [esp + 64], xmm4
	movdqu [esp + 80], xmm5
	movdqu [esp + 96], xmm6
	movdqu [esp + 112], xmm7
	lea ecx, [edx + PGSIZE]
.move:                          ; 128 bytes a turn
	movdqa xmm0, [edx]
	movdqa xmm1, [edx + 16]
	movdqa xmm2, [edx + 32]
	movdqa xmm3, [edx + 48]
	movdqa xmm4, [edx + 64]
	movdqa xmm5, [edx + 80]
	movdqa xmm6, [edx + 96]
	movdqa xmm7, [edx + 112]
	movdqa [eax], xmm0
	movdqa [eax + 16], xmm1
	movdqa [eax + 32], xmm2
	movdqa [eax + 48], xmm3
	movdqa [eax + 64], xmm4
	movdqa [eax + 80], xmm5
	movdqa [eax + 96], xmm6
	movdqa [eax + 112], xmm7
	add edx, 128
	add eax, 128
	cmp edx, ecx
	jne .move
	movdqu xmm0, [esp]
	movdqu xmm1, [esp + 16]
	movdqu xmm2, [esp + 32]
	movdqu xmm3, [esp + 48]
	movdqu xmm4, [esp + 64]
	movdqu xmm5, [esp + 80]
	movdqu xmm6, [esp + 96]
	movdqu xmm7, [esp + 112]
	add esp, 128
	ret
