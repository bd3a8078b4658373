; entry.asm - the kernel's first instructions, on the boot CPU.
;
; The boot loader jumps to _start (a physical address) with paging off,
; eax = BOOTINFO_MAGIC and ebx = physical address of struct bootinfo.
; We turn on paging with entry_pgdir, which maps the first 8 MiB of physical
; memory both at 0 (so the next instruction still works) and at KERNBASE,
; using 4 MiB pages. Then we switch to the boot stack at its KERNBASE
; address and call i386_init(magic, bootinfo), which never returns.
; pmap.c later replaces entry_pgdir with the full kernel page directory.

KERNBASE        equ 0xf0000000
PTE_P           equ 0x001
PTE_W           equ 0x002
PTE_PS          equ 0x080
CR0_PE          equ 0x00000001
CR0_WP          equ 0x00010000
CR0_PG          equ 0x80000000
CR4_PSE         equ 0x00000010
KSTKSIZE        equ 8 * 4096

extern i386_init

section .text.entry
global _start, entry
_start equ entry - KERNBASE

bits 32
entry:
	mov edx, entry_pgdir - KERNBASE
	mov cr3, edx
	mov edx, cr4
	or edx, CR4_PSE
	mov cr4, edx
	mov edx, cr0
	or edx, CR0_PE | CR0_PG | CR0_WP
	mov cr0, edx

	; Still at a low eip: jump to the KERNBASE address of relocated.
	mov edx, relocated
	jmp edx
relocated:
	; ebp = 0 ends every backtrace here.
	xor ebp, ebp
	mov esp, bootstacktop
	push ebx                ; struct bootinfo (physical)
	push eax                ; magic
	call i386_init
.spin:
	cli
	hlt
	jmp .spin

section .data
; The entry page directory: 4 MiB pages for [0, 8 MiB) at 0 and at KERNBASE.
align 4096
global entry_pgdir
entry_pgdir:
	dd 0x000000 | PTE_P | PTE_W | PTE_PS
	dd 0x400000 | PTE_P | PTE_W | PTE_PS
	times (KERNBASE >> 22) - 2 dd 0
	dd 0x000000 | PTE_P | PTE_W | PTE_PS
	dd 0x400000 | PTE_P | PTE_W | PTE_PS
	times 1024 - (KERNBASE >> 22) - 2 dd 0

section .bss
; The boot CPU's stack until i386_init() moves it onto its per-CPU stack at
; kstacktop() (run_on_stack()), once mem_init() has mapped those.
align 4096
global bootstack, bootstacktop
bootstack:
	resb KSTKSIZE
bootstacktop:
