/**
 * @file inc/syscall.h
 * @brief System call numbers (put in eax before `int $0x30`).
 */
#ifndef GW_INC_SYSCALL_H
#define GW_INC_SYSCALL_H

/** System call numbers; the values are JOS's. */
enum {
	SYS_cputs = 0,			/**< print a string on the console */
	SYS_cgetc,			/**< read a console character (0 if none) */
	SYS_getenvid,			/**< the caller's env id */
	SYS_env_destroy,		/**< destroy self or a child */
	SYS_page_alloc,			/**< map a fresh zeroed page */
	SYS_page_map,			/**< share a page between two envs */
	SYS_page_unmap,			/**< remove a mapping */
	SYS_exofork,			/**< create a blank child */
	SYS_env_set_status,		/**< make a child runnable or not */
	SYS_env_set_pgfault_upcall,	/**< set the user page-fault entry */
	SYS_yield,			/**< give up the CPU */
	SYS_ipc_try_send,		/**< send a value (and page) if the target waits */
	SYS_ipc_recv,			/**< block until a message arrives */
	NSYSCALLS
};

#endif /* !GW_INC_SYSCALL_H */
