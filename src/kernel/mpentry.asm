; mpentry.asm - where an application processor (AP) starts.
;
; boot_aps() copies the bytes between mpentry_start and mpentry_end to
; MPENTRY_PADDR (0x7000, a page kept off the free list) and sends the AP a
; STARTUP IPI naming that page. The AP begins here in real mode at
; 0x0700:0000, so this code is position-dependent on MPENTRY_PADDR, not on
; where the linker put it: MPBOOTPHYS() converts a label to its run-time
; address. It switches to protected mode, turns on paging with
; entry_pgdir (identity + KERNBASE for the low 8 MiB, like entry.asm),
; takes the stack boot_aps() left in mpentry_kstack and calls mp_main().
;
; Debugging the start of an AP: Bochs 2.7 checks an address breakpoint
; after the instruction before it on the same CPU, and an AP leaving its
; wait for the STARTUP IPI has no instruction before its first, so
; `pb 0x7000` never fires (with several CPUs, any instruction that begins
; one of a CPU's 5-instruction turns is skipped likewise). Instead, with
; break=ap-start on the command line boot_aps() sets mpentry_break in the
; copy, and each AP executes Bochs' magic breakpoint (xchg bx, bx, reliable
; with SMP) before anything else that matters: the debugger stops at
; .go, in real mode, segments not yet loaded. Headless runs turn magic
; breakpoints off, so the flag costs them nothing.
; @ingroup grp_smp

KERNBASE        equ 0xf0000000
MPENTRY_PADDR   equ 0x7000
CR0_PE          equ 0x00000001
CR0_WP          equ 0x00010000
CR0_PG          equ 0x80000000
CR4_PSE         equ 0x00000010

%define MPBOOTPHYS(s) ((s) - mpentry_start + MPENTRY_PADDR)

extern entry_pgdir, mpentry_kstack, mp_main
global mpentry_start, mpentry_end, mpentry_break

section .text
bits 16
mpentry_start:
	cli
	; cs = MPENTRY_PADDR >> 4: the flag is addressed within the copy.
	cmp byte [cs:mpentry_break - mpentry_start], 0
	je .go
	xchg bx, bx             ; Bochs magic breakpoint (break=ap-start)
.go:
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax

	lgdt [MPBOOTPHYS(gdtdesc)]
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	jmp dword 0x08:MPBOOTPHYS(start32)

bits 32
start32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax

	mov eax, entry_pgdir - KERNBASE
	mov cr3, eax
	mov eax, cr4
	or eax, CR4_PSE
	mov cr4, eax
	mov eax, cr0
	or eax, CR0_PE | CR0_PG | CR0_WP
	mov cr0, eax

	mov esp, [mpentry_kstack]
	xor ebp, ebp            ; ends backtraces
	mov eax, mp_main        ; an absolute (KERNBASE) address
	call eax
.spin:                          ; mp_main() does not return
	hlt
	jmp .spin

align 8
gdt:
	dq 0                                    ; null
	dq 0x00cf9a000000ffff                   ; 0x08: code, base 0, 4 GiB
	dq 0x00cf92000000ffff                   ; 0x10: data, base 0, 4 GiB
gdtdesc:
	dw gdtdesc - gdt - 1
	dd MPBOOTPHYS(gdt)
mpentry_break:                  ; nonzero: stop each AP at .go (boot_aps())
	db 0
mpentry_end:
