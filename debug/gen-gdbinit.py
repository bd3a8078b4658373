#!/usr/bin/env python3
"""Write the gdb command file of a source-level session with QEMU.

    gen-gdbinit.py OUT PORT PROG

OUT (build/.gdbinit for `make gdb`) loads the kernel's symbols and source
lines, adds program PROG's, defines the kernel's per-CPU macros for gdb,
and connects to QEMU's gdbstub on 127.0.0.1:PORT (`make qemu-gdb`). gdb
reads it with `gdb -x build/.gdbinit`, so no auto-load setting is needed.
The test harness writes the same file for its gdb sessions (RUN: gdb=).
"""
import os
import sys

TEMPLATE = """\
# {out} - written by `make gdb` (debug/gen-gdbinit.py) for PROG={prog},
# anew each time: edit debug/gen-gdbinit.py, not this file.
# Used as: gdb -x {out}   (after `make qemu-gdb` in another terminal)

set architecture i386

# The kernel: symbols and source lines (built with -gdwarf-4).
file {root}/build/kernel.elf

# The user program: every program is linked at the same addresses
# (src/user/user.ld: _start at 0x800020), so one program's symbols at a
# time. For another program (or after `make qemu-gdb PROG=other`):
#     symbol-file {root}/build/kernel.elf
#     add-symbol-file {root}/build/user/OTHER
# A kernel name and a user name may be the same (the string and printf
# functions of src/lib are in both): `break memcpy` then stops in both.
add-symbol-file {root}/build/user/{prog}

# curenv and thiscpu are macros in the kernel (env.h, cpu.h) that call
# cpunum(), which reads the LAPIC: gdb must not run kernel code. QEMU
# numbers its gdb threads from 1 in CPU order, and CPU n has LAPIC id n
# (the index of cpus[]), so the current thread names the CPU.
macro define thiscpu (&cpus[$_thread - 1])
macro define curenv (thiscpu->cpu_env)

# QEMU's gdbstub: one thread per CPU (`info threads`, `thread N`).
target remote 127.0.0.1:{port}
"""


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    out, port, prog = sys.argv[1:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not os.path.exists(os.path.join(root, "build", "user", prog)):
        sys.exit("gen-gdbinit: no program %s (build/user/%s): make first" % (prog, prog))
    with open(out, "w") as f:
        f.write(TEMPLATE.format(out=os.path.relpath(out, root), prog=prog, port=int(port),
                                root=root))


if __name__ == "__main__":
    main()
