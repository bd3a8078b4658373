/**
 * @file error.h
 * @brief Error codes. System calls return the negated value (-E_INVAL...).
 *        `%e` in the printf family prints the text for an error code.
 *
 * @ingroup grp_libc
 */
#ifndef GW_INC_ERROR_H
#define GW_INC_ERROR_H

/** Error numbers; the values and meanings are JOS's. */
enum {
	E_UNSPECIFIED	= 1,	/**< unspecified or unknown problem */
	E_BAD_ENV	= 2,	/**< environment doesn't exist or otherwise cannot be used */
	E_INVAL		= 3,	/**< invalid parameter */
	E_NO_MEM	= 4,	/**< request failed due to memory shortage */
	E_NO_FREE_ENV	= 5,	/**< attempt to create a new environment beyond the maximum */
	E_FAULT		= 6,	/**< memory fault */
	E_IPC_NOT_RECV	= 7,	/**< target env is not receiving */
	E_EOF		= 8,	/**< unexpected end of file */

	MAXERROR	= 8	/**< highest error number with a message */
};

#endif /* !GW_INC_ERROR_H */
