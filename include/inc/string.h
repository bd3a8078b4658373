/**
 * @file string.h
 * @brief String and memory functions (kernel and user share one
 *        implementation, src/lib/string.c).
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_STRING_H
#define GW_INC_STRING_H

#include <inc/types.h>

/** Length of a NUL-terminated string. */
int	strlen(const char *s);
/** Length of @p s, at most @p size. */
int	strnlen(const char *s, size_t size);
/** Copy @p src (with its NUL) to @p dst; returns @p dst. */
char *	strcpy(char *dst, const char *src);
/** Copy at most @p size bytes, padding with NULs; returns @p dst. */
char *	strncpy(char *dst, const char *src, size_t size);
/** Append @p src to @p dst; returns @p dst. */
char *	strcat(char *dst, const char *src);
/** Copy at most @p size-1 bytes and always terminate; returns bytes copied. */
size_t	strlcpy(char *dst, const char *src, size_t size);
/** Compare two strings; <0, 0 or >0. */
int	strcmp(const char *s1, const char *s2);
/** Compare at most @p size bytes of two strings. */
int	strncmp(const char *s1, const char *s2, size_t size);
/** First occurrence of @p c in @p s, or NULL. */
char *	strchr(const char *s, char c);
/** First occurrence of @p c in @p s, or the terminating NUL. */
char *	strfind(const char *s, char c);

/** Fill @p len bytes at @p dst with @p c; returns @p dst. */
void *	memset(void *dst, int c, size_t len);
/** Copy @p len bytes (regions must not overlap); returns @p dst. */
void *	memcpy(void *dst, const void *src, size_t len);
/** Copy @p len bytes (regions may overlap); returns @p dst. */
void *	memmove(void *dst, const void *src, size_t len);
/** Compare @p len bytes; <0, 0 or >0. */
int	memcmp(const void *s1, const void *s2, size_t len);
/** First byte equal to @p c in [s, s+len), or s+len. */
void *	memfind(const void *s, int c, size_t len);

/** Parse an integer in @p base (0 = by prefix); *endptr gets the stop point. */
long	strtol(const char *s, char **endptr, int base);

#endif /* !GW_INC_STRING_H */
