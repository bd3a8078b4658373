#!/usr/bin/env python3
"""Annotate addresses with function and source line.

    python3 debug/symbolize.py [--prog NAME] [--return] [ADDRESS...]  < panic.txt

With addresses as arguments, prints "ADDRESS function file:line" for each
(--return: they are return addresses, as a backtrace's eip values are).
Otherwise copies standard input (a panic message, a backtrace, a trap
frame, Bochs' print-stack) to standard output, adding after each line the
function and line of the code addresses in it:

- in a kernel backtrace line (`ebp ...  eip ...  args ...`) only the eip,
  a return address: the line shown is that of the call;
- in a Bochs `print-stack` line the stack word, also as a return address;
- anywhere else, every 8-digit hex word that is a code address, as it is
  (a trap frame's eip is the instruction that trapped).

Stack and data addresses are left alone. Kernel addresses resolve through
build/kernel.elf; user addresses (0x00800000 - 0x00ffffff) through the
program's ELF: --prog NAME, or the prog= of the boot line
("Glasswing kernel booting: ... prog=NAME") when the input has one.
See debug/symbols.py for the rules.
"""
import argparse
import os
import re
import sys

import symbols

HEX = re.compile(r"\b(?:0x)?([0-9a-fA-F]{8})\b")
BACKTRACE = re.compile(r"^\s*ebp [0-9a-f]{8}\s+eip ([0-9a-f]{8})\b")
PRINT_STACK = re.compile(r"\|\s*STACK 0x[0-9a-f]+ \[0x([0-9a-f]{8})\]")
BOOT_PROG = re.compile(r"Glasswing kernel booting:.*\bprog=(\S+)")


class Resolver:
    """One Symbolizer per ELF, chosen by address."""

    def __init__(self, prog):
        self.prog = prog
        self.by_elf = {}

    def lookup(self, addr, returned):
        elf = symbols.elf_for(addr, self.prog)
        if not elf or not os.path.exists(elf):
            return None
        sym = self.by_elf.setdefault(elf, symbols.Symbolizer(elf))
        frames = sym.lookup([addr], returned).get(addr)
        return symbols.describe(frames) if frames else None


def addresses_of(line):
    """[(address, is_return_address)] worth looking up in one input line."""
    m = BACKTRACE.match(line)
    if m:
        return [(int(m.group(1), 16), True)]
    m = PRINT_STACK.search(line)
    if m:
        return [(int(m.group(1), 16), True)]
    return [(int(m.group(1), 16), False) for m in HEX.finditer(line)]


class Annotator:
    """Adds the symbolized lines after each input line; the program comes
    from --prog, else from the boot line once it has been seen."""

    def __init__(self, prog=None):
        self.res = Resolver(prog)
        self.fixed = bool(prog)

    def line(self, line):
        m = BOOT_PROG.search(line)
        if m and not self.fixed:
            self.res.prog = m.group(1)
        out = [line if line.endswith("\n") else line + "\n"]
        seen = set()
        for addr, returned in addresses_of(line):
            if addr in seen:
                continue
            seen.add(addr)
            where = self.res.lookup(addr, returned)
            if where:
                out.append("    %08x: %s\n" % (addr, where))
        return "".join(out)


def annotate(text, prog=None):
    """@text with the symbolized lines added (see the module comment)."""
    ann = Annotator(prog)
    return "".join(ann.line(l) for l in text.splitlines())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prog", help="user program whose addresses to resolve")
    ap.add_argument("--return", dest="returned", action="store_true",
                    help="the addresses given are return addresses")
    ap.add_argument("addresses", nargs="*")
    args = ap.parse_args()
    if args.prog and not os.path.exists(os.path.join(symbols.USER_DIR, args.prog)):
        progs = sorted(f[:-4] for f in os.listdir(symbols.USER_DIR) if f.endswith(".sym")) \
            if os.path.isdir(symbols.USER_DIR) else []
        sys.exit("symbolize: no program '%s' in build/user (programs: %s)"
                 % (args.prog, " ".join(progs) or "none: run make"))
    if args.addresses:
        res = Resolver(args.prog)
        for a in args.addresses:
            addr = int(a, 16)
            print("%08x %s" % (addr, res.lookup(addr, args.returned) or "?"))
        return
    ann = Annotator(args.prog)
    try:
        for line in sys.stdin:
            sys.stdout.write(ann.line(line))
            sys.stdout.flush()
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
