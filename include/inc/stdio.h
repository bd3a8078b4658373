/**
 * @file stdio.h
 * @brief Formatted output (the printf family) and console input.
 *        (No printf format attribute: %e takes an int error code, as in JOS.)
 *        Formatting is shared by kernel and user (src/lib/printfmt.c);
 *        cprintf goes to the console by the kernel's or the user's route.
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_STDIO_H
#define GW_INC_STDIO_H

#include <inc/stdarg.h>

#ifndef NULL
/** The null pointer. */
#define NULL	((void *) 0)
#endif /* !NULL */

/** Write one character to the console. */
void	cputchar(int c);
/** Read one console character, waiting for it. */
int	getchar(void);
/** Nonzero if the console is interactive (JOS compatibility; always 1). */
int	iscons(int fd);

/** Format through @p putch, which receives each character and @p putdat. */
void	printfmt(void (*putch)(int, void*), void *putdat, const char *fmt, ...);
/** va_list form of printfmt(). */
void	vprintfmt(void (*putch)(int, void*), void *putdat, const char *fmt, va_list);

/** Format into @p str (at most @p size bytes with the NUL); returns the length or -E_INVAL. */
int	snprintf(char *str, int size, const char *fmt, ...);
/** va_list form of snprintf(). */
int	vsnprintf(char *str, int size, const char *fmt, va_list);

/** Print to the console; returns the number of characters printed. */
int	cprintf(const char *fmt, ...);
/** va_list form of cprintf(). */
int	vcprintf(const char *fmt, va_list);

/** Print @p prompt, read a line with echo; returns a static buffer or NULL on error. */
char*	readline(const char *prompt);

#endif /* !GW_INC_STDIO_H */
