"""Code addresses to function and source line, for the kernel and the user
programs: the one lookup that debug/symbolize.py, the trace's `caller_at`
fields and the debugger session files use.

Two rules make the answers true:

- Only addresses inside an executable section of the ELF are looked up.
  A stack or data address (an ebp, `bootstack`) has no source line, and
  addr2line would only name the nearest symbol before it.
- A *return address* (a backtrace's eip, a stack word, a lock's caller)
  points just past its call; when that call never returns (panic(),
  sched_yield()) it is already the next function or line. It is looked up
  at address - 1, the call itself.

addr2line is run once per batch of addresses (build/kernel.elf and
build/user/NAME carry DWARF line information).
"""
import os
import struct
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_ELF = os.path.join(ROOT, "build", "kernel.elf")
USER_DIR = os.path.join(ROOT, "build", "user")
KERNEL_BASE = 0xf0000000
USER_TEXT = (0x00800000, 0x01000000)    # where every program is linked
MPENTRY_PADDR = 0x7000                  # the AP start-up code's copy (memlayout.h)

SHF_EXECINSTR = 0x4


def text_ranges(elf):
    """[(start, end)] of the executable sections of 32-bit ELF file @elf."""
    with open(elf, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 1:
        return []
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x2e)
    out = []
    for i in range(shnum):
        _, _, flags, addr, _, size = struct.unpack_from("<IIIIII", data, shoff + i * shentsize)
        if flags & SHF_EXECINSTR and size:
            out.append((addr, addr + size))
    return out


def _version(path):
    """What identifies one build of file @path: a rebuilt ELF is another."""
    st = os.stat(path)
    return (path, st.st_mtime_ns, st.st_size)


_NM = {}


def nm_symbols(elf):
    """{name: address} of @elf's symbols (the first of duplicate names).
    Kept per build of @elf: a make check process asks for the kernel's in
    every run."""
    key = _version(elf)
    if key not in _NM:
        out = subprocess.run(["nm", elf], check=True, capture_output=True, text=True).stdout
        table = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3:
                table.setdefault(parts[2], int(parts[0], 16))
        _NM[key] = table
    return dict(_NM[key])


class Frame:
    """One function of an address's inline chain: function, file, line."""

    def __init__(self, function, path, line):
        self.function, self.path, self.line = function, path, line

    def where(self):
        """'file:line' with the path relative to the repository ('' when
        the ELF has no line for it)."""
        if self.path == "??":
            return ""
        return "%s:%s" % (self.path, self.line) if self.line.isdigit() else self.path

    def short(self):
        """'basename:line', as the trace's caller_at fields show it."""
        return "%s:%s" % (os.path.basename(self.path), self.line)


class Symbolizer:
    """Looks up code addresses of one ELF file (cached)."""

    def __init__(self, elf):
        self.elf = elf
        self.ranges = text_ranges(elf) if os.path.exists(elf) else []
        self.cache = {}
        self._mpentry = None

    def is_code(self, addr):
        return any(lo <= addr < hi for lo, hi in self.ranges)

    def _translate(self, addr):
        """The AP start-up code runs from its copy at MPENTRY_PADDR."""
        if self._mpentry is None:
            syms = nm_symbols(self.elf) if self.ranges else {}
            start, end = syms.get("mpentry_start"), syms.get("mpentry_end")
            self._mpentry = (start, end - start) if start and end else (0, 0)
        start, size = self._mpentry
        if size and MPENTRY_PADDR <= addr < MPENTRY_PADDR + size:
            return addr - MPENTRY_PADDR + start
        return addr

    def lookup(self, addrs, returned=False):
        """{address: [Frame, innermost first]} for the code addresses among
        @addrs (others are left out); @returned: they are return addresses."""
        keys = {}
        for a in addrs:
            where = self._translate(a - 1 if returned else a)
            if self.is_code(where):
                keys[a] = where
        todo = sorted({w for w in keys.values() if w not in self.cache})
        if todo:
            out = subprocess.run(["addr2line", "-f", "-i", "-a", "-e", self.elf] +
                                 ["%x" % w for w in todo],
                                 capture_output=True, text=True).stdout.splitlines()
            current = None
            i = 0
            while i < len(out):
                line = out[i]
                if line.startswith("0x"):
                    current = int(line, 16)
                    self.cache[current] = []
                    i += 1
                    continue
                fn, loc = line, out[i + 1] if i + 1 < len(out) else "??:0"
                path, _, num = loc.split(" ")[0].rpartition(":")
                if path.startswith("/"):
                    path = os.path.relpath(path, ROOT)
                if current is not None and fn != "??":
                    self.cache[current].append(Frame(fn, path, num))
                i += 2
        return {a: self.cache.get(w, []) for a, w in keys.items() if self.cache.get(w)}


def describe(frames):
    """'fn file:line inlined in fn file:line' for one address."""
    return " inlined in ".join(("%s %s" % (f.function, f.where())).strip() for f in frames)


def elf_for(addr, prog):
    """The ELF whose code @addr may be: the kernel, or program @prog's."""
    if addr >= KERNEL_BASE or MPENTRY_PADDR <= addr < MPENTRY_PADDR + 0x1000:
        return KERNEL_ELF
    if prog and USER_TEXT[0] <= addr < USER_TEXT[1]:
        return os.path.join(USER_DIR, prog)
    return None


_SYMBOLIZERS = {}


def symbolizer(elf):
    """The Symbolizer of this build of @elf, shared (its cache with it):
    every run of a make check process annotates the same kernel's lock
    callers, which would otherwise cost an addr2line each time."""
    key = _version(elf)
    if key not in _SYMBOLIZERS:
        _SYMBOLIZERS[key] = Symbolizer(elf)
    return _SYMBOLIZERS[key]


def annotate_callers(trace, elf=KERNEL_ELF, fields=("caller",)):
    """Give each record of @trace (trace_records.Trace) whose @fields hold
    a kernel return address a symbolized copy `FIELD_at=file.c:LINE`:
    the line of the call, outside any inlined helper (`lock_kernel()` is
    reported where trap() calls it). The value itself stays as it is, so
    trace.log parses back to the same records (trace_records.parse_log)."""
    wanted = {r.fields[f] for r in trace.records for f in fields
              if isinstance(r.fields.get(f), int)}
    if not wanted or not os.path.exists(elf):
        return
    found = symbolizer(elf).lookup(wanted, returned=True)
    for r in trace.records:
        if not any(found.get(r.fields.get(f)) for f in fields):
            continue
        out = {}
        for name, value in r.fields.items():
            out[name] = value
            frames = found.get(value) if name in fields else None
            if frames and (name + "_at") not in r.fields:
                out[name + "_at"] = frames[-1].short()
        r.fields = out
