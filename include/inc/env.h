/**
 * @file inc/env.h
 * @brief The environment (process) descriptor, visible read-only to user
 *        programs through envs[] at UENVS, and environment ids.
 *
 * @ingroup grp_envs
 */
#ifndef GW_INC_ENV_H
#define GW_INC_ENV_H

/**
 * @defgroup grp_envs Environments
 * @brief The environment (process) descriptor, ids, creation, loading,
 *        running and destruction. See @ref smp_envstates.
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
#define LOG2NENV		10		/**< log2(NENV) */
#define NENV			(1 << LOG2NENV)	/**< number of env slots */
#define ENVX(envid)		((envid) & (NENV - 1)) /**< slot index of an id */

/** Values of env_status. */
enum {
	ENV_FREE = 0,		/**< slot unused, on the free list */
	ENV_DYING,		/**< destroyed while running on another CPU */
	ENV_RUNNABLE,		/**< ready to run */
	ENV_RUNNING,		/**< running on the CPU in env_cpunum */
	ENV_NOT_RUNNABLE	/**< waiting (exofork child, IPC receive) */
};

/** Values of env_type. */
enum EnvType {
	ENV_TYPE_USER = 0,	/**< an ordinary user environment */
};

/**
 * An environment. Its layout is fixed (124 bytes): user programs read it
 * through envs[].
 *
 * Locking: every field is protected by the big kernel lock. env_tf is
 * meaningful only while the env is not running; env_cpunum names the CPU
 * that last ran it (the one running it when ENV_RUNNING).
 */
struct Env {
	struct Trapframe env_tf;	/**< saved registers while not running */
	struct Env *env_link;		/**< next free env (free list only) */
	envid_t env_id;			/**< unique environment identifier */
	envid_t env_parent_id;		/**< env_id of this env's parent */
	enum EnvType env_type;		/**< special system environments */
	unsigned env_status;		/**< ENV_FREE ... ENV_NOT_RUNNABLE */
	uint32_t env_runs;		/**< number of times the env has run */
	int env_cpunum;			/**< the CPU that last ran the env */

	pde_t *env_pgdir;		/**< kernel virtual address of the page directory */

	void *env_pgfault_upcall;	/**< user page-fault entry point, or NULL */

	bool env_ipc_recving;		/**< blocked in sys_ipc_recv */
	void *env_ipc_dstva;		/**< where to map a received page */
	uint32_t env_ipc_value;		/**< value sent to us */
	envid_t env_ipc_from;		/**< envid of the sender */
	int env_ipc_perm;		/**< perm of the page mapping received */
};

#endif /* !GW_INC_ENV_H */
