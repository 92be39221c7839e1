/* Library functions csmith's programs need besides csmith.h: the ones
 * GCC calls for block copies even when freestanding, and a printf for
 * %d %u %X %s %c.  Built without loop-pattern recognition, so memset
 * cannot become a call to itself. */
#include <stdarg.h>
#include "tools/mirrorbt/tests/rt.h"

void *
memset(void *d, int c, unsigned long n)
{
  unsigned char *p = d;

  while (n--)
    *p++ = (unsigned char)c;
  return d;
}

void *
memmove(void *d, const void *s, unsigned long n)
{
  unsigned char *p = d;
  const unsigned char *q = s;

  if (p < q)
    while (n--)
      *p++ = *q++;
  else
    while (n--)
      p[n] = q[n];
  return d;
}

void *
memcpy(void *d, const void *s, unsigned long n)
{
  return memmove(d, s, n);
}

static void
sup_num(char **o, unsigned long v, int base, int neg)
{
  char b[24];
  int i = 0;

  do {
    b[i++] = "0123456789ABCDEF"[v % base];
    v /= base;
  } while (v);
  if (neg)
    *(*o)++ = '-';
  while (i)
    *(*o)++ = b[--i];
}

int
printf(const char *fmt, ...)
{
  char buf[256], *o = buf;
  const char *s;
  va_list ap;
  int d;

  va_start(ap, fmt);
  for (; *fmt && o < buf + 200; fmt++) {
    if (*fmt != '%') {
      *o++ = *fmt;
      continue;
    }
    switch (*++fmt) {
    case 'd': d = va_arg(ap, int); sup_num(&o, d < 0 ? -(unsigned long)d : (unsigned long)d, 10, d < 0); break;
    case 'u': sup_num(&o, va_arg(ap, unsigned), 10, 0); break;
    case 'X': sup_num(&o, va_arg(ap, unsigned), 16, 0); break;
    case 'c': *o++ = (char)va_arg(ap, int); break;
    case 's': for (s = va_arg(ap, const char *); *s && o < buf + 250; s++) *o++ = *s; break;
    default: *o++ = *fmt; break;
    }
  }
  va_end(ap);
  rt_write(1, buf, (unsigned long)(o - buf));
  return (int)(o - buf);
}
