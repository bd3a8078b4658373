"""QEMU, the second emulator: the machine Glasswing's runs get under
`EMU=qemu` (tests and `make run`) and under `make qemu` / `make qemu-gdb`.

The machine is the one bochsrc describes, as far as QEMU has it: an i386
PC with 64 MiB, the disk image on the first IDE disk, no network, no
display, SeaBIOS (QEMU's BIOS; the kernel finds the CPUs in its ACPI MADT,
see src/kernel/mpconfig.c). Two ISA devices carry what Bochs' built-in
ports do:

  isa-debugcon at port 0xE9   console and trace records, to a chardev
                              (headless runs: QEMU's standard output, which
                              holds nothing else)
  isa-debug-exit at 0x501     the kernel's shutdown() writes there after
                              Bochs' port 0x8900, and QEMU exits

Time and CPUs: QEMU's TCG runs all CPUs in one host thread, in turns
(`-accel tcg,thread=single`): one host core per QEMU whatever the CPU
count, which is what `make check` on two shared cores wants (multi-threaded
TCG would put up to 15 busy threads, spinning CPUs included, on them).
-icount, which would tie time to instructions, starves CPUs here: with
-smp 2 the second CPU never got the big kernel lock in a whole ipc_ring
run, and at 3 CPUs a runnable env waited for minutes. The LAPIC timer counts
virtual nanoseconds, which follow host time: `timer=200000` preempts every
200 us, however many instructions that is. rdtsc reads the host's TSC
(TCG passes it through), whose rate QEMU does not tell: the trace header
says tsc_hz=unknown, and cycle figures (lock wait and held times, make
bench) are host time, not emulated cost. Runs are neither reproducible
nor instruction-timed: Glasswing claims determinism for Bochs only.
"""
import os

QEMU = "qemu-system-i386"
MEMORY_MB = 64              # bochsrc: megs: 64
EXIT_PORT = 0x501           # src/kernel/shutdown.c: QEMU_EXIT_PORT
TSC_HZ = "unknown"          # the host's TSC rate (see above)


def machine(img, cpus):
    """The options every Glasswing QEMU shares: machine, disk, devices, clock."""
    return [QEMU, "-machine", "pc", "-m", str(MEMORY_MB), "-smp", str(int(cpus)),
            "-drive", "file=%s,format=raw,if=ide,index=0,media=disk" % img,
            "-boot", "c",
            "-nic", "none", "-display", "none",
            "-no-reboot",
            "-accel", "tcg,thread=single",
            "-rtc", "base=2000-01-01T00:00:00,clock=vm",
            "-device", "isa-debug-exit,iobase=0x%x,iosize=2" % EXIT_PORT]


def headless(img, cpus, log, serial_port=None, gdb_port=None, e9_file=None):
    """A headless test run: port 0xE9 on standard output (or to the file
    @e9_file), QEMU's own messages and its triple-fault report (-d
    cpu_reset) in @log. With @serial_port, COM1 is a TCP server on
    127.0.0.1 that QEMU waits for (the monitor-typing tests,
    debug/interact.py); else no COM1. With @gdb_port, QEMU stops before
    the first BIOS instruction and waits for gdb on 127.0.0.1:@gdb_port
    (debug/gdbsession.py)."""
    e9 = "file,id=e9,path=%s" % e9_file if e9_file else "stdio,id=e9,signal=off"
    cmd = machine(img, cpus) + [
        "-chardev", e9, "-device", "isa-debugcon,iobase=0xe9,chardev=e9",
        "-monitor", "none", "-parallel", "none",
        "-d", "cpu_reset", "-D", log]
    if serial_port:
        cmd += ["-serial", "tcp:127.0.0.1:%d,server=on,wait=on" % serial_port]
    else:
        cmd += ["-serial", "none"]
    if gdb_port:
        cmd += ["-gdb", "tcp:127.0.0.1:%d" % gdb_port, "-S"]
    return cmd


def interactive(img, cpus, e9_log, gdb_port=None):
    """`make qemu` / `make qemu-gdb`: COM1 (the kernel console and the
    monitor's input) on this terminal with QEMU's monitor multiplexed
    (Ctrl-A x quits, Ctrl-A c switches to the QEMU monitor); port 0xE9 to
    the file @e9_log. With @gdb_port, QEMU stops before the first BIOS
    instruction and waits for gdb on 127.0.0.1:@gdb_port."""
    cmd = machine(img, cpus) + [
        "-serial", "mon:stdio",
        "-chardev", "file,id=e9,path=%s" % e9_log, "-device", "isa-debugcon,iobase=0xe9,chardev=e9",
        "-parallel", "none"]
    if gdb_port:
        cmd += ["-gdb", "tcp:127.0.0.1:%d" % gdb_port, "-S"]
    return cmd


def triple_fault(log_text):
    """Whether QEMU's log (-d cpu_reset) reports a triple fault."""
    return "Triple fault" in log_text


def read_log(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def main():
    """`make qemu` / `make qemu-gdb`: exec QEMU on an image (argv: image,
    cpus, e9 log, [gdb port])."""
    import sys
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: qemu.py IMAGE CPUS E9_LOG [GDB_PORT]")
    img, cpus, e9_log = sys.argv[1:4]
    port = int(sys.argv[4]) if len(sys.argv) == 5 else None
    cmd = interactive(img, cpus, e9_log, port)
    print(" ".join(cmd), file=sys.stderr)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
