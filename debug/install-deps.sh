#!/bin/sh
# install-deps.sh - install what building, running, testing and documenting
# Glasswing needs, when it is missing. Run by every `make` (see the
# Makefile) before anything that depends on these tools is computed, so the
# first command on a brand-new Debian machine works; `make deps` runs it
# alone. Uses sudo when not root.
#
# Each need is checked by what the build really does with it, not by a
# file that merely exists: the 32-bit libgcc is proved by linking a -m32
# program that divides 64-bit numbers (gcc -m32 -print-libgcc-file-name
# prints a path to the 64-bit library when gcc-multilib is absent).
#
# Exit status 0 when everything is there (or was installed), 1 otherwise,
# with the package that failed and why Glasswing needs it.
set -u

missing=""	# packages to install
reasons=""	# "package: why" lines, for the failure message

# want PACKAGE WHY: PACKAGE is needed (a check below failed).
want() {
	case " $missing " in *" $1 "*) return ;; esac
	missing="$missing $1"
	reasons="$reasons
  $1: $2"
}

have() { command -v "$1" >/dev/null 2>&1; }

# Link a freestanding -m32 program against the libgcc that the Makefile
# will use: 64-bit division on i386 calls __udivdi3/__umoddi3 from it.
libgcc32_works() {
	have gcc || return 1
	d=$(mktemp -d 2>/dev/null) || return 1
	cat >"$d/t.c" <<'EOF'
unsigned long long q, r;
void _start(void) { volatile unsigned long long a = 1ull << 40, b = 3; q = a / b; r = a % b; for (;;) ; }
EOF
	lib=$(gcc -m32 -print-libgcc-file-name 2>/dev/null)
	gcc -m32 -ffreestanding -fno-pic -c -o "$d/t.o" "$d/t.c" >/dev/null 2>&1 &&
		ld -m elf_i386 -o "$d/t" "$d/t.o" "$lib" >/dev/null 2>&1
	ok=$?
	rm -rf "$d"
	return $ok
}

# The i386 system emulator, with the ISA debugcon device (port 0xE9) and
# the isa-debug-exit device (power-off) that the QEMU runs depend on.
qemu_works() {
	have qemu-system-i386 || return 1
	devs=$(qemu-system-i386 -device help 2>/dev/null) || return 1
	case $devs in *'"isa-debugcon"'*) ;; *) return 1 ;; esac
	case $devs in *'"isa-debug-exit"'*) ;; *) return 1 ;; esac
}

# A gdb that can debug 32-bit x86 code (Debian's gdb can; a cross gdb
# for another architecture could not).
gdb_works() {
	have gdb || return 1
	gdb -nx -batch -ex 'set architecture i386' >/dev/null 2>&1
}

check_all() {
	missing=""
	reasons=""
	have gcc || want gcc "the C compiler for the kernel and user programs"
	have ld && have objcopy && have nm || want binutils "ld, objcopy and nm link the kernel and the programs"
	libgcc32_works || want gcc-multilib "the 32-bit libgcc (64-bit division in printf) for gcc -m32"
	have nasm || want nasm "assembles the boot loader, trap entry, AP entry and upcall trampoline"
	have python3 || want python3 "the test harness, checker and image tools (debug/*.py)"
	have bochs || want bochs "the emulator every run and test boots in"
	[ -f /usr/share/bochs/BIOS-bochs-latest ] || want bochsbios "the BIOS image bochsrc names"
	[ -f /usr/share/bochs/VGABIOS-lgpl-latest ] || want vgabios "the VGA BIOS image bochsrc names"
	ls /usr/lib/*/bochs/plugins/libbx_term_gui.so >/dev/null 2>&1 ||
		want bochs-term "the terminal display of interactive sessions (bochsrc: display_library: term)"
	have unshare || want util-linux "unshare runs each Bochs in a private network namespace"
	# QEMU and gdb: source-level debugging (make qemu-gdb, make gdb) and
	# the suite under a second emulator (make check EMU=qemu). The check
	# is the one the runs use: the i386 system emulator with the
	# debugcon device that carries console and trace from port 0xE9,
	# and a gdb that knows the i386 architecture.
	qemu_works || want qemu-system-x86 "make qemu, make qemu-gdb and make check EMU=qemu (qemu-system-i386 with -debugcon)"
	gdb_works || want gdb "make gdb: source-level debugging of the kernel under QEMU"
	have doxygen || want doxygen "make docs (run by make check)"
	have dot || want graphviz "the call and include graphs in make docs"
	# Started, not only found: /usr/bin/chromium is a wrapper script, and
	# only the browser behind it can answer --version.
	chromium --version >/dev/null 2>&1 ||
		want chromium "the headless browser that tests timeline.html (make check) and takes the docs' screenshots"
}

check_all
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif have sudo; then
	SUDO="sudo"
else
	echo "install-deps: missing:$missing" >&2
	echo "install-deps: neither root nor sudo: install them as root, then run make again.$reasons" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing:$missing" >&2
if ! $SUDO apt-get update -qq >/dev/null 2>&1; then
	echo "install-deps: 'apt-get update' failed (no network or no apt sources?); still missing:$reasons" >&2
	exit 1
fi
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1; then
	# Find which package failed, one at a time, and say why we need it.
	for p in $missing; do
		if ! out=$($SUDO apt-get install -y -qq --no-install-recommends "$p" 2>&1); then
			why=$(printf '%s\n' "$reasons" | sed -n "s/^  $p: //p")
			echo "install-deps: cannot install $p (needed for: $why):" >&2
			printf '%s\n' "$out" | tail -n 5 | sed 's/^/    /' >&2
			exit 1
		fi
	done
fi
# Installed is not the same as working: check everything again.
check_all
if [ -n "$missing" ]; then
	echo "install-deps: installed, but these checks still fail:$reasons" >&2
	exit 1
fi
exit 0
