#!/usr/bin/env python3
"""Build the documentation and check it: `make docs`, and the `docs` line
of `make check`.

    python3 debug/doccheck.py          run Doxygen (docs/Doxyfile), then check

Two kinds of problem, each reported as one line with its fix:

- every warning Doxygen gives (a @p that names no parameter, a broken
  @ref, an incomplete parameter list, ...);
- documentation that is missing where it says something. Doxygen's own
  "undocumented" warning cannot be limited to what matters (it covers
  every struct field, enum value and macro), so docs/Doxyfile turns it
  off and this reads Doxygen's XML instead. Required: a comment for every
  file (for a Python tool: its module docstring), every C function
  (static ones too), struct, union and named enum, and every Python
  class. Not required: fields, enum values, macros, variables, Python
  functions -- document those when they carry a rule. A user program
  that is not one of Glasswing's own (src/user/own-programs.mk), such as
  a course's, is not checked; the functions of our programs neither (the
  program's file comment says what it does).

Exit status 0 when there is no problem.
"""
import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
XML = os.path.join(ROOT, "build", "docs", "xml")
WARNING = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+): (?:warning|error): (?P<text>.*)$")
FIX = {
    "function": "add a comment right above it: /** What it does; @p each parameter that "
                "needs a word; what it returns. */",
    "struct": "add a comment right above it: /** What one of these is, and who may "
              "change it (the lock). */",
    "union": "add a comment right above it: /** What it holds. */",
    "enum": "add a comment right above it: /** What the values stand for. */",
    "class": "give it a docstring: what one of these is.",
    "file": "start the file with a comment saying what it is: /** @file @brief ... */ "
            "(assembly, scripts, programs: a first comment \"NAME - what it is\" in "
            "the file's own syntax; Python: a module docstring)",
}


def rel(path, root=ROOT):
    path = path if os.path.isabs(path) else os.path.join(root, path)
    return os.path.relpath(path, root)


def own_programs(root=ROOT):
    """The user programs written for Glasswing (src/user/own-programs.mk)."""
    try:
        with open(os.path.join(root, "src", "user", "own-programs.mk")) as f:
            return set(re.findall(r"^OWN_PROGS\s*\+=\s*(\S+)", f.read(), re.M))
    except OSError:
        return set()


def documented(elem):
    return any(("".join(elem.find(tag).itertext()).strip() if elem.find(tag) is not None else "")
               for tag in ("briefdescription", "detaileddescription"))


def run_doxygen():
    """Run Doxygen; its warnings as problem lines (and its failure)."""
    os.makedirs(os.path.join(ROOT, "build", "docs"), exist_ok=True)
    r = subprocess.run(["doxygen", "Doxyfile"], cwd=DOCS, capture_output=True, text=True)
    problems = []
    for line in (r.stderr + r.stdout).splitlines():
        m = WARNING.match(line)
        if m:
            problems.append("%s:%s %s" % (rel(m.group("file")), m.group("line"),
                                          m.group("text")))
        elif line.strip() and r.returncode != 0 and not line.startswith("Doxygen"):
            problems.append("doxygen: " + line.strip())
    if r.returncode != 0 and not problems:
        problems.append("doxygen failed (status %d)" % r.returncode)
    return problems


def missing_docs(xml_dir=XML, root=ROOT):
    """Required documentation that is missing, from Doxygen's XML of the
    tree at @root."""
    own = own_programs(root)
    problems = []

    def rel(path):
        return globals()["rel"](path, root)

    def checked(path):
        p = rel(path)
        if not p.startswith(("include/", "src/", "debug/")):
            return False
        m = re.match(r"src/user/([^/]+)\.c$", p)
        return not m or m.group(1) in own

    def program(path):
        return re.match(r"src/user/[^/]+\.c$", rel(path)) is not None

    def report(kind, name, loc):
        where = rel(loc.get("file")) if loc is not None else "?"
        if loc is not None and loc.get("line"):
            where += ":" + loc.get("line")
        what = "" if kind == "file" else " " + (
            name if kind in ("function", "class") else "%s %s" % (kind, name))
        problems.append("%s%s is not documented: %s" % (where, what, FIX[kind]))

    index = ET.parse(os.path.join(xml_dir, "index.xml")).getroot()
    seen = set()
    for comp in index:
        kind = comp.get("kind")
        if kind not in ("file", "struct", "union", "class"):
            continue
        tree = ET.parse(os.path.join(xml_dir, comp.get("refid") + ".xml")).getroot()
        for cdef in tree.iter("compounddef"):
            loc = cdef.find("location")
            if loc is None or not checked(loc.get("file")):
                continue
            lang = cdef.get("language")
            if kind == "class" and lang != "Python":
                continue
            if not documented(cdef):
                name = cdef.findtext("compoundname")
                report("file" if kind == "file" else kind,
                       rel(loc.get("file")) if kind == "file" else name, loc)
            if kind != "file":
                continue
            for m in cdef.iter("memberdef"):
                mk, mloc = m.get("kind"), m.find("location")
                if mk not in ("function", "enum") or mloc is None or lang == "Python":
                    continue
                name = m.findtext("name") or ""
                if mk == "enum" and (not name or name.startswith("@")):
                    continue        # an anonymous enum: its values speak
                if program(mloc.get("file")) or not checked(mloc.get("file")):
                    continue
                key = (mk, name, mloc.get("file"), mloc.get("line"))
                if key in seen:
                    continue
                seen.add(key)
                if not documented(m):
                    report(mk, name, mloc)
    return sorted(set(problems))


STAMP = os.path.join(ROOT, "build", "docs", "checked")
GENERATED = [os.path.join(ROOT, "build", f) for f in ("memory-map.txt", "trace-events.md")]


def inputs_digest():
    """A digest of everything the documentation could be built from: every
    file of the tree git knows of (tracked or not ignored), the generated
    pages, and Doxygen's version; None outside a git checkout."""
    r = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                       cwd=ROOT, capture_output=True)
    if r.returncode != 0:
        return None
    h = hashlib.sha256()
    h.update(subprocess.run(["doxygen", "--version"], capture_output=True).stdout)
    for f in sorted(r.stdout.decode(errors="replace").split("\0")) + GENERATED:
        path = os.path.join(ROOT, f)
        if f and os.path.isfile(path):
            h.update(f.encode() + b"\0")
            with open(path, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
    return h.hexdigest()


def check():
    """Build the documentation; return the problems (empty: all is well).
    When nothing it is built from changed since the last build without a
    problem (build/docs/checked), that build stands: make check and make
    docs do not run Doxygen again for nothing."""
    digest = inputs_digest()
    built = all(os.path.exists(p) for p in (os.path.join(XML, "index.xml"),
                                            os.path.join(ROOT, "build", "docs", "html",
                                                         "index.html")))
    if digest and built and os.path.exists(STAMP):
        with open(STAMP) as f:
            if f.read().strip() == digest:
                return []
    if os.path.exists(STAMP):
        os.remove(STAMP)
    problems = run_doxygen()
    if os.path.exists(os.path.join(XML, "index.xml")):
        problems += missing_docs()
    else:
        problems.append("doxygen wrote no XML (build/docs/xml): see the lines above")
    if not problems and digest:
        with open(STAMP, "w") as f:
            f.write(digest + "\n")
    return problems


def main():
    problems = check()
    for p in problems:
        print("docs: " + p, file=sys.stderr)
    if problems:
        print("docs: %d problem(s); the project's own code is documented without a "
              "warning (see docs/Doxyfile)" % len(problems), file=sys.stderr)
        sys.exit(1)
    print("  DOCS   build/docs/html/index.html")


if __name__ == "__main__":
    main()
