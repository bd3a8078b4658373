# doxygen-filter.awk - Doxygen input filter for the files Doxygen cannot
# read as they are (docs/Doxyfile, FILTER_PATTERNS):
#
#     awk -f debug/doxygen-filter.awk FILE    prints what Doxygen should parse
#
# Each of these files starts with a comment that says what it is, in its
# own comment syntax:
#
#     ; entry.asm - the kernel's first instructions, on the boot CPU.     (.asm, .inc)
#     # install-deps.sh - install what building ... needs                 (.sh)
#     # Stop at every call of sched_yield(): ...                          (.rc)
#     // pgfault_alloc: a page-fault handler that maps the faulting page   (src/user/NAME.c)
#     """Build the documentation and check it ..."""                      (.py)
#
# That comment becomes a Doxygen file comment: its first sentence the
# brief description, the whole comment the details (verbatim), and the
# file goes into its group: the one a comment line "@ingroup NAME" names,
# else by directory (docs/directories.dox): src/user/lib -> grp_ulib,
# src/user -> grp_programs, debug -> grp_tools, the rest (src/boot, the
# kernel's assembly) -> grp_boot. The file comment is
# appended after the last line, and the lines before it keep their
# numbers: the header comment's lines, and the body of assembly, shell
# and command files (nothing Doxygen's C parser could read), become blank;
# a program's C code and a Python tool stay as they are (a Python tool's
# docstring also stays its module documentation). A file without such a
# comment gets no file comment, so debug/doccheck.py reports it.
#
# awk, not Python: Doxygen starts the filter once per file, and a
# Python start-up for each of some 80 files was most of `make docs`.

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

BEGIN {
	path = ARGV[1]
	n = split(path, parts, "/")
	base = parts[n]
	ext = base; sub(/^.*\./, "", ext)
	stem = base; sub(/\.[^.]*$/, "", stem)
	mark = (ext == "asm" || ext == "inc") ? ";" : (ext == "c") ? "//" : "#"
	keep = (ext == "c" || ext == "py")
	group = "grp_boot"
	if (path ~ /(^|\/)src\/user\/lib\//) group = "grp_ulib"
	else if (path ~ /(^|\/)src\/user\//) group = "grp_programs"
	else if (path ~ /(^|\/)debug\//) group = "grp_tools"
	inhead = 1; nhead = 0; indoc = 0; docdone = 0
}

# Python: the module docstring (the first statement), left in place.
ext == "py" {
	line = $0
	if (!docdone && !indoc && line ~ /^[ \t]*("""|''')/) {
		q = substr(trim(line), 1, 3)
		line = substr(trim(line), 4)
		indoc = 1
	}
	if (indoc) {
		end = index(line, q)
		if (end) { line = substr(line, 1, end - 1); indoc = 0; docdone = 1 }
		head[++nhead] = line
	} else if (!docdone && line !~ /^[ \t]*(#|$)/) {
		docdone = 1         # code before any docstring: none
	}
	print
	next
}

FNR == 1 && /^#!/ { print ""; next }

inhead && index($0, mark) == 1 {
	line = substr($0, length(mark) + 1)
	sub(/^ /, "", line)
	if (line ~ /^@ingroup [a-z_]+$/)    # the file says its group
		group = substr(line, 10)
	else
		head[++nhead] = line
	print ""
	next
}

{
	inhead = 0
	print (keep ? $0 : "")
}

END {
	text = ""
	for (i = 1; i <= nhead; i++)
		text = text " " head[i]
	text = trim(text)
	if (text == "")
		exit
	# "entry.asm - what", "pgfault_alloc: what": the name is not the brief.
	if (index(text, base " - ") == 1) text = substr(text, length(base) + 4)
	else if (index(text, stem ": ") == 1) text = substr(text, length(stem) + 3)
	brief = text
	if (match(brief, /[.]( |$)/)) brief = substr(brief, 1, RSTART)
	brief = toupper(substr(brief, 1, 1)) substr(brief, 2)
	if (brief !~ /[.]$/) brief = brief "."
	gsub(/\*\//, "* /", brief)
	if (ext == "py") {
		print ""
		print "## @file"
		print "# @brief " brief
		print "# @ingroup " group
		exit
	}
	print "/** @file"
	print " * @brief " brief
	print " *"
	if (ext == "rc") {
		print " * Bochs debugger command file (`make debug RC=" stem "`)."
		print " *"
	}
	print " * @verbatim"
	for (i = 1; i <= nhead; i++) {
		line = head[i]
		gsub(/\*\//, "* /", line)
		gsub(/@endverbatim/, "@ endverbatim", line)
		print " * " line
	}
	print " * @endverbatim"
	print " * @ingroup " group
	print " */"
}
