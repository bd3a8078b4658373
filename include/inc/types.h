/**
 * @file types.h
 * @brief Fixed-width integer types and small arithmetic helpers shared by
 *        the kernel and user programs (JOS-compatible names).
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_TYPES_H
#define GW_INC_TYPES_H

/**
 * @defgroup grp_libc Shared C library and architecture helpers
 * @brief Types, strings, formatted output, assertions, error codes, ELF
 *        and the x86 instruction wrappers, shared by kernel and user code.
 */

#ifndef NULL
/** The null pointer. */
#define NULL ((void *)0)
#endif

/** Boolean type: 0 is false, anything else true. */
typedef _Bool bool;
/** Boolean constants. */
enum { false = 0, true = 1 };

typedef __signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef long long int64_t;
typedef unsigned long long uint64_t;

typedef int32_t intptr_t;
typedef uint32_t uintptr_t;            /**< virtual address as an integer */
typedef uint32_t physaddr_t;           /**< physical address */
typedef uint32_t ppn_t;                /**< physical page number */
typedef uint32_t size_t;
typedef int32_t ssize_t;               /**< object size or negative error */
typedef int32_t off_t;

/** Smaller of two values (each evaluated once). */
#define MIN(_a, _b)						\
({								\
	typeof(_a) __a = (_a);					\
	typeof(_b) __b = (_b);					\
	__a <= __b ? __a : __b;					\
})

/** Larger of two values (each evaluated once). */
#define MAX(_a, _b)						\
({								\
	typeof(_a) __a = (_a);					\
	typeof(_b) __b = (_b);					\
	__a >= __b ? __a : __b;					\
})

/** Round @p a down to a multiple of @p n (n need not be a power of 2). */
#define ROUNDDOWN(a, n)						\
({								\
	uint32_t __a = (uint32_t) (a);				\
	(typeof(a)) (__a - __a % (n));				\
})

/** Round @p a up to a multiple of @p n (n need not be a power of 2). */
#define ROUNDUP(a, n)						\
({								\
	uint32_t __n = (uint32_t) (n);				\
	(typeof(a)) (ROUNDDOWN((uint32_t) (a) + __n - 1, __n));	\
})

/** Number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof(a[0]))

/** Byte offset of @p member inside @p type. */
#define offsetof(type, member)  __builtin_offsetof(type, member)

#endif /* !GW_INC_TYPES_H */
