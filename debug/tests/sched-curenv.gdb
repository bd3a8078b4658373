# A source-level gdb session on QEMU, as `make qemu-gdb` + `make gdb` give
# it (testlogs/gdb_session.expect): stop in sched_yield when an env calls
# sys_yield (not at a timer preemption), show where (source line, the
# backtrace into the trap code), the env (the curenv macro of the
# generated .gdbinit) and the user address it yielded from, the CPUs as
# threads; then end QEMU.
break sched_yield if why == SCHED_YIELD && curenv != 0
continue
backtrace 3
list
print *curenv
print/x curenv->env_tf.tf_eip
info symbol curenv->env_tf.tf_eip
info threads
delete
kill
