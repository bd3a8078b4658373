/**
 * @file string.c
 * @brief String and memory routines shared by the kernel and user library.
 *        Plain byte loops: clear and correct first; the kernel's hot paths
 *        do not copy strings.
 *
 * @ingroup grp_libc
 */
#include <inc/string.h>

int
strlen(const char *s)
{
	int n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

int
strnlen(const char *s, size_t size)
{
	int n = 0;

	while ((size_t) n < size && s[n] != '\0')
		n++;
	return n;
}

char *
strcpy(char *dst, const char *src)
{
	char *ret = dst;

	while ((*dst++ = *src++) != '\0')
		;
	return ret;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *
strncpy(char *dst, const char *src, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		dst[i] = *src;
		if (*src != '\0')	/* past the end of src: pad with NULs */
			src++;
	}
	return dst;
}

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return 0;
	while (n + 1 < size && src[n] != '\0') {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
	return n;
}

int
strcmp(const char *p, const char *q)
{
	while (*p && *p == *q)
		p++, q++;
	return (int) ((unsigned char) *p - (unsigned char) *q);
}

int
strncmp(const char *p, const char *q, size_t n)
{
	while (n > 0 && *p && *p == *q)
		n--, p++, q++;
	if (n == 0)
		return 0;
	return (int) ((unsigned char) *p - (unsigned char) *q);
}

char *
strchr(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return (char *) s;
	return NULL;
}

char *
strfind(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			break;
	return (char *) s;
}

void *
memset(void *v, int c, size_t n)
{
	unsigned char *p = v;

	if ((uintptr_t) v % 4 == 0 && n % 4 == 0) {
		uint32_t word = (unsigned char) c;

		size_t count = n / 4;

		word |= word << 8;
		word |= word << 16;
		asm volatile("cld; rep stosl"
			     : "+D" (p), "+c" (count)
			     : "a" (word)
			     : "cc", "memory");
		return v;
	}
	while (n-- > 0)
		*p++ = (unsigned char) c;
	return v;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	const unsigned char *s = src;
	unsigned char *d = dst;
	bool words = (uintptr_t) s % 4 == 0 && (uintptr_t) d % 4 == 0 && n % 4 == 0;
	size_t count = n / 4;

	if (s < d && s + n > d) {
		/* Overlap with the destination above: copy backwards. */
		if (words && n > 0) {
			const unsigned char *sl = s + n - 4;
			unsigned char *dl = d + n - 4;

			asm volatile("std; rep movsl; cld"
				     : "+D" (dl), "+S" (sl), "+c" (count)
				     : : "cc", "memory");
		} else
			while (n-- > 0)
				d[n] = s[n];
	} else {
		if (words)
			asm volatile("cld; rep movsl"
				     : "+D" (d), "+S" (s), "+c" (count)
				     : : "cc", "memory");
		else
			while (n-- > 0)
				*d++ = *s++;
	}
	return dst;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

int
memcmp(const void *v1, const void *v2, size_t n)
{
	const unsigned char *s1 = v1, *s2 = v2;

	for (; n > 0; n--, s1++, s2++)
		if (*s1 != *s2)
			return (int) *s1 - (int) *s2;
	return 0;
}

void *
memfind(const void *s, int c, size_t n)
{
	const unsigned char *p = s, *end = p + n;

	for (; p < end; p++)
		if (*p == (unsigned char) c)
			break;
	return (void *) p;
}

long
strtol(const char *s, char **endptr, int base)
{
	int neg = 0;
	long val = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+')
		s++;
	else if (*s == '-')
		s++, neg = 1;

	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2, base = 16;
	else if (base == 0 && s[0] == '0')
		s++, base = 8;
	else if (base == 0)
		base = 10;

	for (;;) {
		int dig;

		if (*s >= '0' && *s <= '9')
			dig = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			dig = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			dig = *s - 'A' + 10;
		else
			break;
		if (dig >= base)
			break;
		s++, val = (val * base) + dig;
	}

	if (endptr)
		*endptr = (char *) s;
	return neg ? -val : val;
}
