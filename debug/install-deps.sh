#!/bin/sh
# Install what building, running and testing Glasswing needs, if missing.
# Debian packages: bochs (with bochsbios, vgabios, bochs-term), nasm, a 32-bit libgcc
# (gcc-multilib), python3, doxygen, graphviz. Uses sudo when not root.
set -e
missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need bochs bochs
need nasm nasm
need python3 python3
need doxygen doxygen
need dot graphviz
[ -f /usr/share/bochs/BIOS-bochs-latest ] || missing="$missing bochsbios"
[ -f /usr/share/bochs/VGABIOS-lgpl-latest ] || missing="$missing vgabios"
# The terminal display of interactive sessions (bochsrc: display_library: term).
ls /usr/lib/*/bochs/plugins/libbx_term_gui.so >/dev/null 2>&1 || missing="$missing bochs-term"
[ -f "$(gcc -m32 -print-libgcc-file-name 2>/dev/null)" ] || missing="$missing gcc-multilib"
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing bochsbios vgabios >/dev/null
