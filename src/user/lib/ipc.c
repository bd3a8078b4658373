/**
 * @file ipc.c
 * @brief ipc_send/ipc_recv on top of the two IPC system calls.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

int32_t
ipc_recv(envid_t *from_env_store, void *pg, int *perm_store)
{
	int r;

	/* No page wanted: a dstva at or above UTOP says so. */
	if ((r = sys_ipc_recv(pg ? pg : (void *) UTOP)) < 0) {
		if (from_env_store)
			*from_env_store = 0;
		if (perm_store)
			*perm_store = 0;
		return r;
	}
	if (from_env_store)
		*from_env_store = thisenv->env_ipc_from;
	if (perm_store)
		*perm_store = thisenv->env_ipc_perm;
	return thisenv->env_ipc_value;
}

void
ipc_send(envid_t to_env, uint32_t val, void *pg, int perm)
{
	int r;

	while ((r = sys_ipc_try_send(to_env, val, pg ? pg : (void *) UTOP, perm)) < 0) {
		if (r != -E_IPC_NOT_RECV)
			panic("ipc_send to %08x: %e", to_env, r);
		sys_yield();
	}
}

envid_t
ipc_find_env(enum EnvType type)
{
	for (int i = 0; i < NENV; i++)
		if (envs[i].env_type == type)
			return envs[i].env_id;
	return 0;
}
