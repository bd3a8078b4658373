# Glasswing - build, run, test, document.
#
#   make                 build the kernel, the user programs and the disk image
#   make run PROG=hello CPUS=1 [TRACE=...] [SELFTEST=...] [TIMEOUT=s] ...
#                        (one variable per RUN: key; README "Running programs")
#                        boot headless, console on the terminal
#   make check           run every test in testlogs/ (parallel), end with "N passed, N failed"
#   make bless TESTS="a b"   rewrite testlogs/a.expect ... from the last runs of all configurations
#   make grade           every test with its points (POINTS: n) and the total
#   make docs            Doxygen HTML into build/docs (fails on any warning or missing doc)
#   make debug PROG=hello CPUS=1 [RC=break-sched] [PORT=n]   Bochs with the debugger
#   make console [PORT=n]          the kernel console of an interactive session
#   make bench           emulated-instruction counts of the benchmark programs
#   make mutants [MUTANTS="a b"]  plant classic bugs one by one: the suite must catch each
#   make explore [TESTS="a b"] [RUNS=n] [CPUS=1,2,4] [PREEMPT=points] [MUTANT=name]
#                        many interleavings per test (forced preemption points, seeds);
#                        a failure gets its replay line, decisions and a shrunk set
#   make run EMU=qemu ..., make check EMU=qemu   the same under QEMU
#   make qemu PROG=hello CPUS=2    QEMU, console and monitor on this terminal
#   make qemu-gdb PROG=hello CPUS=2   the same, stopped until gdb connects;
#   make gdb             in another terminal: gdb, kernel and PROG symbols
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
# The trace goes to COM1 (debug/console.py writes it to build/debug/
# trace.log), never to port 0xE9, which is the debugger's terminal.
CMDLINE ?= mode=interactive console=e9,com1,vga tracedev=com1 trace=$(or $(TRACE),none) \
	   prog=$(PROG)$(if $(TIMER), timer=$(TIMER))$(if $(SEED), seed=$(SEED))$(if $(PREEMPT), preempt=$(PREEMPT))$(if $(SELFTEST), selftest=$(SELFTEST))

.PHONY: all deps run check bless grade docs debug bench console clean mutants explore qemu qemu-gdb gdb \
	timeline timeline-screenshots
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

# NASM names the source in its DWARF line table as given and puts the
# source's own directory in DW_AT_comp_dir, so a relative path would be
# read back as src/kernel/src/kernel/NAME.asm: give it the absolute path.
$(BUILD)/kernel/%.o: src/kernel/%.asm
	@mkdir -p $(@D)
	$(call say,NASM,$<)
	$(Q)$(NASM) -f elf32 -g -F dwarf -o $@ $(abspath $<)

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

# The documentation's event and invariant tables, from their definitions.
$(BUILD)/trace-events.md: $(BUILD)/trace-schema.txt debug/gen-trace-docs.py debug/invariants.py
	$(Q)$(BUILD)/trace-schema --doc > $(BUILD)/trace-docs.txt
	$(Q)$(PYTHON) debug/gen-trace-docs.py $< $(BUILD)/trace-docs.txt $@

# The documentation's memory map, drawn from include/inc/memlayout.h by a
# host program (it fails when its regions no longer tile the layout).
NCPU_MAX := $(shell sed -n 's/^\#define NCPU[[:space:]]*\([0-9]*\).*/\1/p' src/kernel/cpu.h)
$(BUILD)/memory-map.txt: debug/memory-map.c include/inc/memlayout.h include/inc/mmu.h include/inc/types.h src/kernel/cpu.h
	@mkdir -p $(@D)
	$(Q)$(CC) -m32 -Wall -Wextra -Werror -Iinclude -DNCPU=$(NCPU_MAX) -o $(BUILD)/memory-map debug/memory-map.c
	$(Q)$(BUILD)/memory-map > $@ || { cat $@ >&2; rm -f $@; exit 1; }

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
	$(Q)$(NASM) -f elf32 -g -F dwarf -o $@ $(abspath $<)

$(BUILD)/user/libjos.a: $(ULIB_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/user/%.o: src/user/%.c src/user/own-programs.mk
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) $(if $(filter $*,$(OWN_PROGS)),$(WARN),-Wall -Wno-unused) -c -o $@ $<

$(BUILD)/user/%: $(BUILD)/user/%.o $(BUILD)/user/libjos.a src/user/user.ld
	$(call say,LD,$@)
	$(Q)$(LD) -T src/user/user.ld -nostdlib -n -o $@ $(BUILD)/user/lib/entry.o $< $(BUILD)/user/libjos.a $(LIBGCC)

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
	@$(if $(filter $(PROG),$(PROGS)),,echo "make: no program '$(PROG)'; programs: $(PROGS)" >&2; exit 1)
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

# One make variable per RUN: key of the expected files (README, "Running
# programs"), so that any test configuration runs by hand; the harness
# checks the names (a typo gets the list of valid ones). TIMEOUT= raises
# (or lowers) the wall-clock guard of a run, in seconds. EMU=qemu runs
# (and tests) under QEMU instead of Bochs (debug/qemu.py).
EMU     ?= bochs
RUN_VARS := PROG=prog CPUS=cpus TRACE=trace TIMER=timer SEED=seed PREEMPT=preempt SELFTEST=selftest \
	    TIMEOUT=timeout HANG=hang MAX_OUTPUT=max_output TYPE=type RC=debugrc DEBUGCMDS=debugcmds EXPECT=expect \
	    REPEAT=repeat SYMBOLIZE=symbolize GDB=gdb EMU=emu HOST=host
run: $(RUNNABLE)
	@$(PYTHON) debug/harness.py run $(foreach v,$(RUN_VARS),$(if $($(firstword $(subst =, ,$(v)))),\
		--$(lastword $(subst =, ,$(v))) '$($(firstword $(subst =, ,$(v))))'))

# The documentation is one of the tests (the `docs` line, built in the
# same pool as the runs): a missing comment is reported there, with its
# fix, and never keeps the programs' tests from running. The interactive
# image is there for the console_session line, which boots bochsrc as is.
check: $(RUNNABLE) $(IMAGE) $(BUILD)/memory-map.txt $(BUILD)/trace-events.md
	@$(PYTHON) debug/harness.py check --emu $(EMU) --jobs $(JOBS) $(if $(TESTS),--tests "$(TESTS)")

# Doxygen HTML into build/docs; fails on any Doxygen warning and on
# missing documentation (debug/doccheck.py says which, and the fix).
docs: $(BUILD)/memory-map.txt $(BUILD)/trace-events.md
	@$(PYTHON) debug/doccheck.py

# Rewrite testlogs/NAME.expect from the last runs of all its configurations
# (what holds in all of them); says what it needs without TESTS=.
bless:
	@$(PYTHON) debug/harness.py bless --tests "$(TESTS)"

# For course staff: every test JOS-style with its points (POINTS: n in the
# expected file, 1 without) and the total.
grade: $(RUNNABLE)
	@$(PYTHON) debug/harness.py grade --emu $(EMU) --jobs $(JOBS) $(if $(TESTS),--tests "$(TESTS)")

# An interactive session with the Bochs debugger on a copy of the image
# booting PROG on CPUS CPUs, kernel and PROG symbols loaded, magic
# breakpoints on (panic() and BREAKPOINT() stop on their CPU). RC=NAME
# first runs the command file debug/NAME.rc (e.g. RC=break-sched). COM1
# gets a free port (PORT= chooses one); Bochs waits for the console: run
# `make console` in a second terminal (debug/session.py).
debug: $(RUNNABLE)
	@$(PYTHON) debug/session.py debug --prog '$(PROG)' --cpus '$(CPUS)' $(if $(RC),--rc '$(RC)') \
		$(if $(TRACE),--trace '$(TRACE)') $(if $(TIMER),--timer '$(TIMER)') $(if $(SEED),--seed '$(SEED)') \
		$(if $(PREEMPT),--preempt '$(PREEMPT)') $(if $(SELFTEST),--selftest '$(SELFTEST)') $(if $(PORT),--port '$(PORT)')

# ---- QEMU and gdb: source-level debugging ---------------------------------------
# `make qemu` boots a copy of the image for PROG on CPUS CPUs under QEMU,
# interactive: COM1 (console and kernel monitor) on this terminal, Ctrl-A x
# quits; port 0xE9 goes to build/qemu/e9.log. `make qemu-gdb` does the same
# but QEMU stops before the BIOS and waits for gdb on 127.0.0.1:GDBPORT;
# `make gdb` (another terminal) writes build/.gdbinit (kernel and PROG
# symbols, the connection) and starts gdb with it. GDBPORT depends on the
# user, so that users of one machine do not collide.
GDBPORT ?= $(shell expr $$(id -u) % 5000 + 25000)
QEMU_CMDLINE = mode=interactive console=e9,com1,vga trace=$(or $(TRACE),none) prog=$(PROG)

$(BUILD)/qemu/disk.img: $(BASE_IMAGE) FORCE
	@mkdir -p $(@D)
	$(Q)$(PYTHON) debug/mkimage.py cmdline $(BASE_IMAGE) $@ "$(QEMU_CMDLINE)"

qemu: $(RUNNABLE) $(BUILD)/qemu/disk.img
	@echo "make qemu: PROG=$(PROG) on $(CPUS) CPU(s); Ctrl-A x quits QEMU, Ctrl-A c its monitor"
	@$(PYTHON) debug/qemu.py $(BUILD)/qemu/disk.img $(CPUS) $(BUILD)/qemu/e9.log

qemu-gdb: $(RUNNABLE) $(BUILD)/qemu/disk.img
	@echo "make qemu-gdb: QEMU waits for gdb on 127.0.0.1:$(GDBPORT): run 'make gdb' in another terminal"
	@echo "               (PROG=$(PROG) on $(CPUS) CPU(s); Ctrl-A x quits QEMU)"
	@$(PYTHON) debug/qemu.py $(BUILD)/qemu/disk.img $(CPUS) $(BUILD)/qemu/e9.log $(GDBPORT)

gdb: $(RUNNABLE)
	$(Q)$(PYTHON) debug/gen-gdbinit.py $(BUILD)/.gdbinit $(GDBPORT) $(PROG)
	gdb -q -x $(BUILD)/.gdbinit

# Performance in emulated cycles (deterministic under Bochs): one table of
# the kernel's hot paths at 1 and 2 CPUs, their goals, and the cost of a
# trace record (debug/bench.py, docs/performance.md).
bench: $(RUNNABLE)
	@$(PYTHON) debug/bench.py

# Plant each classic bug of debug/mutants.py's catalogue in a copy of the
# tree and show the suite catches it (minutes; not part of make check).
mutants: $(RUNNABLE)
	@$(PYTHON) debug/mutants.py --jobs $(JOBS) $(if $(MUTANTS),--only "$(MUTANTS)")

# Systematic schedule exploration (debug/explore.py, docs/explore.md):
# each test under many (CPU count, seed, preemption points) runs, every one
# checked like make check; the first failure gets the `make run` line that
# replays it (run and compared byte for byte), its decisions, its timeline
# and the smallest set of forced preemptions that still fails. CPUS= here
# is a list, and only when given (the RUN lines' counts otherwise);
# MUTANT=NAME explores a racy mutant (debug/racy_mutants.py) in a copy of
# the tree. ALL=1 collects every failure, DRY=n ends a test after n runs
# without a new interleaving (0: never), SEED=n is the first run's seed.
explore: $(RUNNABLE)
	@$(PYTHON) debug/explore.py --jobs $(JOBS) $(if $(TESTS),--tests "$(TESTS)") \
		$(if $(RUNS),--runs '$(RUNS)') $(if $(filter command line environment,$(origin CPUS)),--cpus '$(CPUS)') \
		$(if $(PREEMPT),--preempt '$(PREEMPT)') $(if $(SEED),--seed '$(SEED)') $(if $(DRY),--dry '$(DRY)') \
		$(if $(filter 1 yes,$(ALL)),--all) $(if $(filter 0 no,$(SHRINK)),--no-shrink) \
		$(if $(MUTANT),--mutant '$(MUTANT)')

# ---- timelines (debug/timeline.py, docs/timeline.md) ---------------------------
# The picture of a run: trace.json for Perfetto's UI (ui.perfetto.dev) and
# a self-contained timeline.html, beside RUN's trace.log (default: the last
# `make run`). The screenshots of the docs come from real runs, through
# headless Chromium; commit what changes in docs/images/.
timeline:
	@$(PYTHON) debug/timeline.py $(or $(RUN),$(BUILD)/run)

timeline-screenshots: $(RUNNABLE)
	@$(PYTHON) debug/timeline-screenshots.py docs/images

# The other end of COM1 for an interactive session (`bochs -f bochsrc`,
# `make debug`): finds the session (PORT= names one), keeps the trace.
console:
	@$(PYTHON) debug/console.py $(if $(PORT),--port '$(PORT)')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
