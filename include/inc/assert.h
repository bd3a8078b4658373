/**
 * @file assert.h
 * @brief panic(), warn() and assertions. In the kernel panic() stops the
 *        machine; in a user program it prints the JOS message and traps.
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_ASSERT_H
#define GW_INC_ASSERT_H

#include <inc/stdio.h>

/** Print a warning with the source location; continue. */
void _warn(const char*, int, const char*, ...);
/** Print a panic message with the source location and never return. */
void _panic(const char*, int, const char*, ...) __attribute__((noreturn));

/** Warn with file and line. */
#define warn(...) _warn(__FILE__, __LINE__, __VA_ARGS__)
/** Panic with file and line. */
#define panic(...) _panic(__FILE__, __LINE__, __VA_ARGS__)

/** Panic if @p x is false, naming the failed expression. */
#define assert(x)		\
	do { if (!(x)) panic("assertion failed: %s", #x); } while (0)

/** Compile-time assertion (usable where a statement is). */
#define static_assert(x)	switch (x) case 0: case (x):

#endif /* !GW_INC_ASSERT_H */
