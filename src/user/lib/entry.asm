; entry.asm - where every user program starts (linked at 0x800020).
;
; The kernel starts a new env with esp = USTACKTOP and nothing on the
; stack: then argc = argv = 0 are pushed for libmain(argc, argv). (A
; loader that passes arguments leaves esp below USTACKTOP with them.)
; Also defines the read-only kernel data every program sees at fixed
; addresses: envs, pages, uvpt and uvpd (absolute symbols).

UENVS           equ 0xeec00000
UPAGES          equ 0xef000000
UVPT            equ 0xef400000
USTACKTOP       equ 0xeebfe000

global _start, envs, pages, uvpt, uvpd
extern libmain

envs            equ UENVS
pages           equ UPAGES
uvpt            equ UVPT
uvpd            equ UVPT + (UVPT >> 12) * 4

section .text
_start:
	cmp esp, USTACKTOP
	jne .args_exist
	push dword 0            ; argv
	push dword 0            ; argc
.args_exist:
	call libmain
.spin:                          ; libmain() calls exit(): never here
	jmp .spin
