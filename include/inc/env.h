/**
 * @file inc/env.h
 * @brief The environment (process) descriptor, visible read-only to user
 *        programs through envs[] at UENVS, and environment ids.
 */
#ifndef GW_INC_ENV_H
#define GW_INC_ENV_H

/**
 * @defgroup grp_envs Environments
 * @brief The environment (process) descriptor, ids, creation, loading,
 *        running and destruction. See @ref smp_envstates.
 *
 * Two headers have the same name, so they are named here with their
 * paths (Doxygen's file lists show names only): @ref inc/env.h
 * "include/inc/env.h", the descriptor and ids user programs see, and
 * @ref src/kernel/env.h "src/kernel/env.h", the kernel's functions on
 * environments.
 */

#include <inc/types.h>
#include <inc/trap.h>
#include <inc/memlayout.h>

/** An environment id: generation << LOG2NENV | slot index; 0 means "me". */
typedef int32_t envid_t;

/*
 * An envid has three parts:
 *  +1+---------------21-----------------+--------10--------+
 *  |0|          uniqueifier              |   environment    |
 *  | |                                   |      index       |
 *  +------------------------------------+------------------+
 *                                        \--- ENVX(eid) --/
 * The index is the slot in envs[]; the uniqueifier changes each time the
 * slot is reused, so a stale id is recognised.
 */
#define LOG2NENV		10
#define NENV			(1 << LOG2NENV)
#define ENVX(envid)		((envid) & (NENV - 1)) /**< slot index of an id */

/** Values of env_status. */
enum {
	ENV_FREE = 0,		/**< slot unused, on the free list */
	ENV_DYING,		/**< destroyed while on a CPU (any CPU, the current one included): that CPU frees it in trap_exit() */
	ENV_RUNNABLE,
	ENV_RUNNING,		/**< running on the CPU in env_cpunum */
	ENV_NOT_RUNNABLE	/**< waiting (exofork child, IPC receive) */
};

/** Values of env_type. */
enum EnvType {
	ENV_TYPE_USER = 0,
};

/**
 * An environment. Its layout is fixed (124 bytes): user programs read it
 * through envs[].
 *
 * Locking: every field is protected by the big kernel lock, but the CPU
 * itself writes env_tf, without it: env_tf is the frame of the env's last
 * trap from user mode (the kernel works on it in place while it is in a
 * trap for the env); while the env runs in user mode its next trap
 * overwrites it.
 * env_cpunum names the CPU that last ran it (the one running it when
 * ENV_RUNNING).
 */
struct Env {
	struct Trapframe env_tf;	/**< registers at the last trap from user mode (see above) */
	struct Env *env_link;		/**< next free env (free list only) */
	envid_t env_id;
	envid_t env_parent_id;
	enum EnvType env_type;
	unsigned env_status;		/**< ENV_FREE ... ENV_NOT_RUNNABLE */
	uint32_t env_runs;
	int env_cpunum;			/**< the CPU that last ran the env */

	pde_t *env_pgdir;		/**< kernel virtual address of the page directory */

	void *env_pgfault_upcall;	/**< user page-fault entry point, or NULL */

	bool env_ipc_recving;		/**< blocked in sys_ipc_recv */
	void *env_ipc_dstva;		/**< where to map a received page */
	uint32_t env_ipc_value;
	envid_t env_ipc_from;
	int env_ipc_perm;
};

#endif /* !GW_INC_ENV_H */
