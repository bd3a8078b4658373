; stage2.asm - stage 2 of the boot loader.
;
; Entered from stage 1 in real mode at STAGE2_ADDR. Steps:
;   1. collect the BIOS E820 memory map into struct bootinfo;
;   2. enable the A20 line (fast A20 via port 0x92);
;   3. load a flat GDT and switch to 32-bit protected mode (paging off);
;   4. read the kernel ELF header from disk with ATA PIO (up to 128
;      sectors per command), then every PT_LOAD segment to its physical
;      address, zeroing the memsz tail;
;   5. jump to the ELF entry point (a physical address) with
;      eax = BOOTINFO_MAGIC and ebx = address of struct bootinfo.
; Any failure prints a message on port 0xe9 and halts.

%include "layout.inc"

bits 16
org STAGE2_ADDR

stage2:
	rdtsc                           ; make bench: boot
	mov [BOOTINFO_ADDR + BI_TSC_STAGE2], eax
	mov [BOOTINFO_ADDR + BI_TSC_STAGE2 + 4], edx

	; ---- 1. E820 memory map ------------------------------------------
	mov dword [BOOTINFO_ADDR + BI_MAGIC], BOOTINFO_MAGIC
	mov dword [BOOTINFO_ADDR + BI_CMDLINE], CMDLINE_ADDR
	mov dword [BOOTINFO_ADDR + BI_E820_COUNT], 0
	mov di, BOOTINFO_ADDR + BI_E820
	xor ebx, ebx                    ; continuation value, 0 = first call
.e820_next:
	mov eax, 0xe820
	mov edx, 0x534d4150             ; "SMAP"
	mov ecx, E820_ENTRY_SIZE
	mov dword [di + 20], 1          ; ACPI 3 attributes: "valid" by default
	int 0x15
	jc .e820_done                   ; carry: end of list (or unsupported)
	cmp eax, 0x534d4150
	jne .e820_done
	inc dword [BOOTINFO_ADDR + BI_E820_COUNT]
	add di, E820_ENTRY_SIZE
	cmp dword [BOOTINFO_ADDR + BI_E820_COUNT], E820_MAX
	jae .e820_done
	test ebx, ebx
	jnz .e820_next
.e820_done:

	; ---- 2. A20 -----------------------------------------------------------
	in al, 0x92
	or al, 2
	and al, 0xfe                    ; bit 0 would reset the machine
	out 0x92, al

	; ---- 3. protected mode -----------------------------------------------
	cli
	lgdt [gdt_desc]
	mov eax, cr0
	or eax, 1                       ; CR0.PE
	mov cr0, eax
	jmp 0x08:pmode

bits 32
pmode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, 0x7c00

	; ---- 4. load the kernel ELF ------------------------------------------
	; Headers: the first 4 KiB of the file.
	mov edi, ELFHDR_ADDR
	mov ecx, 4096
	xor edx, edx
	call read_seg
	cmp dword [ELFHDR_ADDR], 0x464c457f
	jne bad_elf

	movzx ecx, word [ELFHDR_ADDR + 44]      ; e_phnum
	mov ebx, [ELFHDR_ADDR + 28]             ; e_phoff
	add ebx, ELFHDR_ADDR
.next_ph:
	test ecx, ecx
	jz .loaded
	push ecx
	cmp dword [ebx], 1                      ; p_type == PT_LOAD?
	jne .skip
	mov edi, [ebx + 12]                     ; p_pa
	mov ecx, [ebx + 16]                     ; p_filesz
	mov edx, [ebx + 4]                      ; p_offset
	call read_seg
	; zero [p_pa + p_filesz, p_pa + p_memsz), four bytes at a time
	mov edi, [ebx + 12]
	add edi, [ebx + 16]
	mov ecx, [ebx + 20]                     ; p_memsz
	sub ecx, [ebx + 16]
	xor eax, eax
	mov edx, ecx
	shr ecx, 2
	rep stosd
	mov ecx, edx
	and ecx, 3
	rep stosb
.skip:
	pop ecx
	dec ecx
	add ebx, 32                             ; sizeof(struct Proghdr)
	jmp .next_ph

.loaded:
	; ---- 5. enter the kernel ---------------------------------------------
	mov eax, BOOTINFO_MAGIC
	mov ebx, BOOTINFO_ADDR
	mov ecx, [ELFHDR_ADDR + 24]             ; e_entry
	jmp ecx

bad_elf:
	mov esi, msg_bad_elf
	jmp die

; read_seg: copy ecx bytes at kernel-file offset edx to physical edi.
; Reads whole sectors, so it may also write up to 511 bytes before edi
; (harmless: segments are loaded in ascending order). Clobbers eax, ecx,
; edx, edi, esi.
read_seg:
	push ebx
	mov esi, edi
	add esi, ecx                    ; esi = end address
	mov eax, edx
	and eax, 511
	sub edi, eax                    ; round down to a sector boundary
	shr edx, 9
	add edx, KERNEL_LBA             ; edx = first sector
.more:
	cmp edi, esi
	jae .done
	mov ecx, esi                    ; sectors still wanted, at most 128
	sub ecx, edi
	add ecx, 511
	shr ecx, 9
	cmp ecx, 128
	jbe .count
	mov ecx, 128
.count:
	call read_sects
	jmp .more
.done:
	pop ebx
	ret

; read_sects: read ecx (1..128) sectors from sector edx (LBA28) to edi with
; one ATA PIO READ SECTORS command on the primary channel: one command per
; 64 KiB, not per sector. Advances edx and edi past them; preserves esi.
read_sects:
	push ecx
	call wait_disk
	mov ebx, edx
	mov dx, 0x1f2
	mov al, cl                      ; sector count
	out dx, al
	inc dx                          ; 0x1f3: LBA 0..7
	mov al, bl
	out dx, al
	inc dx                          ; 0x1f4: LBA 8..15
	mov al, bh
	out dx, al
	inc dx                          ; 0x1f5: LBA 16..23
	mov eax, ebx
	shr eax, 16
	out dx, al
	inc dx                          ; 0x1f6: LBA 24..27, master, LBA mode
	shr eax, 8
	and al, 0x0f
	or al, 0xe0
	out dx, al
	inc dx                          ; 0x1f7: command READ SECTORS
	mov al, 0x20
	out dx, al
	pop ecx
	add ebx, ecx                    ; the sector after the last
.sector:
	push ecx
	call wait_disk                  ; not busy: this sector's data is ready
	mov dx, 0x1f0
	mov ecx, 128
	rep insd
	pop ecx
	loop .sector
	mov edx, ebx
	ret

; wait_disk: spin until the drive is ready (BSY clear, RDY set).
wait_disk:
	push edx
	mov dx, 0x1f7
.spin:
	in al, dx
	and al, 0xc0
	cmp al, 0x40
	jne .spin
	pop edx
	ret

; die: print the NUL-terminated string at esi on port 0xe9 and halt.
die:
	lodsb
	test al, al
	jz .halt
	out 0xe9, al
	jmp die
.halt:
	cli
	hlt
	jmp .halt

msg_bad_elf: db "glasswing boot: kernel is not an ELF file", 10, 0

align 8
gdt:
	dq 0                                    ; null
	dq 0x00cf9a000000ffff                   ; 0x08: code, base 0, 4 GiB
	dq 0x00cf92000000ffff                   ; 0x10: data, base 0, 4 GiB
gdt_desc:
	dw gdt_desc - gdt - 1
	dd gdt

times STAGE2_SECTORS * 512 - ($ - $$) db 0
