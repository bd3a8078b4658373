#!/usr/bin/env python3
"""Turn a Bochs debugger command template into a command file.

    gen-rc.py TEMPLATE OUT KERNEL_ELF [PROGRAM_ELF]

Bochs 2.7 cannot take a symbol name as a breakpoint address, so the
templates in debug/ write {symbol} where an address is needed; this
replaces each with the symbol's address (0x...), looked up in the kernel
first, then in the user program. An unknown symbol is an error.
"""
import re
import subprocess
import sys


def symbols(elf):
    out = subprocess.run(["nm", elf], check=True, capture_output=True, text=True).stdout
    table = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            table.setdefault(parts[2], int(parts[0], 16))
    return table


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    template, out, kernel = sys.argv[1:4]
    tables = [symbols(kernel)] + ([symbols(sys.argv[4])] if len(sys.argv) == 5 else [])

    def resolve(m):
        for t in tables:
            if m.group(1) in t:
                return "0x%08x" % t[m.group(1)]
        sys.exit("gen-rc: %s: unknown symbol '%s'" % (template, m.group(1)))

    text = re.sub(r"\{(\w+)\}", resolve, open(template).read())
    with open(out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
