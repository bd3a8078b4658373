; boot.asm - stage 1: the master boot record.
;
; The BIOS loads this sector at 0x7c00 and jumps to it in real mode with
; the boot drive in dl. Its only job is to read the command line sector and
; stage 2 (sectors 1..15) to 0x7e00 with the BIOS extended read (INT 13h
; AH=42h) and jump to stage 2, passing the drive number on in dl.

%include "layout.inc"

bits 16
org 0x7c00

start:
	cli
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	mov bx, dx              ; rdtsc overwrites dl, the boot drive
	rdtsc                   ; the end of the BIOS's part (make bench: boot)
	mov [BOOTINFO_ADDR + BI_TSC_STAGE1], eax
	mov [BOOTINFO_ADDR + BI_TSC_STAGE1 + 4], edx
	mov dx, bx

	; Disk address packet for INT 13h AH=42h: sectors 1..15 to 0x0000:0x7e00.
	mov si, dap
	mov ah, 0x42
	int 0x13
	jc .fail
	jmp 0:STAGE2_ADDR

.fail:
	mov si, msg_fail
.print:
	lodsb
	test al, al
	jz .halt
	out 0xe9, al            ; Bochs debug port: visible in a headless run
	mov ah, 0x0e            ; and on the VGA screen
	int 0x10
	jmp .print
.halt:
	hlt
	jmp .halt

align 4
dap:
	db 0x10                 ; packet size
	db 0
	dw 1 + STAGE2_SECTORS   ; sector count: command line + stage 2
	dw CMDLINE_ADDR, 0      ; buffer offset, segment
	dq CMDLINE_LBA          ; first LBA

msg_fail: db "glasswing boot: disk read failed", 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xaa55
