// fork_tree: every env forks two children until the tree is four levels
// deep (15 envs); each prints its path from the root ("", "0", "01", ...).
// Exercises COW fork from envs that were themselves forked (COW of COW).
#include <inc/lib.h>

#define DEPTH 3

static void
grow(const char *path)
{
	char child[DEPTH + 2];
	int n = strlen(path);

	cprintf("%04x: I am '%s'\n", sys_getenvid() & 0xffff, path);
	if (n >= DEPTH)
		return;
	for (int branch = 0; branch < 2; branch++) {
		envid_t r;

		snprintf(child, sizeof(child), "%s%c", path, '0' + branch);
		if ((r = fork()) < 0)
			panic("fork: %e", r);
		if (r == 0) {
			grow(child);
			exit();
		}
	}
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	grow("");
}
