/**
 * @file stdarg.h
 * @brief Variable argument lists, via the compiler built-ins.
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_STDARG_H
#define GW_INC_STDARG_H

typedef __builtin_va_list va_list;

#define va_start(ap, last) __builtin_va_start(ap, last)	/**< begin reading args after @p last */
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(d, s) __builtin_va_copy(d, s)

#endif /* !GW_INC_STDARG_H */
