/* String and memory functions of the user library.  Simple byte loops:
 * user programs are small and these are not on any hot path that the
 * benchmarks measure. */

#include "kernel/types.h"
#include "user/user.h"

uint
strlen(const char *s)
{
  const char *e = s;

  while (*e)
    e++;
  return e - s;
}

char *
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while ((*d++ = *src++) != 0)
    ;
  return dst;
}

int
strcmp(const char *a, const char *b)
{
  while (*a && *a == *b)
    a++, b++;
  return (uchar)*a - (uchar)*b;
}

/* First occurrence of c in s, or 0.  Like xv6's, never finds the NUL. */
char *
strchr(const char *s, char c)
{
  for (; *s; s++)
    if (*s == c)
      return (char *)s;
  return 0;
}

void *
memset(void *dst, int c, uint n)
{
  uchar *d = dst;

  while (n-- > 0)
    *d++ = c;
  return dst;
}

int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;

  for (; n > 0; n--, p++, q++)
    if (*p != *q)
      return *p - *q;
  return 0;
}

/* Copies correctly when the ranges overlap: backwards if dst is above src. */
void *
memmove(void *dst, const void *src, int n)
{
  uchar *d = dst;
  const uchar *s = src;

  if (s < d && s + n > d)
    while (n-- > 0)
      d[n] = s[n];
  else
    while (n-- > 0)
      *d++ = *s++;
  return dst;
}

void *
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

/* Decimal integer with an optional sign; stops at the first non-digit. */
int
atoi(const char *s)
{
  int neg = 0, v = 0;

  if (*s == '-' || *s == '+')
    neg = *s++ == '-';
  while (*s >= '0' && *s <= '9')
    v = v*10 + (*s++ - '0');
  return neg ? -v : v;
}
