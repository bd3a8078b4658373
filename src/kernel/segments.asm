; segments.asm - load the GDT and reload every segment register.
;
; void gdt_load(struct Pseudodesc *pd, uint16_t kcode, uint16_t kdata,
;               uint16_t udata)
; A far return reloads cs (there is no "mov cs"). gs and fs get the user
; data segment (nothing in the kernel uses them); the LDT is unused.

global gdt_load

section .text
gdt_load:
	mov eax, [esp + 4]
	lgdt [eax]
	mov ax, [esp + 16]
	mov gs, ax
	mov fs, ax
	mov ax, [esp + 12]
	mov es, ax
	mov ds, ax
	mov ss, ax
	movzx eax, word [esp + 8]
	push eax
	push .reloaded
	retf
.reloaded:
	xor eax, eax
	lldt ax
	ret
