// ipc_primes288: the prime sieve of ipc_primes.c run to the 288th prime
// (1877), which needs 289 envs at once: memory and pages must last.
#define NPRIMES 288
#include "ipc_primes.c"
