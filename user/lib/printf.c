/* Formatted output: printf, fprintf and their helpers.
 *
 * Conversions: %d %u %x %p %s %c %%, with an optional l or ll before
 * d/u/x (64-bit), a field width, and the flags '-' (left-justify) and
 * '0' (pad numbers with zeros).  Output is collected in a buffer and
 * written with as few write() calls as possible, so that one printf from
 * one process normally reaches the console in one piece. */

#include <stdarg.h>
#include "kernel/types.h"
#include "user/user.h"
#include "user/lib/ulib.h"

#define OUTBUF 256

struct out {
  int fd;
  int n;              /* bytes in buf */
  char buf[OUTBUF];
};

struct spec {
  int left;           /* '-' flag */
  char pad;           /* ' ' or '0' */
  int width;
};

static void
out_flush(struct out *o)
{
  if (o->n > 0)
    write(o->fd, o->buf, o->n);
  o->n = 0;
}

static void
out_char(struct out *o, char c)
{
  if (o->n == OUTBUF)
    out_flush(o);
  o->buf[o->n++] = c;
}

/* Emit s (len bytes) padded to the field width.  Zero padding goes after
 * a leading minus sign, so -5 in %04d prints as -005. */
static void
out_field(struct out *o, const char *s, int len, struct spec *sp)
{
  int fill = sp->width > len ? sp->width - len : 0;

  if (sp->pad == '0' && !sp->left && len > 0 && s[0] == '-') {
    out_char(o, *s++);
    len--;
  }
  if (!sp->left)
    for (; fill > 0; fill--)
      out_char(o, sp->pad);
  while (len-- > 0)
    out_char(o, *s++);
  for (; fill > 0; fill--)
    out_char(o, ' ');
}

static void
out_num(struct out *o, uint64 v, int base, int neg, struct spec *sp)
{
  static const char digits[] = "0123456789abcdef";
  char tmp[24];
  int i = sizeof tmp;

  do {
    tmp[--i] = digits[v % base];
    v /= base;
  } while (v != 0);
  if (neg)
    tmp[--i] = '-';
  out_field(o, tmp + i, sizeof tmp - i, sp);
}

/* Format into o; the caller flushes. */
static void
format(struct out *o, const char *fmt, va_list ap)
{
  struct spec sp;
  const char *s;
  int longs;
  long sv;
  char c;

  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out_char(o, *fmt);
      continue;
    }
    sp.left = 0;
    sp.pad = ' ';
    sp.width = 0;
    for (fmt++; *fmt == '-' || *fmt == '0'; fmt++)
      if (*fmt == '-')
        sp.left = 1;
      else
        sp.pad = '0';
    for (; *fmt >= '0' && *fmt <= '9'; fmt++)
      sp.width = sp.width*10 + *fmt - '0';
    for (longs = 0; *fmt == 'l'; fmt++)
      longs++;
    switch (*fmt) {
    case 'd':
      sv = longs ? va_arg(ap, long) : va_arg(ap, int);
      out_num(o, sv < 0 ? -(uint64)sv : (uint64)sv, 10, sv < 0, &sp);
      break;
    case 'u':
      out_num(o, longs ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0, &sp);
      break;
    case 'x':
      out_num(o, longs ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0, &sp);
      break;
    case 'p':
      out_char(o, '0');
      out_char(o, 'x');
      out_num(o, (uint64)va_arg(ap, void *), 16, 0, &sp);
      break;
    case 's':
      if ((s = va_arg(ap, const char *)) == 0)
        s = "(null)";
      out_field(o, s, strlen(s), &sp);
      break;
    case 'c':
      c = va_arg(ap, int);
      out_field(o, &c, 1, &sp);
      break;
    case '%':
      out_char(o, '%');
      break;
    case 0:              /* lone % at the end */
      fmt--;
      break;
    default:             /* unknown: print it as written */
      out_char(o, '%');
      out_char(o, *fmt);
    }
  }
}

void
vfprintf(int fd, const char *fmt, va_list ap)
{
  struct out o = { .fd = fd };

  format(&o, fmt, ap);
  out_flush(&o);
}

void
fprintf(int fd, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vfprintf(fd, fmt, ap);
  va_end(ap);
}

void
printf(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vfprintf(1, fmt, ap);
  va_end(ap);
}

void
die(const char *fmt, ...)
{
  struct out o = { .fd = 2 };
  va_list ap;

  va_start(ap, fmt);
  format(&o, fmt, ap);
  va_end(ap);
  out_char(&o, '\n');
  out_flush(&o);
  exit(1);
}
