/**
 * @file selftest.h
 * @brief Deliberate kernel failures, selected with selftest= on the boot
 *        command line, so that the tests can check that the harness
 *        reports them (a kernel that never fails cannot show that).
 * @ingroup grp_boot
 */
#ifndef GW_KERN_SELFTEST_H
#define GW_KERN_SELFTEST_H

/**
 * On the boot CPU, after boot: "panic" panics, "kernelfault" reads
 * address 0 (a kernel page fault: panic with the trap frame),
 * "triplefault" loads an empty IDT and traps (the CPU resets or stops),
 * "lock-recursion" takes a spinlock twice (the spinlock panics),
 * "kstack-overflow" recurses until the stack's guard page (the double
 * fault panics). An AP's test does nothing here; a name that is no test
 * at all panics, listing the tests.
 */
void selftest_boot(const char *name);

/**
 * On an application processor before it schedules: "lock-foreign-release"
 * releases the big kernel lock, which the boot CPU holds (the spinlock
 * panics); "kstack-overflow-ap" recurses on CPU 1 until its stack's guard
 * page; "output-lock-stuck" takes the console's output lock on CPU 1,
 * says the CPU is up, and spins forever. Other names do nothing here.
 */
void selftest_ap(const char *name);

/**
 * On the boot CPU once every AP is up: "output-lock-stuck" panics while
 * CPU 1 keeps the console's output lock forever (taken in selftest_ap()),
 * so the panic's message and trace records must get out without it.
 */
void selftest_aps_up(const char *name);

#endif /* !GW_KERN_SELFTEST_H */
