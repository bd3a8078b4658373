# Glasswing - build, run, test, document.
#
#   make                 build the kernel, the user programs and the disk image
#   make run PROG=hello CPUS=1 [TRACE=...] [TIMER=...] [SEED=...] [TIMEOUT=s]
#                        boot headless, console on the terminal
#   make check           run every test in testlogs/ (parallel), end with "N passed, N failed"
#   make bless TESTS="a b"   rewrite testlogs/a.expect ... from their last run
#   make docs            Doxygen HTML into build/docs (fails on any warning)
#   make debug PROG=hello CPUS=1   Bochs with the debugger, symbols loaded
#   make bench           emulated-instruction counts of the benchmark programs
#   make timeline [RUN=build/testruns/TEST/CONFIG]
#                        trace.json (Perfetto) and timeline.html beside a run's trace.log
#   make timeline-screenshots   the docs' timeline pictures (docs/images/), from real runs
#
# Nothing here is needed by hand: every make run first installs missing
# tools with apt-get (debug/install-deps.sh; also `make deps`).

BUILD   := build
PROG    ?= hello
CPUS    ?= 1
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)

CC      := gcc
LD      := ld -m elf_i386 -z noexecstack
NASM    := nasm
OBJCOPY := objcopy
NM      := nm
PYTHON  := python3

# Our own code is warning-free. A course's program dropped into src/user
# (not listed in OWN_PROGS) builds even if it draws warnings.
WARN    := -Wall -Wextra -Werror
CFLAGS  := -m32 -march=i686 -ffreestanding -fno-builtin -fno-pic -fno-pie \
	   -fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	   -nostdinc -Iinclude -O1 -gdwarf-4 -std=gnu11 -MMD -MP
KCFLAGS := $(CFLAGS) $(WARN) -DGLASSWING_KERNEL
UCFLAGS := $(CFLAGS) -DJOS_USER=1

# Whatever the build, the runs and the docs need is installed first, once
# per make invocation (a quick check when everything is there), and before
# anything below asks a tool a question: LIBGCC must name the 32-bit libgcc
# that gcc-multilib installs, not the 64-bit one gcc reports without it.
ifeq ($(filter clean deps,$(MAKECMDGOALS)),)
DEPS_STATUS := $(shell sh debug/install-deps.sh >&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error installing the tools Glasswing needs failed (see above))
endif
endif
LIBGCC  := $(shell $(CC) -m32 -print-libgcc-file-name)

# Quiet by default; `make V=1` shows every command.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

# ---- sources ------------------------------------------------------------
KERNEL_C   := $(wildcard src/kernel/*.c)
KERNEL_ASM := $(wildcard src/kernel/*.asm)
SHARED_C   := $(wildcard src/lib/*.c)
ULIB_C     := $(wildcard src/user/lib/*.c)
ULIB_ASM   := $(wildcard src/user/lib/*.asm)
PROGS      := $(sort $(basename $(notdir $(wildcard src/user/*.c))))
OWN_PROGS  := $(shell sed -n 's/^OWN_PROGS *+= *//p' src/user/own-programs.mk 2>/dev/null)

KERNEL_OBJS := $(KERNEL_C:src/kernel/%.c=$(BUILD)/kernel/%.o) \
	       $(KERNEL_ASM:src/kernel/%.asm=$(BUILD)/kernel/%.o) \
	       $(SHARED_C:src/lib/%.c=$(BUILD)/kernel/lib/%.o)
ULIB_OBJS   := $(ULIB_C:src/user/lib/%.c=$(BUILD)/user/lib/%.o) \
	       $(ULIB_ASM:src/user/lib/%.asm=$(BUILD)/user/lib/%.o) \
	       $(SHARED_C:src/lib/%.c=$(BUILD)/user/lib/shared-%.o)
PROG_ELFS   := $(PROGS:%=$(BUILD)/user/%)
PROG_BINS   := $(PROGS:%=$(BUILD)/user/%.bin)

# Two images: base.img (boot loader + kernel, an empty command line) is what
# every run copies and gives its own command line (debug/mkimage.py), so run
# options, PROG included, never rebuild anything; glasswing.img is base.img
# with the command line of an interactive `bochs -f bochsrc` session.
BASE_IMAGE := $(BUILD)/base.img
IMAGE   := $(BUILD)/glasswing.img
CMDLINE ?= mode=interactive console=e9,com1,vga trace=none prog=$(PROG)

.PHONY: all deps run check bless docs debug bench console clean timeline timeline-screenshots
# What a run needs (the images, kernel and program symbols), not the
# interactive image's command line.
RUNNABLE := $(BASE_IMAGE) $(BUILD)/kernel.sym $(PROGS:%=$(BUILD)/user/%.sym) $(BUILD)/trace-schema.txt
all: $(RUNNABLE) $(IMAGE)

# ---- kernel ---------------------------------------------------------------
$(BUILD)/kernel/%.o: src/kernel/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/kernel/lib/%.o: src/lib/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c -o $@ $<

$(BUILD)/kernel/%.o: src/kernel/%.asm
	@mkdir -p $(@D)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 -g -F dwarf -o $@ $<

$(BUILD)/progs.asm: $(PROG_BINS) debug/gen-progs.py
	$(Q)$(PYTHON) debug/gen-progs.py $@ $(PROG_BINS)

# incbin: the object changes whenever a program does.
$(BUILD)/progs.o: $(BUILD)/progs.asm $(PROG_BINS)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 -o $@ $<

$(BUILD)/ksyms-empty.asm:
	@mkdir -p $(@D)
	$(Q)printf 'section .ksyms\nglobal ksyms, ksyms_count\nksyms_count: dd 0\nksyms:\n' > $@

$(BUILD)/%.o: $(BUILD)/%.asm
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 -o $@ $<

# Two links: the first (empty symbol table) gives the function addresses
# for the table linked into the second. .ksyms comes after .text and
# .rodata, so those addresses cannot move; the cmp proves it.
$(BUILD)/kernel.elf: $(KERNEL_OBJS) $(BUILD)/progs.o $(BUILD)/ksyms-empty.o src/kernel/kernel.ld debug/gen-ksyms.py
	$(call say,LD,$@)
	$(Q)$(LD) -T src/kernel/kernel.ld -nostdlib -o $@.pass1 $(KERNEL_OBJS) $(BUILD)/progs.o $(BUILD)/ksyms-empty.o $(LIBGCC)
	$(Q)$(NM) -n $@.pass1 > $@.pass1.nm
	$(Q)$(PYTHON) debug/gen-ksyms.py $@.pass1.nm > $(BUILD)/ksyms.asm
	$(Q)$(NASM) -f elf32 -o $(BUILD)/ksyms.o $(BUILD)/ksyms.asm
	$(Q)$(LD) -T src/kernel/kernel.ld -nostdlib -o $@ $(KERNEL_OBJS) $(BUILD)/progs.o $(BUILD)/ksyms.o $(LIBGCC)
	$(Q)$(NM) -n $@ | grep -i ' t ' > $@.text.nm; grep -i ' t ' $@.pass1.nm | cmp -s - $@.text.nm \
		|| { echo "kernel: function addresses moved between links" >&2; rm -f $@; exit 1; }

# The trace schema as the kernel writes it at boot (the harness decodes
# with it and the docs list it): printed by a host program built from the
# same table, src/kernel/trace_events.h.
$(BUILD)/trace-schema.txt: debug/trace-schema.c src/kernel/trace_events.h src/kernel/trace_schema.h src/kernel/trace_macros.h
	@mkdir -p $(@D)
	$(Q)$(CC) -Wall -Wextra -Werror -Isrc/kernel -o $(BUILD)/trace-schema debug/trace-schema.c
	$(Q)$(BUILD)/trace-schema > $@

# Bochs debugger symbol files: "address name" per line.
$(BUILD)/kernel.sym: $(BUILD)/kernel.elf
	$(Q)$(NM) -n $< | awk 'NF == 3 && $$2 ~ /[tTdDbBrR]/ { print $$1, $$3 }' > $@

# One per program: every program is linked at the same addresses, so a
# debugging session loads only its own program's symbols.
$(BUILD)/user/%.sym: $(BUILD)/user/%
	$(Q)$(NM) -n $< | awk 'NF == 3 && $$2 ~ /[tTdDbBrR]/ { print $$1, $$3 }' > $@

# ---- user programs ----------------------------------------------------------
$(BUILD)/user/lib/%.o: src/user/lib/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/user/lib/shared-%.o: src/lib/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/user/lib/%.o: src/user/lib/%.asm
	@mkdir -p $(@D)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 -g -F dwarf -o $@ $<

$(BUILD)/user/libjos.a: $(ULIB_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/user/%.o: src/user/%.c src/user/own-programs.mk
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) $(if $(filter $*,$(OWN_PROGS)),$(WARN),-Wall -Wno-unused) -c -o $@ $<

$(BUILD)/user/%: $(BUILD)/user/%.o $(BUILD)/user/libjos.a src/user/user.ld
	$(call say,LD,$@)
	$(Q)$(LD) -T src/user/user.ld -nostdlib -o $@ $(BUILD)/user/lib/entry.o $< $(BUILD)/user/libjos.a $(LIBGCC)

$(BUILD)/user/%.bin: $(BUILD)/user/%
	$(Q)$(OBJCOPY) --strip-all $< $@

# ---- boot loader and image ----------------------------------------------------
$(BUILD)/boot/%.bin: src/boot/%.asm src/boot/layout.inc
	@mkdir -p $(@D)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f bin -I src/boot/ -o $@ $<

$(BASE_IMAGE): $(BUILD)/boot/boot.bin $(BUILD)/boot/stage2.bin $(BUILD)/kernel.elf debug/mkimage.py
	$(call say,IMAGE,$@)
	$(Q)$(PYTHON) debug/mkimage.py build $@ $(BUILD)/boot/boot.bin $(BUILD)/boot/stage2.bin $(BUILD)/kernel.elf ""

# The interactive command line is remembered in a file, so that `make
# PROG=NAME` rewrites glasswing.img's command-line sector (a copy of
# base.img, nothing recompiled) and an unchanged PROG rewrites nothing.
$(BUILD)/cmdline.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

$(IMAGE): $(BASE_IMAGE) $(BUILD)/cmdline.txt
	$(call say,IMAGE,$@)
	$(Q)$(PYTHON) debug/mkimage.py cmdline $(BASE_IMAGE) $@ "$(CMDLINE)"

.PHONY: FORCE
FORCE:

# Keep intermediate files (objects of programs, generated sources).
.SECONDARY:

# ---- running and testing --------------------------------------------------------
deps:
	@sh debug/install-deps.sh

# TIMEOUT= raises (or lowers) the wall-clock guard of a run, in seconds.
run: $(RUNNABLE)
	@$(PYTHON) debug/harness.py run --prog $(PROG) --cpus $(CPUS) \
		$(if $(TRACE),--trace $(TRACE)) $(if $(TIMER),--timer $(TIMER)) $(if $(SEED),--seed $(SEED)) \
		$(if $(TIMEOUT),--timeout $(TIMEOUT))

# The documentation is part of the tests: a Doxygen warning fails the run.
check: $(RUNNABLE) docs
	@$(PYTHON) debug/harness.py check --jobs $(JOBS) $(if $(TESTS),--tests "$(TESTS)")

# Doxygen HTML into build/docs (docs/Doxyfile fails on any warning).
docs:
	@mkdir -p $(BUILD)/docs
	@cd docs && doxygen Doxyfile
	@echo "  DOCS   build/docs/html/index.html"

bless:
	@$(PYTHON) debug/harness.py bless --tests "$(TESTS)"

# An interactive session with the Bochs debugger on a copy of the image
# booting PROG on CPUS CPUs, kernel and PROG symbols loaded, magic
# breakpoints on (panic() and BREAKPOINT() stop on their CPU). RC=NAME
# first runs the command file debug/NAME.rc (e.g. RC=break-sched).
# Bochs waits for the console: run `make console` in a second terminal.
debug: $(RUNNABLE)
	$(Q)mkdir -p $(BUILD)/debug && rm -f $(BUILD)/debug/disk.img.lock
	$(Q)$(PYTHON) debug/mkimage.py cmdline $(BASE_IMAGE) $(BUILD)/debug/disk.img \
		"mode=interactive console=e9,com1,vga trace=$(or $(TRACE),none) prog=$(PROG)"
	$(Q){ echo 'ldsym global "$(BUILD)/user/$(PROG).sym"'; $(if $(RC),cat debug/$(RC).rc;) } > $(BUILD)/debug/session.rc.in
	$(Q)$(PYTHON) debug/gen-rc.py $(BUILD)/debug/session.rc.in $(BUILD)/debug/session.rc $(BUILD)/kernel.elf $(BUILD)/user/$(PROG)
	@echo "make debug: Bochs waits for the kernel console: run 'make console' in another terminal"
	bochs -q -f bochsrc -rc $(BUILD)/debug/session.rc 'ata0-master: type=disk, path=$(BUILD)/debug/disk.img, mode=flat' \
		'cpu: count=$(CPUS)' 'magic_break: enabled=1'

# Performance in emulated cycles (deterministic under Bochs): the bench_*
# programs print "bench NAME N cycles per op"; no tracing, 1 and 2 CPUs.
BENCH_PROGS := $(filter bench_%,$(PROGS))
bench: $(RUNNABLE)
	@for p in $(BENCH_PROGS); do for c in 1 2; do \
		echo "== $$p, $$c CPU(s)"; \
		$(PYTHON) debug/harness.py run --prog $$p --cpus $$c --trace none 2>/dev/null | grep '^bench ' || exit 1; \
	done; done

# ---- timelines (debug/timeline.py, docs/timeline.md) ---------------------------
# The picture of a run: trace.json for Perfetto's UI (ui.perfetto.dev) and
# a self-contained timeline.html, beside RUN's trace.log (default: the last
# `make run`). The screenshots of the docs come from real runs, through
# headless Chromium; commit what changes in docs/images/.
timeline:
	@$(PYTHON) debug/timeline.py $(or $(RUN),$(BUILD)/run)

timeline-screenshots: $(RUNNABLE)
	@$(PYTHON) debug/timeline-screenshots.py docs/images

# The other end of COM1 for an interactive `bochs -f bochsrc`.
console:
	@$(PYTHON) debug/console.py

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
