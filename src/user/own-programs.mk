# Programs written for Glasswing itself: compiled with -Werror like the
# kernel. A course's program dropped into src/user is not listed here and
# builds even when it draws warnings (JOS programs have unused parameters).
OWN_PROGS += hello
OWN_PROGS += fault_null_read fault_kernel_read fault_kernel_write divide_zero
OWN_PROGS += breakpoint_trap cputs_bad_ptr cputs_kernel_ptr bss_zeroed exit_clean
OWN_PROGS += sched_yield_order sched_preempt exofork_many
OWN_PROGS += syscall_bad_args
OWN_PROGS += smp_stress
OWN_PROGS += pgfault_alloc pgfault_regs pgfault_nested pgfault_overflow pgfault_nested_overflow
OWN_PROGS += pgfault_no_xstack pgfault_kernel_handler pgfault_unmapped_handler pgfault_syscall_addr
OWN_PROGS += fork_tree fork_cow_private fork_readonly sfork_share
OWN_PROGS += ipc_pingpong ipc_sendpage ipc_primes ipc_primes288 ipc_send_errors ipc_ring ipc_burst
OWN_PROGS += bench_kernel
OWN_PROGS += tlb_shootdown
OWN_PROGS += env_destroy_running env_status_running cputs_wrap
OWN_PROGS += fpu_isolation sse_isolation
OWN_PROGS += yield_twice
OWN_PROGS += console_frame_bytes
OWN_PROGS += pp_ref_overflow timer_after_destroy env_status_flip cr0_every_cpu
OWN_PROGS += sfork_after_fork pgfault_empty_stack fpu_pending_exit stuck_envs
OWN_PROGS += fork_low_memory segment_isolation
OWN_PROGS += print_forever
