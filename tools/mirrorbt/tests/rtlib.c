/* Output helpers and the end-of-run mirror check for the test runtime. */
#include "rt.h"

u64 rt_offset;
extern char __data_start[], end[];

void
rt_puts(const char *s)
{
  u64 n = 0;

  while (s[n])
    n++;
  rt_write(1, s, n);
}

void
rt_putx(u64 v)
{
  char b[19];
  int i = 18;

  b[i] = 0;
  do {
    b[--i] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  rt_puts(b + i);
  rt_puts("\n");
}

void
rt_putd(long v)
{
  char b[24];
  int i = 23, neg = v < 0;
  u64 u = neg ? -(u64)v : (u64)v;

  b[i] = 0;
  do {
    b[--i] = '0' + u % 10;
    u /= 10;
  } while (u);
  if (neg)
    b[--i] = '-';
  rt_puts(b + i);
  rt_puts("\n");
}

/* With a mirror offset, every byte of .data and .bss (stack included)
 * must equal its mirror.  Returns main's result, or 98 on a mismatch. */
int
rt_finish(int status)
{
  volatile char *p;

  if (!rt_offset)
    return status;
  for (p = __data_start; p < end; p++)
    if (*p != *(p + rt_offset)) {
      rt_puts("mirror differs at ");
      rt_putx((u64)p);
      return 98;
    }
  rt_puts("mirror equal\n");
  return status;
}
