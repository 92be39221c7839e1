/* Memory-to-memory loops as a C library has them: memset, memcpy (by
 * words when aligned, by bytes otherwise), memmove backwards, a string
 * copy and reversal, over buffers of varying sizes. */
#include "tools/mirrorbt/tests/rt.h"

#define NOPAT __attribute__((optimize("no-tree-loop-distribute-patterns"), noinline))
static unsigned char a[8192], b[8192];

static NOPAT void
set(void *d, int c, u64 n)
{
  unsigned char *p = d;

  while (n--)
    *p++ = (unsigned char)c;
}

static NOPAT void
copy(void *d, const void *s, u64 n)
{
  unsigned char *p = d;
  const unsigned char *q = s;

  if ((((u64)p | (u64)q) & 7) == 0) {
    for (; n >= 8; n -= 8, p += 8, q += 8)
      *(u64 *)p = *(const u64 *)q;
  }
  while (n--)
    *p++ = *q++;
}

static NOPAT void
move(void *d, const void *s, u64 n)
{
  unsigned char *p = d;
  const unsigned char *q = s;

  if (p <= q)
    copy(d, s, n);
  else
    while (n--)
      p[n] = q[n];
}

static NOPAT u64
strcopy(char *d, const char *s)
{
  u64 n = 0;

  while ((d[n] = s[n]) != 0)
    n++;
  return n;
}

static NOPAT void
reverse(char *s, u64 n)
{
  u64 i;
  char t;

  for (i = 0; i < n / 2; i++) {
    t = s[i];
    s[i] = s[n - 1 - i];
    s[n - 1 - i] = t;
  }
}

int
main(void)
{
  unsigned seed = 21, sum = 0;
  int r, i;
  u64 n;

  for (r = 0; r < 40; r++) {
    seed = seed * 1103515245u + 12345u;
    n = 1024 + (seed >> 16) % 6000;
    set(a, r, n);
    for (i = 0; i < 64; i++)
      a[(seed >> 8) % n + 0 * i] = (unsigned char)(i + r), seed = seed * 69069u + 1;
    copy(b, a, n);
    copy(b + 1, a + 3, n / 2);
    move(b + 5, b, n / 3);
    a[300] = 0;
    for (i = 0; i < 300; i++)
      a[i] = (unsigned char)('a' + (i + r) % 26);
    n = strcopy((char *)b + 2000, (const char *)a);
    reverse((char *)b + 2000, n);
    for (i = 0; i < 8192; i += 61)
      sum = sum * 33 + b[i];
  }
  rt_putx(sum);
  return 0;
}
