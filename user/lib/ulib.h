/* MemV6 additions to the user library that xv6's user.h does not have.
 * Include after user/user.h. */
#ifndef USER_LIB_ULIB_H
#define USER_LIB_ULIB_H

/* Formatted output to fd with a va_list (see printf.c for the formats). */
void vfprintf(int fd, const char *fmt, __builtin_va_list ap);

/* Print the formatted message and a newline on stderr, then exit(1). */
void die(const char *fmt, ...) __attribute__((noreturn));

#endif
