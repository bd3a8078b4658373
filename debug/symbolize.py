#!/usr/bin/env python3
"""Annotate addresses with function and source line.

    python3 debug/symbolize.py [--prog NAME] [ADDRESS...]  < panic.txt

With addresses as arguments, prints "ADDRESS function file:line" for each.
Otherwise copies standard input (a panic message, a backtrace, a trap
frame) to standard output, adding after each line the function and line
of every kernel address (0xf0000000 and up) in it, and of user addresses
(0x00800000 - 0x00ffffff) when --prog names the program. Uses addr2line
on build/kernel.elf and build/user/NAME (both have debug information).
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEX = re.compile(r"\b(?:0x)?([0-9a-fA-F]{8})\b")


def elf_for(addr, prog):
    if addr >= 0xf0000000:
        return os.path.join(ROOT, "build", "kernel.elf")
    if prog and 0x00800000 <= addr < 0x01000000:
        return os.path.join(ROOT, "build", "user", prog)
    return None


def lookup(addr, prog, cache={}):
    elf = elf_for(addr, prog)
    if not elf:
        return None
    key = (elf, addr)
    if key not in cache:
        out = subprocess.run(["addr2line", "-f", "-i", "-e", elf, "%x" % addr],
                             capture_output=True, text=True).stdout.split("\n")
        pairs = [(out[i], out[i + 1]) for i in range(0, len(out) - 1, 2)]
        if not pairs or pairs[0][0] == "??":
            cache[key] = None
        else:
            cache[key] = " inlined in ".join(
                "%s %s" % (fn, os.path.relpath(loc.split(" ")[0], ROOT) if loc.startswith("/") else loc)
                for fn, loc in pairs)
    return cache[key]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prog", help="user program whose addresses to resolve")
    ap.add_argument("addresses", nargs="*")
    args = ap.parse_args()
    if args.addresses:
        for a in args.addresses:
            addr = int(a, 16)
            print("%08x %s" % (addr, lookup(addr, args.prog) or "?"))
        return
    for line in sys.stdin:
        sys.stdout.write(line)
        seen = set()
        for m in HEX.finditer(line):
            addr = int(m.group(1), 16)
            where = None if addr in seen else lookup(addr, args.prog)
            seen.add(addr)
            if where:
                sys.stdout.write("    %08x: %s\n" % (addr, where))


if __name__ == "__main__":
    main()
